//go:build linux && (amd64 || arm64)

package cpath

import (
	"syscall"
	"unsafe"
)

// atFDCWD is AT_FDCWD, the working directory for the *at system calls, as a register value.
var atFDCWD = ^uintptr(99) // -100

// atSymlinkNoFollow is fstatat(2)'s AT_SYMLINK_NOFOLLOW.
const atSymlinkNoFollow = 0x100

// Open is open(2) of name, retried on EINTR.
func Open(name string, flags int) (int, error) {
	var b Buf
	p, err := b.Of(name)
	if err != nil {
		return -1, err
	}
	for {
		fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, atFDCWD, uintptr(unsafe.Pointer(p)), uintptr(flags), 0, 0, 0)
		switch errno {
		case 0:
			return int(fd), nil
		case syscall.EINTR:
			continue
		}
		return -1, errno
	}
}

// Lstat is lstat(2) of name into st, retried on EINTR.
func Lstat(name string, st *syscall.Stat_t) error {
	var b Buf
	p, err := b.Of(name)
	if err != nil {
		return err
	}
	for {
		_, _, errno := syscall.Syscall6(sysFstatat, atFDCWD, uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(st)), atSymlinkNoFollow, 0, 0)
		switch errno {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		}
		return errno
	}
}
