package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nvimConfig is the file the editor session opens: an Include, a misspelt keyword, a
// StrictHostKeyChecking no, a line indented unlike the others and a host alias that
// ProxyJump names.
const nvimConfig = `Include inc.conf
Host web
    HostName web.example
    Hostnmae web2.example
    StrictHostKeyChecking no
Host db
  User dbadmin
    ProxyJump web
`

// nvimSession is what testdata/nvim/session.lua saw, step by step.
type nvimSession struct {
	Errors     []string
	Encoding   string
	Open       []nvimDiagnostic
	OpenShown  int `json:"open_shown"`
	Edited     []nvimDiagnostic
	Hover      string
	Completion []string
	Definition []nvimLocation
	References []nvimLocation
	Symbols    []string
	Formatted  string
	Actions    []string
	Fixed      string
	Final      []nvimDiagnostic
	ExitCode   *int `json:"exit_code"`
}

type nvimDiagnostic struct {
	Code    string
	Line    int
	Message string
}

type nvimLocation struct {
	File string
	Line int
}

// requireNvim returns the path of nvim. Without one it skips the test, or fails it when
// CI=true (CI must have every tool the tests need).
func requireNvim(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("nvim is not installed, and CI=true requires it: %v", err)
		}
		t.Skip("nvim is not installed")
	}
	return p
}

// buildSshcfg builds the command into dir the way the README installs it (static:
// CGO_ENABLED=0) and returns the binary's path.
func buildSshcfg(t testing.TB, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("building sshcfg needs the go command: %v", err)
	}
	bin := filepath.Join(dir, "sshcfg")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The diagnostics (rule id and 0-based line, sorted) expected when the file is opened,
// after the edit, and after the quick fix.
const (
	nvimOpen   = "SC1001:3 SC4001:4"
	nvimEdited = "SC1001:3"
	nvimFinal  = "SC3004:3"
)

// editorHome writes the editors' session files under dir: a home whose ~/.ssh/config is
// nvimConfig, with the inc.conf it includes. It returns the home and the config path.
func editorHome(t *testing.T, dir string) (home, config string) {
	t.Helper()
	home = filepath.Join(dir, "home")
	sshDir := filepath.Join(home, ".ssh")
	if err := os.MkdirAll(sshDir, 0o700); err != nil {
		t.Fatal(err)
	}
	config = filepath.Join(sshDir, "config")
	for name, text := range map[string]string{config: nvimConfig, filepath.Join(sshDir, "inc.conf"): "Compression yes\n"} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home, config
}

// editorEnv is the environment an editor runs in: PATH, HOME and the XDG directories
// under dir (no user configuration), then extra ("NAME=value").
func editorEnv(dir, home string, extra ...string) []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "xdg", "config"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "xdg", "data"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "xdg", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "xdg", "cache"),
	}, extra...)
}

// readSession decodes the JSON results an editor session wrote to out into v, and
// returns the raw bytes.
func readSession(t *testing.T, out string, v any) []byte {
	t.Helper()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the session wrote no results: %v", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("results: %v\n%s", err, data)
	}
	return data
}

