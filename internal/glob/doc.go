// Package glob expands Include patterns exactly as the ssh client does.
//
// ssh calls glob(3) with GLOB_TILDE only, but portable OpenSSH does not use the C
// library's glob on glibc systems: glibc lacks gl_matchc and gl_statv, so ssh is built
// with its own copy of OpenBSD's glob (openbsd-compat/glob.c). This package follows that
// copy, including its quirks, because it is what decides which files ssh reads:
//
//   - '*' matches any run of bytes and '?' one byte (not one UTF-8 character); neither
//     crosses a '/'.
//   - '[…]' is a set of bytes with ranges ('a-z', compared as unsigned bytes) and the
//     classes [:alnum:] … [:xdigit:] of the C locale. Only '!' negates; '[^a]' is the set
//     of '^' and 'a'. A ']' right after '[' or '[!' is a member. A '[' without a later ']'
//     is an ordinary character. An unknown class name makes the whole pattern match
//     nothing.
//   - A backslash takes the next byte literally; a trailing backslash is itself.
//   - A name starting with '.' is matched only by a pattern component starting with a
//     literal '.'; such a component also matches the entries "." and "..".
//   - Components without wildcards are not listed: the path is kept if lstat finds it
//     (so a dangling symbolic link is kept). Repeated and trailing slashes stay in the
//     result as written; "dir/*/" keeps only directories (with the slash).
//   - Unreadable directories are skipped silently (GLOB_ERR is not set).
//   - Results are sorted bytewise (strcmp).
//
// The copy's bugs are reproduced as well: the [:alnum:] class ends the pattern right
// after its bracket expression (its table index is 0, read as the end of the pattern),
// and a '/' inside a bracket expression splits it into two path components.
// Patterns on which ssh reads past the end of the pattern (a bracket expression whose
// only ']' closes a class or ends a range, such as "[[:digit:]") make ssh crash; Expand
// returns ErrUndefined for them.
//
// Tilde expansion is not done here: the caller expands a leading "~" or "~user" first.
//
// Example:
//
//	names, err := glob.Expand("/etc/ssh/ssh_config.d/*.conf", glob.OS{})
package glob
