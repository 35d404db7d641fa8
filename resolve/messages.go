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
	st.res.warn(false, "%s", lineMessageAt(file, n, l, st.ignoredUnknown(l.Name)))
}

// lineMessageAt is what ssh logs for bad line n of file; ignored says IgnoreUnknown
// covers the line's keyword.
func lineMessageAt(file string, n int, l *parser.Line, ignored bool) string {
	for _, d := range l.Diags {
		if d.Severity != diag.Error {
			continue
		}
		switch d.Code {
		case parser.CodeUnknownKeyword, parser.CodeTooNew:
			if ignored {
				continue
			}
			msg := fmt.Sprintf("%s: line %d: Bad configuration option: %s", file, n, l.Name)
			for _, q := range l.Diags {
				if q.Code == parser.CodeInvalidQuotes {
					msg += fmt.Sprintf("\n%s line %d: %s", file, n, q.Message)
				}
			}
			return msg
		case parser.CodeNotOnCmdline:
			return d.Message
		case parser.CodeBadMatch:
			bad := fmt.Sprintf("%s line %d: Bad Match condition", file, n)
			for _, p := range []string{"Missing Match criteria", "Unsupported Match attribute", "One or more attributes", "addr_match_cidr_list", "Invalid network entry"} {
				if strings.HasPrefix(d.Message, p) {
					return d.Message + "\n" + bad
				}
			}
			return fmt.Sprintf("%s line %d: %s\n%s", file, n, d.Message, bad)
		}
		msg, _, _ := strings.Cut(d.Message, " (did you mean") // sshcfg's hint, not ssh's words
		return fmt.Sprintf("%s line %d: %s", file, n, msg)
	}
	return fmt.Sprintf("%s line %d: bad configuration option", file, n)
}
