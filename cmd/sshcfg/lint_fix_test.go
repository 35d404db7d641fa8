package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/resolve"
	"golang.org/x/crypto/ssh"
)

const misspelt = "Host a\n    BatchMdoe yes\n    StrictHostKeyChekcing yes\n"
const corrected = "Host a\n    BatchMode yes\n    StrictHostKeyChecking yes\n"

// lintDir makes a temporary directory with a config file of the given mode and isolates
// project discovery from the user's own XDG configuration.
func lintDir(t *testing.T, text string, mode os.FileMode) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	config = filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(config, mode); err != nil {
		t.Fatal(err)
	}
	return dir, config
}

func TestLintFixRewritesKeepingMode(t *testing.T) {
	dir, config := lintDir(t, misspelt, 0o640)
	out, errOut, code := sshcfg(t, "", "lint", "--home", dir, "--fix", config)
	if code != 0 || out != "" || !strings.Contains(errOut, "applied 2 fix(es)") {
		t.Fatalf("--fix: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != corrected {
		t.Errorf("fixed file:\n%s\nwant:\n%s", got, corrected)
	}
	if fi, err := os.Stat(config); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode not kept: %v %v", fi.Mode(), err)
	}
	if out, errOut, code := sshcfg(t, "", "lint", "--home", dir, config); code != 0 || out != "" || errOut != "" {
		t.Errorf("re-run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLintFixReportsWhatRemains(t *testing.T) {
	dir, config := lintDir(t, misspelt+"Host b\n    StrictHostKeyChecking no\n", 0o600)
	out, _, code := sshcfg(t, "", "lint", "--home", dir, "--fix", config)
	if code != exitLintFindings || strings.Contains(out, "unknown-keyword") || !strings.Contains(out, "SC4001") {
		t.Errorf("exit %d, report %q: want only the unfixable finding", code, out)
	}
}

func TestLintDiffWritesNothing(t *testing.T) {
	dir, config := lintDir(t, misspelt, 0o600)
	out, errOut, code := sshcfg(t, "", "lint", "--home", dir, "--diff", config)
	want := "--- " + config + "\n+++ " + config + "\n@@ -1,3 +1,3 @@\n Host a\n-    BatchMdoe yes\n-    StrictHostKeyChekcing yes\n+    BatchMode yes\n+    StrictHostKeyChecking yes\n"
	if code != exitLintFindings || out != want {
		t.Errorf("--diff: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", code, errOut, out, want)
	}
	if got, _ := os.ReadFile(config); string(got) != misspelt {
		t.Errorf("--diff wrote the file:\n%s", got)
	}
	_, config = lintDir(t, corrected, 0o600)
	if out, errOut, code := sshcfg(t, "", "lint", "--home", dir, "--diff", config); code != 0 || out != "" {
		t.Errorf("--diff on a clean file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestLintFixLeavesValueSuggestions checks that a value's did-you-mean is never applied:
// "on" is nearest to "no", which would turn host key checking off.
func TestLintFixLeavesValueSuggestions(t *testing.T) {
	const text = "Host a\n    BatchMdoe yes\n    StrictHostKeyChecking on\n"
	dir, config := lintDir(t, text, 0o600)
	out, _, code := sshcfg(t, "", "lint", "--home", dir, "--diff", config)
	want := "--- " + config + "\n+++ " + config + "\n@@ -1,3 +1,3 @@\n Host a\n-    BatchMdoe yes\n+    BatchMode yes\n     StrictHostKeyChecking on\n"
	if code != exitLintFindings || out != want {
		t.Errorf("--diff: exit %d, stdout:\n%s\nwant:\n%s", code, out, want)
	}
	out, _, code = sshcfg(t, "", "lint", "--home", dir, "--fix", config)
	if got, _ := os.ReadFile(config); string(got) != "Host a\n    BatchMode yes\n    StrictHostKeyChecking on\n" {
		t.Errorf("--fix wrote:\n%s", got)
	}
	if code != exitLintFindings || !strings.Contains(out, "SC1101") {
		t.Errorf("--fix: exit %d, report %q: the value finding should stay", code, out)
	}
}

func TestLintFixAndDiffExclusive(t *testing.T) {
	dir, config := lintDir(t, misspelt, 0o600)
	if _, errOut, code := sshcfg(t, "", "lint", "--home", dir, "--fix", "--diff", config); code != exitUsage {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestLintProjectConfig(t *testing.T) {
	dir, config := lintDir(t, "Host a\n    StrictHostKeyChecking no\n", 0o600)
	if _, _, code := sshcfg(t, "", "lint", "--home", dir, config); code != exitLintFindings {
		t.Fatalf("without a project file: exit %d, want 1", code)
	}
	project := filepath.Join(dir, ".sshcfg.toml")
	if err := os.WriteFile(project, []byte("[severity]\nSC4001 = \"note\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, code := sshcfg(t, "", "lint", "--home", dir, config); code != 0 || !strings.Contains(out, "note:") {
		t.Errorf("found project file: exit %d, stdout %q: want the finding as a note, exit 0", code, out)
	}
	if _, _, code := sshcfg(t, "", "lint", "--home", dir, "--fail-level", "note", config); code != exitLintFindings {
		t.Errorf("--fail-level note: exit %d, want 1", code)
	}
	other := filepath.Join(dir, "other.toml")
	if err := os.WriteFile(other, []byte("fail-level = \"error\"\nbogus = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := sshcfg(t, "", "lint", "--home", dir, "--config", other, config)
	if code != exitLintInput || !strings.Contains(errOut, other+":2:1: unknown key \"bogus\"") {
		t.Errorf("--config with errors: exit %d, stderr %q", code, errOut)
	}
}

// TestLintFixPermissions runs --fix-permissions on a result whose finding offers a chmod
// (as the permission rules' findings do): the key loses its group and other bits, and the
// configuration is linted again.
func TestLintFixPermissions(t *testing.T) {
	dir, config := lintDir(t, "Host a\n    IdentityFile ~/key\n", 0o600)
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte("k\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := lintCmd(&globals{home: dir})
	var stderr strings.Builder
	cmd.SetErr(&stderr)
	cmd.SetContext(context.Background())
	opts := lint.Options{ConfigFile: config, Env: resolve.OSEnv(dir, false)}
	res, err := lint.Run(cmd.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	res.Findings = append(res.Findings, diag.Diagnostic{File: config, Severity: diag.Error, Code: "unknown-keyword",
		Fixes: []diag.Fix{{Title: "chmod go-rwx", Chmod: &diag.Chmod{Path: key, Clear: 0o077}}}})
	x := lintExtras{fixPermissions: true}
	res, _, _, err = x.apply(cmd, io.Discard, opts, res)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v (%v), want 0600", fi.Mode(), err)
	}
	// the findings are those of a fresh run: the injected one is gone (the key file itself,
	// "k", is no key and stays reported as unusable)
	if slices.ContainsFunc(res.Findings, func(d diag.Diagnostic) bool { return d.Code == "unknown-keyword" }) ||
		!strings.Contains(stderr.String(), "mode 0644 -> 0600") {
		t.Errorf("findings after the fix %v, stderr %q", res.Findings, stderr.String())
	}
}

// TestLintFixPermissionsEndToEnd: a private key open to others, which ssh ignores, is
// found by the permission rule and closed by --fix-permissions; the run then passes
// (an unencrypted key is only a note).
func TestLintFixPermissionsEndToEnd(t *testing.T) {
	dir, config := lintDir(t, "", 0o600)
	key := filepath.Join(dir, "id_ed25519")
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte("Host a\n    IdentityFile "+key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := sshcfg(t, "", "lint", "--home", dir, config)
	if code != exitLintFindings || !strings.Contains(out, "ssh ignores this key") {
		t.Fatalf("before: exit %d, report %q", code, out)
	}
	out, errOut, code := sshcfg(t, "", "lint", "--home", dir, "--fix-permissions", config)
	if code != 0 || strings.Contains(out, "ssh ignores this key") || !strings.Contains(errOut, "0644 -> 0600") {
		t.Errorf("--fix-permissions: exit %d, report %q, stderr %q", code, out, errOut)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v (%v), want 0600", fi.Mode(), err)
	}
}

// TestLintAsOf: dated advice follows --as-of (an RSA key under 3072 bits is a note today
// and a warning from 2031 on); a bad date is bad usage.
func TestLintAsOf(t *testing.T) {
	dir, config := lintDir(t, "", 0o600)
	key := filepath.Join(dir, "id_rsa")
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte("Host a\n    IdentityFile "+key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, code := sshcfg(t, "", "lint", "--home", dir, "--as-of", "2026-01-01", config); code != 0 {
		t.Errorf("2026: exit %d, want 0 (notes only)", code)
	}
	if out, _, code := sshcfg(t, "", "lint", "--home", dir, "--as-of", "2031-06-01", config); code != exitLintFindings || !strings.Contains(out, "warning") {
		t.Errorf("2031: exit %d, report %q: the small RSA key should be a warning", code, out)
	}
	if _, _, code := sshcfg(t, "", "lint", "--as-of", "tomorrow", config); code != exitUsage {
		t.Errorf("bad date: exit %d, want %d", code, exitUsage)
	}
}
