package resolve

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestLimitTrees: a resolver that keeps the trees of a few bytes of source at a time
// (dropping the others and parsing them again when needed) resolves every host of a
// configuration of many included files exactly as one that keeps every tree, with and
// without FocusFS; the trees kept stay within the bound, and Parsed and Tree still give
// every file's tree.
func TestLimitTrees(t *testing.T) {
	fsys := MapFS{"/c/config": []byte("IgnoreUnknown UseKeychain\nInclude /c/conf.d/*\nHost *\n  Port 22\n")}
	var hosts []string
	for i := range 12 {
		var b strings.Builder
		fmt.Fprintf(&b, "# file %d\n", i)
		for j := range 4 {
			h := fmt.Sprintf("h%d-%d", i, j)
			hosts = append(hosts, h)
			fmt.Fprintf(&b, "Host %s %s.example\n  User u%d\n  HostName %s.internal\n", h, h, j, h)
		}
		fmt.Fprintf(&b, "Match host h%d-*.internal user u1\n  ForwardAgent yes\n", i)
		fsys[fmt.Sprintf("/c/conf.d/%02d", i)] = []byte(b.String())
	}
	hosts = append(hosts, "h3-1.example", "nope", "")
	user := User{Name: "me", Home: "/home/me"}
	resolve := func(r *Resolver, host string) *Result { return resolveFromConfig(t, r, "/c/config", host) }
	all := New(&Env{FS: GlobOnce(fsys), User: user}, keyword.Debian92)
	if _, _, err := all.Hosts("/c/config"); err != nil {
		t.Fatal(err)
	}
	for _, focused := range []bool{false, true} {
		var limited *Resolver
		var focus *FocusFS
		if focused {
			focus = NewFocusFS(fsys)
			limited = New(&Env{FS: focus, User: user}, keyword.Debian92)
		} else {
			limited = New(&Env{FS: GlobOnce(fsys), User: user}, keyword.Debian92)
		}
		limited.LimitTrees(200) // about two files
		if _, _, err := limited.Hosts("/c/config"); err != nil {
			t.Fatal(err)
		}
		for _, host := range hosts {
			exp := resolve(all, host)
			var got *Result
			if focus != nil && host != "" {
				var err error
				req := NewRequest(host)
				req.ConfigFile, req.Tolerant = "/c/config", true
				if got, err = focus.Resolve(t.Context(), limited, req, host); err != nil {
					t.Fatal(err)
				}
			} else {
				got = resolve(limited, host)
			}
			if g, e := got.DumpG(), exp.DumpG(); g != e {
				t.Errorf("focused %v, %q: resolution\n%s\nwant\n%s", focused, host, g, e)
			}
			// (a walk by the block index lists fewer blocks that did not match)
			if g, e := matched(got.Blocks), matched(exp.Blocks); !slices.Equal(g, e) || !reflect.DeepEqual(got.Diags, exp.Diags) {
				t.Errorf("focused %v, %q: blocks that matched or diagnostics differ:\n%+v\n%+v", focused, host, g, e)
			}
			if limited.trees.bytes > 200+len(fsys["/c/conf.d/00"])+len(fsys["/c/config"]) {
				t.Errorf("focused %v, %q: trees of %d bytes kept, bound 200", focused, host, limited.trees.bytes)
			}
		}
		dropped := 0
		for path, lf := range limited.files {
			if lf.file == nil {
				dropped++
			}
			f, ok := limited.Tree(path)
			want, _ := all.Tree(path)
			if !ok || f.Name != path || string(f.Src) != string(want.Src) || len(f.Blocks) != len(want.Blocks) {
				t.Errorf("focused %v: Tree(%s) after dropping it: %v", focused, path, ok)
			}
		}
		if dropped == 0 {
			t.Errorf("focused %v: no tree was dropped", focused)
		}
	}
}

// matched returns the blocks that matched.
func matched(blocks []BlockEval) []BlockEval {
	return slices.DeleteFunc(slices.Clone(blocks), func(b BlockEval) bool { return !b.Matched })
}

// TestLimitTreesConcurrent: a Resolver with LimitTrees, used by several goroutines at
// once (as it may be), never reads a tree another one dropped meanwhile (run with -race
// too: go test -race -run TestLimitTreesConcurrent ./resolve/).
func TestLimitTreesConcurrent(t *testing.T) {
	fsys := MapFS{"/c/config": []byte("Include /c/conf.d/*\n")}
	var hosts []string
	for i := range 12 {
		var b strings.Builder
		for j := range 4 {
			h := fmt.Sprintf("h%d-%d", i, j)
			hosts = append(hosts, h)
			fmt.Fprintf(&b, "Host %s\n  User u%d\n", h, j)
		}
		fsys[fmt.Sprintf("/c/conf.d/%02d", i)] = []byte(b.String())
	}
	r := New(&Env{FS: GlobOnce(fsys), User: User{Name: "me", Home: "/home/me"}}, keyword.Debian92)
	r.LimitTrees(1)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 300 {
				host := hosts[(k*7+g)%len(hosts)]
				req := NewRequest(host)
				req.ConfigFile, req.Tolerant = "/c/config", true
				res, err := r.Resolve(req)
				if err != nil {
					t.Error(err)
					return
				}
				if u, _ := res.opts.str(keyword.User); u != "u"+host[len(host)-1:] {
					t.Errorf("%s: User %q", host, u)
					return
				}
			}
		}()
	}
	wg.Wait()
}
