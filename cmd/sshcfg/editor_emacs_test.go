package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// emacsExpect is the diagnostics the Emacs session waits for: rule id, 0-based line and
// Flymake type. SC4001 is a note because the session sets the rule to "note" (through
// initializationOptions and the workspace configuration).
const emacsExpect = "SC1001:3:error SC4001:4:note"

// emacsSession is what editors/emacs/test/session.el saw.
type emacsSession struct {
	Errors       []string
	Mode         string
	CommentStart string      `json:"comment_start"`
	KeywordFace  string      `json:"keyword_face"`
	AutoModes    [][2]string `json:"auto_modes"`
	ServerClass  string      `json:"server_class"`
	Managed      bool
	Diagnostics  []struct {
		Code, Type, Message string
		Line                int
	}
	DiagnosticsAfter string `json:"diagnostics_after"`
	Hover            string
	ExitStatus       *int `json:"exit_status"`
	ManagedAfter     bool `json:"managed_after"`
	RunningAfter     bool `json:"running_after"`
}

// requireEmacsEglot returns the path of emacs, checking that eglot loads in it (with the
// package directory Debian's elpa-eglot installs into). Without either it skips the
// test, or fails it when CI=true.
func requireEmacsEglot(t *testing.T, init string) string {
	t.Helper()
	missing := func(what string, err error, out []byte) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s, and CI=true requires it (Debian: apt-get install emacs-nox elpa-eglot): %v\n%s", what, err, out)
		}
		t.Skipf("%s: %v", what, err)
	}
	p, err := exec.LookPath("emacs")
	if err != nil {
		missing("emacs is not installed", err, nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p, "--batch", "-Q", "-l", init, "--eval", "(require 'eglot)")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	if out, err := cmd.CombinedOutput(); err != nil {
		missing("eglot does not load in emacs", err, out)
	}
	return p
}

// TestEmacsEglotSession drives `sshcfg lsp` from Emacs in batch mode with no user
// configuration, through editors/emacs/sshcfg.el and Eglot: the fallback major mode
// (ssh-config-mode is not installed) and its file names, eglot-ensure, Flymake
// diagnostics with the rule settings applied, hover on a Host line, and a shutdown after
// which the server exits with status 0 and Eglot lets go of the buffer.
func TestEmacsEglotSession(t *testing.T) {
	dir := t.TempDir()
	el, err := filepath.Abs("../../editors/emacs")
	if err != nil {
		t.Fatal(err)
	}
	init := filepath.Join(el, "test", "init.el")
	emacs := requireEmacsEglot(t, init)
	server := buildSshcfg(t, dir)
	home, config := editorHome(t, dir)
	out := filepath.Join(dir, "session.json")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, emacs, "--batch", "-Q",
		"-l", init, "-l", filepath.Join(el, "sshcfg.el"), "-l", filepath.Join(el, "test", "session.el"))
	cmd.Dir = dir
	cmd.Env = editorEnv(dir, home, "SERVER="+server, "CONFIG="+config, "OUT="+out,
		"EXPECT="+emacsExpect, "TIMEOUT=10")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("emacs: %v\n%s", err, b)
	} else {
		t.Logf("emacs output:\n%s", b)
	}
	var s emacsSession
	readSession(t, out, &s)

	for _, e := range s.Errors {
		t.Errorf("session: %s", e)
	}
	if s.Mode != "sshcfg-config-mode" || s.CommentStart != "# " || s.KeywordFace != "font-lock-builtin-face" {
		t.Errorf("~/.ssh/config opened in %s, comment-start %q, HostName in face %s; want sshcfg-config-mode, \"# \", font-lock-builtin-face",
			s.Mode, s.CommentStart, s.KeywordFace)
	}
	for _, m := range s.AutoModes {
		want := "sshcfg-config-mode"
		if strings.HasSuffix(m[0], "known_hosts") {
			want = "nil"
		}
		if m[1] != want {
			t.Errorf("auto-mode-alist gives %s for %s, want %s", m[1], m[0], want)
		}
	}
	if len(s.AutoModes) != 5 {
		t.Errorf("auto-mode checks: %v", s.AutoModes)
	}
	if s.ServerClass != "sshcfg-eglot-server" || !s.Managed {
		t.Errorf("eglot-ensure gave a %q server, buffer managed %v", s.ServerClass, s.Managed)
	}
	var got []string
	for _, d := range s.Diagnostics {
		got = append(got, d.Code+":"+strconv.Itoa(d.Line)+":"+strings.TrimPrefix(d.Type, "eglot-"))
	}
	if want := strings.Fields(emacsExpect); !slices.Equal(got, want) {
		t.Errorf("Flymake diagnostics %q, want %q\n%+v", got, want, s.Diagnostics)
	}
	if s.DiagnosticsAfter != emacsExpect {
		t.Errorf("diagnostics after the hover round trip %q, want %q (settings lost?)", s.DiagnosticsAfter, emacsExpect)
	}
	for _, want := range []string{`(?m)^\s*hostname\s+web\.example\s+# config:3$`, `(?m)^\s*compression\s+yes\s+# inc\.conf:1$`, `(?m)^\s*stricthostkeychecking\s+false\s+# config:5$`} {
		if !regexp.MustCompile(want).MatchString(s.Hover) {
			t.Errorf("hover on Host web: no line matching %s in\n%s", want, s.Hover)
		}
	}
	if s.ExitStatus == nil || *s.ExitStatus != 0 {
		t.Errorf("server exit status %v after shutdown and exit, want 0", s.ExitStatus)
	}
	if s.ManagedAfter || s.RunningAfter {
		t.Errorf("after shutdown: buffer still managed %v, connection running %v", s.ManagedAfter, s.RunningAfter)
	}
}

// TestEmacsKeywords checks that the keywords editors/emacs/sshcfg.el highlights are
// those of the keyword table, aliases included (compared in lower case).
func TestEmacsKeywords(t *testing.T) {
	src, err := os.ReadFile("../../editors/emacs/sshcfg.el")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)\(defconst sshcfg-keywords\s*'\((.*?)\)\s*"`).FindSubmatch(src)
	if block == nil {
		t.Fatal("no (defconst sshcfg-keywords '(...)) in sshcfg.el")
	}
	var got []string
	for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(block[1], -1) {
		got = append(got, strings.ToLower(string(m[1])))
	}
	slices.Sort(got)
	want := keyword.Names()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("sshcfg-keywords (%d) differ from the keyword table (%d):\nmissing %q\nextra %q",
			len(got), len(want), minus(want, got), minus(got, want))
	}
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
