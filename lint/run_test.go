package lint_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/resolve"
)

// lintMap lints /home/me/.ssh/config of an in-memory file system.
func lintMap(t *testing.T, files resolve.MapFS) *lint.Result {
	t.Helper()
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}, Hostname: "laptop"}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestEveryFindingHasALocation: no finding of the golden corpus, nor of a destination ssh
// rejects (a Host alias or a made-up name with ';'), leaves lint without a file.
func TestEveryFindingHasALocation(t *testing.T) {
	cases := map[string]resolve.MapFS{
		"rejected-names": {"/home/me/.ssh/config": []byte("Host web foo;bar\n  User x\nHost q*;z\n  User y\nMatch host m;n\n  User z\n")},
	}
	for _, a := range golden.Load(t, "../testdata/lint/*.txtar") {
		files := resolve.MapFS{}
		for _, f := range a.Files {
			if f.Name != "want" {
				files["/home/me/.ssh/"+f.Name] = f.Data
			}
		}
		cases[filepath.Base(a.Path)] = files
	}
	for name, files := range cases {
		for _, d := range lintMap(t, files).Findings {
			if d.File == "" {
				t.Errorf("%s: finding without a file: %s [%s]", name, d.Message, d.Code)
			}
		}
	}
	res := lintMap(t, cases["rejected-names"])
	var got []string
	for _, d := range res.Findings {
		if d.Code == resolve.CodeSSHStops {
			got = append(got, fmt.Sprintf("%d-%d %s", d.Span.Start, d.Span.End, d.Message))
		}
	}
	want := []string{
		"9-16 ssh rejects foo;bar as a destination: hostname contains invalid characters",
		"31-35 ssh rejects qx;z as a destination: hostname contains invalid characters",
	}
	if len(got) != 3 || !slices.Equal(got[:2], want) || !strings.Contains(got[2], " ssh rejects m;n as a destination: ") {
		t.Errorf("got %q, want %q and one for m;n", got, want)
	}
}

// pipeFS serves one file as a pipe: its bytes on the first open only, as a pipe or
// /dev/stdin gives them; dirs are directories.
type pipeFS struct {
	resolve.MapFS
	pipe   string
	opened *int
	dirs   map[string]bool
}

type typedFile struct {
	resolve.File
	mode fs.FileMode
}

func (f typedFile) Stat() (fs.FileMode, int, error) { return f.mode, 1000, nil }

func (p pipeFS) Open(name string) (resolve.File, error) {
	switch {
	case name == p.pipe:
		*p.opened++
		src := p.MapFS[name]
		if *p.opened > 1 {
			src = nil
		}
		f, _ := resolve.MapFS{name: src}.Open(name)
		return typedFile{f, fs.ModeNamedPipe | 0o600}, nil
	case p.dirs[name]:
		f, _ := resolve.MapFS{name: nil}.Open(name)
		return typedFile{f, fs.ModeDir | 0o755}, nil
	}
	return p.MapFS.Open(name)
}

// TestPipeConfigReadOnce: a configuration on a pipe is read once and linted whole; a
// directory is an error.
func TestPipeConfigReadOnce(t *testing.T) {
	opened := 0
	files := pipeFS{MapFS: resolve.MapFS{"/dev/stdin": []byte("Host x\n  Usr bob\n")}, pipe: "/dev/stdin", opened: &opened,
		dirs: map[string]bool{"/home/me/.ssh": true}}
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/dev/stdin", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Code != "unknown-keyword" || res.Findings[0].File != "/dev/stdin" || res.Findings[0].Span.Start != 9 || opened != 1 {
		t.Errorf("opened %d times, findings %v", opened, res.Findings)
	}
	_, err = lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh", Env: env})
	var fe *resolve.FatalError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "is a directory") {
		t.Errorf("directory: err %v", err)
	}
}

// modeMapFS gives the files named in modes that mode, owned by uid 1000.
type modeMapFS struct {
	resolve.MapFS
	modes map[string]fs.FileMode
}

func (m modeMapFS) Open(name string) (resolve.File, error) {
	f, err := m.MapFS.Open(name)
	if mode, ok := m.modes[name]; ok && err == nil {
		return typedFile{f, mode}, nil
	}
	return f, err
}

