// Package diag holds the position and diagnostic types shared by every layer of sshcfg:
// byte-offset spans, a line index that turns offsets into line:column, diagnostics with
// stable codes, and text edits. It depends on the standard library only.
//
// Every diagnostic carries a stable code registered with [Register]: an id such as SC1001
// that is never reused, and a slug such as "unknown-keyword" that Diagnostic.Code holds.
// Ids are grouped by the layer that emits them: SC1xxx the parser, SC2xxx the resolver,
// SC3xxx and above the linter. [LookupCode] finds a code by id or slug and [AllCodes]
// lists them for docs and tools.
//
// Byte offsets are the only stored positions. A [Span] is half-open. Line and column are
// computed on demand by a [LineIndex]; UTF-16 columns exist only at the LSP edge.
package diag

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Span is a half-open byte range [Start, End) inside one file.
type Span struct {
	Start, End int
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether offset off lies inside the span (End excluded).
func (s Span) Contains(off int) bool { return off >= s.Start && off < s.End }

// Severity orders diagnostics from informative to fatal. The zero value is no severity
// at all ("unset"): a diagnostic must say how severe it is, or take its code's default
// through [New].
type Severity int

// Severities, from least to most severe. They start at 1 so that a forgotten severity
// cannot pass for a hint.
const (
	Hint Severity = iota + 1
	Info
	Warning
	Error
)

// String returns the lower-case name of the severity; "unset" for the zero value.
func (s Severity) String() string {
	switch s {
	case 0:
		return "unset"
	case Hint:
		return "hint"
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// valid reports whether s is one of the named severities.
func (s Severity) valid() bool { return s >= Hint && s <= Error }

// Edit replaces the bytes of Span in a file with New.
type Edit struct {
	Span Span
	New  string
}

// Fix is a named set of edits that together repair a diagnostic.
type Fix struct {
	Title string
	Edits []Edit
	// Safe marks a fix that `sshcfg lint --fix` may apply without asking: it makes ssh do
	// what the text evidently meant (a misspelt keyword or value, an obsolete alias, an
	// exact duplicate) and nothing else. Other fixes are offered only (editor actions).
	Safe bool
	// Chmod, when set, makes the fix a change of a file's permission bits instead of text
	// edits; `sshcfg lint --fix-permissions` applies these, and only with that flag.
	Chmod *Chmod
}

// Chmod is a fix to a file's permission bits: it clears Clear from the mode of the file
// at Path (a private key, an included config), and never adds a permission.
type Chmod struct {
	Path  string
	Clear fs.FileMode
}

// Related points at another place that explains a diagnostic.
type Related struct {
	File    string
	Span    Span
	Message string
}

// Diagnostic is a positioned finding produced by the parser, the resolver or the linter.
type Diagnostic struct {
	File     string // file name as given to the parser; empty for command-line input
	Span     Span
	Severity Severity
	Code     string // slug of a registered Code, e.g. "unknown-keyword"
	Message  string // sshcfg's sentence for people
	Related  []Related
	Fixes    []Fix
	// SSH is what OpenSSH itself reports for the problem; its zero value means ssh says
	// nothing of its own (or the producer does not know). Tools that reproduce ssh's
	// output print it, never Message.
	SSH SSHText
}

// SSHText is OpenSSH's own report of a problem: its words and how it positions them, so
// that ssh's output can be rebuilt without reading sshcfg's Message.
type SSHText struct {
	// Text is ssh's words without the position; "" when ssh reports nothing.
	Text string
	// Form is how ssh puts the file and line before Text.
	Form SSHForm
	// Then is a further line ssh prints after Text, always in the form "file line N: "
	// (e.g. "Bad Match condition"); "" for none.
	Then string
}

// SSHForm is how OpenSSH positions a message about a configuration line.
type SSHForm int

// The positions OpenSSH gives its messages.
const (
	// SSHFileLine is "file line N: text", the form of most messages.
	SSHFileLine SSHForm = iota
	// SSHFileColonLine is "file: line N: text", used for unknown keywords.
	SSHFileColonLine
	// SSHUnpositioned is the text alone, for messages ssh logs without a position.
	SSHUnpositioned
)

// Lines renders the report for line n of file as ssh prints it: one string that may hold
// several lines joined by '\n'. It returns "" when ssh reports nothing.
func (t SSHText) Lines(file string, n int) string {
	if t.Text == "" {
		return ""
	}
	var s string
	switch t.Form {
	case SSHFileColonLine:
		s = fmt.Sprintf("%s: line %d: %s", file, n, t.Text)
	case SSHUnpositioned:
		s = t.Text
	default:
		s = fmt.Sprintf("%s line %d: %s", file, n, t.Text)
	}
	if t.Then != "" {
		s += fmt.Sprintf("\n%s line %d: %s", file, n, t.Then)
	}
	return s
}

// Diagnostics is a list of diagnostics with helpers.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic has Error severity.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the Error-severity diagnostics.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders diagnostics by file, then start offset, then code.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		return a.Code < b.Code
	})
}

// Position is a human position: 1-based line and 1-based byte column.
type Position struct {
	Line, Column int
}

// String formats the position as line:column.
func (p Position) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Column) }

// LineIndex maps byte offsets of one file to line and column numbers.
// Lines end after '\n'; a '\r' before it belongs to the line.
type LineIndex struct {
	starts []int // byte offset of the start of every line
	size   int
}

// NewLineIndex builds the index for src.
func NewLineIndex(src []byte) *LineIndex {
	starts := make([]int, 1, 1+len(src)/32)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &LineIndex{starts: starts, size: len(src)}
}

// Position returns the 1-based line and byte column of offset off.
// Offsets past the end are clamped to the end of the file.
func (x *LineIndex) Position(off int) Position {
	if off > x.size {
		off = x.size
	}
	if off < 0 {
		off = 0
	}
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	return Position{Line: line + 1, Column: off - x.starts[line] + 1}
}

// LineStart returns the byte offset where 1-based line n starts, or -1 if there is no such line.
func (x *LineIndex) LineStart(n int) int {
	if n < 1 || n > len(x.starts) {
		return -1
	}
	return x.starts[n-1]
}

// Lines returns the number of lines (a final line without newline counts; an empty
// trailing line after the last newline counts too).
func (x *LineIndex) Lines() int { return len(x.starts) }

// Format renders a diagnostic as "file:line:col: severity: message [code]".
func Format(d Diagnostic, x *LineIndex) string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		b.WriteByte(':')
	}
	if x != nil {
		b.WriteString(x.Position(d.Span.Start).String())
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Code != "" {
		b.WriteString(" [")
		b.WriteString(d.Code)
		b.WriteByte(']')
	}
	return b.String()
}

// Apply returns src with the edits applied. Edits must not overlap; they may come in any order.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	sorted := append([]Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Span.Start < sorted[j].Span.Start })
	var out []byte
	last := 0
	for _, e := range sorted {
		if e.Span.Start < last || e.Span.End < e.Span.Start || e.Span.End > len(src) {
			return nil, fmt.Errorf("diag: edit %d-%d overlaps or is out of range", e.Span.Start, e.Span.End)
		}
		out = append(out, src[last:e.Span.Start]...)
		out = append(out, e.New...)
		last = e.Span.End
	}
	return append(out, src[last:]...), nil
}
