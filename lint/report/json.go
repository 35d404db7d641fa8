package report

import (
	"encoding/json"
	"io"
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
// title and edits as ranges with the new text). related and fixes are never null.
func JSON(w io.Writer, fs Findings) error {
	out := make([]jsonFinding, 0, len(fs.List))
	for _, d := range fs.List {
		r := fs.rangeOf(d.File, d.Span)
		f := jsonFinding{Rule: codeOf(d).ID, Slug: d.Code, Level: levelOf(d), File: d.File,
			Line: r.Line, Col: r.Col, EndLine: r.EndLine, EndCol: r.EndCol, Message: d.Message,
			Related: []jsonRelated{}, Fixes: []jsonFix{}}
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
		out = append(out, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
