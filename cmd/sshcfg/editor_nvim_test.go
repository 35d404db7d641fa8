package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// nvimEditorSession is what editors/nvim/test/session.lua saw.
type nvimEditorSession struct {
	Errors   []string
	Filetype string
	Client   struct {
		Name    string
		RootDir string `json:"root_dir"`
		Count   int
	}
	Diagnostics []struct {
		Code     string
		Line     int
		Severity int
		Message  string
	}
	Hover      string
	ExitCode   *int `json:"exit_code"`
	ExitSignal *int `json:"exit_signal"`
}

// nvimEditorExpect is what Neovim shows once the settings apply ("CODE:line:severity",
// 0-based lines, severity 2 a warning): the misspelt keyword, an error by default, as a
// warning, and StrictHostKeyChecking no not at all.
const nvimEditorExpect = "SC1001:3:2"

// TestNeovimPlugin loads editors/nvim as a user would, the directory on 'runtimepath' and
// require('sshcfg').setup{…} with settings, then edits ~/.ssh/config in headless Neovim:
// the sshconfig FileType autocommand must start and attach `sshcfg lsp` rooted at
// ~/.ssh, the diagnostics shown must carry rule ids and follow the settings, hover on a
// Host line must answer, and the server must exit with status 0 when the client stops.
func TestNeovimPlugin(t *testing.T) {
	nvim := requireNvim(t)
	editorDir, err := filepath.Abs("../../editors/nvim")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	server := buildSshcfg(t, dir)
	home, config := editorHome(t, dir)
	out := filepath.Join(dir, "session.json")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-c", "luafile "+filepath.Join(editorDir, "test", "session.lua"))
	cmd.Dir = dir
	cmd.Env = editorEnv(dir, home, "EDITOR_DIR="+editorDir, "SERVER="+server, "CONFIG="+config,
		"OUT="+out, "EXPECT_OPEN="+nvimEditorExpect)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	var s nvimEditorSession
	t.Logf("what Neovim saw: %s", readSession(t, out, &s))

	for _, e := range s.Errors {
		t.Errorf("session: %s", e)
	}
	if s.Filetype != "sshconfig" {
		t.Errorf("filetype %q, want sshconfig", s.Filetype)
	}
	if s.Client.Name != "sshcfg" || s.Client.RootDir != filepath.Dir(config) || s.Client.Count != 1 {
		t.Errorf("client %+v, want one, sshcfg, rooted at %s", s.Client, filepath.Dir(config))
	}
	if len(s.Diagnostics) != 1 || s.Diagnostics[0].Code != "SC1001" || s.Diagnostics[0].Line != 3 || s.Diagnostics[0].Severity != 2 {
		t.Errorf("diagnostics %+v, want %s", s.Diagnostics, nvimEditorExpect)
	}
	for _, want := range []string{`(?m)^hostname\s+web\.example\s+# config:3$`, `(?m)^compression\s+yes\s+# inc\.conf:1$`} {
		if !regexp.MustCompile(want).MatchString(s.Hover) {
			t.Errorf("hover on Host web: no line matching %s in\n%s", want, s.Hover)
		}
	}
	if s.ExitCode == nil || *s.ExitCode != 0 || s.ExitSignal == nil || *s.ExitSignal != 0 {
		t.Errorf("server exit status %v, signal %v after the client stopped, want 0, 0", s.ExitCode, s.ExitSignal)
	}
}
