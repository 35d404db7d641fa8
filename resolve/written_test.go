package resolve

import (
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestAlgorithmsWritten: the list as the effective assignment wrote it, from a config
// line (quotes removed) or an option, before assembly; nothing for a default.
func TestAlgorithmsWritten(t *testing.T) {
	env := &Env{FS: MapFS{"/c": []byte("Ciphers \"+aes256-cbc\"\nHostKeyAlgorithms ^ssh-rsa\nCiphers aes128-ctr\n")},
		User: User{Name: "u", Home: "/h"}}
	req, err := ParseArgs([]string{"-F", "/c", "-m", "hmac-sha1", "-o", "KexAlgorithms=-curve25519-sha256", "x"}, keyword.Debian92)
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[keyword.ID]string{
		keyword.Ciphers:           "+aes256-cbc",
		keyword.MACs:              "hmac-sha1",
		keyword.KexAlgorithms:     "-curve25519-sha256",
		keyword.HostKeyAlgorithms: "^ssh-rsa",
	} {
		if got, ok := res.AlgorithmsWritten(id); !ok || got != want {
			t.Errorf("%v: %q, %v; want %q", id, got, ok, want)
		}
	}
	if got, ok := res.AlgorithmsWritten(keyword.CASignatureAlgorithms); ok {
		t.Errorf("default CASignatureAlgorithms written as %q", got)
	}
}
