package resolve

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

func TestExpand(t *testing.T) {
	env := &Env{
		FS:       MapFS{"/cfg": []byte("Host h\n  HostName real.example\n  User bob\n  Port 2200\n  IdentityFile ~/.ssh/%r@%h\n")},
		User:     User{Name: "me", UID: 1000, Home: "/home/me"},
		Hostname: "laptop.local",
		Getenv:   func(k string) (string, bool) { v, ok := map[string]string{"XDG": "/run/x"}[k]; return v, ok },
	}
	req, err := ParseArgs([]string{"-F", "/cfg", "h"}, keyword.Debian92)
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	idf := res.List(keyword.IdentityFile).Kept[0].Value.(string)
	for _, c := range []struct {
		id       keyword.ID
		in, want string
		extra    map[byte]string
		wantErr  string
	}{
		{id: keyword.IdentityFile, in: idf, want: "/home/me/.ssh/bob@real.example"},
		{id: keyword.ControlPath, in: "~/.ssh/cm-%r@%h:%p", want: "/home/me/.ssh/cm-bob@real.example:2200"},
		{id: keyword.ControlPath, in: "${XDG}/%n-%l-%L-%u-%d", want: "/run/x/h-laptop.local-laptop-me-/home/me"},
		{id: keyword.UserKnownHostsFile, in: "~/kh-%k", want: "/home/me/kh-h"},
		// ProxyCommand takes only %h %k %n %p %r and no ${VAR} or ~
		{id: keyword.ProxyCommand, in: "nc %h %p # ${XDG} ~", want: "nc real.example 2200 # ${XDG} ~"},
		{id: keyword.ProxyCommand, in: "nc %u", wantErr: "unknown key %u"},
		// LocalCommand's %T is known only when connecting
		{id: keyword.LocalCommand, in: "echo %T %h", extra: map[byte]string{'T': "tun0"}, want: "echo tun0 real.example"},
		{id: keyword.LocalCommand, in: "echo %T", wantErr: "unknown key %T"},
		{id: keyword.RemoteCommand, in: "~/bin/x %r", want: "~/bin/x bob"},
		{id: keyword.IdentityAgent, in: "${NOPE}/agent", wantErr: "NOPE"},
	} {
		got, err := res.Expand(c.id, c.in, c.extra)
		switch {
		case c.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%v %q: err %v, want one naming %q", c.id, c.in, err, c.wantErr)
			}
		case err != nil || got != c.want:
			t.Errorf("%v %q: %q, %v; want %q", c.id, c.in, got, err, c.want)
		}
	}
	// %C is ssh's hash of %l%h%p%r
	if got, _ := res.Expand(keyword.ControlPath, "%C", nil); got != connectionHash("laptop.local", "real.example", "2200", "bob") {
		t.Errorf("%%C = %q", got)
	}
}
