package resolve

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// byteCountingFS counts the bytes read from every file it opens.
type byteCountingFS struct {
	FS
	read map[string]int64
}

func (c *byteCountingFS) Open(name string) (File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingFile{File: f, n: func(k int) { c.read[name] += int64(k) }}, nil
}

type countingFile struct {
	File
	n func(int)
}

func (f *countingFile) Read(p []byte) (int, error) {
	k, err := f.File.Read(p)
	f.n(k)
	return k, err
}

// resolveWith resolves ssh arguments with env in the Debian 9.2 dialect.
func resolveWith(t *testing.T, env *Env, args ...string) (*Result, error) {
	t.Helper()
	req, err := ParseArgs(args, keyword.Debian92)
	if err != nil {
		t.Fatal(err)
	}
	return New(env, keyword.Debian92).Resolve(req)
}

func osTestEnv(fs FS) *Env {
	return &Env{FS: fs, User: User{Name: "u", UID: os.Getuid(), Home: "/nonexistent"}}
}

// An Include of a huge world-writable file is refused by the owner/mode check on the open
// file, before a byte is read (ssh: fopen, fstat, check).
func TestIncludeCheckedBeforeRead(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 3<<30); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	if err := os.Chmod(big, 0o666); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, []byte("Include "+big+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := &byteCountingFS{FS: OSFS{}, read: map[string]int64{}}
	_, err := resolveWith(t, osTestEnv(fs), "-F", cfg, "h")
	var fe *FatalError
	if !errors.As(err, &fe) || fe.Msg != "Bad owner or permissions on "+big {
		t.Fatalf("want ssh's refusal, got %v", err)
	}
	if n := fs.read[big]; n != 0 {
		t.Errorf("%d bytes of the refused file were read", n)
	}
	if bin, ok := sshOnPath(t); ok {
		_, stderr, status, err := sshtest.RunG(bin, dir, []string{"HOME=" + dir}, []string{"-F", cfg, "h"})
		if err != nil {
			t.Fatal(err)
		}
		if want := fe.Msg + "\r\n"; status != 255 || stderr != want {
			t.Errorf("ssh: exit %d, %q; want 255, %q", status, stderr, want)
		}
	}
}

// -F /dev/zero: ssh reads it until memory runs out; sshcfg stops at MaxFileSize with a
// clear error, in bounded memory. Include /dev/zero is refused unread, as by ssh.
func TestDevZero(t *testing.T) {
	fs := &byteCountingFS{FS: OSFS{}, read: map[string]int64{}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := resolveWith(t, osTestEnv(fs), "-F", "/dev/zero", "h")
	runtime.ReadMemStats(&after)
	var fe *FatalError
	if !errors.As(err, &fe) || !strings.HasPrefix(fe.Msg, "/dev/zero: longer than 64 MiB") {
		t.Fatalf("want the size error, got %v", err)
	}
	if n := fs.read["/dev/zero"]; n != MaxFileSize+1 {
		t.Errorf("read %d bytes of /dev/zero, want %d", n, MaxFileSize+1)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*MaxFileSize {
		t.Errorf("allocated %d MiB reading /dev/zero", alloc>>20)
	}

	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, []byte("Include /dev/zero\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = resolveWith(t, osTestEnv(fs), "-F", cfg, "h")
	if !errors.As(err, &fe) || fe.Msg != "Bad owner or permissions on /dev/zero" {
		t.Fatalf("want ssh's refusal, got %v", err)
	}
	if n := fs.read["/dev/zero"]; n != MaxFileSize+1 {
		t.Errorf("Include /dev/zero read %d bytes", n-MaxFileSize-1)
	}
}

// A regular file over MaxFileSize is refused with a message about its size only: the
// "until memory runs out" wording is for endless devices such as /dev/zero.
func TestLargeRegularFile(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	_, err := resolveWith(t, osTestEnv(OSFS{}), "-F", big, "h")
	var fe *FatalError
	want := big + ": larger than 64 MiB: sshcfg does not read configuration files this large"
	if !errors.As(err, &fe) || fe.Msg != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// A file that is not a regular file is opened again on the final pass, as ssh does: a
// pipe on standard input holding a Match final block is empty the second time, so the
// block never applies. Compared live with ssh reading the same bytes from its stdin.
func TestPipeReadAgainOnFinalPass(t *testing.T) {
	const content = "Match final\n  User fromfinal\nHost *\n  Port 7\n"
	for _, viaInclude := range []bool{false, true} {
		dir := t.TempDir()
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, content); err != nil {
			t.Fatal(err)
		}
		w.Close()
		pipePath := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
		sshCfg, ourCfg := "/dev/stdin", pipePath
		if viaInclude {
			sshCfg, ourCfg = filepath.Join(dir, "ssh.cfg"), filepath.Join(dir, "our.cfg")
			os.WriteFile(sshCfg, []byte("Include /dev/stdin\n"), 0o644)
			os.WriteFile(ourCfg, []byte("Include "+pipePath+"\n"), 0o644)
		}
		res, err := resolveWith(t, OSEnv("", false), "-F", ourCfg, "h")
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := res.DumpG()
		if !strings.Contains(got, "\nport 7\n") || strings.Contains(got, "fromfinal") {
			t.Errorf("include=%v: want port 7 and no final-pass user:\n%s", viaInclude, got)
		}
		bin, ok := sshOnPath(t)
		if !ok {
			continue
		}
		cmd := exec.Command(bin, "-G", "-F", sshCfg, "h")
		cmd.Dir, cmd.Env, cmd.Stdin = dir, []string{"HOME=" + dir}, strings.NewReader(content)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if want := string(out); got != want {
			t.Errorf("include=%v: differs from ssh -G:\n%s", viaInclude, sshtest.LineDiff(want, got))
		}
	}
}

// ShellExec gives the command no descriptor beyond 0, 1 and 2, even one this process
// inherited without close-on-exec (ssh's closefrom); ssh agrees, live.
func TestShellExecClosesInheritedFiles(t *testing.T) {
	fd, err := syscall.Open(os.DevNull, syscall.O_RDONLY, 0) // no O_CLOEXEC
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	run := ShellExec(func(string) (string, bool) { return "", false }, "")
	status, err := run(context.Background(), "[ -e /proc/$$/fd/"+strconv.Itoa(fd)+" ]")
	if err != nil || status != 1 {
		t.Errorf("the command saw descriptor %d (status %d, %v)", fd, status, err)
	}
	if bin, ok := sshOnPath(t); ok {
		dir := t.TempDir()
		cfg := filepath.Join(dir, "config")
		os.WriteFile(cfg, []byte("Match exec \"[ -e /proc/$$/fd/3 ]\"\n  Port 7\n"), 0o644)
		cmd := exec.Command(bin, "-G", "-F", cfg, "h")
		cmd.Dir, cmd.Env = dir, []string{"HOME=" + dir, "PATH=/usr/bin:/bin"}
		devnull, _ := os.Open(os.DevNull)
		defer devnull.Close()
		cmd.ExtraFiles = []*os.File{devnull}
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), "\nport 22\n") {
			t.Errorf("ssh's command saw descriptor 3 (%v)", err)
		}
	}
}

// sshOnPath returns the ssh binary for live comparisons; without one it fails under CI
// and returns false elsewhere.
func sshOnPath(t *testing.T) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ssh is not installed, and CI=true requires it: %v", err)
		}
		return "", false
	}
	return bin, true
}
