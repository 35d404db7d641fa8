package resolve

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// globCountingFS counts the Glob calls that reach it.
type globCountingFS struct {
	MapFS
	globs int
}

func (c *globCountingFS) Glob(pattern string) ([]string, error) {
	c.globs++
	return c.MapFS.Glob(pattern)
}

// TestGlobOnce: a pattern reaches the file system once however many hosts are resolved,
// and every host gets the same matches.
func TestGlobOnce(t *testing.T) {
	base := &globCountingFS{MapFS: MapFS{
		"/c/config":   []byte("Include /c/conf.d/*\n"),
		"/c/conf.d/a": []byte("Host a\n  User ua\n"),
		"/c/conf.d/b": []byte("Host b\n  User ub\n"),
	}}
	env := &Env{FS: GlobOnce(base), User: User{Name: "me", Home: "/home/me"}}
	r := New(env, keyword.Debian92)
	for _, host := range []string{"a", "b", "c", "a"} {
		req, err := ParseArgs([]string{"-F", "/c/config", host}, r.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Resolve(req); err != nil {
			t.Fatal(err)
		}
	}
	if base.globs != 1 {
		t.Errorf("the pattern was expanded %d times, want once", base.globs)
	}
	m, _ := env.FS.Glob("/c/conf.d/*")
	if want := []string{"/c/conf.d/a", "/c/conf.d/b"}; !slices.Equal(m, want) || cap(m) != len(m) {
		t.Errorf("matches %q (cap %d), want %q with no room to append into", m, cap(m), want)
	}
}

// TestFocusFS: a focused host's Includes leave out the files where it visits no block,
// and keep those a Match user or Match host block makes matter through a User or
// HostName the host takes on the way; every resolution is the same as with every file.
func TestFocusFS(t *testing.T) {
	fsys := MapFS{
		"/c/config":   []byte("Include /c/conf.d/*\nHost *\n  Port 22\n"),
		"/c/conf.d/a": []byte("# preamble\n\nHost a a2\n  User admin\n  HostName A.example\n"),
		"/c/conf.d/b": []byte("Host b\n  HostName %h.internal\n"),
		"/c/conf.d/c": []byte("Match user admin\n  Port 2200\n"),
		"/c/conf.d/d": []byte("Match host a.example\n  ForwardAgent yes\n"),
		"/c/conf.d/e": []byte("Match host b.internal\n  Compression yes\n"),
		"/c/conf.d/f": []byte("Host web-*\n  User web\n"),
		"/c/conf.d/g": []byte("Match user web\n  LogLevel DEBUG\n"),
		"/c/conf.d/h": []byte("Host zzz\n  Port 1\n"),
		"/c/conf.d/i": []byte("IdentityFile ~/.ssh/x\n"),
		"/c/conf.d/j": []byte("Host other\n  Port 3\n"),
		"/c/conf.d/k": []byte("Match localuser me\n"), // no key to file it under: always read
	}
	user := User{Name: "me", Home: "/home/me"}
	all := New(&Env{FS: GlobOnce(fsys), User: user}, keyword.Debian92)
	focus := NewFocusFS(fsys)
	focused := New(&Env{FS: focus, User: user}, keyword.Debian92)
	resolve := func(r *Resolver, host string) *Result { return resolveFromConfig(t, r, "/c/config", host) }
	resolve(all, "first")
	resolve(focused, "first") // reads every file once
	want := map[string][]string{
		"a":     {"a", "c", "d", "i", "k"},
		"a2":    {"a", "c", "d", "i", "k"},
		"b":     {"b", "e", "i", "k"},
		"web-1": {"f", "g", "i", "k"},
		"zzz":   {"h", "i", "k"},
		"nope":  {"i", "k"},
	}
	for _, host := range []string{"a", "a2", "b", "web-1", "zzz", "nope", "A"} {
		exp := resolve(all, host)
		focus.Focus(focused, host)
		got := resolve(focused, host)
		focus.Focus(focused, "")
		if g, e := got.DumpG(), exp.DumpG(); g != e {
			t.Errorf("%s: focused resolution\n%s\nwant\n%s", host, g, e)
		}
		if !slices.Equal(got.Blocks, exp.Blocks) || !slices.EqualFunc(got.Diags, exp.Diags, func(a, b diag.Diagnostic) bool { return a.Message == b.Message }) {
			t.Errorf("%s: blocks or diagnostics differ:\n%+v\n%+v", host, got.Blocks, exp.Blocks)
		}
		var read []string
		for _, f := range got.Files {
			if name, ok := strings.CutPrefix(f.Path, "/c/conf.d/"); ok {
				read = append(read, name)
			}
		}
		if w, ok := want[host]; ok && !slices.Equal(read, w) {
			t.Errorf("%s: read %q, want %q", host, read, w)
		}
	}
}

// TestFocusFSRandom: on configurations drawn at random (fixed seed) from lines that file
// blocks under every kind of key and set User and HostName, a focused resolution equals
// the resolution with every file, for hosts named in them and not.
func TestFocusFSRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	pool := []string{
		"Host a", "Host b web-1", "Host web-*", "Host *.x !a", "Host A", "Host *", "Host zzz a.example",
		"Match user admin", "Match user me", "Match user web,a*", "Match host a.example", "Match host b.internal",
		"Match host 10.*", "Match host 10.* user admin", "Match originalhost web-*", "Match localuser me", "Match all",
		"User admin", "User web", "User %r", "HostName a.example", "HostName %h.internal", "HostName 10.0.0.1",
		"HostName A.Example", "Port 2222", "StrictHostKeyChecking no", "ForwardAgent yes", "# comment", "",
		"Include /c/e/*", "Host", "Bogus yes",
	}
	draw := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pool[rng.Intn(len(pool))] + "\n")
		}
		return b.String()
	}
	hosts := []string{"a", "b", "web-1", "zzz", "A", "x.x", "a.example", "nope"}
	user := User{Name: "me", Home: "/home/me"}
	for c := range 300 {
		fsys := MapFS{"/c/config": []byte(draw(rng.Intn(3)) + "Include /c/d/*\n" + draw(rng.Intn(4)))}
		for i := range 6 {
			preamble := ""
			if rng.Intn(2) == 0 {
				preamble = "# file\n\n"
			}
			fsys[fmt.Sprintf("/c/d/%d", i)] = []byte(preamble + strings.ReplaceAll(draw(rng.Intn(9)), "Include /c/e/*", "Include /c/e/*\n"))
		}
		for i := range 3 {
			fsys[fmt.Sprintf("/c/e/%d", i)] = []byte(strings.ReplaceAll(draw(rng.Intn(5)), "Include /c/e/*\n", ""))
		}
		all := New(&Env{FS: GlobOnce(fsys), User: user}, keyword.Debian92)
		focus := NewFocusFS(fsys)
		focused := New(&Env{FS: focus, User: user}, keyword.Debian92)
		resolve := func(r *Resolver, host string) (*Result, error) {
			req := NewRequest(host)
			req.ConfigFile, req.Tolerant = "/c/config", true
			return r.Resolve(req)
		}
		resolve(all, "first")
		resolve(focused, "first")
		for _, host := range hosts {
			exp, err1 := resolve(all, host)
			focus.Focus(focused, host)
			got, err2 := resolve(focused, host)
			focus.Focus(focused, "")
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("case %d, %s: errors %v and %v", c, host, err1, err2)
			}
			if err1 != nil {
				continue
			}
			if slices.ContainsFunc(exp.Files, func(f FileRead) bool { return f.Pass > 1 }) {
				continue // FocusFS is for the first pass
			}
			same := got.DumpG() == exp.DumpG() && slices.Equal(got.Blocks, exp.Blocks) &&
				slices.EqualFunc(got.Diags, exp.Diags, func(a, b diag.Diagnostic) bool { return a.File == b.File && a.Span == b.Span && a.Message == b.Message })
			if !same {
				var files []string
				for _, p := range slices.Sorted(maps.Keys(fsys)) {
					files = append(files, p+":\n"+string(fsys[p]))
				}
				t.Fatalf("case %d, host %s: focused resolution differs\n%s\nfocused:\n%s\nwant:\n%s", c, host, strings.Join(files, "\n"), got.DumpG(), exp.DumpG())
			}
		}
	}
}

