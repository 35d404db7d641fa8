package resolve

import (
	"syscall"
	"unsafe"
)

// fstatFast, readFast and closeFast are fstat(2), read(2) of a regular file and close(2)
// of a regular file without telling the Go scheduler: they return in microseconds, and
// for an Include of thousands of files each scheduler hand-off (another thread taking
// the processor of the one in the system call, then giving it back) cost more than the
// call. A pipe or device, which may wait on another process, is read with package
// syscall.
func fstatFast(fd int, st *syscall.Stat_t) error {
	for {
		_, _, e := syscall.RawSyscall(syscall.SYS_FSTAT, uintptr(fd), uintptr(unsafe.Pointer(st)), 0)
		switch e {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		}
		return e
	}
}

// readFast is read(2) of a regular file; see fstatFast. p is not empty.
func readFast(fd int, p []byte) (int, error) {
	n, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// closeFast is close(2) of a regular file; see fstatFast.
func closeFast(fd int) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(fd), 0, 0); e != 0 {
		return e
	}
	return nil
}
