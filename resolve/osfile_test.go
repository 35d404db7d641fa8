package resolve

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
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
