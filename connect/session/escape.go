package session

import (
	"fmt"
	"io"
)

// escapeNone is EscapeChar none as OpenSSH stores it.
const escapeNone = -2

// escapeHelp is what ~? prints after its echo: the escapes sshcfg acts on (%[1]c is
// the escape character).
const escapeHelp = "Supported escape sequences:\r\n" +
	" %[1]c.   - terminate the session\r\n" +
	" %[1]cB   - send a BREAK to the remote system\r\n" +
	" %[1]c?   - this message\r\n" +
	" %[1]c%[1]c   - send the escape character by typing it twice\r\n" +
	"(Note that escapes are only recognized immediately after newline.)\r\n"

// unsupportedEscapes are ssh's escapes sshcfg does not offer (suspend, rekey, log
// level, background, forwardings list, command line), with their names.
var unsupportedEscapes = map[byte]string{
	'Z' - 64: "^Z", 'R': "R", 'V': "V", 'v': "v", '&': "&", '#': "#", 'C': "C",
}

// escapeFilter reads a PTY session's input and acts on ssh's escape sequences (the
// escape character right after a newline, then one character), as clientloop.c's
// process_escapes does for the escapes listed in escapeHelp; the rest of the input
// passes on.
type escapeFilter struct {
	r      io.Reader
	escape byte
	stderr io.Writer
	// brk sends a BREAK; quit ends the session.
	brk, quit func()

	in         []byte
	out        []byte
	err        error
	afterLine  bool
	pending    bool
	terminated bool
}

func newEscapeFilter(r io.Reader, escape byte, stderr io.Writer, brk, quit func()) *escapeFilter {
	return &escapeFilter{r: r, escape: escape, stderr: stderr, brk: brk, quit: quit,
		in: make([]byte, copyBufferSize), afterLine: true}
}

func (f *escapeFilter) Read(p []byte) (int, error) {
	for len(f.out) == 0 && f.err == nil {
		n, err := f.r.Read(f.in)
		f.filter(f.in[:n])
		if f.terminated {
			f.err = io.EOF
		} else if err != nil {
			f.err = err
		}
	}
	if len(f.out) == 0 {
		return 0, f.err
	}
	n := copy(p, f.out)
	f.out = f.out[n:]
	return n, nil
}

// filter passes b on to f.out, acting on the escapes in it.
func (f *escapeFilter) filter(b []byte) {
	for _, c := range b {
		if f.pending {
			f.pending = false
			switch {
			case c == '.':
				// ssh queues an echo of the escape but ends before writing it: the user
				// sees nothing.
				f.terminated = true
				f.quit()
				return
			case c == 'B':
				fmt.Fprintf(f.stderr, "%cB\r\n", f.escape)
				f.brk()
				continue
			case c == '?':
				fmt.Fprintf(f.stderr, "%c?\r\n"+escapeHelp, f.escape)
				continue
			case unsupportedEscapes[c] != "":
				fmt.Fprintf(f.stderr, "%c%s escape not available in sshcfg\r\n", f.escape, unsupportedEscapes[c])
				continue
			case c != f.escape:
				// Not an escape after all: both characters go on.
				f.out = append(f.out, f.escape)
			}
		} else if f.afterLine && c == f.escape {
			f.pending = true
			continue
		}
		f.afterLine = c == '\r' || c == '\n'
		f.out = append(f.out, c)
	}
}
