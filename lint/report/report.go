// Package report renders lint findings for people and tools: text, JSON and the formats
// CI systems read. Every format is a small function over the same Findings.
package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
)

// Findings are the findings of one run with what renderers need to position them.
type Findings struct {
	List diag.Diagnostics
	// Index returns the line index of a file (nil when unknown).
	Index func(file string) *diag.LineIndex
}

// Of returns the findings of a lint result.
func Of(res *lint.Result) Findings {
	trees := map[string]*diag.LineIndex{}
	for _, f := range res.Files {
		trees[f.Path] = f.Tree.LineIndex()
	}
	return Findings{List: res.Findings, Index: func(file string) *diag.LineIndex { return trees[file] }}
}

// Formats maps each --format name to its renderer.
var Formats = map[string]func(io.Writer, Findings) error{
	"text": Text,
	"json": JSON,
}

// position returns the 1-based line and column of a finding's start (0, 0 when unknown).
func (fs Findings) position(d diag.Diagnostic) diag.Position {
	if ix := fs.Index(d.File); ix != nil {
		return ix.Position(d.Span.Start)
	}
	return diag.Position{}
}

// ruleID returns the registered id of a finding's code ("" when unknown).
func ruleID(d diag.Diagnostic) string {
	if c, ok := diag.LookupCode(d.Code); ok {
		return c.ID
	}
	return ""
}

// Text writes one line per finding: file:line:col: level: message [ID slug].
func Text(w io.Writer, fs Findings) error {
	for _, d := range fs.List {
		p := fs.position(d)
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s %s]\n", d.File, p.Line, p.Column, lint.LevelOf(d.Severity), d.Message, ruleID(d), d.Code); err != nil {
			return err
		}
	}
	return nil
}

// jsonFinding is the stable JSON form of one finding.
type jsonFinding struct {
	Rule    string `json:"rule"`
	Slug    string `json:"slug"`
	Level   string `json:"level"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// JSON writes the findings as a JSON array.
func JSON(w io.Writer, fs Findings) error {
	out := make([]jsonFinding, 0, len(fs.List))
	for _, d := range fs.List {
		p := fs.position(d)
		out = append(out, jsonFinding{Rule: ruleID(d), Slug: d.Code, Level: lint.LevelOf(d.Severity).String(), File: d.File, Line: p.Line, Col: p.Column, Message: d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