// TestNeovimSession drives `sshcfg lsp` from a real editor, headless Neovim with no user
// configuration, through one editing session (testdata/nvim/session.lua): diagnostics
// of the file as opened and after an edit, hover, completion, definition, references,
// document symbols, formatting and a quick fix applied by the editor, then shutdown and
// exit, after which the server must exit with status 0.
func TestNeovimSession(t *testing.T) {
	nvim := requireNvim(t)
	script, err := filepath.Abs("../../testdata/nvim/session.lua")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	server := buildSshcfg(t, dir)
	home, config := editorHome(t, dir)
	out := filepath.Join(dir, "session.json")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-c", "luafile "+script, config)
	cmd.Dir = dir
	cmd.Env = editorEnv(dir, home, "SERVER="+server, "OUT="+out,
		// the diagnostics each step waits for (the server may first publish a quick stage)
		"EXPECT_OPEN="+nvimOpen, "EXPECT_EDIT="+nvimEdited, "EXPECT_FINAL="+nvimFinal)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	var s nvimSession
	readSession(t, out, &s)

	for _, e := range s.Errors {
		t.Errorf("session: %s", e)
	}
	if s.Encoding != "utf-16" {
		t.Errorf("offset encoding %q, want utf-16 (Neovim 0.7 offers nothing else)", s.Encoding)
	}
	// 0-based lines, as the protocol counts them
	checkDiagnostics(t, "opened", s.Open, strings.Fields(nvimOpen))
	if s.OpenShown != len(s.Open) {
		t.Errorf("Neovim shows %d diagnostics, the server published %d", s.OpenShown, len(s.Open))
	}
	checkDiagnostics(t, "after StrictHostKeyChecking yes", s.Edited, strings.Fields(nvimEdited))
	for _, want := range []string{`(?m)^hostname\s+web\.example\s+# config:3$`, `(?m)^compression\s+yes\s+# inc\.conf:1$`, `(?m)^stricthostkeychecking\s+true\s+# config:5$`} {
		if !regexp.MustCompile(want).MatchString(s.Hover) {
			t.Errorf("hover on Host web: no line matching %s in\n%s", want, s.Hover)
		}
	}
	if !slices.Contains(s.Completion, "User") {
		t.Errorf("completion at Us|er: no User among %q", s.Completion)
	}
	if want := []nvimLocation{{filepath.Join(filepath.Dir(config), "inc.conf"), 0}}; !reflect.DeepEqual(s.Definition, want) {
		t.Errorf("definition of the Include argument: %v, want %v", s.Definition, want)
	}
	if want := []nvimLocation{{config, 1}, {config, 7}}; !reflect.DeepEqual(s.References, want) {
		t.Errorf("references of web: %v, want %v", s.References, want)
	}
	if want := []string{"inc.conf", "Host web", "Host db"}; !reflect.DeepEqual(s.Symbols, want) {
		t.Errorf("document symbols %q, want %q", s.Symbols, want)
	}
	formatted := "Include inc.conf\nHost web\n    HostName web.example\n    Hostnmae web2.example\n    StrictHostKeyChecking yes\nHost db\n    User dbadmin\n    ProxyJump web\n"
	if s.Formatted != formatted {
		t.Errorf("after formatting:\n%s\nwant:\n%s", s.Formatted, formatted)
	}
	if !slices.Contains(s.Actions, "Replace with Hostname") {
		t.Errorf("code actions on Hostnmae: %q, want Replace with Hostname", s.Actions)
	}
	if want := "Include inc.conf\nHost web\n    HostName web.example\n    Hostname web2.example\n    StrictHostKeyChecking yes\nHost db\n    User dbadmin\n    ProxyJump web\n"; s.Fixed != want {
		t.Errorf("after the quick fix:\n%s\nwant:\n%s", s.Fixed, want)
	}
	// the fixed keyword now repeats HostName, which ssh ignores
	checkDiagnostics(t, "after the quick fix", s.Final, strings.Fields(nvimFinal))
	if s.ExitCode == nil || *s.ExitCode != 0 {
		t.Errorf("server exit status %v after shutdown and exit, want 0", s.ExitCode)
	}
}

// checkDiagnostics compares the rule ids and 0-based lines of diagnostics with want
// ("SC1001:3"), in order.
func checkDiagnostics(t *testing.T, when string, got []nvimDiagnostic, want []string) {
	t.Helper()
	var ids []string
	for _, d := range got {
		ids = append(ids, d.Code+":"+strconv.Itoa(d.Line))
	}
	if !slices.Equal(ids, want) {
		t.Errorf("diagnostics %s: %q, want %q\n%v", when, ids, want, got)
	}
}
