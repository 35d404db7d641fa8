package sshtest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// Sections of a resolver case that are not files of its work directory.
const (
	SecArgs   = "args"   // one line of ssh arguments, without -G
	SecEnv    = "env"    // extra environment variables, KEY=VALUE per line
	SecOutput = "ssh -G" // recorded standard output (plus " upstream-<release>" per dialect)
	SecExit   = "exit"   // recorded exit status (same suffixes)
)

// Case is one differential case of testdata/resolve.
type Case struct {
	Name    string
	Path    string
	Archive *txtar.Archive
	Args    string
	Env     []string
}

// LoadCases reads every *.txtar case under dir.
func LoadCases(t testing.TB, dir string) []*Case {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in %s: %v", dir, err)
	}
	var cases []*Case
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c := &Case{Name: strings.TrimSuffix(filepath.Base(p), ".txtar"), Path: p, Archive: a}
		for _, f := range a.Files {
			switch f.Name {
			case SecArgs:
				c.Args = strings.TrimSpace(string(f.Data))
			case SecEnv:
				for _, l := range strings.Split(string(f.Data), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						c.Env = append(c.Env, l)
					}
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// Section returns the named section's text.
func (c *Case) Section(name string) (string, bool) {
	for _, f := range c.Archive.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

// Setup writes the case's files into a fresh work directory (with an empty home/) and
// returns its path. "$WORK" in file contents becomes that path.
func (c *Case) Setup(t testing.TB) string {
	work := t.TempDir()
	if err := os.MkdirAll(filepath.Join(work, "home"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range c.Archive.Files {
		if c.isSection(f.Name) {
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

// Words returns the case's ssh arguments for work directory work.
func (c *Case) Words(t testing.TB, work string) []string {
	w, err := SplitWords(strings.ReplaceAll(c.Args, "$WORK", work))
	if err != nil {
		t.Fatalf("%s: args: %v", c.Name, err)
	}
	return w
}

// Environ is the exact environment ssh and sshcfg see: PATH, HOME=$WORK/home and the
// case's own variables.
func (c *Case) Environ(work string) map[string]string {
	m := map[string]string{"PATH": "/usr/bin:/bin", "HOME": filepath.Join(work, "home")}
	for _, kv := range c.Env {
		k, v, _ := strings.Cut(strings.ReplaceAll(kv, "$WORK", work), "=")
		m[k] = v
	}
	return m
}

// EnvList is Environ as KEY=VALUE strings.
func (c *Case) EnvList(work string) []string {
	var out []string
	for k, v := range c.Environ(work) {
		out = append(out, k+"="+v)
	}
	return out
}

// Record stores output and status in the sections named secOut and its exit twin.
func (c *Case) Record(t testing.TB, secOut, out string, status int) {
	secSt := strings.Replace(secOut, SecOutput, SecExit, 1)
	var files []txtar.File
	for _, f := range c.Archive.Files {
		if f.Name != secOut && f.Name != secSt {
			files = append(files, f)
		}
	}
	files = append(files, txtar.File{Name: secOut, Data: []byte(out)},
		txtar.File{Name: secSt, Data: []byte(strconv.Itoa(status) + "\n")})
	c.Archive.Files = files
	if err := os.WriteFile(c.Path, txtar.Format(c.Archive), 0o644); err != nil {
		t.Fatal(err)
	}
}
