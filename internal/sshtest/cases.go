package sshtest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
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
	Archive *golden.Archive
	Args    string
	Env     []string
}

// LoadCases reads every *.txtar case under dir.
func LoadCases(t testing.TB, dir string) []*Case {
	t.Helper()
	var cases []*Case
	for _, a := range golden.Load(t, filepath.Join(dir, "*.txtar")) {
		c := &Case{Name: strings.TrimSuffix(filepath.Base(a.Path), ".txtar"), Path: a.Path, Archive: a}
		if args, ok := a.Get(SecArgs); ok {
			c.Args = strings.TrimSpace(string(args))
		}
		if env, ok := a.Get(SecEnv); ok {
			for _, l := range strings.Split(string(env), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					c.Env = append(c.Env, l)
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// Section returns the named section's text.
func (c *Case) Section(name string) (string, bool) {
	data, ok := c.Archive.Get(name)
	return string(data), ok
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

// Record stores output and status in the sections named secOut and its exit twin, in
// place (or appended when new), and writes the case back; an unchanged case keeps its
// file byte for byte.
func (c *Case) Record(t testing.TB, secOut, out string, status int) {
	c.Archive.Set(secOut, []byte(out))
	c.Archive.Set(strings.Replace(secOut, SecOutput, SecExit, 1), []byte(strconv.Itoa(status)+"\n"))
	if err := c.Archive.Write(); err != nil {
		t.Fatal(err)
	}
}
