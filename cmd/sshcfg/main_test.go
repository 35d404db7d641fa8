package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

const demo = "../../testdata/demo/config"

// sshcfg runs the CLI in-process.
func sshcfg(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), code
}

func TestResolveDemoMatchesSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	for _, host := range []string{"targaryen", "tyrell", "martell", "got-bastion", "dany@elsewhere"} {
		out, errOut, code := sshcfg(t, "", "resolve", "-F", demo, host)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", host, code, errOut)
		}
		cmd := exec.Command(bin, "-G", "-F", demo, host)
		want, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%s: sshcfg resolve differs from ssh -G:\n%s\n---\n%s", host, out, want)
		}
	}
}

func TestResolveFatalExit255(t *testing.T) {
	out, errOut, code := sshcfg(t, "", "resolve", "-F", "/nonexistent/config", "h")
	if code != exitSSH || out != "" || !strings.Contains(errOut, "Can't open user config file") {
		t.Errorf("got exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestExplainJSON(t *testing.T) {
	out, errOut, code := sshcfg(t, "", "explain", "--json", "-F", demo, "martell")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var e explanation
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	var user string
	for _, o := range e.Options {
		if o.Name == "user" {
			user = o.Value + " " + o.Source.String()
			if len(o.Lost) != 1 || o.Lost[0].Line != 31 {
				t.Errorf("user should record the losing User root at line 31, got %+v", o.Lost)
			}
		}
	}
	if !strings.HasPrefix(user, "dragonqueen ") || !strings.HasSuffix(user, "config:25") {
		t.Errorf("user = %q, want dragonqueen from config:25", user)
	}
	matched := map[int]bool{}
	for _, b := range e.Blocks {
		matched[b.Line] = b.Matched
	}
	if matched[27] || !matched[24] || !matched[30] {
		t.Errorf("block matches wrong: %v", matched)
	}
}

func TestHosts(t *testing.T) {
	out, _, code := sshcfg(t, "", "hosts", "-F", demo)
	if code != 0 {
		t.Fatal(code)
	}
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		names = append(names, strings.Fields(l)[0])
	}
	if got := strings.Join(names, " "); got != "got-bastion targaryen tyrell martell" {
		t.Errorf("hosts = %q", got)
	}
}

func TestFmt(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config")
	if err := os.WriteFile(p, []byte("Host a\nUser=b\n# c\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, code := sshcfg(t, "", "fmt", "--check", p); code != exitFindings {
		t.Errorf("--check on an unformatted file: exit %d, want %d", code, exitFindings)
	}
	out, _, _ := sshcfg(t, "", "fmt", "--diff", p)
	if !strings.Contains(out, "\n-User=b\n") || !strings.Contains(out, "\n+    User b\n") {
		t.Errorf("diff:\n%s", out)
	}
	if _, errOut, code := sshcfg(t, "", "fmt", p); code != 0 {
		t.Fatalf("fmt: %d %s", code, errOut)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "Host a\n    User b\n    # c\n" {
		t.Errorf("formatted: %q", got)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode not kept: %v", fi.Mode())
	}
	if _, _, code := sshcfg(t, "", "fmt", "--check", p); code != 0 {
		t.Errorf("--check after fmt: exit %d", code)
	}
	out, _, _ = sshcfg(t, "Host x\n\tPort=1\n", "fmt")
	if out != "Host x\n\tPort 1\n" {
		t.Errorf("stdin: %q", out)
	}
	if _, _, code := sshcfg(t, "Host x\n\tPort=1\n", "fmt", "--check"); code != exitFindings {
		t.Errorf("--check on standard input that needs formatting: exit %d", code)
	}
	// a symbolic link stays a link; its target is rewritten
	link := filepath.Join(dir, "link")
	if err := os.WriteFile(p, []byte("Host a\nUser=b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := sshcfg(t, "", "fmt", link); code != 0 {
		t.Fatalf("fmt link: %d %s", code, errOut)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by a file")
	}
	if got, _ := os.ReadFile(p); string(got) != "Host a\n    User b\n" {
		t.Errorf("link target not formatted: %q", got)
	}
}

func TestCompletionListsHosts(t *testing.T) {
	out, _, code := sshcfg(t, "", "__complete", "explain", "-F", demo, "")
	if code != 0 || !strings.HasPrefix(out, "got-bastion\nmartell\ntargaryen\ntyrell\n") {
		t.Errorf("exit %d, completion:\n%s", code, out)
	}
}

func TestHomeFlag(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ssh", "config"), []byte("Host x\n  Port 2222\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--home", home, "resolve", "x"}, {"resolve", "--home", home, "x"}} {
		out, errOut, code := sshcfg(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if !strings.Contains(out, "\nport 2222\n") || !strings.Contains(out, "userknownhostsfile "+home+"/.ssh/known_hosts ") {
			t.Errorf("%v: --home not used:\n%s", args, out)
		}
	}
}
