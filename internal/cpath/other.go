//go:build !(linux && (amd64 || arm64))

package cpath

import "syscall"

// Open is open(2) of name through package syscall, retried on EINTR.
func Open(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// Lstat is lstat(2) of name into st through package syscall, retried on EINTR.
func Lstat(name string, st *syscall.Stat_t) error {
	for {
		if err := syscall.Lstat(name, st); err != syscall.EINTR {
			return err
		}
	}
}
