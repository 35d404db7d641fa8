package pattern

import "testing"

func TestMatchPattern(t *testing.T) {
	for _, tc := range []struct {
		s, p string
		want bool
	}{
		{"ssh-ed25519", "ssh-*", true}, {"ssh-ed25519", "*25519", true}, {"ssh-ed25519", "ssh-ed2551?", true},
		{"ssh-ed25519", "ssh-ed2551", false}, {"abc", "*", true}, {"", "*", true}, {"", "?", false},
		{"abc", "a*b*c", true}, {"abbbc", "a*b*c", true}, {"abc", "a*b*d", false}, {"a*c", "a\\*c", false},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", false},
	} {
		if got := Match(tc.s, tc.p); got != tc.want {
			t.Errorf("Match(%q, %q) = %t, want %t", tc.s, tc.p, got, tc.want)
		}
	}
}

func TestMatchList(t *testing.T) {
	for _, tc := range []struct {
		s, list string
		lower   bool
		want    int
	}{
		{"web", "web,db", false, 1}, {"db", "web,!db", false, -1}, {"x", "!db", false, 0},
		{"WEB", "web", false, 0}, {"web", "WEB", true, 1}, {"a,b", "a,b", false, 0},
		{"h", "", false, 0}, {"h", "h," + string(make([]byte, 1100)), false, 0},
	} {
		if got := MatchList(tc.s, tc.list, tc.lower); got != tc.want {
			t.Errorf("MatchList(%q, %q, %t) = %d, want %d", tc.s, tc.list[:min(len(tc.list), 20)], tc.lower, got, tc.want)
		}
	}
	if MatchHostname("Web.Example", "*.example") != 1 {
		t.Error("MatchHostname must lower-case the host")
	}
}
