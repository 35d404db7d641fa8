package keyword

// OpenSSH compares keywords, enum words and Match criteria with strcasecmp or after its
// lowercase(), which fold the ASCII letters A-Z only. Go's strings.ToLower and
// strings.EqualFold fold Unicode too, so they would accept the Kelvin sign (U+212A) for
// "k" and the long s (U+017F) for "s", which ssh refuses. Everything in sshcfg that
// folds case like ssh uses the two functions below.

// LowerASCII returns s with the ASCII letters lower-cased and every other byte unchanged
// (invalid UTF-8 included). It returns s itself when there is nothing to change.
func LowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// EqualFoldASCII reports whether a and b are equal with ASCII letters folded, like
// strcasecmp(a, b) == 0.
func EqualFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
