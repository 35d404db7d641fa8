package session

import "golang.org/x/sys/unix"

// rawIflagOff are the input flags raw mode clears beyond every Unix's: none on macOS.
const rawIflagOff = 0

// ttyFlagsOfOS are the mode flags ssh sends that not every Unix has: macOS has IUTF8.
var ttyFlagsOfOS = []ttyFlag{{42, iflag, unix.IUTF8}}
