package knownhosts

import (
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testCert is a certificate for the fuzz targets (its keys are fixed bytes).
var testCert = func() *ssh.Certificate {
	key, err := ssh.ParsePublicKey(mustKey("AAAAC3NzaC1lZDI1NTE5AAAAIOKt+RCyCeiUVYVC5aKoscVLf16gid+NcPFaI9m+2Wcq"))
	if err != nil {
		panic(err)
	}
	return &ssh.Certificate{Key: key, SignatureKey: key, Serial: 5, KeyId: "abcd"}
}()

func mustKey(b64 string) []byte {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		panic(err)
	}
	return b
}

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

// FuzzParseKRL: any bytes after the KRL magic parse or fail without panic, and a parsed
// list can be asked about a certificate.
func FuzzParseKRL(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x01" + strings.Repeat("\x00", 32)))
	f.Add([]byte("\x00\x00\x00\x01" + strings.Repeat("\x00", 32) + "\x01\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x22\x00\x00\x00\x04abcd"))
	f.Add([]byte("\x00\x00\x00\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := parseKRL(append([]byte(krlMagic), data...))
		if err == nil {
			k.revokes(testCert)
		}
	})
}
