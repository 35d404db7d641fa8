package session

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// terminalOutput collects what a pseudo-terminal's master side reads.
type terminalOutput struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{}
}

func readTerminal(ptmx *os.File) *terminalOutput {
	o := &terminalOutput{more: make(chan struct{}, 1)}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := ptmx.Read(b)
			o.mu.Lock()
			o.buf.Write(b[:n])
			o.mu.Unlock()
			select {
			case o.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	return o
}

// waitFor waits until the output holds s, for at most 20 s.
func (o *terminalOutput) waitFor(t *testing.T, s string) bool {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		o.mu.Lock()
		ok := strings.Contains(o.buf.String(), s)
		o.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-o.more:
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			return false
		}
	}
}

func (o *terminalOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// TestPTY runs a command on a PTY from a local terminal: the remote side sees TERM
// and the window size, then a new size after SIGWINCH; the local terminal is raw
// meanwhile and restored afterwards, and ssh's closing line follows.
func TestPTY(t *testing.T) {
	srv := startServer(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 31, Cols: 97}); err != nil {
		t.Fatal(err)
	}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	out := readTerminal(ptmx)
	// Each line read prints the size again; "q" ends with status 7.
	command := `echo "term=$TERM"; stty size; while read x; do stty size; [ "$x" = q ] && exit 7; done`
	res := resolveArgs(t, "-t", "-o", "SetEnv=TERM=xterm-sshcfg", "sess")
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		status, err := Run(context.Background(), srv.Dial(t), res, Options{Command: command, Stdin: tty, Stdout: tty, Stderr: tty})
		done <- result{status, err}
	}()
	if !out.waitFor(t, "term=xterm-sshcfg") || !out.waitFor(t, "31 97") {
		t.Fatalf("remote TERM and size not seen; terminal shows %q", out.String())
	}
	raw, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	if raw.Lflag&(unix.ECHO|unix.ICANON|unix.ISIG) != 0 || raw.Oflag&unix.OPOST != 0 {
		t.Errorf("local terminal not raw during the session: lflag %#x oflag %#x", raw.Lflag, raw.Oflag)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 42, Cols: 133}); err != nil {
		t.Fatal(err)
	}
	// The test process does not own the terminal, so it sends itself the signal the
	// kernel would send the terminal's foreground process.
	if err := syscall.Kill(os.Getpid(), syscall.SIGWINCH); err != nil {
		t.Fatal(err)
	}
	seen := false
	for i := 0; i < 50 && !seen; i++ {
		if _, err := ptmx.Write([]byte("x\r")); err != nil {
			t.Fatal(err)
		}
		seen = out.waitFor(t, "42 133")
	}
	if !seen {
		t.Fatalf("new window size not seen; terminal shows %q", out.String())
	}
	if _, err := ptmx.Write([]byte("q\r")); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.status != 7 {
		t.Fatalf("Run: status %d, %v; want 7", r.status, r.err)
	}
	// ssh's "\r\n" goes through the restored terminal, which turns "\n" into "\r\n".
	if !out.waitFor(t, "Connection to sess closed.\r\r\n") {
		t.Errorf("no closing line; terminal shows %q", out.String())
	}
	after, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	if *after != *before {
		t.Errorf("terminal modes not restored:\nbefore %+v\nafter  %+v", *before, *after)
	}
}