// TestFocusFSFileNotOpened: a file the resolver could not open (here the system config,
// missing, read with the default files) sets nothing, so it does not make every host
// able to take any host name or user: the file with a Match user block for another user
// is still left out, and a focused resolution still equals the whole one.
func TestFocusFSFileNotOpened(t *testing.T) {
	fsys := MapFS{
		"/home/me/.ssh/config": []byte("Include /c/d/*\n"),
		"/c/d/a":               []byte("Host zzz\n  Port 1\n"),
		"/c/d/b":               []byte("Match user deploy\n  Port 2\n"),
	}
	user := User{Name: "me", Home: "/home/me"}
	focus := NewFocusFS(fsys)
	r := New(&Env{FS: focus, User: user, SystemConfig: "/etc/ssh/ssh_config"}, keyword.Debian92)
	all := New(&Env{FS: GlobOnce(fsys), User: user, SystemConfig: "/etc/ssh/ssh_config"}, keyword.Debian92)
	if _, err := r.Resolve(NewRequest("first")); err != nil { // reads every file once
		t.Fatal(err)
	}
	focus.Focus(r, "zzz")
	got, err := r.Resolve(NewRequest("zzz"))
	focus.Focus(r, "")
	if err != nil {
		t.Fatal(err)
	}
	exp, err := all.Resolve(NewRequest("zzz"))
	if err != nil {
		t.Fatal(err)
	}
	if got.DumpG() != exp.DumpG() {
		t.Errorf("focused resolution\n%s\nwant\n%s", got.DumpG(), exp.DumpG())
	}
	var read []string
	for _, f := range got.Files {
		read = append(read, f.Path)
	}
	if slices.Contains(read, "/c/d/b") || !slices.Contains(read, "/c/d/a") {
		t.Errorf("files read for zzz: %q; want /c/d/a and not /c/d/b", read)
	}
}

