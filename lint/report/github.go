package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// githubCommand is the workflow command of each level.
var githubCommand = map[string]string{"error": "error", "warning": "warning", "note": "notice"}

// GitHub writes one GitHub Actions workflow command per finding (::error, ::warning or
// ::notice with file, line, col, endLine, endColumn and a title "ID slug"), then a summary
// line. GitHub shows only the first few annotations of each kind per step; upload SARIF
// for the full report.
func GitHub(w io.Writer, fs Findings) error {
	var b strings.Builder
	for _, d := range fs.List {
		r := fs.rangeOf(d.File, d.Span)
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubCommand[levelOf(d)], githubProperty(d.File), r.Line, r.Col, r.EndLine, r.EndCol,
			githubProperty(codeOf(d).ID+" "+d.Code), githubData(d.Message))
	}
	fmt.Fprintf(&b, "sshcfg lint: %s\n", fs.summary())
	_, err := io.WriteString(w, b.String())
	return err
}

// githubData escapes a workflow command's message: % CR and LF as GitHub decodes them,
// and any other control byte or invalid UTF-8 as a \ooo escape so that the log shows it
// rather than acting on it.
func githubData(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '%':
			b.WriteString("%25")
		case r == '\r':
			b.WriteString("%0D")
		case r == '\n':
			b.WriteString("%0A")
		case r == utf8.RuneError || !unicode.IsPrint(r) && r != '\t':
			b.WriteString(esc(s[i : i+n]))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// githubProperty escapes a workflow command's property value: as githubData, and ':' and
// ',' too.
func githubProperty(s string) string {
	return strings.NewReplacer(":", "%3A", ",", "%2C").Replace(githubData(s))
}
