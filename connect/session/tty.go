package session

import (
	"encoding/binary"
	"io"
	"slices"

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

// ttyChar is a control character ssh sends: its opcode and its index in a termios's
// control characters.
type ttyChar struct {
	op    byte
	index int
}

// ttyCharsEveryUnix are the control characters ssh sends on every Unix (ttymodes.h);
// ttyCharsOfOS (tty_*.go) adds those only some systems define.
var ttyCharsEveryUnix = []ttyChar{
	{1, unix.VINTR}, {2, unix.VQUIT}, {3, unix.VERASE}, {4, unix.VKILL},
	{5, unix.VEOF}, {6, unix.VEOL}, {7, unix.VEOL2}, {8, unix.VSTART},
	{9, unix.VSTOP}, {10, unix.VSUSP}, {12, unix.VREPRINT}, {13, unix.VWERASE},
	{14, unix.VLNEXT}, {18, unix.VDISCARD},
}

// flagWord names one flag word of a termios.
type flagWord int

const (
	iflag flagWord = iota
	lflag
	oflag
	cflag
)

// of returns the word w of t (tcflag_t is 32 bits wide on most systems, 64 on macOS).
func (w flagWord) of(t *unix.Termios) uint64 {
	switch w {
	case iflag:
		return uint64(t.Iflag)
	case lflag:
		return uint64(t.Lflag)
	case oflag:
		return uint64(t.Oflag)
	}
	return uint64(t.Cflag)
}

// ttyFlag is a mode flag ssh sends: its opcode, and the bits of its word that make it 1.
type ttyFlag struct {
	op   byte
	word flagWord
	bits uint64
}

// ttyFlagsEveryUnix are the mode flags ssh sends on every Unix (ttymodes.h);
// ttyFlagsOfOS (tty_*.go) adds those only some systems define. Each is 1 when any of
// its bits is set (so a CS8 terminal reports CS7 too, as in ssh).
var ttyFlagsEveryUnix = []ttyFlag{
	{30, iflag, unix.IGNPAR}, {31, iflag, unix.PARMRK}, {32, iflag, unix.INPCK},
	{33, iflag, unix.ISTRIP}, {34, iflag, unix.INLCR}, {35, iflag, unix.IGNCR},
	{36, iflag, unix.ICRNL}, {38, iflag, unix.IXON},
	{39, iflag, unix.IXANY}, {40, iflag, unix.IXOFF}, {41, iflag, unix.IMAXBEL},
	{50, lflag, unix.ISIG}, {51, lflag, unix.ICANON},
	{53, lflag, unix.ECHO}, {54, lflag, unix.ECHOE}, {55, lflag, unix.ECHOK},
	{56, lflag, unix.ECHONL}, {57, lflag, unix.NOFLSH}, {58, lflag, unix.TOSTOP},
	{59, lflag, unix.IEXTEN}, {60, lflag, unix.ECHOCTL}, {61, lflag, unix.ECHOKE},
	{62, lflag, unix.PENDIN},
	{70, oflag, unix.OPOST}, {72, oflag, unix.ONLCR},
	{73, oflag, unix.OCRNL}, {74, oflag, unix.ONOCR}, {75, oflag, unix.ONLRET},
	{90, cflag, unix.CS7}, {91, cflag, unix.CS8}, {92, cflag, unix.PARENB},
	{93, cflag, unix.PARODD},
}

// ttyChars and ttyFlags are what ssh sends on this system, in its order (by opcode).
var (
	ttyChars = byOpcode(ttyCharsEveryUnix, ttyCharsOfOS, func(c ttyChar) byte { return c.op })
	ttyFlags = byOpcode(ttyFlagsEveryUnix, ttyFlagsOfOS, func(f ttyFlag) byte { return f.op })
)

// byOpcode joins two lists of modes and sorts them by opcode, the order ssh sends them in.
func byOpcode[T any](all, more []T, op func(T) byte) []T {
	list := slices.Concat(all, more)
	slices.SortFunc(list, func(a, b T) int { return int(op(a)) - int(op(b)) })
	return list
}

// baudsEveryUnix are the line speeds ssh knows by number (its speed_to_baud) on every
// Unix; baudsOfOS (tty_*.go) adds those only some systems define. Any other speed ssh
// reports as 9600. The keys are the system's speed constants (on the BSDs and macOS
// they are the speeds themselves).
var baudsEveryUnix = map[uint64]uint32{
	unix.B0: 0, unix.B50: 50, unix.B75: 75, unix.B110: 110, unix.B134: 134,
	unix.B150: 150, unix.B200: 200, unix.B300: 300, unix.B600: 600, unix.B1200: 1200,
	unix.B1800: 1800, unix.B2400: 2400, unix.B4800: 4800, unix.B9600: 9600,
	unix.B19200: 19200, unix.B38400: 38400, unix.B57600: 57600, unix.B115200: 115200,
	unix.B230400: 230400,
}

// baud is the number ssh sends for the speed constant speed.
func baud(speed uint64) uint32 {
	if b, ok := baudsEveryUnix[speed]; ok {
		return b
	}
	if b, ok := baudsOfOS[speed]; ok {
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
	ospeed, ispeed := speeds(t)
	put(ttyOpOSpeed, baud(ospeed))
	put(ttyOpISpeed, baud(ispeed))
	for _, c := range ttyChars {
		v := uint32(t.Cc[c.index])
		if v == posixVDisable {
			v = 255
		}
		put(c.op, v)
	}
	for _, f := range ttyFlags {
		v := uint32(0)
		if f.word.of(t)&f.bits != 0 {
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
		if t, err := unix.IoctlGetTermios(fd, ioctlGetTermios); err == nil {
			return encodeModes(t)
		}
	}
	return []byte{ttyOpEnd}
}

// rawMode puts the terminal fd in ssh's raw mode (sshtty.c, enter_raw_mode): no echo,
// no line editing, no signals, no input or output translation. It returns the function
// that restores the saved state.
func rawMode(fd int) (restore func(), err error) {
	saved, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	t := *saved
	t.Iflag |= unix.IGNPAR
	t.Iflag &^= unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON | unix.IXANY | unix.IXOFF | rawIflagOff
	t.Lflag &^= unix.ISIG | unix.ICANON | unix.ECHO | unix.ECHOE | unix.ECHOK | unix.ECHONL | unix.IEXTEN
	t.Oflag &^= unix.OPOST
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(fd, ioctlSetTermiosDrained, &t); err != nil {
		return nil, err
	}
	return func() { _ = unix.IoctlSetTermios(fd, ioctlSetTermiosDrained, saved) }, nil
}
