package cpath

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestOpenAndLstat(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config")
	if err := os.WriteFile(file, []byte("Host x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A name longer than Buf takes the heap path: make one through nested directories.
	long := dir
	for len(long) < 2*len(Buf{}) {
		long = filepath.Join(long, strings.Repeat("d", 60))
	}
	if err := os.MkdirAll(long, 0o755); err != nil {
		t.Fatal(err)
	}
	longFile := filepath.Join(long, "config")
	if err := os.WriteFile(longFile, []byte("Host y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{file, longFile} {
		fd, err := Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC)
		if err != nil {
			t.Fatalf("Open(%q): %v", name, err)
		}
		buf := make([]byte, 16)
		n, err := syscall.Read(fd, buf)
		syscall.Close(fd)
		if err != nil || !strings.HasPrefix(string(buf[:n]), "Host ") {
			t.Errorf("read %q: %q, %v", name, buf[:n], err)
		}
		var st syscall.Stat_t
		if err := Lstat(name, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			t.Errorf("Lstat(%q): mode %o, %v", name, st.Mode, err)
		}
	}
	var st syscall.Stat_t
	if err := Lstat(dangling, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFLNK {
		t.Errorf("Lstat of a dangling link: mode %o, %v; want the link itself", st.Mode, err)
	}
	if _, err := Open(filepath.Join(dir, "missing"), syscall.O_RDONLY); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Open of a missing file: %v, want ENOENT", err)
	}
	if err := Lstat(filepath.Join(dir, "missing"), &st); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("Lstat of a missing file: %v, want ENOENT", err)
	}
	if _, err := Open(file+"\x00x", syscall.O_RDONLY); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Open of a name with NUL: %v, want EINVAL", err)
	}
	if err := Lstat(file+"\x00x", &st); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Lstat of a name with NUL: %v, want EINVAL", err)
	}
}

func TestOpenDoesNotAllocate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var st syscall.Stat_t
	allocs := testing.AllocsPerRun(100, func() {
		fd, err := Open(file, syscall.O_RDONLY|syscall.O_CLOEXEC)
		if err != nil {
			t.Fatal(err)
		}
		syscall.Close(fd)
		if err := Lstat(file, &st); err != nil {
			t.Fatal(err)
		}
	})
	fastPath := runtime.GOOS == "linux" && (runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64") // fast.go
	if allocs != 0 && fastPath {
		t.Errorf("Open and Lstat of a short name: %v allocations, want 0", allocs)
	}
}
