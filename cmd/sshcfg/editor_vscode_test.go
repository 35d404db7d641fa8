package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireNpm returns the path of npm, checking that node is installed too. Without them it
// skips the test, or fails it when CI=true (CI must have every tool the tests need).
func requireNpm(t *testing.T) string {
	t.Helper()
	var missing []string
	var npm string
	for _, name := range []string{"node", "npm"} {
		p, err := exec.LookPath(name)
		if err != nil {
			missing = append(missing, name)
		}
		npm = p
	}
	if len(missing) > 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed, and CI=true requires them (Debian: nodejs npm)", strings.Join(missing, ", "))
		}
		t.Skipf("%s not installed", strings.Join(missing, ", "))
	}
	return npm
}

// TestVSCodeExtension runs the VS Code extension's tests (editors/vscode, `npm test`): unit
// tests of its settings and commands, and a protocol test that drives the sshcfg built here
// as `sshcfg lsp` with vscode-languageserver-protocol's Node client. The extension's
// dependencies are installed with `npm ci` when node_modules is missing.
func TestVSCodeExtension(t *testing.T) {
	npm := requireNpm(t)
	ext, err := filepath.Abs("../../editors/vscode")
	if err != nil {
		t.Fatal(err)
	}
	server := buildSshcfg(t, t.TempDir())

	if _, err := os.Stat(filepath.Join(ext, "node_modules")); os.IsNotExist(err) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = ext
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", ext, err, out)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "test")
	cmd.Dir = ext
	cmd.Env = append(os.Environ(), "SSHCFG_BIN="+server)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm test in %s: %v\n%s", ext, err, out)
	}
	// with SSHCFG_BIN set, nothing may be skipped: the protocol test must have run
	if !strings.Contains(string(out), "\n# skipped 0\n") || !strings.Contains(string(out), "\n# fail 0\n") {
		t.Fatalf("npm test: a test was skipped or failed\n%s", out)
	}
	if testing.Verbose() {
		t.Logf("npm test:\n%s", out)
	}
}
