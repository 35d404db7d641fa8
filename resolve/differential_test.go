package resolve

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

var update = flag.Bool("update", false, "record the real ssh -G output into testdata goldens")

// Sections of a resolver case that are not files.
const (
	secArgs   = "args"
	secEnv    = "env"
	secOutput = "ssh -G"
	secExit   = "exit"
)

// diffCase is one differential case from testdata/resolve.
type diffCase struct {
	name    string
	path    string
	archive *txtar.Archive
	args    string
	env     []string
}

func loadCases(t *testing.T) []diffCase {
	t.Helper()
	paths, err := filepath.Glob("../testdata/resolve/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no resolver cases: %v", err)
	}
	var cases []diffCase
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := diffCase{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), path: p, archive: a}
		for _, f := range a.Files {
			switch f.Name {
			case secArgs:
				c.args = strings.TrimSpace(string(f.Data))
			case secEnv:
				for _, l := range strings.Split(string(f.Data), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						c.env = append(c.env, l)
					}
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

func section(a *txtar.Archive, name string) (string, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

// setup writes the case's files into a fresh work directory.
func (c *diffCase) setup(t *testing.T) string {
	work := t.TempDir()
	if err := os.MkdirAll(filepath.Join(work, "home"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range c.archive.Files {
		switch f.Name {
		case secArgs, secEnv:
			continue
		}
		if strings.HasPrefix(f.Name, secOutput) || strings.HasPrefix(f.Name, secExit) {
			continue
		}
		p := filepath.Join(work, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		data := strings.ReplaceAll(string(f.Data), "$WORK", work)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return work
}

func (c *diffCase) words(t *testing.T, work string) []string {
	w, err := sshtest.SplitWords(strings.ReplaceAll(c.args, "$WORK", work))
	if err != nil {
		t.Fatalf("args: %v", err)
	}
	return w
}

// environ is the exact environment both ssh and sshcfg see.
func (c *diffCase) environ(work string) map[string]string {
	m := map[string]string{"PATH": "/usr/bin:/bin", "HOME": filepath.Join(work, "home")}
	for _, kv := range c.env {
		k, v, _ := strings.Cut(strings.ReplaceAll(kv, "$WORK", work), "=")
		m[k] = v
	}
	return m
}

// ours resolves the case in-process and returns stdout and the exit status.
func (c *diffCase) ours(t *testing.T, work string, d keyword.Dialect) (string, int) {
	envm := c.environ(work)
	env := OSEnv("", true)
	env.WorkDir = work
	env.Getenv = func(k string) (string, bool) { v, ok := envm[k]; return v, ok }
	env.Exec = ShellExec(env.Getenv)
	req, err := ParseArgs(c.words(t, work), d)
	if err != nil {
		return "", 255
	}
	res, err := New(env, d).Resolve(req)
	if err != nil {
		if _, ok := err.(*FatalError); !ok {
			t.Errorf("resolver error that is not an ssh fatal: %v", err)
		}
		return "", 255
	}
	return res.DumpG(), 0
}

// TestDifferential compares sshcfg with the real ssh -G on every case in
// testdata/resolve. With ssh installed the comparison is live; without it, against the
// recorded goldens. -update records the goldens from the live ssh.
func TestDifferential(t *testing.T) {
	live := sshtest.Available()
	if !live && os.Getenv("CI") == "true" {
		t.Fatal("ssh is not installed, and CI=true requires the live comparison")
	}
	bin, _ := exec.LookPath("ssh")
	differential(t, bin, live, keyword.Debian92, secOutput)
}

// TestDifferentialUpstream compares the upstream dialects with upstream builds of ssh,
// found in $SSHCFG_UPSTREAM_SSH_DIR/<release>/ssh (built from openssh-portable outside
// the repository), or with goldens recorded from them.
func TestDifferentialUpstream(t *testing.T) {
	dir := os.Getenv("SSHCFG_UPSTREAM_SSH_DIR")
	for _, u := range []struct {
		release string
		d       keyword.Dialect
	}{{"9.2p1", keyword.Upstream92}, {"10.5p1", keyword.Upstream105}} {
		t.Run(u.release, func(t *testing.T) {
			bin := filepath.Join(dir, u.release, "ssh")
			_, err := os.Stat(bin)
			live := dir != "" && err == nil
			differential(t, bin, live, u.d, secOutput+" upstream-"+u.release)
		})
	}
}

func differential(t *testing.T, bin string, live bool, dialect keyword.Dialect, secOut string) {
	for _, c := range loadCases(t) {
		c := c
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(string(c.archive.Comment), "needs: system-config") && !live {
				t.Skip("needs the machine's own ssh_config, compared live only")
			}
			work := c.setup(t)
			var want string
			var wantStatus int
			if live {
				env := []string{}
				for k, v := range c.environ(work) {
					env = append(env, k+"="+v)
				}
				out, _, st, err := sshtest.RunG(bin, work, env, c.words(t, work))
				if err != nil {
					t.Fatal(err)
				}
				want, wantStatus = strings.ReplaceAll(out, work, "$WORK"), st
				if *update {
					c.record(t, secOut, want, wantStatus)
				}
			} else {
				if strings.HasPrefix(c.name, "host-dependent") {
					t.Skip("depends on the recording machine's host name; compared live only")
				}
				out, ok := section(c.archive, secOut)
				if !ok {
					t.Skip("no recorded output for this dialect")
				}
				st, _ := section(c.archive, strings.Replace(secOut, secOutput, secExit, 1))
				want = out
				wantStatus, _ = strconv.Atoi(strings.TrimSpace(st))
			}
			got, status := c.ours(t, work, dialect)
			got = strings.ReplaceAll(got, work, "$WORK")
			if status != wantStatus {
				t.Errorf("exit status %d, ssh %d", status, wantStatus)
			}
			if got != want {
				t.Errorf("output differs from ssh -G:\n%s", lineDiff(want, got))
			}
		})
	}
}

// record writes the live output into the case file.
func (c *diffCase) record(t *testing.T, secOut, out string, status int) {
	a := c.archive
	secSt := strings.Replace(secOut, secOutput, secExit, 1)
	var files []txtar.File
	for _, f := range a.Files {
		if f.Name != secOut && f.Name != secSt {
			files = append(files, f)
		}
	}
	files = append(files, txtar.File{Name: secOut, Data: []byte(out)},
		txtar.File{Name: secSt, Data: []byte(strconv.Itoa(status) + "\n")})
	a.Files = files
	if err := os.WriteFile(c.path, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineDiff shows the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	in := func(l []string) map[string]int {
		m := map[string]int{}
		for _, x := range l {
			m[x]++
		}
		return m
	}
	wm, gm := in(w), in(g)
	var b strings.Builder
	for _, x := range w {
		if gm[x] == 0 {
			b.WriteString("- " + x + "\n")
		} else {
			gm[x]--
		}
	}
	gm = in(g)
	for _, x := range g {
		if wm[x] == 0 {
			b.WriteString("+ " + x + "\n")
		} else {
			wm[x]--
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order)"
	}
	return b.String()
}
