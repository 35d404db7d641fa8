package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadRegularDoesNotOpenSpecialFiles watches a named pipe with inotify: refusing it,
// by name or through a symbolic link, must not open it (opening a device or a pipe can
// have effects, such as releasing a writer waiting for a reader).
func TestReadRegularDoesNotOpenSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if _, err := syscall.InotifyAddWatch(fd, fifo, syscall.IN_OPEN); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, link} {
		if _, _, err := ReadRegular(p, Limit); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: got %v, want ErrNotRegular", p, err)
		}
	}
	var buf [4096]byte
	if n, err := syscall.Read(fd, buf[:]); !errors.Is(err, syscall.EAGAIN) {
		t.Errorf("the named pipe was opened (inotify read %d bytes, %v)", n, err)
	}
}
