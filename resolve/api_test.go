package resolve

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// countingFS counts reads, to show that parsed files are not read again.
type countingFS struct {
	MapFS
	reads int
}

func (c *countingFS) Open(name string) (File, error) {
	c.reads++
	return c.MapFS.Open(name)
}

func TestResolveFromParsedFiles(t *testing.T) {
	fs := &countingFS{MapFS: MapFS{}}
	env := &Env{FS: fs, User: User{Name: "u", Home: "/home/u"}}
	r := New(env, keyword.Debian92)
	f := parser.Parse("/cfg", []byte("Host a\n  Port 1\nHost b\n  Port 2\n"), parser.Options{})
	r.SetFile("/cfg", f)
	for host, port := range map[string]string{"a": "port 1\n", "b": "port 2\n", "c": "port 22\n"} {
		req, err := ParseArgs([]string{"-F", "/cfg", host}, keyword.Debian92)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Resolve(req)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.DumpG(), "\n"+port) {
			t.Errorf("%s: want %q", host, port)
		}
	}
	if fs.reads != 0 {
		t.Errorf("the file system was read %d times; the parsed file should have been used", fs.reads)
	}
	r.Forget("/cfg")
	req, _ := ParseArgs([]string{"-F", "/cfg", "a"}, keyword.Debian92)
	if _, err := r.Resolve(req); err == nil || fs.reads != 1 {
		t.Errorf("after Forget the file must be read again (reads %d, err %v)", fs.reads, err)
	}
}

// An editor's unsaved buffer replaces the file on disk; other files come from the base.
func TestOverlayFS(t *testing.T) {
	base := MapFS{"/c/config": []byte("Include /c/inc\n"), "/c/inc": []byte("Port 1\n")}
	env := &Env{FS: OverlayFS{Base: base, Files: MapFS{"/c/inc": []byte("Port 2\n")}}, User: User{Name: "u", Home: "/h"}}
	req, _ := ParseArgs([]string{"-F", "/c/config", "x"}, keyword.Debian92)
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.DumpG(), "\nport 2\n") {
		t.Errorf("the unsaved buffer was not used:\n%s", res.DumpG())
	}
}
