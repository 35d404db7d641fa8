package session

import "golang.org/x/sys/unix"

// setSpeed38400 sets t's input and output speed to 38400 baud.
func setSpeed38400(t *unix.Termios) { t.Cflag = t.Cflag&^unix.CBAUD | unix.B38400 }
