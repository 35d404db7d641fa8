package report

import (
	"encoding/xml"
	"io"
)

// checkstyleLog is the root of a Checkstyle report.
type checkstyleLog struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

// checkstyleFile holds the findings of one file.
type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

// checkstyleError is one finding.
type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// checkstyleSeverity is the Checkstyle severity of each level.
var checkstyleSeverity = map[string]string{"error": "error", "warning": "warning", "note": "info"}

// Checkstyle writes the findings as Checkstyle XML (version 4.3), grouped by file in the
// order of the findings, each with source "sshcfg.ID". encoding/xml escapes the text;
// characters XML cannot carry become U+FFFD.
func Checkstyle(w io.Writer, fs Findings) error {
	doc := checkstyleLog{Version: "4.3", Files: []checkstyleFile{}}
	for _, d := range fs.List {
		if n := len(doc.Files); n == 0 || doc.Files[n-1].Name != d.File {
			doc.Files = append(doc.Files, checkstyleFile{Name: d.File})
		}
		r := fs.rangeOf(d.File, d.Span)
		f := &doc.Files[len(doc.Files)-1]
		f.Errors = append(f.Errors, checkstyleError{Line: r.Line, Column: r.Col, Severity: checkstyleSeverity[levelOf(d)],
			Message: d.Message, Source: "sshcfg." + codeOf(d).ID})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
