package session

import "golang.org/x/sys/unix"

// The ioctls that read a terminal's modes and set them once pending output is written.
const (
	ioctlGetTermios        = unix.TCGETS
	ioctlSetTermiosDrained = unix.TCSETSW
	posixVDisable          = 0          // _POSIX_VDISABLE: a disabled control character
	rawIflagOff            = unix.IUCLC // input flags raw mode clears beyond every Unix's
)

// ttyCharsOfOS are the control characters ssh sends that not every Unix has: none on Linux.
var ttyCharsOfOS []ttyChar

// ttyFlagsOfOS are the mode flags ssh sends that not every Unix has.
var ttyFlagsOfOS = []ttyFlag{
	{37, iflag, unix.IUCLC}, {42, iflag, unix.IUTF8}, {52, lflag, unix.XCASE}, {71, oflag, unix.OLCUC},
}

// baudsOfOS are the speeds ssh knows by number that not every Unix has: none on Linux.
var baudsOfOS map[uint64]uint32

// speeds are t's output and input speed constants, as glibc's cfgetospeed and
// cfgetispeed read them: one speed, in the control flags.
func speeds(t *unix.Termios) (ospeed, ispeed uint64) {
	s := uint64(t.Cflag & unix.CBAUD)
	return s, s
}
