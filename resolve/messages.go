package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// clip cuts s to n bytes, like printf's %.ns.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func errText(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "Permission denied"
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-32) + msg[1:] // strerror style
	}
	return msg
}

// reportBad prints (as ssh does, in order with its other messages) why line n of file
// was counted as a bad option.
func (st *run) reportBad(file string, n int, l *parser.Line) {
	if st.badReported {
		st.badReported = false
		return
	}
	if st.badLine != "" {
		st.res.warn(false, "%s line %d: %s", file, n, st.badLine)
		st.badLine = ""
		return
	}
	st.res.warn(false, "%s", lineMessageAt(file, n, l, st.ignoredUnknown(l.Name())))
}

// lineMessageAt is what ssh logs for bad line n of file; ignored says IgnoreUnknown
// covers the line's keyword. It prints the parser's record of ssh's words (the SSH field
// of each error diagnostic, in order), never sshcfg's own messages.
func lineMessageAt(file string, n int, l *parser.Line, ignored bool) string {
	var lines []string
	for _, d := range l.Diags() {
		if d.Severity != diag.Error || d.SSH.Text == "" {
			continue
		}
		if ignored && (d.Code == parser.CodeUnknownKeyword || d.Code == parser.CodeTooNew) {
			continue
		}
		lines = append(lines, d.SSH.Lines(file, n))
	}
	if len(lines) == 0 {
		return fmt.Sprintf("%s line %d: bad configuration option", file, n)
	}
	return strings.Join(lines, "\n")
}
