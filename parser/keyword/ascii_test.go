package keyword

import "testing"

func TestASCIIFolding(t *testing.T) {
	if got := LowerASCII("HostName\xf6\u212a\u017f"); got != "hostname\xf6\u212a\u017f" {
		t.Errorf("LowerASCII = %q", got)
	}
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"yes", "YES", true}, {"yes", "ye\u017f", false}, {"k", "\u212a", false}, {"a", "ab", false},
		{"\xff", "\xff", true},
	} {
		if got := EqualFoldASCII(tc.a, tc.b); got != tc.want {
			t.Errorf("EqualFoldASCII(%q, %q) = %t", tc.a, tc.b, got)
		}
	}
}

// TestLookupFoldsASCIIOnly checks that keyword and word lookups fold case the way ssh's
// strcasecmp does: the Kelvin sign is no "k" and the long s no "s" (ssh -G refuses both;
// see testdata/parser/unicode-case-folding-keywords-match.txtar, checked live).
func TestLookupFoldsASCIIOnly(t *testing.T) {
	for _, name := range []string{"KEXALGORITHMS", "kexalgorithms", "MaCs", "SetupTimeOut"} {
		if Lookup(name) == nil {
			t.Errorf("Lookup(%q) = nil", name)
		}
	}
	for _, name := range []string{"\u212Aexalgorithms", "mac\u017F", "MAC\u017F", "\u212AbdInteractiveAuthentication", "ma\u212A"} {
		if k := Lookup(name); k != nil {
			t.Errorf("Lookup(%q) = %s; ssh refuses the spelling", name, k.Name)
		}
		if k := Debian92.Lookup(name); k != nil {
			t.Errorf("Debian92.Lookup(%q) = %s; ssh refuses the spelling", name, k.Name)
		}
	}
	strict := Lookup("StrictHostKeyChecking")
	if _, ok := strict.Match("ASK"); !ok {
		t.Error(`StrictHostKeyChecking does not accept "ASK"`)
	}
	if v, ok := strict.Match("a\u017Fk"); ok {
		t.Errorf(`StrictHostKeyChecking accepts "a\u017Fk" as %d; ssh refuses it`, v)
	}
}
