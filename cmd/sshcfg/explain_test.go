package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/internal/golden"
)

// explainCase is a config written to a temporary directory and the explain arguments
// run against it ($DIR in outputs stands for the directory).
type explainCase struct {
	name   string
	config string
	args   []string
}

var explainCases = []explainCase{
	{"losers", "Host web\n  Port 22\n  User alice\n  LocalForward /tmp/web.sock localhost:80\n  LocalForward 8080 /tmp/remote.sock\n" +
		"Host *\n  Port 2222\n  User root\n  IdentityFile ~/.ssh/id_web\n  IdentityFile ~/.ssh/id_web\n",
		[]string{"-p", "2200", "web"}},
	{"nearmiss", "Host * !db\n  User everyone\nMatch host db user nobody\n  Port 9\nHost other\n  Port 1\nHost db\n  HostName db.example\n",
		[]string{"-l", "me", "db"}},
	{"problems", "Host web\n  Prot 23\n  UseRoaming no\n  Include nothing-here/*.conf\n  Hostname web.example\n",
		[]string{"-l", "ops", "web"}},
}

// TestExplainCasesGolden pins explain's text and JSON on configs with losers, a block
// that nearly applied and problems (testdata/cli/explain-<case>.golden and .json.golden).
func TestExplainCasesGolden(t *testing.T) {
	for _, c := range explainCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			config := filepath.Join(dir, "config")
			if err := os.WriteFile(config, []byte(c.config), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, form := range []string{"", "--json"} {
				args := append([]string{"--openssh", "debian-9.2", "--home", dir, "explain"}, form)
				if form == "" {
					args = args[:len(args)-1]
				}
				args = append(append(args, "-F", config), c.args...)
				out, errOut, code := sshcfg(t, "", args...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, errOut)
				}
				out = strings.ReplaceAll(out, dir, "$DIR")
				name := "explain-" + c.name + ".golden"
				if form != "" {
					name = "explain-" + c.name + ".json.golden"
				}
				golden.CheckFile(t, filepath.Join("..", "..", "testdata", "cli", name), []byte(out))
			}
		})
	}
}

// TestExplainLargeConfigScreenful bounds explain's text on a 5,000-host config: the
// blocks that did not apply are counted, not listed.
func TestExplainLargeConfigScreenful(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, gencfg.Config(5000), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := sshcfg(t, "", "explain", "-F", config, "host2500")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "\n"); n > 60 {
		t.Errorf("explain on 5,000 hosts printed %d lines, want a screenful (≤ 60):\n%s", n, out)
	}
	if !strings.Contains(out, "more blocks did not apply; --all-blocks lists them") {
		t.Errorf("no count of the blocks left out:\n%s", out)
	}
	all, _, _ := sshcfg(t, "", "explain", "--all-blocks", "-F", config, "host2500")
	if n := strings.Count(all, "\n"); n < 10000 {
		t.Errorf("--all-blocks printed %d lines, want every block", n)
	}
}

// TestExplainTakesSSHArguments: -l, -o, -p and user@host change the explanation as they
// change ssh's configuration.
func TestExplainTakesSSHArguments(t *testing.T) {
	out, errOut, code := sshcfg(t, "", "explain", "--json", "-F", demo, "-o", "Port=2022", "-l", "arya", "martell")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var e explanation
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	got := map[string]explainedOption{}
	for _, o := range e.Options {
		got[o.Name] = o
	}
	if u := got["user"]; u.Value != "arya" || u.Rule != ruleCommandLine || len(u.LostValues) != 2 || u.LostValues[0].Value != "dragonqueen" {
		t.Errorf("user: %+v", u)
	}
	if p := got["port"]; p.Value != "2022" || p.Source.Arg != "-o Port=2022" {
		t.Errorf("port: %+v", p)
	}
	out, _, _ = sshcfg(t, "", "explain", "-F", demo, "ssh://jon@martell:2")
	if !strings.Contains(out, "  user jon\n") || !strings.Contains(out, "  port 2\n") {
		t.Errorf("ssh:// destination:\n%s", out)
	}
}

// TestExplainErrors: invalid arguments fail; --json then prints an error object.
func TestExplainErrors(t *testing.T) {
	out, _, code := sshcfg(t, "", "explain", "--json", "-p", "notaport", "h")
	var e map[string]string
	if code == 0 || json.Unmarshal([]byte(out), &e) != nil || e["error"] == "" {
		t.Errorf("exit %d, stdout %q: want a failure and {\"error\": ...}", code, out)
	}
	if _, errOut, code := sshcfg(t, "", "explain", "-p", "notaport", "h"); code == 0 || errOut == "" {
		t.Errorf("text form: exit %d, stderr %q", code, errOut)
	}
}

// TestExplainColour colours on a terminal, not with NO_COLOR, not when piped.
func TestExplainColour(t *testing.T) {
	plain, _, _ := sshcfg(t, "", "explain", "-F", demo, "martell")
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("colour when piped:\n%s", plain)
	}
	defer func(f func(any) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(any) bool { return true }
	t.Setenv("NO_COLOR", "")
	os.Unsetenv("NO_COLOR")
	out, _, _ := sshcfg(t, "", "explain", "-F", demo, "martell")
	for _, want := range []string{sgrGreen + "applied", sgrYellow + "nearly", sgrRed + "lost:"} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, out)
		}
	}
	t.Setenv("NO_COLOR", "1")
	if out, _, _ := sshcfg(t, "", "explain", "-F", demo, "martell"); out != plain {
		t.Errorf("NO_COLOR output differs from the plain one:\n%s", out)
	}
}

// TestHostsFormatFzf prints alias, host name, user and file:line for pickers.
func TestHostsFormatFzf(t *testing.T) {
	abs, err := filepath.Abs(demo)
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := sshcfg(t, "", "--openssh", "debian-9.2", "hosts", "--format", "fzf", "-F", demo)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out = strings.ReplaceAll(out, abs, "$DEMO")
	golden.CheckFile(t, filepath.Join("..", "..", "testdata", "cli", "hosts-fzf.golden"), []byte(out))
	if _, _, code := sshcfg(t, "", "hosts", "--format", "yaml", "-F", demo); code == 0 {
		t.Error("--format yaml accepted")
	}
}

// TestCompleteHonoursConfigArg: commands that take ssh's arguments complete the aliases of
// the -F file given earlier on the line.
func TestCompleteHonoursConfigArg(t *testing.T) {
	for _, command := range []string{"explain", "resolve"} {
		for _, args := range [][]string{{"-F", demo}, {"-F" + demo}} {
			out, _, _ := sshcfg(t, "", append(append([]string{"__complete", command}, args...), "")...)
			if !strings.HasPrefix(out, "got-bastion\nmartell\ntargaryen\ntyrell\n:") {
				t.Errorf("%s %v: completion\n%s", command, args, out)
			}
		}
	}
}
