package safefile

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, path, data string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leftovers lists the temporary files left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.Contains(e.Name(), ".sshcfg-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestReadRegularRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, link, "/dev/zero", "/dev/null", dir} {
		_, _, err := ReadRegular(p, Limit)
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: got %v, want a not-regular error naming the file", p, err)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was touched: %v %v", fi, err)
	}
}

func TestReadRegularLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	write(t, p, "0123456789", 0o600)
	if b, _, err := ReadRegular(p, 10); err != nil || string(b) != "0123456789" {
		t.Errorf("at the limit: %q %v", b, err)
	}
	if _, _, err := ReadRegular(p, 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
}

func TestReadLimited(t *testing.T) {
	if b, err := ReadLimited(strings.NewReader("abc"), "<stdin>", 3); err != nil || string(b) != "abc" {
		t.Errorf("at the limit: %q %v", b, err)
	}
	if _, err := ReadLimited(strings.NewReader("abcd"), "<stdin>", 3); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "<stdin>") {
		t.Errorf("over the limit: %v", err)
	}
}

func TestWriteAtomicKeepsModeOwnerAndLink(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config")
	write(t, p, "old\n", 0o640)
	if err := os.Chmod(p, 0o640|fs.ModeSetgid|fs.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(p, 12345, 12346); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("config", link); err != nil {
		t.Fatal(err)
	}
	_, snap, err := ReadRegular(link, Limit)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(link, []byte("new\n"), snap); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, p); got != "new\n" {
		t.Errorf("content %q", got)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	fi, _ := os.Stat(p)
	if want := 0o640 | fs.ModeSetgid | fs.ModeSticky; fi.Mode()&(fs.ModePerm|specialBits) != want {
		t.Errorf("mode %v, want %v", fi.Mode(), want)
	}
	if st := fi.Sys().(*syscall.Stat_t); os.Geteuid() == 0 && (st.Uid != 12345 || st.Gid != 12346) {
		t.Errorf("owner %d:%d, want 12345:12346", st.Uid, st.Gid)
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestWriteAtomicKeepsSetuid(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the file another owner")
	}
	p := filepath.Join(t.TempDir(), "config")
	write(t, p, "old\n", 0o755)
	if err := os.Chown(p, 12345, 12345); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o755|fs.ModeSetuid|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	_, snap, err := ReadRegular(p, Limit)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(p, []byte("new\n"), snap); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if want := 0o755 | fs.ModeSetuid | fs.ModeSetgid; fi.Mode()&(fs.ModePerm|specialBits) != want {
		t.Errorf("mode %v, want %v (chown after chmod clears setuid)", fi.Mode(), want)
	}
}

// TestWriteAtomicRefusesChangedFile appends to the file after the temporary file is
// written and before the rename: the write must be refused and the append kept.
func TestWriteAtomicRefusesChangedFile(t *testing.T) {
	for _, change := range []struct {
		name string
		do   func(t *testing.T, p string)
	}{
		{"append", func(t *testing.T, p string) {
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("Host appended\n")
			f.Close()
		}},
		{"same size, same mtime", func(t *testing.T, p string) {
			fi, _ := os.Stat(p)
			write(t, p, "Host zzzzzzzz\n", 0o600)
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
		}},
		{"replaced", func(t *testing.T, p string) {
			write(t, p+".new", "Host original\n", 0o600)
			os.Rename(p+".new", p)
		}},
	} {
		t.Run(change.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "config")
			write(t, p, "Host original\n", 0o600)
			_, snap, err := ReadRegular(p, Limit)
			if err != nil {
				t.Fatal(err)
			}
			var want string
			beforeRename = func(string) { change.do(t, p); want = readString(t, p) }
			defer func() { beforeRename = func(string) {} }()
			err = WriteAtomic(p, []byte("formatted\n"), snap)
			if !errors.Is(err, ErrChanged) {
				t.Errorf("got %v, want ErrChanged", err)
			}
			if got := readString(t, p); got != want {
				t.Errorf("file is %q, want %q", got, want)
			}
			if l := leftovers(t, dir); l != nil {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

func TestPrivateDir(t *testing.T) {
	base := t.TempDir()
	d, err := OpenPrivateDir(filepath.Join(base, "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if fi, _ := os.Stat(filepath.Join(base, "a", "b")); fi.Mode().Perm() != 0o700 {
		t.Errorf("created with mode %v", fi.Mode().Perm())
	}

	elsewhere := t.TempDir()
	link := filepath.Join(base, "link")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenPrivateDir(link); !errors.Is(err, ErrNotPrivate) {
		t.Errorf("symbolic link: %v", err)
	}
	open := filepath.Join(base, "open")
	os.Mkdir(open, 0o700)
	os.Chmod(open, 0o777)
	if _, err := OpenPrivateDir(open); !errors.Is(err, ErrNotPrivate) {
		t.Errorf("world-writable: %v", err)
	}
	if os.Geteuid() == 0 {
		other := filepath.Join(base, "other")
		os.Mkdir(other, 0o700)
		os.Chown(other, 12345, 12345)
		if _, err := OpenPrivateDir(other); !errors.Is(err, ErrNotPrivate) {
			t.Errorf("owned by another user: %v", err)
		}
	}
}

func TestDirNeverFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "target")
	write(t, target, "precious\n", 0o600)
	if err := os.Symlink(target, filepath.Join(dir, "cache")); err != nil {
		t.Fatal(err)
	}
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, _, err := d.ReadRegular("cache", Limit); !errors.Is(err, ErrSymlink) {
		t.Errorf("read through a link: %v", err)
	}
	if err := d.WriteAtomic("cache", []byte("x\n"), nil); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, target); got != "precious\n" {
		t.Errorf("link target overwritten: %q", got)
	}
	if fi, _ := os.Lstat(filepath.Join(dir, "cache")); !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file: %v", fi.Mode())
	}
}

func TestInterruptedRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	d, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	f, name, err := d.createTemp("config")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	var raised os.Signal
	tmp := &temp{root: d.root, name: name}
	tmp.interrupted(syscall.SIGTERM, func(s os.Signal) { raised = s })
	if raised != syscall.SIGTERM {
		t.Errorf("signal passed on: %v", raised)
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("temporary file left: %v", l)
	}
}

// TestSignalRemovesTemp runs a write in a child process that stops just before the
// rename and tells the parent so; the parent sends SIGTERM and checks that the child
// died of it, leaving the file as it was and no temporary file.
func TestSignalRemovesTemp(t *testing.T) {
	if dir := os.Getenv("SAFEFILE_SIGNAL_CHILD"); dir != "" {
		p := filepath.Join(dir, "config")
		_, snap, err := ReadRegular(p, Limit)
		if err != nil {
			os.Exit(3)
		}
		beforeRename = func(string) {
			os.Stdout.WriteString("ready\n")
			select {}
		}
		WriteAtomic(p, []byte("new\n"), snap)
		os.Exit(4)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "config")
	write(t, p, "old\n", 0o600)
	cmd := exec.Command(os.Args[0], "-test.run=^TestSignalRemovesTemp$")
	cmd.Env = append(os.Environ(), "SAFEFILE_SIGNAL_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q, %v", line, err)
	}
	if l := leftovers(t, dir); len(l) != 1 {
		t.Fatalf("while writing, temporary files: %v", l)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err = cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("child did not die of SIGTERM: %v", err)
	}
	if l := leftovers(t, dir); l != nil {
		t.Errorf("temporary file left: %v", l)
	}
	if got := readString(t, p); got != "old\n" {
		t.Errorf("file changed: %q", got)
	}
}

