package session

import "golang.org/x/sys/unix"

// rawIflagOff are the input flags raw mode clears beyond every Unix's.
const rawIflagOff = unix.IUCLC

// ttyFlagsOfOS are the mode flags ssh sends that not every Unix has: OpenBSD keeps the
// upper-case terminal flags.
var ttyFlagsOfOS = []ttyFlag{{37, iflag, unix.IUCLC}, {52, lflag, unix.XCASE}, {71, oflag, unix.OLCUC}}