// TestEncodeModes checks the encoding of a known terminal state against ssh's layout:
// speeds first, then the control characters, then the flags, then the end.
func TestEncodeModes(t *testing.T) {
	tio := unix.Termios{Cflag: unix.CS8, Lflag: unix.ECHO | unix.ICANON, Iflag: unix.ICRNL}
	setSpeed38400(&tio)
	tio.Cc[unix.VINTR] = 3
	m := encodeModes(&tio)
	if len(m) != 2*5+len(ttyChars)*5+len(ttyFlags)*5+1 || m[len(m)-1] != ttyOpEnd {
		t.Fatalf("encoded %d bytes", len(m))
	}
	find := func(op byte) uint32 {
		for i := 0; i+5 <= len(m); i += 5 {
			if m[i] == op {
				return uint32(m[i+1])<<24 | uint32(m[i+2])<<16 | uint32(m[i+3])<<8 | uint32(m[i+4])
			}
		}
		t.Fatalf("opcode %d missing", op)
		return 0
	}
	for _, c := range []struct {
		op   byte
		want uint32
	}{{ttyOpOSpeed, 38400}, {ttyOpISpeed, 38400}, {1, 3}, {2, 255}, {53, 1}, {51, 1}, {50, 0}, {36, 1}, {90, 1}, {91, 1}, {92, 0}} {
		if got := find(c.op); got != c.want {
			t.Errorf("opcode %d = %d, want %d", c.op, got, c.want)
		}
	}
	if m[0] != ttyOpOSpeed || m[5] != ttyOpISpeed {
		t.Errorf("speeds not first: %v", m[:10])
	}
}

// TestModesInSSHOrder checks that the control characters and flags go in ssh's order
// (ttymodes.h: by opcode), each once, whatever the system adds to the common ones.
func TestModesInSSHOrder(t *testing.T) {
	var ops []byte
	for _, c := range ttyChars {
		ops = append(ops, c.op)
	}
	for _, f := range ttyFlags {
		ops = append(ops, f.op)
	}
	for i := 1; i < len(ops); i++ {
		if ops[i] <= ops[i-1] {
			t.Errorf("opcode %d after %d: not in ssh's order", ops[i], ops[i-1])
		}
	}
	if len(ttyChars) < len(ttyCharsEveryUnix) || len(ttyFlags) < len(ttyFlagsEveryUnix) {
		t.Errorf("%d characters and %d flags: fewer than every Unix's", len(ttyChars), len(ttyFlags))
	}
}

// TestPTYLikeSSH runs the same command on a PTY with OpenSSH's ssh -t and with Run from
// one local terminal, and compares what the terminal shows: the remote terminal's
// settings (from the modes sent), size and TERM, and the closing line; then the same
// for a session ended with the ~. escape.
func TestPTYLikeSSH(t *testing.T) {
	srv := startServer(t)
	tests := []struct {
		command string
		status  int
		// typed is sent once the terminal shows "ready".
		typed string
	}{
		{"stty -a; echo TERM=$TERM; exit 4", 4, ""},
		{"echo ready; exec cat", 255, "~.more"},
	}
	for _, tt := range tests {
		transcript := func(run func(tty *os.File) int) string {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer ptmx.Close()
			defer tty.Close()
			if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 33, Cols: 101, X: 808, Y: 660}); err != nil {
				t.Fatal(err)
			}
			out := readTerminal(ptmx)
			if tt.typed != "" {
				go func() {
					if out.waitFor(t, "ready") {
						_, _ = ptmx.Write([]byte(tt.typed))
					}
				}()
			}
			if status := run(tty); status != tt.status {
				t.Errorf("%s: status %d, want %d; terminal shows %q", tt.command, status, tt.status, out.String())
			}
			if !out.waitFor(t, "closed.\r\r\n") {
				t.Fatalf("%s: no closing line; terminal shows %q", tt.command, out.String())
			}
			return out.String()
		}
		theirs := transcript(func(tty *os.File) int {
			cmd := srv.SSH(t, "-t", "127.0.0.1", tt.command)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
			cmd.Env = append(os.Environ(), "TERM=vt220")
			_ = cmd.Run()
			return cmd.ProcessState.ExitCode()
		})
		ours := transcript(func(tty *os.File) int {
			getenv := func(name string) (string, bool) {
				if name == "TERM" {
					return "vt220", true
				}
				return os.LookupEnv(name)
			}
			status, err := Run(context.Background(), srv.Dial(t), resolveArgs(t, "-t", "127.0.0.1"),
				Options{Command: tt.command, Stdin: tty, Stdout: tty, Stderr: tty, Getenv: getenv})
			if err != nil {
				t.Fatal(err)
			}
			return status
		})
		if ours != theirs {
			t.Errorf("%s: terminal after Run:\n%q\nafter ssh -t:\n%q", tt.command, ours, theirs)
		}
	}
}
