package knownhosts

import (
	"strings"
	"testing"
)

// FuzzParseHostFile: any file parses without panic into entries with keys, in line
// order, and matching any name against them does not panic either.
func FuzzParseHostFile(f *testing.F) {
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOKt+RCyCeiUVYVC5aKoscVLf16gid+NcPFaI9m+2Wcq"
	for _, seed := range []string{
		"web.example.com " + key + "\n",
		"@cert-authority *.example.com " + key + " comment\n",
		"@revoked * " + key,
		"@revoked @revoked * " + key,
		"|1|dlSsfSbpZceLK3ZzsN6sQYckmOs=|/seajOEE+Rkw3R28k2KOBruGnBY= " + key + "\n",
		"|1|bad|salt " + key + "\n",
		"# comment\n\n\t  [h]:2222,!x,*.y " + key + "\n",
		"h ssh-rsa AAAA\n",
		"h\n@\n@x h k\n",
	} {
		f.Add(seed, "web.example.com")
	}
	f.Fuzz(func(t *testing.T, data, name string) {
		hf := parseHostFile("f", []byte(data))
		lines := strings.Count(data, "\n") + 1
		last := 0
		for _, e := range hf.entries {
			if e.Key == nil || e.Line <= last || e.Line > lines {
				t.Fatalf("entry %+v (last line %d of %d)", e, last, lines)
			}
			last = e.Line
			matchHost(strings.ToLower(name), e.Hosts)
		}
	})
}
