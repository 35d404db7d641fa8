package configdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sshcfg/sshcfg/resolve"
)

// Formats are the report formats by name.
var Formats = map[string]func(io.Writer, []HostDiff) error{
	"text":     WriteText,
	"json":     WriteJSON,
	"markdown": WriteMarkdown,
}

// absent stands for an option a version does not print.
const absent = "(unset)"

// joined renders the lines of one option as one value.
func joined(values []string) string {
	if len(values) == 0 {
		return absent
	}
	return strings.Join(values, ", ")
}

// statusNote is the text after a host's name for its status.
var statusNote = map[Status]string{
	Kept:    "",
	Added:   " (alias added)",
	Removed: " (alias removed)",
}

// WriteText writes the differences for a terminal or a log: a line per host, then an
// indented line per option. Configuration bytes are escaped.
func WriteText(w io.Writer, diffs []HostDiff) error {
	var b strings.Builder
	for _, d := range diffs {
		fmt.Fprintf(&b, "%s%s\n", resolve.EscapeText(d.Host), statusNote[d.Status])
		for _, c := range d.Changes {
			fmt.Fprintf(&b, "  %s: %s -> %s  (%s)\n", c.Option, resolve.EscapeText(joined(c.Before)),
				resolve.EscapeText(joined(c.After)), resolve.EscapeText(c.Source.String()))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes {"changed": bool, "hosts": [...]}.
func WriteJSON(w io.Writer, diffs []HostDiff) error {
	if diffs == nil {
		diffs = []HostDiff{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Changed bool       `json:"changed"`
		Hosts   []HostDiff `json:"hosts"`
	}{len(diffs) > 0, diffs})
}

// WriteMarkdown writes a report for a pull-request comment: a heading per host and a
// table option | before | after | line.
func WriteMarkdown(w io.Writer, diffs []HostDiff) error {
	var b strings.Builder
	b.WriteString("## sshcfg diff\n\n")
	if len(diffs) == 0 {
		b.WriteString("No host's effective settings change.\n")
	} else {
		fmt.Fprintf(&b, "%d host(s) change.\n", len(diffs))
	}
	for _, d := range diffs {
		fmt.Fprintf(&b, "\n### %s%s\n\n", mdCode(d.Host), statusNote[d.Status])
		b.WriteString("| option | before | after | line |\n|---|---|---|---|\n")
		for _, c := range d.Changes {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.Option, mdValue(c.Before), mdValue(c.After), mdCode(c.Source.String()))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdValue renders an option's lines for a table cell.
func mdValue(values []string) string {
	if len(values) == 0 {
		return "_unset_"
	}
	cells := make([]string, len(values))
	for i, v := range values {
		cells[i] = mdCode(v)
	}
	return strings.Join(cells, "<br>")
}

// mdCode renders text as a code span that is safe in a table cell: escaped bytes, a
// fence longer than any run of backticks inside, and pipes escaped (GitHub unescapes
// them inside code spans in tables).
func mdCode(s string) string {
	s = strings.ReplaceAll(resolve.EscapeText(s), "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
