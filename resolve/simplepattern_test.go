package resolve

import "testing"

// TestSimplePattern pins which Host patterns the index and the one-shot parse treat as
// literal, prefix or suffix patterns.
func TestSimplePattern(t *testing.T) {
	for p, want := range map[string]bool{
		"": true, "host": true, "*": true, "*.example.com": true, "web*": true,
		"a*b": false, "**": false, "*a*": false, "h?st": false, "?": false, "*?": false,
		"!x": true, "[x]": true,
	} {
		if got := simplePattern(p); got != want {
			t.Errorf("simplePattern(%q) = %v, want %v", p, got, want)
		}
	}
}
