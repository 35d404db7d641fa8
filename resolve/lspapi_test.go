package resolve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// The API the language server uses: per-call one-shot resolution on a shared Resolver,
// contexts, requests built without argv, and the keywords a line set.

// dumpOf resolves host from /cfg with r and returns the -G output or the error text.
func dumpOf(t *testing.T, r *Resolver, host string, oneShot bool) string {
	t.Helper()
	req := NewRequest(host)
	req.ConfigFile, req.OneShot = "/cfg", oneShot
	res, err := r.Resolve(req)
	if err != nil {
		return "error: " + err.Error()
	}
	return res.DumpG()
}

// A file given with SetFile wins over the file system in a one-shot call too, and the
// call keeps the tree whole.
func TestSetFileHonouredByOneShot(t *testing.T) {
	env := &Env{FS: MapFS{"/cfg": []byte("Host a\n  Port 1\n")}, User: User{Name: "u", Home: "/home/u"}}
	r := New(env, keyword.Debian92)
	f := parser.Parse("/cfg", []byte("Host a\n  Port 9\nHost b\n  Port 2\n"), parser.Options{})
	r.SetFile("/cfg", f)
	if got := dumpOf(t, r, "a", true); !strings.Contains(got, "\nport 9\n") {
		t.Errorf("one-shot call ignored the file set: %q", got)
	}
	if got := dumpOf(t, r, "b", true); !strings.Contains(got, "\nport 2\n") {
		t.Errorf("the set tree lost the block of b: %q", got)
	}
	if len(f.Blocks) != 3 { // the global block and two Host blocks
		t.Errorf("the set tree has %d blocks after one-shot calls, want 3", len(f.Blocks))
	}
	r.Forget("/cfg")
	if got := dumpOf(t, r, "a", true); !strings.Contains(got, "\nport 1\n") {
		t.Errorf("after Forget, the file system's file is not read: %q", got)
	}
}

// Hosts lists every alias after a one-shot call, whose partial tree lacks the blocks
// that could not match.
func TestHostsAfterOneShot(t *testing.T) {
	env := &Env{FS: MapFS{"/cfg": []byte("Host a\n  Port 1\nHost b c\n  Port 2\n")}, User: User{Name: "u", Home: "/home/u"}}
	r := New(env, keyword.Debian92)
	if got := dumpOf(t, r, "a", true); !strings.Contains(got, "\nport 1\n") {
		t.Fatalf("one-shot resolution: %q", got)
	}
	hs, _, err := r.Hosts("/cfg")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range hs {
		names = append(names, h.Name)
	}
	if got := strings.Join(names, " "); got != "a b c" {
		t.Errorf("Hosts after a one-shot call = %q, want %q", got, "a b c")
	}
}

