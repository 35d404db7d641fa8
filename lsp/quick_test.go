package lsp

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

func TestEditedLines(t *testing.T) {
	for _, tc := range []struct {
		old, new      string
		a, oEnd, nEnd int
	}{
		{"a\nbc\nd\n", "a\nbXc\nd\n", 2, 5, 6},
		{"a\nb\n", "a\nb\nc\n", 4, 4, 6}, // appended line
		{"a\nb\nc\n", "a\nc\n", 2, 4, 2}, // deleted line ("b\n" and the "c\n" line both count)
		{"same\n", "same\n", 5, 5, 5},    // no edit
		{"ab", "aXb", 0, 2, 3},           // no final newline
	} {
		a, oEnd, nEnd := editedLines([]byte(tc.old), []byte(tc.new))
		if a != tc.a || oEnd != tc.oEnd || nEnd != tc.nEnd {
			t.Errorf("editedLines(%q, %q) = %d, %d, %d; want %d, %d, %d", tc.old, tc.new, a, oEnd, nEnd, tc.a, tc.oEnd, tc.nEnd)
		}
	}
}

// TestCarry: findings before the edit stay, after it move, on it are replaced by the
// parser's diagnostics of the new text.
func TestCarry(t *testing.T) {
	oldText := "Host a\n    Port 22\nHost b\n    ForwardAgent yes\n"
	newText := "Host a\n    Portt 22\nHost b\n    ForwardAgent yes\n"
	port := diag.Span{Start: strings.Index(oldText, "Port"), End: strings.Index(oldText, "Port") + 4}
	yes := diag.Span{Start: strings.Index(oldText, "yes"), End: strings.Index(oldText, "yes") + 3}
	found := diag.Diagnostics{
		{File: "f", Span: diag.Span{Start: 0, End: 4}, Code: "first", Severity: diag.Info},
		{File: "f", Span: port, Code: "on-edit", Severity: diag.Info},
		{File: "f", Span: yes, Code: "forward-agent", Severity: diag.Warning,
			Related: []diag.Related{{File: "f", Span: port}, {File: "f", Span: diag.Span{Start: 0, End: 4}}}},
	}
	tree := parser.Parse("f", []byte(newText), parser.Options{})
	got := carry(found, []byte(oldText), []byte(newText), "f", tree)
	var codes []string
	for _, d := range got {
		codes = append(codes, d.Code)
		switch d.Code {
		case "forward-agent":
			if d.Span.Start != yes.Start+1 || newText[d.Span.Start:d.Span.End] != "yes" {
				t.Errorf("moved finding at %v", d.Span)
			}
			if d.Related[0].Span != (diag.Span{Start: 7, End: 7}) || d.Related[1].Span != (diag.Span{Start: 0, End: 4}) {
				t.Errorf("related %v", d.Related)
			}
		case parser.CodeUnknownKeyword:
			if newText[d.Span.Start:d.Span.End] != "Portt" {
				t.Errorf("parser diagnostic at %v", d.Span)
			}
		}
	}
	want := []string{"first", parser.CodeUnknownKeyword, "forward-agent"}
	if len(codes) != len(want) || codes[0] != want[0] || codes[1] != want[1] || codes[2] != want[2] {
		t.Errorf("carried %v, want %v", codes, want)
	}
}
