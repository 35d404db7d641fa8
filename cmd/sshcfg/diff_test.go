package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
)

// diffSections are the sections of a testdata/diff archive that are not files.
var diffSections = map[string]bool{"args": true, "stdout": true, "exit": true}

// TestDiffGolden runs each testdata/diff archive: its file sections are written to a
// temporary directory $WORK, `sshcfg` runs with the words of -- args -- ($WORK replaced),
// and -- stdout -- and -- exit -- record what it printed (with $WORK) and its status.
func TestDiffGolden(t *testing.T) {
	for _, a := range golden.Load(t, filepath.Join("..", "..", "testdata", "diff", "*.txtar")) {
		t.Run(filepath.Base(a.Path), func(t *testing.T) {
			work := t.TempDir()
			for _, f := range a.Files {
				if diffSections[f.Name] {
					continue
				}
				p := filepath.Join(work, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := strings.Fields(strings.ReplaceAll(string(a.Want(t, "args")), "$WORK", work))
			out, errOut, code := sshcfg(t, "", append([]string{"--openssh", "debian-9.2", "--home", filepath.Join(work, "home")}, args...)...)
			if code == exitUsage {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			a.Check(t, "stdout", []byte(strings.ReplaceAll(out, work, "$WORK")))
			a.Check(t, "exit", []byte(strconv.Itoa(code)+"\n"))
		})
	}
}

// gitRepo makes a git repository in a temporary directory with one commit per version
// of ssh/config (and of any other file given), and returns its directory.
func gitRepo(t *testing.T, versions ...map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	run("config", "user.name", "sshcfg test")
	run("config", "user.email", "test@example.invalid")
	for i, files := range versions {
		for name, text := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		run("add", "-A")
		run("commit", "-q", "-m", "version "+strconv.Itoa(i+1))
	}
	return dir
}

func TestDiffGit(t *testing.T) {
	dir := gitRepo(t,
		map[string]string{
			"ssh/config":        "Include conf.d/*.conf\nHost *\n  User alice\n",
			"ssh/conf.d/a.conf": "Host web\n  Port 2200\n",
		},
		map[string]string{
			"ssh/config":        "Include conf.d/*.conf\nHost *\n  User alice\n",
			"ssh/conf.d/a.conf": "Host web\n  Port 2201\n",
			"ssh/conf.d/b.conf": "Host db\n  User postgres\n",
		})
	home := filepath.Join(t.TempDir(), "home")
	cfg := filepath.Join(dir, "ssh", "config")
	out, errOut, code := sshcfg(t, "", "--openssh", "debian-9.2", "--home", home, "diff", "--git", "HEAD~1..HEAD", cfg)
	want := "web\n  port: 2200 -> 2201  (HEAD:ssh/conf.d/a.conf:2)\n" +
		"db (alias added)\n  user: alice -> postgres  (HEAD:ssh/conf.d/b.conf:2)\n"
	if code != exitFindings || out != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, out, want, errOut)
	}

	// one revision: compared with the work tree, whose files are read from disk
	if err := os.WriteFile(filepath.Join(dir, "ssh", "conf.d", "a.conf"), []byte("Host web\n  Port 2202\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = sshcfg(t, "", "--openssh", "debian-9.2", "--home", home, "diff", "--git", "HEAD", cfg)
	want = "web\n  port: 2201 -> 2202  (" + filepath.Join(dir, "ssh") + "/conf.d/a.conf:2)\n"
	if code != exitFindings || out != want {
		t.Errorf("work tree: exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, out, want, errOut)
	}

	out, errOut, code = sshcfg(t, "", "diff", "--git", "HEAD~1..HEAD~1", cfg)
	if code != exitOK || out != "" {
		t.Errorf("same revision: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, errOut, code = sshcfg(t, "", "diff", "--git", "nosuchrev..HEAD", cfg)
	if code != exitUsage || !strings.Contains(errOut, "nosuchrev") {
		t.Errorf("bad revision: exit %d, stderr %q", code, errOut)
	}
}

func TestDiffUsage(t *testing.T) {
	for _, args := range [][]string{
		{"diff"},
		{"diff", "only-one"},
		{"diff", "--format", "xml", "a", "b"},
		{"diff", "/nonexistent/a", "/nonexistent/b"},
	} {
		if _, _, code := sshcfg(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestDiffActionSnippet runs the sshcfg command line of the README's pull-request
// workflow in a repository where origin/main is the commit before HEAD.
func TestDiffActionSnippet(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for l := range strings.Lines(string(readme)) {
		if strings.Contains(l, "sshcfg diff --git") && strings.Contains(l, "--format markdown") {
			line = strings.TrimSpace(l)
		}
	}
	if line == "" {
		t.Fatal("README has no workflow running sshcfg diff --git … --format markdown")
	}
	words := strings.Fields(line)
	end := slices.IndexFunc(words, func(w string) bool { return w == ">" || w == "||" })
	if end < 0 {
		end = len(words)
	}
	args := words[1:end]
	dir := gitRepo(t,
		map[string]string{"ssh/config": "Host *\n  User alice\nHost web\n"},
		map[string]string{"ssh/config": "Host *\n  User bob\nHost web\n"})
	cmd := exec.Command("git", "-C", dir, "update-ref", "refs/remotes/origin/main", "HEAD~1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	t.Chdir(dir)
	out, errOut, code := sshcfg(t, "", append([]string{"--openssh", "debian-9.2"}, args...)...)
	if code != exitFindings || !strings.Contains(out, "| user | `alice` | `bob` | `HEAD:ssh/config:2` |") {
		t.Errorf("%q: exit %d, stdout:\n%s\nstderr: %s", args, code, out, errOut)
	}
}
