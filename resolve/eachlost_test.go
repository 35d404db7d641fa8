package resolve

import (
	"fmt"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestEachLost: every keyword that keeps one value and beat another assignment, with the
// same source and lost assignments Get gives, and nothing else.
func TestEachLost(t *testing.T) {
	env := &Env{FS: MapFS{"/c": []byte("Host a\n  User x\n  IdentityFile k1\nHost *\n  User y\n  Port 1\n  IdentityFile k2\n  User z\n")}, User: User{Name: "me", Home: "/home/me"}}
	req := NewRequest("a")
	req.ConfigFile = "/c"
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	res.EachLost(func(id keyword.ID, src Source, lost []Source) {
		s, _ := res.Get(id)
		if s.Source.Line != src.Line || len(s.Lost) != len(lost) {
			t.Errorf("%s: %+v %+v, Get gives %+v", id.Keyword().Name, src, lost, s)
		}
		got = append(got, fmt.Sprintf("%s:%d", id.Keyword().Name, src.Line))
		for _, l := range lost {
			got = append(got, fmt.Sprint(l.Line))
		}
	})
	if want := "[User:2 5 8]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
