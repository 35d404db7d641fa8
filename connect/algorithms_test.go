package connect

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// resolveText resolves host from a configuration held in memory.
func resolveText(t *testing.T, config, host string, options ...string) *resolve.Result {
	t.Helper()
	dir := t.TempDir()
	env := resolve.OSEnv(dir, false)
	path := filepath.Join(dir, "cfg")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	req := resolve.NewRequest(host)
	req.ConfigFile = path
	for _, o := range options {
		req.Option(o)
	}
	d, err := keyword.DialectNamed("debian-9.2")
	if err != nil {
		t.Fatal(err)
	}
	res, err := resolve.New(env, d).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestAlgorithmsMapping keeps ssh's order, drops the defaults x/crypto lacks quietly and
// names a configured one it lacks, also when it is added with + or moved with ^.
func TestAlgorithmsMapping(t *testing.T) {
	for _, c := range []struct {
		config string
		option string
		want   []string // KexAlgorithms kept, nil when an error naming bad is expected
		bad    string
	}{
		{config: "Host *\n", want: []string{"curve25519-sha256", "ecdh-sha2-nistp256"}},
		{config: "Host *\n  KexAlgorithms ecdh-sha2-nistp521,curve25519-sha256\n", want: []string{"ecdh-sha2-nistp521", "curve25519-sha256"}},
		{config: "Host *\n  KexAlgorithms +sntrup761x25519-sha512@openssh.com\n", bad: "sntrup761x25519-sha512@openssh.com"},
		{config: "Host *\n", option: "KexAlgorithms=^diffie-hellman-group14-sha256", want: []string{"diffie-hellman-group14-sha256", "curve25519-sha256"}},
		{config: "Host *\n  KexAlgorithms -sntrup761x25519-sha512@openssh.com\n", want: []string{"curve25519-sha256"}},
	} {
		var opts []string
		if c.option != "" {
			opts = append(opts, c.option)
		}
		res := resolveText(t, c.config, "h", opts...)
		cfg := &ssh.ClientConfig{}
		err := transportAlgorithms(res, cfg)
		if c.bad != "" {
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Msg, "KexAlgorithms "+c.bad+" is not supported") {
				t.Errorf("%q %q: got %v, want an error naming %s", c.config, c.option, err, c.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q %q: %v", c.config, c.option, err)
			continue
		}
		if len(cfg.KeyExchanges) < len(c.want) || !slices.Equal(cfg.KeyExchanges[:len(c.want)], c.want) {
			t.Errorf("%q %q: kex %v, want it to start with %v", c.config, c.option, cfg.KeyExchanges, c.want)
		}
		if slices.Contains(cfg.KeyExchanges, "sntrup761x25519-sha512@openssh.com") {
			t.Errorf("%q: offers a kex x/crypto lacks", c.config)
		}
	}
}

// TestSignatureAlgorithms follows PubkeyAcceptedAlgorithms for plain keys, RSA's
// signature variants and certificates.
func TestSignatureAlgorithms(t *testing.T) {
	for _, c := range []struct {
		accepted string
		keyType  string
		want     []string
	}{
		{"", ssh.KeyAlgoRSA, []string{"rsa-sha2-512", "rsa-sha2-256"}},
		{"ssh-ed25519", ssh.KeyAlgoRSA, nil},
		{"rsa-sha2-256,ssh-rsa", ssh.KeyAlgoRSA, []string{"rsa-sha2-256", "ssh-rsa"}},
		{"", ssh.KeyAlgoED25519, []string{"ssh-ed25519"}},
		{"ssh-ed25519", ssh.CertAlgoED25519v01, nil},
		{"ssh-ed25519-cert-v01@openssh.com", ssh.CertAlgoED25519v01, []string{"ssh-ed25519"}},
		{"", ssh.CertAlgoRSAv01, []string{"rsa-sha2-512", "rsa-sha2-256"}},
	} {
		config := "Host *\n"
		if c.accepted != "" {
			config += "  PubkeyAcceptedAlgorithms " + c.accepted + "\n"
		}
		got := signatureAlgorithms(resolveText(t, config, "h"), c.keyType)
		if !slices.Equal(got, c.want) {
			t.Errorf("accepted %q, key %s: got %v, want %v", c.accepted, c.keyType, got, c.want)
		}
	}
}

// TestUnsupportedOptions warns for what the configuration asks, not for defaults.
func TestUnsupportedOptions(t *testing.T) {
	res := resolveText(t, "Host *\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%C\n  Compression yes\n", "h")
	var got []string
	for _, u := range UnsupportedOptions(res) {
		got = append(got, fmt.Sprintf("%s@%s:%d", u.Keyword.Keyword().Name, filepath.Base(u.Source.File), u.Source.Line))
	}
	want := []string{"ControlMaster@cfg:2", "ControlPath@cfg:3", "Compression@cfg:4"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if u := UnsupportedOptions(resolveText(t, "Host *\n", "h")); len(u) != 0 {
		t.Errorf("the defaults warn: %+v", u)
	}
}
