package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/crypto/ssh"
)

// keyDir makes a directory with an unencrypted Ed25519 key (mode as given), its .pub,
// and a config file that keys must skip.
func keyDir(t *testing.T, mode os.FileMode) string {
	t.Helper()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "me@laptop")
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := ssh.NewPublicKey(pub)
	dir := t.TempDir()
	for name, data := range map[string][]byte{"id_ed25519": pem.EncodeToMemory(block), "id_ed25519.pub": ssh.MarshalAuthorizedKey(sp), "config": []byte("Host *\n")} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "id_ed25519"), mode); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestKeysText(t *testing.T) {
	dir := keyDir(t, 0o600)
	// FIFOs are skipped without being opened (an open would block until a writer came).
	for _, name := range []string{"fifo", "known_hosts"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := sshcfg(t, "", "keys", dir)
	if code != 0 {
		t.Fatalf("exit %d (notes never fail a run): %s", code, errOut)
	}
	for _, want := range []string{
		filepath.Join(dir, "id_ed25519") + ": private key ssh-ed25519 256 unencrypted SHA256:",
		"(me@laptop)",
		"[SC6005 unencrypted-private-key]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "config") {
		t.Errorf("the config file is not a key:\n%s", out)
	}
	if _, _, code := sshcfg(t, "", "keys", "--fail-level", "note", dir); code != exitLintFindings {
		t.Errorf("--fail-level note: exit %d, want %d", code, exitLintFindings)
	}
}

func TestKeysJSONAndPermissions(t *testing.T) {
	dir := keyDir(t, 0o644)
	out, errOut, code := sshcfg(t, "", "keys", "--format", "json", dir)
	if code != exitLintFindings {
		t.Fatalf("exit %d, want %d (a private key open to others): %s", code, exitLintFindings, errOut)
	}
	var got struct {
		Keys []struct {
			File, Kind, Type, Fingerprint, Comment string
			Bits                                   int
		}
		Findings []struct{ Rule, Slug, Level string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(got.Keys) != 2 || got.Keys[0].Type != "ssh-ed25519" || got.Keys[0].Bits != 256 || got.Keys[0].Comment != "me@laptop" || !strings.HasPrefix(got.Keys[0].Fingerprint, "SHA256:") {
		t.Errorf("keys: %+v", got.Keys)
	}
	slugs := map[string]string{}
	for _, f := range got.Findings {
		slugs[f.Slug] = f.Level
	}
	if slugs["private-key-permissions"] != "error" || slugs["unencrypted-private-key"] != "note" {
		t.Errorf("findings: %+v", got.Findings)
	}
}

func TestKeysBadInput(t *testing.T) {
	if _, _, code := sshcfg(t, "", "keys", filepath.Join(t.TempDir(), "nope")); code != exitLintInput {
		t.Errorf("missing DIR: exit %d, want %d", code, exitLintInput)
	}
	if _, _, code := sshcfg(t, "", "keys", "--format", "nope", t.TempDir()); code != exitUsage {
		t.Errorf("bad --format: exit %d, want %d", code, exitUsage)
	}
	if _, _, code := sshcfg(t, "", "keys", "--as-of", "soon", t.TempDir()); code != exitUsage {
		t.Errorf("bad --as-of: exit %d, want %d", code, exitUsage)
	}
}
