package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/resolve"
)

// esc makes configuration text safe to print: control bytes and invalid UTF-8 become
// \ooo escapes (resolve.EscapeText), so no byte of a config drives a terminal.
var esc = resolve.EscapeText

// Text writes the findings for people. Piped (fs.Terminal false) it is one line per
// finding, file:line:col: level: message [ID slug]. On a terminal each finding also shows
// its source line with a caret under the span, the titles of its fixes and its related
// locations, and a summary line ends the report. File names, messages and source lines
// are escaped (esc) in both forms.
func Text(w io.Writer, fs Findings) error {
	var b strings.Builder
	for i, d := range fs.List {
		r := fs.rangeOf(d.File, d.Span)
		c := codeOf(d)
		if !fs.Terminal {
			fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s %s]\n", esc(d.File), r.Line, r.Col, levelOf(d), esc(d.Message), c.ID, d.Code)
			continue
		}
		p := painter(fs.Color)
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s %s %s %s\n",
			p(bold, fmt.Sprintf("%s:%d:%d:", esc(d.File), r.Line, r.Col)),
			p(levelColor[levelOf(d)], levelOf(d)+":"),
			p(bold, esc(d.Message)),
			p(dim, "["+c.ID+" "+d.Code+"]"))
		fs.snippet(&b, p, d, r)
		for _, f := range d.Fixes {
			fmt.Fprintf(&b, "  %s %s\n", p(levelColor["help"], "help:"), esc(f.Title))
		}
		for _, rel := range d.Related {
			rr := fs.rangeOf(rel.File, rel.Span)
			fmt.Fprintf(&b, "  %s %s:%d:%d: %s\n", p(levelColor["note"], "note:"), esc(rel.File), rr.Line, rr.Col, esc(rel.Message))
		}
	}
	if fs.Terminal {
		if len(fs.List) > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fs.summary() + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// snippet writes the finding's first source line in a gutter with carets under the span
// (to the end of that line when the span runs on).
func (fs Findings) snippet(b *strings.Builder, p func(string, string) string, d diag.Diagnostic, r Range) {
	text, start, ok := fs.line(d.File, r.Line)
	if !ok {
		return
	}
	from := min(max(d.Span.Start-start, 0), len(text))
	to := min(max(d.Span.End-start, from), len(text))
	num := strconv.Itoa(r.Line)
	pad := strings.Repeat(" ", len(num))
	gutter := p(blue, pad+" |")
	fmt.Fprintf(b, "%s\n%s %s\n", gutter, p(blue, num+" |"), display(text))
	lead := utf8.RuneCountInString(display(text[:from]))
	width := max(utf8.RuneCountInString(display(text[from:to])), 1)
	fmt.Fprintf(b, "%s %s%s\n", gutter, strings.Repeat(" ", lead), p(levelColor[levelOf(d)], strings.Repeat("^", width)))
}

// display renders a source line for a terminal: tabs become four spaces, everything else
// is escaped like any config text, so the caret line can count runes to align.
func display(s string) string {
	parts := strings.Split(s, "\t")
	for i, p := range parts {
		parts[i] = esc(p)
	}
	return strings.Join(parts, "    ")
}

// ANSI styles of the terminal text.
const (
	bold   = "1"
	dim    = "2"
	red    = "1;31"
	yellow = "1;33"
	cyan   = "1;36"
	blue   = "1;34"
	green  = "1;32"
)

// levelColor is the colour of each level's name and carets, and of fix titles.
var levelColor = map[string]string{"error": red, "warning": yellow, "note": cyan, "help": green}

// painter returns a function that wraps text in an ANSI style, or leaves it as it is
// when colour is off.
func painter(color bool) func(style, text string) string {
	return func(style, text string) string {
		if !color || style == "" {
			return text
		}
		return "\x1b[" + style + "m" + text + "\x1b[0m"
	}
}

// GCC writes one line per finding in the form compilers and editors parse
// (vim's :make, Emacs compile-mode): path:line:col: severity: message [ID], severity
// being error, warning or note.
func GCC(w io.Writer, fs Findings) error {
	var b strings.Builder
	for _, d := range fs.List {
		r := fs.rangeOf(d.File, d.Span)
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", esc(d.File), r.Line, r.Col, levelOf(d), esc(d.Message), codeOf(d).ID)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