// TestWriteAtomicRefusesLostOwnership makes chown fail as it does for an ordinary user
// and gives the snapshot another owner or group than the replacement would get: the
// write is refused, naming what could not be kept, and the file stays as it was.
func TestWriteAtomicRefusesLostOwnership(t *testing.T) {
	for _, c := range []struct {
		name         string
		uid, gid     int
		special      fs.FileMode
		want, absent string
	}{
		{"owner", 1, 0, 0, "cannot keep its owner (uid ", "group"},
		{"group", 0, 1, 0, "cannot keep its group (gid ", "owner"},
		{"group of a setgid file", 0, 1, fs.ModeSetgid, "cannot keep its group (gid ", "owner"},
		{"both", 1, 1, fs.ModeSetuid, " and group (gid ", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "config")
			write(t, p, "old\n", 0o666)
			if err := os.Chmod(p, 0o666|c.special); err != nil {
				t.Fatal(err)
			}
			_, snap, err := ReadRegular(p, Limit)
			if err != nil {
				t.Fatal(err)
			}
			snap.UID += c.uid
			snap.GID += c.gid
			old := chown
			chown = func(*os.File, int, int) error { return syscall.EPERM }
			defer func() { chown = old }()
			err = WriteAtomic(p, []byte("new\n"), snap)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) ||
				(c.absent != "" && strings.Contains(err.Error(), c.absent)) {
				t.Errorf("got %v, want an error naming the file and %q", err, c.want)
			}
			if got := readString(t, p); got != "old\n" {
				t.Errorf("file changed: %q", got)
			}
			if l := leftovers(t, dir); l != nil {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

// TestWriteAtomicAsOtherUser runs a write as uid 65534 (nobody) on a root-owned 0666 file
// in a directory that user owns, where the rename would succeed but chown cannot: the
// write must be refused and the file keep its owner and content.
func TestWriteAtomicAsOtherUser(t *testing.T) {
	if p := os.Getenv("SAFEFILE_OTHER_USER_FILE"); p != "" {
		_, snap, err := ReadRegular(p, Limit)
		if err == nil {
			err = WriteAtomic(p, []byte("new\n"), snap)
		}
		if err != nil {
			os.Stdout.WriteString(err.Error())
			os.Exit(5)
		}
		os.Exit(0)
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a child as another user")
	}
	dir, err := os.MkdirTemp("", "safefile-other")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// the child must reach the test binary and the directory: both under dir, world-readable
	bin := filepath.Join(dir, "test.bin")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	write(t, bin, string(data), 0o755)
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(work, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(work, "config")
	write(t, p, "old\n", 0o666)
	if err := os.Chmod(p, 0o666); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestWriteAtomicAsOtherUser$")
	cmd.Env = append(os.Environ(), "SAFEFILE_OTHER_USER_FILE="+p)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if code := cmd.ProcessState.ExitCode(); code != 5 || !strings.Contains(string(out), "config: cannot keep its owner (uid 0) and group (gid 0) (operation not permitted); nothing written") {
		t.Errorf("child exit %d (%v), said %q; want a refusal to lose the owner and group", code, err, out)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 0 || st.Gid != 0 {
		t.Errorf("owner now %d:%d", st.Uid, st.Gid)
	}
	if got := readString(t, p); got != "old\n" {
		t.Errorf("file changed: %q", got)
	}
	if l := leftovers(t, work); l != nil {
		t.Errorf("temporary files left: %v", l)
	}
}
