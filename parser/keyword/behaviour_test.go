package keyword

import (
	"strings"
	"testing"
)

// TestBehaviourColumns checks that the behaviour columns agree with the rest of each row.
func TestBehaviourColumns(t *testing.T) {
	for i := range Table {
		k := &Table[i]
		if (k.Kind == KindAlgorithms) != (k.Algorithms != NoAlgorithms) {
			t.Errorf("%s: kind %s with algorithm family %d", k.Name, k.Kind, k.Algorithms)
		}
		if k.Algorithms != NoAlgorithms && k.Algorithms.BadSpec() == "" {
			t.Errorf("%s: family %d has no message", k.Name, k.Algorithms)
		}
		if k.Algorithms != NoAlgorithms && k.Algorithms != FamilyGSSKex && k.SSHField == "" {
			t.Errorf("%s: algorithm list without ssh's field name", k.Name)
		}
		if k.Inactive == InactiveChecked && !k.Expand.Has(ExpandEnv) {
			t.Errorf("%s: checked on read but no ${VAR} expansion", k.Name)
		}
		if (len(k.Tokens) > 0) != k.Expand.Has(ExpandTokens) {
			t.Errorf("%s: tokens %v but Expand %b", k.Name, k.Tokens, k.Expand)
		}
		for _, ts := range k.Tokens {
			if ts.Since != "" {
				MustVersion(ts.Since)
			}
			if strings.Trim(ts.Letters, "CLdhijklnpruTHIKft") != "" || ts.Letters == "" {
				t.Errorf("%s: bad token letters %q", k.Name, ts.Letters)
			}
		}
		if k.Limit.Max > 0 && k.Limit.Message == "" || k.Limit.Max == 0 && k.Limit != (Limit{}) {
			t.Errorf("%s: limit %+v", k.Name, k.Limit)
		}
		if k.Limit.Max > 0 && k.Kind != KindList && k.Kind != KindPathList && k.Multi != Accumulate {
			t.Errorf("%s: a limit on a keyword that is neither a list nor accumulating", k.Name)
		}
		for _, d := range k.Defaults {
			if d.Before != "" {
				MustVersion(d.Before)
			}
		}
		if k.Inactive == InactiveApplies && k.Multi != FirstWins && k.Multi != LastWins && k.Kind != KindInclude {
			t.Errorf("%s: applies when inactive but combines as %d", k.Name, k.Multi)
		}
	}
}

func TestActsWhenInactive(t *testing.T) {
	for _, tc := range []struct {
		id   ID
		text string
		want bool
	}{
		{SyslogFacility, "AUTH", true},
		{StreamLocalBindMask, "0077", true},
		{Include, "x", true},
		{LocalForward, "1 h:2", false},
		{LocalForward, "${P} h:2", true},
		{IdentityAgent, "${SOCK}", true},
		{ForwardAgent, "yes", false},
		{Port, "${X}", false},
		{User, "x", false},
	} {
		if got := tc.id.Keyword().ActsWhenInactive(tc.text); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.id, tc.text, got, tc.want)
		}
	}
	if !IdentityAgent.Keyword().EnvOnRead() || IdentityFile.Keyword().EnvOnRead() {
		t.Error("EnvOnRead: IdentityAgent is checked on read, IdentityFile is not")
	}
}

func TestTokensFor(t *testing.T) {
	for _, tc := range []struct {
		id   ID
		d    Dialect
		want string
	}{
		{ControlPath, Upstream92, "CLdhiklnpru"},
		{ControlPath, Debian92, "CLdhiklnpru"},
		{ControlPath, Upstream105, "CLdhijklnpru"},
		{LocalCommand, Upstream105, "CLdhijklnpruT"},
		{Hostname, Upstream105, "h"},
		{User, Upstream92, ""},
		{User, Upstream105, "Ldhijklnpu"},
		{Include, Upstream92, ""},
		{Include, Upstream105, "CLdhijklnpru"},
		{RevokedHostKeys, Upstream92, ""},
		{Port, Upstream105, ""},
	} {
		if got := tc.id.Keyword().TokensFor(tc.d); got != tc.want {
			t.Errorf("%s in %s: %q, want %q", tc.id, tc.d.Release, got, tc.want)
		}
	}
}

func TestLimitFor(t *testing.T) {
	cd := CanonicalDomains.Keyword()
	if cd.LimitFor(Upstream92).Max != 32 || cd.LimitFor(Upstream105).Max != 0 {
		t.Errorf("CanonicalDomains: 9.2 caps at 32, 10.5 has no cap")
	}
	if IdentityFile.Keyword().LimitFor(Upstream105).Max != 100 {
		t.Errorf("IdentityFile: 100 files at most")
	}
}

func TestDefaultFor(t *testing.T) {
	for _, tc := range []struct {
		id   ID
		d    Dialect
		want string
	}{
		{IPQoS, Debian92, "lowdelay throughput"},
		{IPQoS, Upstream92, "af21 cs1"},
		{IPQoS, Upstream105, "ef cs0"},
		{ForwardX11Trusted, Debian92, "yes"},
		{ForwardX11Trusted, Upstream105, "no"},
		{GSSAPIAuthentication, Upstream105, ""},
		{GSSAPIAuthentication, Debian92, "no"},
		{WarnWeakCrypto, Upstream92, ""},
		{Ciphers, Upstream92, strings.Join(upstream92Algorithms.DefaultCiphers, ",")},
		{Port, Upstream92, "22"},
	} {
		if got := tc.id.Keyword().DefaultFor(tc.d); got != tc.want {
			t.Errorf("%s in %s: %q, want %q", tc.id, tc.d.Release, got, tc.want)
		}
	}
}
