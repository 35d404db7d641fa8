package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// hostsFS is a MapFS that counts globs and can refuse files: modes gives a file's mode,
// and a file in locked cannot be read.
type hostsFS struct {
	MapFS
	modes  map[string]fs.FileMode
	locked map[string]bool
	globs  int
}

func (h *hostsFS) Open(name string) (File, error) {
	if h.locked[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	f, err := h.MapFS.Open(name)
	if m, ok := h.modes[name]; ok && err == nil {
		f.(*memFile).mode = m
	}
	return f, err
}

func (h *hostsFS) Glob(pattern string) ([]string, error) {
	h.globs++
	return h.MapFS.Glob(pattern)
}

func newHostsFS(files map[string]string) *hostsFS {
	m := MapFS{}
	for name, text := range files {
		m[name] = []byte(text)
	}
	return &hostsFS{MapFS: m, modes: map[string]fs.FileMode{}, locked: map[string]bool{}}
}

// hostsOf runs Hosts on /cfg and returns the alias names, joined, and the diagnostics.
// It checks that Aliases, which keeps partial trees, lists the same.
func hostsOf(t *testing.T, fsys *hostsFS) (string, diag.Diagnostics) {
	t.Helper()
	r := New(&Env{FS: fsys, User: User{Name: "u", Home: "/home/u"}}, keyword.Debian92)
	hs, diags, err := r.Hosts("/cfg")
	if err != nil {
		t.Fatal(err)
	}
	globs := fsys.globs
	r = New(&Env{FS: fsys, User: User{Name: "u", Home: "/home/u"}}, keyword.Debian92)
	as, adiags, err := r.Aliases("/cfg")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(as, hs) || !reflect.DeepEqual(adiags, diags) {
		t.Errorf("Aliases gives %v %v, Hosts %v %v", as, adiags, hs, diags)
	}
	fsys.globs = globs
	var names []string
	for _, h := range hs {
		names = append(names, h.Name)
	}
	return strings.Join(names, " "), diags
}

// position renders a diagnostic's file:line.
func position(t *testing.T, fsys *hostsFS, d diag.Diagnostic) string {
	t.Helper()
	return fmt.Sprintf("%s:%d", d.File, diag.NewLineIndex(fsys.MapFS[d.File]).Position(d.Span.Start).Line)
}

// includeCycle is a configuration whose three included files include the directory
// holding them.
var includeCycle = map[string]string{
	"/cfg":   "Host top\nInclude /dir/*\n",
	"/dir/a": "Host ha\nInclude /dir/*\n",
	"/dir/b": "Host hb\nInclude /dir/*\n",
	"/dir/c": "Host hc\nInclude /dir/*\n",
}

// Three files that include the directory holding them used to be walked again on every
// path through the cycle (exponentially many). Each file is now walked once, and the cycle
// is reported once, at an Include.
func TestHostsIncludeCycle(t *testing.T) {
	fsys := newHostsFS(includeCycle)
	names, diags := hostsOf(t, fsys)
	if names != "top ha hb hc" {
		t.Errorf("aliases %q", names)
	}
	if fsys.globs != 4 {
		t.Errorf("%d Include lines walked, want 4 (each file once)", fsys.globs)
	}
	if len(diags) != 1 || diags[0].Code != CodeIncludeDepth || position(t, fsys, diags[0]) != "/dir/a:2" {
		t.Fatalf("want one %s diagnostic at /dir/a:2, got %+v", CodeIncludeDepth, diags)
	}
}

// ssh refuses more than 16 levels of Include; the file beyond is not read.
func TestHostsIncludeDepthLimit(t *testing.T) {
	files := map[string]string{"/cfg": "Host h0\nInclude /f1\n"}
	for i := 1; i <= 17; i++ {
		files[fmt.Sprintf("/f%d", i)] = fmt.Sprintf("Host h%d\nInclude /f%d\n", i, i+1)
	}
	fsys := newHostsFS(files)
	names, diags := hostsOf(t, fsys)
	if strings.Contains(names, "h17") || !strings.HasSuffix(names, " h16") {
		t.Errorf("aliases %q: want h0 to h16", names)
	}
	if len(diags) != 1 || diags[0].Code != CodeIncludeDepth || position(t, fsys, diags[0]) != "/f16:2" {
		t.Fatalf("want one %s diagnostic at /f16:2, got %+v", CodeIncludeDepth, diags)
	}
}

// A file walked near the top and included again deep down is not walked twice, but the
// depth it reaches there still counts.
func TestHostsIncludeDepthOfWalkedFile(t *testing.T) {
	files := map[string]string{
		"/cfg": "Include /x\nInclude /c1\n",
		"/x":   "Host hx\nInclude /y\n",
		"/y":   "Host hy\n",
	}
	for i := 1; i <= 15; i++ {
		next := fmt.Sprintf("/c%d", i+1)
		if i == 15 {
			next = "/x" // at depth 16: /y would be read at depth 17
		}
		files[fmt.Sprintf("/c%d", i)] = "Include " + next + "\n"
	}
	fsys := newHostsFS(files)
	_, diags := hostsOf(t, fsys)
	if len(diags) != 1 || diags[0].Code != CodeIncludeDepth || position(t, fsys, diags[0]) != "/c15:1" {
		t.Fatalf("want one %s diagnostic at /c15:1, got %+v", CodeIncludeDepth, diags)
	}
}

// Included files ssh cannot open or refuses are reported at the Include, and their
// aliases are not listed.
func TestHostsUnreadableIncludes(t *testing.T) {
	fsys := newHostsFS(map[string]string{
		"/cfg":    "Host a\nInclude /ww /locked\n  Include /ww\nHost b\n",
		"/ww":     "Host refused\n",
		"/locked": "Host unread\n",
	})
	fsys.modes["/ww"] = 0o666
	fsys.locked["/locked"] = true
	names, diags := hostsOf(t, fsys)
	if names != "a b" {
		t.Errorf("aliases %q", names)
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Code+" "+position(t, fsys, d)+" "+d.Message)
	}
	want := []string{
		CodeIncludeRefused + " /cfg:2 Bad owner or permissions on /ww",
		CodeIncludeUnreadable + " /cfg:2 Can't open user config file /locked: Permission denied",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant (each file once):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A -F file that cannot be opened fails as in ssh.
func TestHostsMissingConfig(t *testing.T) {
	r := New(&Env{FS: MapFS{}, User: User{Name: "u", Home: "/home/u"}}, keyword.Debian92)
	_, _, err := r.Hosts("/no/such/file")
	var fe *FatalError
	if !errors.As(err, &fe) || fe.Msg != "Can't open user config file /no/such/file: No such file or directory" {
		t.Errorf("err = %v", err)
	}
}

// TestTolerantIncludeCycle: a tolerant resolution (lint, explain, the language server) of
// files that include the directory holding them stops reading Includes where ssh stops,
// at the first that goes too deep, instead of reading the cycle again at every level it
// leaves (three files: 3^16 reads). The Include is reported once.
func TestTolerantIncludeCycle(t *testing.T) {
	fsys := newHostsFS(includeCycle)
	env := &Env{FS: fsys, User: User{Name: "u", UID: 0, Home: "/home/u"}}
	for _, trace := range []bool{false, true} {
		fsys.globs = 0
		req := NewRequest("ha")
		req.ConfigFile, req.Tolerant, req.Trace = "/cfg", true, trace
		res, err := New(env, keyword.Debian92).Resolve(req)
		if err != nil {
			t.Fatal(err)
		}
		if fsys.globs > 2*17 {
			t.Errorf("trace %v: %d Include lines expanded, want at most one per level and pass", trace, fsys.globs)
		}
		var depth []diag.Diagnostic
		for _, d := range res.Diags {
			if d.Code == CodeIncludeDepth {
				depth = append(depth, d)
			}
		}
		if len(depth) != 1 || position(t, fsys, depth[0]) != "/dir/a:2" {
			t.Errorf("trace %v: want one %s diagnostic at /dir/a:2, got %+v", trace, CodeIncludeDepth, depth)
		}
	}
}

// TestTolerantIncludeCycleFinalPass: the Includes a first pass read before it met a cycle
// are read again by the final pass (Match final), which then stops at the cycle too;
// the cycle is reported once.
func TestTolerantIncludeCycleFinalPass(t *testing.T) {
	fsys := MapFS{
		"/cfg":       []byte("Include /inc/first\nInclude /dir/*\n"),
		"/inc/first": []byte("Match final\n  User finaluser\n"),
		"/dir/a":     []byte("Include /dir/*\n"),
	}
	env := &Env{FS: fsys, User: User{Name: "u", UID: 0, Home: "/home/u"}}
	req := NewRequest("h")
	req.ConfigFile, req.Tolerant = "/cfg", true
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := res.opts.str(keyword.User); u != "finaluser" {
		t.Errorf("User %q, want finaluser (set by the final pass)", u)
	}
	depth := 0
	for _, d := range res.Diags {
		if d.Code == CodeIncludeDepth {
			depth++
		}
	}
	if depth != 1 {
		t.Errorf("%d %s diagnostics, want 1: %v", depth, CodeIncludeDepth, res.Diags)
	}
}
