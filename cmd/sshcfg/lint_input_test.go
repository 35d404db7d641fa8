package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sshcfg/sshcfg/lint"
)

const badOption = "Host x\n  Usr bob\n"

// TestLintOutputNeverTruncatesInput: --output naming the linted file (or the default
// ~/.ssh/config) is refused with exit 2 and the file keeps its bytes; another output file
// gets the report.
func TestLintOutputNeverTruncatesInput(t *testing.T) {
	dir, config := lintDir(t, badOption, 0o600)
	out, errOut, code := sshcfg(t, "", "lint", "-o", config, config)
	if b, _ := os.ReadFile(config); code != exitLintInput || string(b) != badOption || out != "" || !strings.Contains(errOut, "sshcfg lint: --output") {
		t.Errorf("-o FILE FILE: exit %d, stderr %q, file now %q", code, errOut, b)
	}
	home := filepath.Join(dir, "home")
	user := filepath.Join(home, ".ssh", "config")
	if err := os.MkdirAll(filepath.Dir(user), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(user, []byte(badOption), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = sshcfg(t, "", "lint", "--home", home, "-o", user)
	if b, _ := os.ReadFile(user); code != exitLintInput || string(b) != badOption {
		t.Errorf("-o ~/.ssh/config: exit %d, stderr %q, file now %q", code, errOut, b)
	}
	report := filepath.Join(dir, "report")
	_, errOut, code = sshcfg(t, "", "lint", "-o", report, config)
	if b, _ := os.ReadFile(report); code != exitLintFindings || !strings.Contains(string(b), "usr [SC1001") {
		t.Errorf("-o report: exit %d, stderr %q, report %q", code, errOut, b)
	}
}

// TestLintUnreadableFileDoesNotStopOthers: every readable file is linted and reported,
// the unreadable one is named on stderr, and the run exits 2.
func TestLintUnreadableFileDoesNotStopOthers(t *testing.T) {
	dir, config := lintDir(t, badOption, 0o600)
	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, []byte("Host y\n  StrictHostKeyChecking no\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "nope")
	report := filepath.Join(dir, "report")
	out, errOut, code := sshcfg(t, "", "lint", config, missing, other)
	if code != exitLintInput || !strings.Contains(out, "usr [SC1001") || !strings.Contains(out, "SC4001") ||
		!strings.Contains(errOut, "sshcfg lint: Can't open user config file "+missing) {
		t.Errorf("exit %d, stderr %q, report:\n%s", code, errOut, out)
	}
	_, _, code = sshcfg(t, "", "lint", "-o", report, config, missing, other)
	if b, _ := os.ReadFile(report); code != exitLintInput || !strings.Contains(string(b), "SC4001") {
		t.Errorf("-o: exit %d, report %q", code, b)
	}
	// an unreadable file alone, without findings, still exits 2
	if _, _, code := sshcfg(t, "", "lint", missing); code != exitLintInput {
		t.Errorf("only a missing file: exit %d", code)
	}
}

// TestLintUsageErrors: an unknown --disable code is bad usage, and usage errors are
// prefixed like every other lint message.
func TestLintUsageErrors(t *testing.T) {
	_, config := lintDir(t, badOption, 0o600)
	for _, args := range [][]string{
		{"--disable", "SC9999", config},
		{"--format", "xml", config},
		{"--fail-level", "loud", config},
		{"--as-of", "tomorrow", config},
	} {
		out, errOut, code := sshcfg(t, "", append([]string{"lint"}, args...)...)
		if code != exitUsage || out != "" || !strings.HasPrefix(errOut, "sshcfg lint: ") {
			t.Errorf("lint %q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if _, errOut, code := sshcfg(t, "", "lint", "--disable", "SC1001", "--disable", "strict-host-key-checking-off", config); code != 0 {
		t.Errorf("known codes: exit %d, stderr %q", code, errOut)
	}
}

// TestLintFixErrorNamesFile: a fix that cannot be written (a read-only directory gives an
// error about a temporary file) is reported with the file being fixed.
func TestLintFixErrorNamesFile(t *testing.T) {
	_, config := lintDir(t, misspelt, 0o600)
	old := writeFix
	writeFix = func(lint.FileFix) error {
		return &fs.PathError{Op: "openat", Path: ".sshcfg-fix-123", Err: syscall.EROFS}
	}
	defer func() { writeFix = old }()
	_, errOut, code := sshcfg(t, "", "lint", "--fix", config)
	if code != exitLintInput || !strings.HasPrefix(errOut, "sshcfg lint: "+config+": ") || !strings.Contains(errOut, "read-only file system") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestKeysOutputNeverTruncatesAKey: keys -o naming an audited key file is refused and the
// key keeps its bytes.
func TestKeysOutputNeverTruncatesAKey(t *testing.T) {
	dir := keyDir(t, 0o600)
	key := filepath.Join(dir, "id_ed25519")
	before, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	_, errOut, code := sshcfg(t, "", "keys", "-o", key, dir)
	if after, _ := os.ReadFile(key); code != exitLintInput || string(after) != string(before) || !strings.HasPrefix(errOut, "sshcfg keys: --output") {
		t.Errorf("exit %d, stderr %q, key now %d bytes", code, errOut, len(after))
	}
}

// TestLintConfigOnPipe: a configuration on a FIFO is linted whole (ssh reads it too).
func TestLintConfigOnPipe(t *testing.T) {
	dir, _ := lintDir(t, "", 0o600)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- os.WriteFile(fifo, []byte(badOption), 0o600) }()
	out, errOut, code := sshcfg(t, "", "lint", fifo)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if code != exitLintFindings || !strings.Contains(out, fifo+":2:3: error: Bad configuration option: usr") {
		t.Errorf("exit %d, stderr %q, report %q", code, errOut, out)
	}
	if _, errOut, code := sshcfg(t, "", "lint", dir); code != exitLintInput || !strings.Contains(errOut, "is a directory") {
		t.Errorf("directory: exit %d, stderr %q", code, errOut)
	}
}

// TestLintRefusedUserConfig: in default mode an open-permission ~/.ssh/config and an
// Included file are linted and reported at 1:1 by the permission rule, and
// --fix-permissions closes them.
func TestLintRefusedUserConfig(t *testing.T) {
	home, _ := lintDir(t, "", 0o600)
	ssh := filepath.Join(home, ".ssh")
	if err := os.Mkdir(ssh, 0o700); err != nil {
		t.Fatal(err)
	}
	user, inc := filepath.Join(ssh, "config"), filepath.Join(ssh, "inc")
	for path, text := range map[string]string{user: "Include inc\nHost a\n  StrictHostKeyChecking no\n", inc: "Host b\n  User x\n"} {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := sshcfg(t, "", "lint", "--home", home)
	for _, want := range []string{user + ":1:1: error: " + user + " has permissions 0666", inc + ":1:1: error: " + inc + " has permissions 0666", user + ":3:25: error: StrictHostKeyChecking no"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q: exit %d, stderr %q, report:\n%s", want, code, errOut, out)
		}
	}
	if strings.Contains(out, "include-refused") {
		t.Errorf("the resolver's refusal is reported too:\n%s", out)
	}
	out, errOut, _ = sshcfg(t, "", "lint", "--home", home, "--fix-permissions")
	if strings.Contains(out, "config-permissions") || !strings.Contains(errOut, user+": mode 0666 -> 0644") || !strings.Contains(errOut, inc+": mode 0666 -> 0644") {
		t.Errorf("--fix-permissions: stderr %q, report:\n%s", errOut, out)
	}
	if fi, err := os.Stat(user); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("config mode %v (%v)", fi.Mode(), err)
	}
}
