package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// vimConfig is the file the Vim sessions open: a misspelt keyword (SC1001, line 3)
// and StrictHostKeyChecking no (SC4001, line 4), which the session's edit turns to yes.
const vimConfig = `Host web
    HostName web.example
    Hostnmae web2.example
    StrictHostKeyChecking no
`

// aleDir is where Debian's vim-ale package puts ALE; SSHCFG_ALE_DIR overrides it.
const aleDir = "/usr/share/vim-ale"

// vimSession is what editors/vim/test/session.vim saw.
type vimSession struct {
	Errors   []string
	Filetype string
	Linters  []struct{ Name, LSP, Command string }
	Findings []vimFinding
	Edited   []vimFinding
}

// vimFinding is one entry of ALE's loclist (1-based line and column).
type vimFinding struct {
	Code   string
	Lnum   int
	Col    int
	Type   string
	Text   string
	Linter string
}

// requireVimALE returns the paths of vim and of ALE's runtime directory. Without
// either it skips the test, or fails it when CI=true.
func requireVimALE(t *testing.T) (vim, ale string) {
	t.Helper()
	missing := func(what string, err error) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s, and CI=true requires it (Debian: apt-get install vim vim-ale): %v", what, err)
		}
		t.Skipf("%s: %v", what, err)
	}
	vim, err := exec.LookPath("vim")
	if err != nil {
		missing("vim is not installed", err)
	}
	ale = aleDir
	if dir := os.Getenv("SSHCFG_ALE_DIR"); dir != "" {
		ale = dir
	}
	if _, err := os.Stat(filepath.Join(ale, "autoload", "ale", "linter.vim")); err != nil {
		missing("ALE is not installed", err)
	}
	return vim, ale
}

// TestVimALE runs ALE in a headless Vim (ex mode, no user configuration) with each
// of the linters in editors/vim: sshcfg, the language server, with and without
// initializationOptions, and sshcfg_lint, the `sshcfg lint --format gcc` command.
// Each session opens ~/.ssh/config, waits for ALE's findings, edits line 4 to
// StrictHostKeyChecking yes without saving, runs :ALELint and waits again.
func TestVimALE(t *testing.T) {
	vim, ale := requireVimALE(t)
	editors, err := filepath.Abs("../../editors/vim")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	server := buildSshcfg(t, dir)

	for _, tc := range []struct {
		name, linter, options string
		lsp, command          string
		sc4001                string // the loclist type of the SC4001 finding
	}{
		{"lsp", "sshcfg", "", "stdio", "%e lsp", "E"},
		{"lsp-options", "sshcfg", `{"rules": {"SC4001": "warning"}}`, "stdio", "%e lsp", "W"},
		{"lint", "sshcfg_lint", "", "", "%e lint --format gcc /dev/stdin", "E"},
		{"lint-options", "sshcfg_lint", "--disable SC1001", "", "%e lint --format gcc --disable SC1001 /dev/stdin", "E"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expect, expectEdit := "SC1001:3 SC4001:4", "SC1001:3"
			if strings.Contains(tc.options, "--disable SC1001") {
				expect, expectEdit = "SC4001:4", ""
			}
			s := runVimSession(t, vim, filepath.Join(dir, tc.name), map[string]string{
				"ALE": ale, "EDITORS": editors, "SERVER": server,
				"LINTER": tc.linter, "OPTIONS": tc.options,
				"EXPECT": expect, "EXPECT_EDIT": expectEdit,
			})
			for _, e := range s.Errors {
				t.Errorf("session: %s", e)
			}
			if s.Filetype != "sshconfig" {
				t.Errorf("filetype %q, want sshconfig", s.Filetype)
			}
			if len(s.Linters) != 1 || s.Linters[0].Name != tc.linter || s.Linters[0].LSP != tc.lsp || s.Linters[0].Command != tc.command {
				t.Errorf("ale#linter#Get('sshconfig') = %+v, want one %s (lsp %q, command %q)", s.Linters, tc.linter, tc.lsp, tc.command)
			}
			checkVimFindings(t, "opened", s.Findings, expect, tc.linter)
			checkVimFindings(t, "after the edit", s.Edited, expectEdit, tc.linter)
			for _, f := range s.Findings {
				switch f.Code {
				case "SC1001":
					if f.Col != 5 || f.Type != "E" || f.Text != "Bad configuration option: hostnmae" {
						t.Errorf("SC1001 finding %+v, want column 5, type E, ssh's message", f)
					}
				case "SC4001":
					if f.Col != 27 || f.Type != tc.sc4001 || !strings.HasPrefix(f.Text, "StrictHostKeyChecking no: ") {
						t.Errorf("SC4001 finding %+v, want column 27, type %s", f, tc.sc4001)
					}
				}
			}
		})
	}
}

// runVimSession runs editors/vim/test/session.vim in a headless Vim on a fresh
// ~/.ssh/config under dir, with env added to a minimal environment, and returns what
// the session wrote.
func runVimSession(t *testing.T, vim, dir string, env map[string]string) vimSession {
	t.Helper()
	home := filepath.Join(dir, "home")
	config := filepath.Join(home, ".ssh", "config")
	if err := os.MkdirAll(filepath.Dir(config), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte(vimConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "session.json")
	script := filepath.Join(env["EDITORS"], "test", "session.vim")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// -N -u NONE -i NONE: no vimrc, plugins or viminfo; -Es: silent ex mode, no terminal
	cmd := exec.CommandContext(ctx, vim, "-N", "-u", "NONE", "-i", "NONE", "-Es", "-S", script, config)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "OUT=" + out}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vim: %v\n%s", err, b)
	}
	var s vimSession
	readSession(t, out, &s)
	return s
}

// checkVimFindings compares the rule ids and lines of ALE's findings, sorted, with
// want ("SC1001:3 SC4001:4"), and checks that linter reported each.
func checkVimFindings(t *testing.T, when string, got []vimFinding, want, linter string) {
	t.Helper()
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Code+":"+strconv.Itoa(f.Lnum))
		if f.Linter != linter {
			t.Errorf("finding %s: %+v comes from %q, want %q", when, f, f.Linter, linter)
		}
	}
	slices.Sort(keys)
	if strings.Join(keys, " ") != want {
		t.Errorf("findings %s: %q, want %q\n%+v", when, strings.Join(keys, " "), want, got)
	}
}
