//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package session

import "golang.org/x/sys/unix"

// setSpeed38400 sets t's input and output speed to 38400 baud.
func setSpeed38400(t *unix.Termios) { t.Ispeed, t.Ospeed = unix.B38400, unix.B38400 }
