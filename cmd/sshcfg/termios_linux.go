package main

import "golang.org/x/sys/unix"

// The ioctls that read a terminal's modes and set them at once.
const (
	ioctlGetTermios = unix.TCGETS
	ioctlSetTermios = unix.TCSETS
)