// TestRefusedUserConfigLinted: in default mode a ~/.ssh/config (and an Included file)
// ssh refuses for its mode is linted all the same, and the permission rule reports it at
// its line 1 with a chmod fix, with the real mode.
func TestRefusedUserConfigLinted(t *testing.T) {
	files := modeMapFS{resolve.MapFS{
		"/home/me/.ssh/config": []byte("Include inc\nHost a\n  StrictHostKeyChecking no\n"),
		"/home/me/.ssh/inc":    []byte("Host b\n  Usr x\n"),
	}, map[string]fs.FileMode{"/home/me/.ssh/config": 0o666, "/home/me/.ssh/inc": 0o646}}
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := lint.Run(context.Background(), lint.Options{Env: env})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Findings {
		fix := ""
		if len(d.Fixes) > 0 && d.Fixes[0].Chmod != nil {
			fix = " chmod"
		}
		got = append(got, fmt.Sprintf("%s:%d:%s%s", filepath.Base(d.File), d.Span.Start, d.Code, fix))
	}
	want := []string{"config:0:config-permissions chmod", "config:43:strict-host-key-checking-off", "inc:0:config-permissions chmod", "inc:9:unknown-keyword"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, f := range res.Files {
		if mode := files.modes[f.Path]; f.Mode != mode {
			t.Errorf("%s: File.Mode %v, want the real %v", f.Path, f.Mode, mode)
		}
	}
}

// TestMatchExecBlocksChecked: the settings of a Match exec block are checked as if the
// command succeeded, and no command runs.
func TestMatchExecBlocksChecked(t *testing.T) {
	files := resolve.MapFS{"/home/me/.ssh/config": []byte("Match exec \"touch /tmp/ran\"\n  StrictHostKeyChecking no\nHost a\n  User x\n")}
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"},
		Exec: func(context.Context, string) (int, error) { t.Error("a command ran"); return 0, nil }}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Findings, func(d diag.Diagnostic) bool { return d.Code == "strict-host-key-checking-off" }) {
		t.Errorf("StrictHostKeyChecking no in the exec block not reported: %v", res.Findings)
	}
	seen := map[string]int{}
	for _, d := range res.Findings {
		seen[fmt.Sprint(d.File, d.Span, d.Code, d.Message)]++
		if seen[fmt.Sprint(d.File, d.Span, d.Code, d.Message)] > 1 {
			t.Errorf("reported twice: %v", d)
		}
	}
}

// countingFS counts the Glob calls that reach a file system.
type countingFS struct {
	resolve.MapFS
	globs map[string]int
}

func (c *countingFS) Glob(pattern string) ([]string, error) {
	c.globs[pattern]++
	return c.MapFS.Glob(pattern)
}

// TestIncludeGlobNotPerHost: resolving every host of an Include directory does not list
// the directory again for each host and pass (hosts times files): the number of Glob
// calls does not depend on the number of hosts.
func TestIncludeGlobNotPerHost(t *testing.T) {
	globs := func(hosts int) int {
		files := resolve.MapFS{"/home/me/.ssh/config": []byte("Include conf.d/*.conf\nHost *\n  User me\n")}
		for i := range hosts {
			files[fmt.Sprintf("/home/me/.ssh/conf.d/%02d.conf", i)] = fmt.Appendf(nil, "Host h%d h%d.example\n  Port 22%02d\n", i, i, i)
		}
		fsys := &countingFS{MapFS: files, globs: map[string]int{}}
		env := &resolve.Env{FS: fsys, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}, Hostname: "laptop"}
		res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != hosts+1 {
			t.Errorf("%d hosts: read %d files, want %d", hosts, len(res.Files), hosts+1)
		}
		return fsys.globs["/home/me/.ssh/conf.d/*.conf"]
	}
	if few, many := globs(2), globs(20); few != many {
		t.Errorf("Glob called %d times for 2 hosts, %d times for 20", few, many)
	}
}

// TestIncludeOfFIFONotOpened: on the real file system, a configuration named on the
// command line may be a FIFO (lint <(…)), but an Include of one is reported, not waited
// on.
func TestIncludeOfFIFONotOpened(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("Include "+fifo+"\nHost x\n  User u\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(dir, "named")
	if err := syscall.Mkfifo(named, 0o600); err != nil {
		t.Fatal(err)
	}
	go func() { // the writer of the FIFO named on the command line
		if f, err := os.OpenFile(named, os.O_WRONLY, 0); err == nil {
			f.WriteString("Include " + fifo + "\nHost y\n")
			f.Close()
		}
	}()
	env := &resolve.Env{FS: resolve.OSFS{}, User: resolve.User{Name: "me", UID: os.Getuid(), Home: dir}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, c := range []struct {
			config string
			want   int // include-unreadable findings
		}{{config, 1}, {named, 1}} {
			res, err := lint.Run(context.Background(), lint.Options{ConfigFile: c.config, Env: env})
			if err != nil {
				t.Errorf("%s: %v", c.config, err)
				continue
			}
			n := 0
			for _, f := range res.Findings {
				if f.Code == resolve.CodeIncludeUnreadable && strings.Contains(strings.ToLower(f.Message), resolve.ErrSpecialFile.Error()) {
					n++
				}
			}
			if n != c.want {
				t.Errorf("%s: %d Includes reported as not regular files, want %d: %v", c.config, n, c.want, res.Findings)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute): // a guard against a hang, not a measure
		t.Fatal("lint waited on an included FIFO")
	}
}

// TestDefaultConfigFIFONotClean: without -F, a ~/.ssh/config that is a FIFO is not read
// (ssh would wait on it) and is an error, not a clean result.
func TestDefaultConfigFIFONotClean(t *testing.T) {
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(home, ".ssh", "config"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := &resolve.Env{FS: resolve.OSFS{}, User: resolve.User{Name: "me", UID: os.Getuid(), Home: home}}
	_, err := lint.Run(context.Background(), lint.Options{Env: env})
	var fe *resolve.FatalError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, resolve.ErrSpecialFile.Error()) {
		t.Errorf("err %v, want the FIFO refused", err)
	}
}
