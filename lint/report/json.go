package report

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/sshcfg/sshcfg/diag"
)

// jsonFinding is the stable JSON form of one finding. Lines and columns are 1-based;
// columns count bytes and EndCol is the column just after the last byte.
type jsonFinding struct {
	Rule    string        `json:"rule"`
	Slug    string        `json:"slug"`
	Level   string        `json:"level"`
	File    string        `json:"file"`
	Line    int           `json:"line"`
	Col     int           `json:"col"`
	EndLine int           `json:"endLine"`
	EndCol  int           `json:"endCol"`
	Message string        `json:"message"`
	Related []jsonRelated `json:"related"`
	Fixes   []jsonFix     `json:"fixes"`
}

// jsonRelated is another place that explains a finding.
type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"endLine"`
	EndCol  int    `json:"endCol"`
	Message string `json:"message"`
}

// jsonFix is a named set of edits of the finding's file.
type jsonFix struct {
	Title string     `json:"title"`
	Edits []jsonEdit `json:"edits"`
}

// jsonEdit replaces the text of a range with New.
type jsonEdit struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	EndLine int    `json:"endLine"`
	EndCol  int    `json:"endCol"`
	New     string `json:"new"`
}

// JSON writes the findings as a JSON array of objects with the fields rule (id), slug,
// level, file, line, col, endLine, endCol, message, related[] and fixes[] (each with a
// title and edits as ranges with the new text). related and fixes are never null. The
// array is written one finding at a time: a finding can have thousands of related
// locations, and the whole report made at once in memory was several times its size.
func JSON(w io.Writer, fs Findings) error {
	if len(fs.List) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("[\n  ")
	for i, d := range fs.List {
		if i > 0 {
			bw.WriteString(",\n  ")
		}
		b, err := json.MarshalIndent(fs.jsonOf(d), "  ", "  ")
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("\n]\n")
	return bw.Flush()
}

// jsonOf is the JSON form of a finding.
func (fs Findings) jsonOf(d diag.Diagnostic) jsonFinding {
	r := fs.rangeOf(d.File, d.Span)
	f := jsonFinding{Rule: codeOf(d).ID, Slug: d.Code, Level: levelOf(d), File: d.File,
		Line: r.Line, Col: r.Col, EndLine: r.EndLine, EndCol: r.EndCol, Message: d.Message,
		Related: make([]jsonRelated, 0, len(d.Related)), Fixes: []jsonFix{}}
	for _, rel := range d.Related {
		rr := fs.rangeOf(rel.File, rel.Span)
		f.Related = append(f.Related, jsonRelated{File: rel.File, Line: rr.Line, Col: rr.Col, EndLine: rr.EndLine, EndCol: rr.EndCol, Message: rel.Message})
	}
	for _, fix := range d.Fixes {
		jf := jsonFix{Title: fix.Title, Edits: []jsonEdit{}}
		for _, e := range fix.Edits {
			er := fs.rangeOf(d.File, e.Span)
			jf.Edits = append(jf.Edits, jsonEdit{Line: er.Line, Col: er.Col, EndLine: er.EndLine, EndCol: er.EndCol, New: e.New})
		}
		f.Fixes = append(f.Fixes, jf)
	}
	return f
}
