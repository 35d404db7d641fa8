package resolve

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

func TestDialectOf(t *testing.T) {
	for release, want := range map[string]keyword.Dialect{
		"OpenSSH_9.2p1 Debian-2+deb12u10": {Version: keyword.Version{Major: 9, Minor: 2}, Debian: true, GSSAPI: true, DebianRevision: 10},
		"OpenSSH_9.2p1 Debian-2+deb12u6":  {Version: keyword.Version{Major: 9, Minor: 2}, Debian: true, GSSAPI: true, DebianRevision: 6},
		"OpenSSH_10.5p1":                  {Version: keyword.Version{Major: 10, Minor: 5}},
	} {
		got, ok := keyword.DialectOf(release)
		want.Release = release
		if !ok || got != want {
			t.Errorf("DialectOf(%q) = %+v, want %+v", release, got, want)
		}
	}
}

// Debian's deb12u6 (observed live before the machine moved to deb12u10) accepted a ','
// in the destination and an unchecked -J, and let "ProxyJump none" block a later
// ProxyCommand; deb12u10 backports the upstream changes.
func TestDebianRevisions(t *testing.T) {
	env := &Env{FS: MapFS{"/c": []byte("Host h\n  ProxyJump none\nHost *\n  ProxyCommand nc %h %p\n")},
		User: User{Name: "u", Home: "/h"}}
	resolveWith := func(d keyword.Dialect, args ...string) (string, error) {
		req, err := ParseArgs(args, d)
		if err != nil {
			return "", err
		}
		res, err := New(env, d).Resolve(req)
		if err != nil {
			return "", err
		}
		return res.DumpG(), nil
	}
	for _, tc := range []struct {
		args        []string
		u6ok, u10ok bool
	}{
		{[]string{"-F", "none", "a,b"}, true, false},
		{[]string{"-F", "none", "-J", "a;b", "h"}, true, false},
	} {
		_, err6 := resolveWith(keyword.Debian92u6, tc.args...)
		_, err10 := resolveWith(keyword.Debian92, tc.args...)
		if (err6 == nil) != tc.u6ok || (err10 == nil) != tc.u10ok {
			t.Errorf("%v: u6 err %v, u10 err %v", tc.args, err6, err10)
		}
	}
	out6, _ := resolveWith(keyword.Debian92u6, "-F", "/c", "h")
	out10, _ := resolveWith(keyword.Debian92, "-F", "/c", "h")
	if strings.Contains(out6, "proxycommand") || !strings.Contains(out10, "proxycommand nc %h %p\n") {
		t.Errorf("ProxyJump none then ProxyCommand:\nu6:\n%s\nu10:\n%s", out6, out10)
	}
}
