package resolve

import (
	"slices"
	"testing"

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
