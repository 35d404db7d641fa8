// Package pattern implements OpenSSH's wildcard patterns and pattern lists (match.c):
// '*' matches any run of bytes, '?' exactly one, everything else itself, bytewise; a list
// is comma-separated and '!' negates an element.
package pattern

// Match reports whether s matches an OpenSSH wildcard pattern: '*' matches any
// run of bytes (also none), '?' exactly one byte; everything else compares bytewise.
func Match(s, pattern string) bool {
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && (pattern[pi] == '?' || pattern[pi] == s[si]) && pattern[pi] != '*':
			si++
			pi++
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// MatchList matches s against a comma-separated list of patterns, each optionally
// negated with '!'. It returns -1 if a negated pattern matched, 1 if a positive one did,
// else 0. lower makes the patterns lower-case first. A sub-pattern of 1023 bytes or more
// makes the whole list fail, as in OpenSSH.
func MatchList(s, list string, lower bool) int {
	positive := 0
	for i := 0; i < len(list); {
		negated := false
		if list[i] == '!' {
			negated = true
			i++
		}
		j := i
		for j < len(list) && list[j] != ',' {
			j++
		}
		sub := list[i:j]
		if len(sub) >= 1023 {
			return 0
		}
		if lower {
			sub = LowerASCII(sub)
		}
		if j < len(list) {
			j++
		}
		i = j
		if Match(s, sub) {
			if negated {
				return -1
			}
			positive = 1
		}
	}
	return positive
}

// MatchHostname is MatchList with both the host and the patterns lower-cased.
func MatchHostname(host, list string) int {
	return MatchList(LowerASCII(host), list, true)
}

// LowerASCII lower-cases ASCII letters only, bytewise, like OpenSSH's lowercase().
func LowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 32
				}
			}
			return string(b)
		}
	}
	return s
}