// One Resolver shared by goroutines mixing one-shot and whole-tree calls gives what
// serial calls give (run with -race to check the locking).
func TestConcurrentCallsMatchSerial(t *testing.T) {
	files := MapFS{
		"/cfg": []byte("Include /inc/*\nHost a* !ab\n  Port 1\n  User ua\nMatch host b* exec \"true\"\n  Port 2\n" +
			"Host c\n  HostName c.example\n  CanonicalizeHostname always\nHost *\n  User fallback\n  IdentityFile ~/.ssh/k\n"),
		"/inc/1": []byte("Host ab\n  Port 3\nHost *.example\n  Compression yes\n"),
	}
	env := &Env{FS: files, User: User{Name: "u", Home: "/home/u"},
		Exec: func(context.Context, string) (int, error) { return 0, nil }}
	hosts := []string{"a", "ab", "abc", "b", "bc", "c", "d", "x.example"}
	want := map[string]string{}
	serial := New(env, keyword.Debian92)
	for _, h := range hosts {
		want[h] = dumpOf(t, serial, h, false)
		if got := dumpOf(t, New(env, keyword.Debian92), h, true); got != want[h] {
			t.Fatalf("%s: serial one-shot call differs:\n%s", h, sshtest.LineDiff(want[h], got))
		}
	}
	shared := New(env, keyword.Debian92)
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(hosts)*2)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range hosts {
				h := hosts[(i+g)%len(hosts)]
				for _, oneShot := range []bool{g%2 == 0, g%2 == 1} {
					if got := dumpOf(t, shared, h, oneShot); got != want[h] {
						errs <- fmt.Sprintf("goroutine %d, %s (one-shot %v):\n%s", g, h, oneShot, sshtest.LineDiff(want[h], got))
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// A cancelled context stops a Match exec command that is running, and the resolution
// returns context.Canceled.
func TestCancelStopsMatchExec(t *testing.T) {
	env := &Env{FS: MapFS{"/cfg": []byte("Match exec \"sleep 30\"\n  Port 2\n")}, User: User{Name: "u", Home: "/home/u"}}
	started := make(chan struct{})
	env.Exec = func(ctx context.Context, cmd string) (int, error) {
		close(started)
		<-ctx.Done()
		return -1, errors.New("stopped")
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	req := NewRequest("h")
	req.ConfigFile = "/cfg"
	if _, err := New(env, keyword.Debian92).ResolveContext(ctx, req); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// ShellExec kills the shell's whole process group when the context is cancelled: the
// sleep the shell started in the background is gone too.
func TestShellExecKillsProcessGroup(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	shell := ShellExec(func(string) (string, bool) { return "", false }, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := shell(ctx, "sleep 30 & echo $! > pid.tmp && mv pid.tmp pid; wait")
		done <- err
	}()
	var pid int
	for pid == 0 { // poll until the shell has started the sleep
		if b, err := os.ReadFile(pidFile); err == nil {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("ShellExec returned %v, want context.Canceled", err)
	}
	for alive(pid) { // until go test's timeout: the sleep must go
		time.Sleep(10 * time.Millisecond)
	}
}

// alive reports whether process pid exists and is not a zombie.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(stat), ") ")
	return !strings.HasPrefix(after, "Z")
}

// A context cancelled before the call stops it before the first line.
func TestCancelledBeforeResolve(t *testing.T) {
	ran := false
	env := &Env{FS: MapFS{"/cfg": []byte("Match exec true\n")}, User: User{Name: "u", Home: "/home/u"},
		Exec: func(context.Context, string) (int, error) { ran = true; return 0, nil }}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := NewRequest("h")
	req.ConfigFile = "/cfg"
	if _, err := New(env, keyword.Debian92).ResolveContext(ctx, req); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("err = %v, command run %v; want context.Canceled and no command", err, ran)
	}
}

type ctxKey struct{}

// LookupHost gets the resolution's context.
func TestLookupHostSeesContext(t *testing.T) {
	var seen []any
	env := &Env{FS: MapFS{"/cfg": []byte("CanonicalizeHostname yes\nCanonicalDomains example.com\n")},
		User: User{Name: "u", Home: "/home/u"},
		LookupHost: func(ctx context.Context, name string) (string, bool) {
			seen = append(seen, ctx.Value(ctxKey{}))
			return name, name == "h.example.com."
		}}
	req := NewRequest("h")
	req.ConfigFile = "/cfg"
	res, err := New(env, keyword.Debian92).ResolveContext(context.WithValue(context.Background(), ctxKey{}, "mine"), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Hostname != "h.example.com" || len(seen) == 0 || slices.ContainsFunc(seen, func(v any) bool { return v != "mine" }) {
		t.Errorf("hostname %q, lookups saw contexts with values %v", res.Hostname, seen)
	}
}

// A Request built with NewRequest and its methods resolves exactly as ParseArgs's
// from the equivalent command line.
func TestNewRequestMatchesArgs(t *testing.T) {
	demo, err := os.ReadFile("../testdata/demo/config")
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{FS: MapFS{"/demo": demo}, User: User{Name: "u", UID: 1000, Home: "/home/u"}, Hostname: "local.example"}
	cases := []struct {
		args  []string
		build func() *Request
	}{
		{[]string{"targaryen"}, func() *Request { return NewRequest("targaryen") }},
		{[]string{"-o", "Port=2222", "tyrell"}, func() *Request { return NewRequest("tyrell").Option("Port=2222") }},
		{[]string{"-o", "User alice", "-o", "User bob", "martell"}, func() *Request {
			return NewRequest("martell").Option("User alice").Option("User bob")
		}},
		{[]string{"-l", "alice", "targaryen"}, func() *Request { return NewRequest("targaryen").Login("alice") }},
		{[]string{"-o", "User=x", "-l", "y", "h"}, func() *Request { return NewRequest("h").Option("User=x").Login("y") }},
		{[]string{"-l", "y", "-o", "User=x", "h"}, func() *Request { return NewRequest("h").Login("y").Option("User=x") }},
		{[]string{"-p", "2200", "targaryen"}, func() *Request { return NewRequest("targaryen").Port("2200") }},
		{[]string{"-p", "ssh", "h"}, func() *Request { return NewRequest("h").Port("ssh") }},
		{[]string{"-p", "bogus", "h"}, func() *Request { return NewRequest("h").Port("bogus") }},
		{[]string{"-J", "u@j1:2022,j2", "tyrell"}, func() *Request { return NewRequest("tyrell").Jump("u@j1:2022,j2") }},
		{[]string{"-J", "none", "targaryen"}, func() *Request { return NewRequest("targaryen").Jump("none") }},
		{[]string{"-i", "/keys/a", "-i", "/keys/b", "h"}, func() *Request { return NewRequest("h").Identity("/keys/a").Identity("/keys/b") }},
		{[]string{"-o", "Include /demo", "h"}, func() *Request { return NewRequest("h").Option("Include /demo") }},
		{[]string{"-o", "NoSuchOption yes", "h"}, func() *Request { return NewRequest("h").Option("NoSuchOption yes") }},
		{[]string{"bad;host"}, func() *Request { return NewRequest("bad;host") }},
	}
	outcome := func(req *Request, err error) string {
		if err == nil {
			var res *Result
			if res, err = New(env, keyword.Debian92).Resolve(req); err == nil {
				return res.DumpG()
			}
		}
		return "error: " + err.Error()
	}
	for _, c := range cases {
		withF := append([]string{"-F", "/demo"}, c.args...)
		want := outcome(ParseArgs(withF, keyword.Debian92))
		req := c.build()
		req.ConfigFile = "/demo"
		if got := outcome(req, nil); got != want {
			t.Errorf("%q: NewRequest differs from ParseArgs:\n%s", c.args, sshtest.LineDiff(want, got))
		}
	}
}

// SetBy names the keywords a line of the demo config gave a value to, kept or lost.
func TestSetByOnDemoConfig(t *testing.T) {
	demo, err := os.ReadFile("../testdata/demo/config")
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{FS: MapFS{"/demo": demo}, User: User{Name: "u", UID: 1000, Home: "/home/u"}, Hostname: "local.example"}
	req := NewRequest("targaryen")
	req.ConfigFile = "/demo"
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[int][]keyword.ID{
		6:  nil,                    // Host got-bastion
		8:  nil,                    // a block that does not apply
		11: nil,                    // Host targaryen
		12: {keyword.Hostname},     // HostName 192.168.1.10
		13: {keyword.User},         // User dany: wins
		14: {keyword.IdentityFile}, // an entry of the list
		15: {keyword.ProxyJump},    // ProxyJump got-bastion
		28: {keyword.LogLevel},     // LogLevel INFO
		31: {keyword.User},         // User root: loses to line 13
		32: {keyword.Compression},  // Compression yes
		1:  nil,                    // a comment
		99: nil,                    // past the end
	} {
		if got := res.SetBy("/demo", line); !slices.Equal(got, want) {
			t.Errorf("line %d: SetBy = %v, want %v", line, got, want)
		}
	}
	if got := res.SetBy("/other", 12); got != nil {
		t.Errorf("another file: SetBy = %v, want none", got)
	}
}
