package resolve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestOSFSReadsRegularFilesAndFIFOs reads a regular file (mode, owner and size from one
// fstat) and a FIFO whose writer comes later, both to their end.
func TestOSFSReadsRegularFilesAndFIFOs(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "config")
	body := []byte("Host x\n  User u\n")
	if err := os.WriteFile(regular, body, 0o640); err != nil {
		t.Fatal(err)
	}
	f, err := OSFS{}.Open(regular)
	if err != nil {
		t.Fatal(err)
	}
	mode, uid, err := f.Stat()
	if err != nil || mode != 0o640 || uid != os.Getuid() {
		t.Errorf("Stat: %v %d %v, want -rw-r----- %d", mode, uid, err, os.Getuid())
	}
	src, err := readBounded(f, mode)
	if err != nil || string(src) != string(body) {
		t.Errorf("read %q, %v; want %q", src, err, body)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := f.Close(); err != fs.ErrClosed {
		t.Errorf("second Close: %v, want fs.ErrClosed", err)
	}

	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // waits for the reader below
		if err == nil {
			_, err = w.Write(body)
			w.Close()
		}
		done <- err
	}()
	f, err = OSFS{}.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mode, _, err = f.Stat()
	if err != nil || mode&fs.ModeNamedPipe == 0 {
		t.Fatalf("Stat of a FIFO: %v, %v", mode, err)
	}
	src, err = readBounded(f, mode)
	if err != nil || string(src) != string(body) {
		t.Errorf("FIFO read %q, %v; want %q", src, err, body)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestOSFSRegularOnly opens what a linter may read (a regular file, a directory, the
// null device, also through a link) and refuses without waiting or reading what it may
// not: a FIFO no one writes to, a socket, another device, standard input when it is a
// pipe. Then it checks that a tolerant resolution reports an Include of a FIFO at the
// Include line.
func TestOSFSRegularOnly(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	if err := os.WriteFile(path("config"), []byte("Include "+path("fifo")+"\nHost x\n  User u\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path("fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", path("socket"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := os.Symlink(os.DevNull, path("null")); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	stdinPipe := fmt.Sprintf("/proc/self/fd/%d", r.Fd())
	if _, err := w.WriteString("Host stolen\n"); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fsys := OSFS{RegularOnly: true}
		for _, name := range []string{path("config"), dir, os.DevNull, path("null")} {
			f, err := fsys.Open(name)
			if err != nil {
				t.Errorf("Open(%s): %v", name, err)
				continue
			}
			f.Close()
		}
		for _, name := range []string{path("fifo"), path("socket"), "/dev/zero", stdinPipe} {
			if f, err := fsys.Open(name); !errors.Is(err, ErrSpecialFile) {
				t.Errorf("Open(%s) = %v, %v; want ErrSpecialFile", name, f, err)
				if f != nil {
					f.Close()
				}
			}
		}
		env := &Env{FS: fsys, User: User{Name: "u", UID: os.Getuid(), Home: dir}}
		req := NewRequest("x")
		req.ConfigFile, req.Tolerant = path("config"), true
		res, err := New(env, keyword.Debian92).Resolve(req)
		if err != nil {
			t.Errorf("Resolve: %v", err)
			return
		}
		found := false
		for _, d := range res.Diags {
			found = found || d.Code == CodeIncludeUnreadable && d.File == path("config") && d.Span.Start < len("Include "+path("fifo")) && strings.Contains(strings.ToLower(d.Message), ErrSpecialFile.Error())
		}
		if !found {
			t.Errorf("no %s finding at the Include of the FIFO: %v", CodeIncludeUnreadable, res.Diags)
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute): // a guard against a hang, not a measure
		t.Fatal("OSFS with RegularOnly waited on a FIFO")
	}
	// the pipe still holds what was written to it: nothing read it
	w.Close()
	if b, _ := io.ReadAll(r); string(b) != "Host stolen\n" {
		t.Errorf("the pipe was read: %q left", b)
	}
}
