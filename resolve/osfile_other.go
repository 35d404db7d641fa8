//go:build !linux

package resolve

import "syscall"

// fstatFast is fstat(2) through package syscall (the raw calls are for Linux only).
func fstatFast(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

// readFast is read(2) through package syscall.
func readFast(fd int, p []byte) (int, error) { return syscall.Read(fd, p) }

// closeFast is close(2) through package syscall.
func closeFast(fd int) error { return syscall.Close(fd) }
