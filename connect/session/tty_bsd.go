//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package session

import "golang.org/x/sys/unix"

// The ioctls that read a terminal's modes and set them once pending output is written.
const (
	ioctlGetTermios        = unix.TIOCGETA
	ioctlSetTermiosDrained = unix.TIOCSETAW
	posixVDisable          = 0xff // _POSIX_VDISABLE: a disabled control character
)

// ttyCharsOfOS are the control characters ssh sends that not every Unix has: the delayed
// suspend and status characters of the BSDs and macOS.
var ttyCharsOfOS = []ttyChar{{11, unix.VDSUSP}, {17, unix.VSTATUS}}

// baudsOfOS are the speeds ssh knows by number that not every Unix has.
var baudsOfOS = map[uint64]uint32{unix.B7200: 7200, unix.B14400: 14400, unix.B28800: 28800, unix.B76800: 76800}

// speeds are t's output and input speeds (cfgetospeed, cfgetispeed): fields of their
// own, holding the speeds themselves.
func speeds(t *unix.Termios) (ospeed, ispeed uint64) {
	return uint64(t.Ospeed), uint64(t.Ispeed)
}