// TestFocusFSIndexBuiltOnce: the block index FocusFS builds for a file read once is the
// one the resolver walks from then on, not built again (which held two for every file).
func TestFocusFSIndexBuiltOnce(t *testing.T) {
	fsys := MapFS{
		"/c/config": []byte("Include /c/d/*\n"),
		"/c/d/a":    []byte("Host zzz\n  Port 1\n"),
		"/c/d/b":    []byte("Host other\n  Port 2\n"),
	}
	focus := NewFocusFS(fsys)
	r := New(&Env{FS: focus, User: User{Name: "me", Home: "/home/me"}}, keyword.Debian92)
	resolve := func(host string) {
		t.Helper()
		req := NewRequest(host)
		req.ConfigFile = "/c/config"
		if _, err := r.Resolve(req); err != nil {
			t.Fatal(err)
		}
	}
	resolve("first") // reads every file once
	focus.Focus(r, "zzz")
	built := r.files["/c/d/a"].index
	if built == nil {
		t.Fatal("FocusFS built no index for /c/d/a")
	}
	resolve("zzz")
	resolve("zzz")
	if r.files["/c/d/a"].index != built {
		t.Error("the resolver built /c/d/a's index again")
	}
}

// resolveFromConfig resolves host with r from config, tolerantly (as lint does).
func resolveFromConfig(t testing.TB, r *Resolver, config, host string) *Result {
	t.Helper()
	req := NewRequest(host)
	req.ConfigFile, req.Tolerant = config, true
	res, err := r.Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
