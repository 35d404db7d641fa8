package session

import (
	"encoding/binary"
	"io"

	"golang.org/x/crypto/ssh"
	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/sshcfg/sshcfg/resolve"
)

// ptyNotice is what ssh prints when a PTY was wanted but standard input is not a
// terminal.
const ptyNotice = "Pseudo-terminal will not be allocated because stdin is not a terminal."

// ttyDecision is ssh's choice of a pseudo-terminal for a session (ssh.c, before
// ssh_session2): a PTY for RequestTTY yes and force, and by default when there is no
// command; never for RequestTTY no or SessionType none; and, unless forced, only when
// standard input is a terminal (notice says ssh then tells why it refused one).
func ttyDecision(rt resolve.RequestTTY, command string, noSession, stdinTerminal bool) (want, notice bool) {
	want = rt == resolve.RequestTTYYes || rt == resolve.RequestTTYForce
	if command == "" {
		want = rt != resolve.RequestTTYNo
	}
	if rt == resolve.RequestTTYNo || noSession {
		want = false
	}
	if !stdinTerminal && rt != resolve.RequestTTYForce {
		return false, want
	}
	return want, false
}

// terminalFd is the descriptor of r when it is a terminal.
func terminalFd(r io.Reader) (int, bool) {
	f, ok := r.(interface{ Fd() uintptr })
	if !ok {
		return -1, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// windowSize is the size of the terminal fd, zero when it is not one (as ssh sends it).
func windowSize(fd int) unix.Winsize {
	if fd < 0 {
		return unix.Winsize{}
	}
	ws, err := unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
	if err != nil {
		return unix.Winsize{}
	}
	return *ws
}

// ptyRequest is the payload of a "pty-req" channel request (RFC 4254 section 6.2).
func ptyRequest(termName string, ws unix.Winsize, modes []byte) []byte {
	return ssh.Marshal(struct {
		Term                 string
		Cols, Rows, XPx, YPx uint32
		Modes                string
	}{termName, uint32(ws.Col), uint32(ws.Row), uint32(ws.Xpixel), uint32(ws.Ypixel), string(modes)})
}

// windowChange is the payload of a "window-change" channel request.
func windowChange(ws unix.Winsize) []byte {
	return ssh.Marshal(struct{ Cols, Rows, XPx, YPx uint32 }{
		uint32(ws.Col), uint32(ws.Row), uint32(ws.Xpixel), uint32(ws.Ypixel)})
}

// Encoded terminal mode opcodes for the speeds and the end of the list (RFC 4254
// section 8).
const (
	ttyOpEnd    = 0
	ttyOpISpeed = 128
	ttyOpOSpeed = 129
)

// ttyChars are the control characters ssh sends, with their opcodes, in its order
// (ttymodes.h, those Linux defines).
var ttyChars = []struct {
	op    byte
	index int
}{
	{1, unix.VINTR}, {2, unix.VQUIT}, {3, unix.VERASE}, {4, unix.VKILL},
	{5, unix.VEOF}, {6, unix.VEOL}, {7, unix.VEOL2}, {8, unix.VSTART},
	{9, unix.VSTOP}, {10, unix.VSUSP}, {12, unix.VREPRINT}, {13, unix.VWERASE},
	{14, unix.VLNEXT}, {18, unix.VDISCARD},
}

// termiosField picks one flag word of a termios.
type termiosField func(*unix.Termios) uint32

func iflag(t *unix.Termios) uint32 { return t.Iflag }
func lflag(t *unix.Termios) uint32 { return t.Lflag }
func oflag(t *unix.Termios) uint32 { return t.Oflag }
func cflag(t *unix.Termios) uint32 { return t.Cflag }

// ttyFlags are the mode flags ssh sends, with their opcodes, in its order: each is 1
// when any of its bits is set (so a CS8 terminal reports CS7 too, as in ssh).
var ttyFlags = []struct {
	op    byte
	field termiosField
	bits  uint32
}{
	{30, iflag, unix.IGNPAR}, {31, iflag, unix.PARMRK}, {32, iflag, unix.INPCK},
	{33, iflag, unix.ISTRIP}, {34, iflag, unix.INLCR}, {35, iflag, unix.IGNCR},
	{36, iflag, unix.ICRNL}, {37, iflag, unix.IUCLC}, {38, iflag, unix.IXON},
	{39, iflag, unix.IXANY}, {40, iflag, unix.IXOFF}, {41, iflag, unix.IMAXBEL},
	{42, iflag, unix.IUTF8},
	{50, lflag, unix.ISIG}, {51, lflag, unix.ICANON}, {52, lflag, unix.XCASE},
	{53, lflag, unix.ECHO}, {54, lflag, unix.ECHOE}, {55, lflag, unix.ECHOK},
	{56, lflag, unix.ECHONL}, {57, lflag, unix.NOFLSH}, {58, lflag, unix.TOSTOP},
	{59, lflag, unix.IEXTEN}, {60, lflag, unix.ECHOCTL}, {61, lflag, unix.ECHOKE},
	{62, lflag, unix.PENDIN},
	{70, oflag, unix.OPOST}, {71, oflag, unix.OLCUC}, {72, oflag, unix.ONLCR},
	{73, oflag, unix.OCRNL}, {74, oflag, unix.ONOCR}, {75, oflag, unix.ONLRET},
	{90, cflag, unix.CS7}, {91, cflag, unix.CS8}, {92, cflag, unix.PARENB},
	{93, cflag, unix.PARODD},
}

// bauds are the line speeds ssh knows by number; any other speed it reports as 9600.
var bauds = map[uint32]uint32{
	unix.B0: 0, unix.B50: 50, unix.B75: 75, unix.B110: 110, unix.B134: 134,
	unix.B150: 150, unix.B200: 200, unix.B300: 300, unix.B600: 600, unix.B1200: 1200,
	unix.B1800: 1800, unix.B2400: 2400, unix.B4800: 4800, unix.B9600: 9600,
	unix.B19200: 19200, unix.B38400: 38400, unix.B57600: 57600, unix.B115200: 115200,
	unix.B230400: 230400,
}

func baud(speed uint32) uint32 {
	if b, ok := bauds[speed]; ok {
		return b
	}
	return 9600
}

// encodeModes encodes t as ssh's terminal modes (ssh_tty_make_modes): output and input
// speed, the control characters (a disabled one as 255) and the flags.
func encodeModes(t *unix.Termios) []byte {
	var b []byte
	put := func(op byte, v uint32) {
		b = append(b, op)
		b = binary.BigEndian.AppendUint32(b, v)
	}
	speed := t.Cflag & unix.CBAUD
	put(ttyOpOSpeed, baud(speed))
	put(ttyOpISpeed, baud(speed))
	for _, c := range ttyChars {
		v := uint32(t.Cc[c.index])
		if v == 0 { // _POSIX_VDISABLE on Linux
			v = 255
		}
		put(c.op, v)
	}
	for _, f := range ttyFlags {
		v := uint32(0)
		if f.field(t)&f.bits != 0 {
			v = 1
		}
		put(f.op, v)
	}
	return append(b, ttyOpEnd)
}

// localModes are the terminal modes of fd for a pty-req: those it had before raw mode.
// Without a terminal (a forced PTY) ssh has no saved modes and sends an empty list, so
// the server keeps its defaults.
func localModes(fd int, isTerminal bool) []byte {
	if isTerminal {
		if t, err := unix.IoctlGetTermios(fd, unix.TCGETS); err == nil {
			return encodeModes(t)
		}
	}
	return []byte{ttyOpEnd}
}

// rawMode puts the terminal fd in ssh's raw mode (sshtty.c, enter_raw_mode): no echo,
// no line editing, no signals, no input or output translation. It returns the function
// that restores the saved state.
func rawMode(fd int) (restore func(), err error) {
	saved, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, err
	}
	t := *saved
	t.Iflag |= unix.IGNPAR
	t.Iflag &^= unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON | unix.IXANY | unix.IXOFF | unix.IUCLC
	t.Lflag &^= unix.ISIG | unix.ICANON | unix.ECHO | unix.ECHOE | unix.ECHOK | unix.ECHONL | unix.IEXTEN
	t.Oflag &^= unix.OPOST
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETSW, &t); err != nil {
		return nil, err
	}
	return func() { _ = unix.IoctlSetTermios(fd, unix.TCSETSW, saved) }, nil
}
