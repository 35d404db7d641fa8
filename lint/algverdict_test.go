package lint

import (
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// AlgorithmVerdict gives the table's level and reason, by family namespace.
func TestAlgorithmVerdict(t *testing.T) {
	for _, c := range []struct {
		f           keyword.AlgorithmFamily
		name, level string
		ok          bool
	}{
		{keyword.FamilyCiphers, "aes128-cbc", "weak", true},
		{keyword.FamilyKex, "diffie-hellman-group1-sha1", "broken", true},
		{keyword.FamilySigs, "ssh-ed25519", "recommended", true},
		{keyword.FamilyMACs, "hmac-sha2-256", "ok", true},
		{keyword.FamilyMACs, "aes128-cbc", "", false},
		{keyword.FamilyCiphers, "aes*", "", false},
	} {
		level, reason, ok := AlgorithmVerdict(c.f, c.name)
		if level != c.level || ok != c.ok || ok && reason == "" {
			t.Errorf("AlgorithmVerdict(%v, %q) = %q, %q, %v; want %q, %v", c.f, c.name, level, reason, ok, c.level, c.ok)
		}
	}
}
