package lint

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// TestTreesDropped: with a resolver that keeps the tree of one file at a time while
// hosts are resolved (every other tree dropped and parsed again when a rule or a host
// needs it), lint finds exactly what it finds with every tree kept, on every lint
// golden case and on a generated fleet of many included files; every file of the result
// has its whole tree.
func TestTreesDropped(t *testing.T) {
	type lintCase struct {
		name    string
		files   resolve.MapFS
		config  string
		dialect keyword.Dialect
	}
	var cases []lintCase
	for _, a := range golden.Load(t, "../testdata/lint/*.txtar") {
		c := lintCase{name: filepath.Base(a.Path), files: resolve.MapFS{}, config: "/home/me/.ssh/config", dialect: keyword.Debian92}
		for _, f := range a.Files {
			if f.Name != "want" {
				c.files["/home/me/.ssh/"+f.Name] = f.Data
			}
		}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			if v, ok := strings.CutPrefix(line, "target: "); ok {
				d, err := keyword.DialectNamed(strings.TrimSpace(v))
				if err != nil {
					t.Fatal(err)
				}
				c.dialect = d
			}
		}
		cases = append(cases, c)
	}
	fleet := gencfg.FleetConfig(1200, "/home/me/fleet")
	fc := lintCase{name: "fleet", files: resolve.MapFS{}, config: fleet.Main(), dialect: keyword.Debian92}
	for _, f := range fleet.Files {
		fc.files[filepath.Join(fleet.Dir, f.Name)] = f.Src
	}
	fc.files["/home/me/fleet/conf.d/95-exec.conf"] = []byte("Match exec true host web-*\n  ForwardX11 yes\n")
	cases = append(cases, fc)

	run := func(c lintCase) *Result {
		t.Helper()
		env := &resolve.Env{FS: c.files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}, Hostname: "laptop"}
		res, err := Run(context.Background(), Options{ConfigFile: c.config, Env: env, Dialect: c.dialect})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	defer func(b int) { treeBudget = b }(treeBudget)
	for _, c := range cases {
		treeBudget = 1 << 20
		want := run(c)
		treeBudget = 1
		got := run(c)
		if !reflect.DeepEqual(got.Findings, want.Findings) {
			t.Errorf("%s: findings with trees dropped\n%v\nwant\n%v", c.name, got.Findings, want.Findings)
		}
		if len(got.Files) != len(want.Files) {
			t.Fatalf("%s: %d files, want %d", c.name, len(got.Files), len(want.Files))
		}
		for i, f := range got.Files {
			w := want.Files[i]
			if f.Path != w.Path || f.Tree == nil || f.resolver != nil || string(f.Tree.Src) != string(w.Tree.Src) || len(f.Tree.Blocks) != len(w.Tree.Blocks) {
				t.Errorf("%s: file %d is %s, want %s with its whole tree", c.name, i, f.Path, w.Path)
			}
		}
	}
}
