// Package report renders lint findings for people and tools: text (plain, or for a
// terminal with the source line and a caret), JSON, SARIF 2.1.0, GitHub workflow commands,
// Checkstyle XML and gcc's one-line form. Every format is a small function over the same
// Findings. It also generates the rule reference (docs/rules.md) and the text of
// `sshcfg lint --explain` from the rules' documentation.
//
//	res, _ := lint.Run(ctx, opts)
//	fs := report.Of(res)
//	fs.Terminal = true
//	report.Text(os.Stdout, fs)
package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
)

// Findings are the findings of one or more runs with what renderers need to place them.
type Findings struct {
	// List holds the findings, sorted by file and position.
	List diag.Diagnostics
	// Files maps the path of each file findings point into to its bytes and line index.
	Files map[string]Source
	// Terminal makes Text render for a terminal: the source line with a caret under the
	// finding, fixes and related locations.
	Terminal bool
	// Color adds ANSI colours to Terminal text.
	Color bool
	// Dir is the working directory SARIF makes artifact URIs relative to; "" keeps them
	// absolute.
	Dir string
}

// Source is a file findings point into: its bytes and their line index.
type Source struct {
	Src   []byte
	Index *diag.LineIndex
}

// Of returns the findings of lint results (one per linted configuration), each finding
// once.
func Of(results ...*lint.Result) Findings {
	fs := Findings{Files: map[string]Source{}}
	seen := map[string]bool{}
	for _, res := range results {
		for _, f := range res.Files {
			fs.Files[f.Path] = Source{Src: f.Tree.Src, Index: f.Tree.LineIndex()}
		}
		for _, d := range res.Findings {
			k := fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s", d.File, d.Span.Start, d.Span.End, d.Code, d.Message)
			if !seen[k] {
				seen[k] = true
				fs.List = append(fs.List, d)
			}
		}
	}
	fs.List.Sort()
	return fs
}

// Formats maps each --format name to its renderer.
var Formats = map[string]func(io.Writer, Findings) error{
	"text":       Text,
	"json":       JSON,
	"sarif":      SARIF,
	"github":     GitHub,
	"checkstyle": Checkstyle,
	"gcc":        GCC,
}

// FormatNames returns the names of Formats, sorted.
func FormatNames() []string {
	out := make([]string, 0, len(Formats))
	for n := range Formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Version is the sshcfg release SARIF names as the tool's semanticVersion.
const Version = "0.2.0"

// Range is a finding's place for people: 1-based line and byte column of its first byte,
// and line and column just after its last byte (EndCol is exclusive, as in SARIF).
type Range struct {
	Line, Col, EndLine, EndCol int
}

// rangeOf returns the range of span in file; the zero Range when the file is unknown.
func (fs Findings) rangeOf(file string, span diag.Span) Range {
	t, ok := fs.Files[file]
	if !ok || t.Index == nil {
		return Range{}
	}
	ix := t.Index
	s, e := ix.Position(span.Start), ix.Position(span.End)
	return Range{Line: s.Line, Col: s.Column, EndLine: e.Line, EndCol: e.Column}
}

// line returns the text of 1-based line n of file without its line end, and the byte
// offset where it starts; ok is false when the file or line is unknown.
func (fs Findings) line(file string, n int) (text string, start int, ok bool) {
	t, ok := fs.Files[file]
	if !ok || t.Index == nil {
		return "", 0, false
	}
	ix := t.Index
	start = ix.LineStart(n)
	if start < 0 {
		return "", 0, false
	}
	end := len(t.Src)
	if next := ix.LineStart(n + 1); next >= 0 {
		end = next
	}
	text = string(t.Src[start:end])
	for len(text) > 0 && (text[len(text)-1] == '\n' || text[len(text)-1] == '\r') {
		text = text[:len(text)-1]
	}
	return text, start, true
}

// codeOf returns the registered code of a finding (the zero Code when unknown).
func codeOf(d diag.Diagnostic) diag.Code {
	c, _ := diag.LookupCode(d.Code)
	return c
}

// levelOf returns the level name of a finding: error, warning or note.
func levelOf(d diag.Diagnostic) string { return lint.LevelOf(d.Severity).String() }

// counts returns how many findings are at each level.
func (fs Findings) counts() (errors, warnings, notes int) {
	for _, d := range fs.List {
		switch lint.LevelOf(d.Severity) {
		case lint.LevelError:
			errors++
		case lint.LevelWarning:
			warnings++
		default:
			notes++
		}
	}
	return
}

// summary says how many findings there are ("no problems" when none).
func (fs Findings) summary() string {
	if len(fs.List) == 0 {
		return "no problems"
	}
	e, w, n := fs.counts()
	return fmt.Sprintf("%s: %s, %s, %s", plural(len(fs.List), "problem"), plural(e, "error"), plural(w, "warning"), plural(n, "note"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
