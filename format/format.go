// Package format normalises the layout of an ssh_config file without changing what any
// line means: lines inside Host and Match blocks are indented, the keyword and its value
// are separated by one space, and trailing blanks are dropped. Comments, quotes, argument
// spacing, line endings and every line ssh would treat differently stay as they are.
//
// Formatting is a list of edits on the source (see [Edits]), so the same mechanism serves
// `sshcfg fmt`, quick fixes and the language server.
//
//	f := parser.Parse("config", src, parser.Options{})
//	out := format.Source(f, format.Options{})
package format

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// Options tune the layout.
type Options struct {
	// Indent is put before every line inside a Host or Match block; empty means two spaces.
	Indent string
}

// Edits returns the edits that format f. Applying them (diag.Apply) gives the formatted
// source; formatting that output again yields no edits.
func Edits(f *parser.File, opts Options) []diag.Edit {
	if opts.Indent == "" {
		opts.Indent = "  "
	}
	var edits []diag.Edit
	for bi, b := range f.Blocks {
		if b.Header != nil {
			edits = append(edits, lineEdits(f, b.Header, "")...)
		}
		indent := ""
		if b.Header != nil {
			indent = opts.Indent
		}
		// comments directly above the next block's header belong to that header
		attached := len(b.Lines)
		for bi+1 < len(f.Blocks) && attached > 0 && b.Lines[attached-1].Kind == parser.LineComment {
			attached--
		}
		for i, l := range b.Lines {
			ind := indent
			if i >= attached {
				ind = ""
			}
			edits = append(edits, lineEdits(f, l, ind)...)
		}
	}
	return edits
}

// Source returns the formatted text of f.
func Source(f *parser.File, opts Options) []byte {
	out, err := diag.Apply(f.Src, Edits(f, opts))
	if err != nil {
		return f.Src // edits never overlap; keep the input rather than lose it
	}
	return out
}

// lineEdits normalises one line: its indentation, the separator after the keyword and its
// trailing blanks.
func lineEdits(f *parser.File, l *parser.Line, indent string) []diag.Edit {
	var edits []diag.Edit
	toks := f.Tokens(l)
	if len(toks) == 0 || l.Kind == parser.LineIgnored || hasIgnored(toks) {
		return nil
	}
	replace := func(t parser.Token, s string) {
		if f.Text(t.Span) != s {
			edits = append(edits, diag.Edit{Span: t.Span, New: s})
		}
	}
	switch l.Kind {
	case parser.LineBlank:
		for _, t := range toks {
			if t.Kind == parser.TokSpace || t.Kind == parser.TokTrailing {
				replace(t, keepCR(f.Text(t.Span)))
			}
		}
		return edits
	case parser.LineComment:
		if toks[0].Kind == parser.TokSpace || toks[0].Kind == parser.TokEquals {
			replace(toks[0], indent)
		} else if indent != "" {
			edits = append(edits, diag.Edit{Span: diag.Span{Start: toks[0].Span.Start, End: toks[0].Span.Start}, New: indent})
		}
	case parser.LineDirective:
		if strings.ContainsRune(f.Text(l.KeySpan), '"') {
			return nil // a quoted keyword: '=' after it is not a separator
		}
		i := 0
		if toks[0].Kind == parser.TokSpace || toks[0].Kind == parser.TokEquals {
			replace(toks[0], indent)
			i = 1
		} else if indent != "" {
			edits = append(edits, diag.Edit{Span: diag.Span{Start: toks[0].Span.Start, End: toks[0].Span.Start}, New: indent})
		}
		if i+1 < len(toks) && toks[i].Kind == parser.TokKeyword &&
			(toks[i+1].Kind == parser.TokSpace || toks[i+1].Kind == parser.TokEquals) &&
			i+2 < len(toks) && (toks[i+2].Kind == parser.TokArg || toks[i+2].Kind == parser.TokComment) &&
			!strings.HasPrefix(f.Text(toks[i+2].Span), "=") {
			replace(toks[i+1], " ")
		}
	}
	for _, t := range toks {
		if t.Kind == parser.TokTrailing {
			replace(t, keepCR(f.Text(t.Span)))
		}
	}
	return edits
}

// keepCR drops blanks but keeps a final carriage return (CRLF files stay CRLF).
func keepCR(s string) string {
	if strings.HasSuffix(s, "\r") {
		return "\r"
	}
	return ""
}

func hasIgnored(toks []parser.Token) bool {
	for _, t := range toks {
		if t.Kind == parser.TokIgnored {
			return true
		}
	}
	return false
}
