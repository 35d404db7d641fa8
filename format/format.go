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
	"bytes"
	"iter"
	"slices"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// Options tune the layout.
type Options struct {
	// Indent is put before every line inside a Host or Match block; empty means two spaces.
	Indent string
}

// Edits returns the edits that format f, in source order. Applying them (diag.Apply)
// gives the formatted source; formatting that output again yields no edits.
func Edits(f *parser.File, opts Options) []diag.Edit {
	return slices.Collect(editSeq(f, opts))
}

// Source returns the formatted text of f: the edits of [Edits], applied as they are
// produced, so that formatting a large file holds no list of edits and allocates little
// besides the output.
func Source(f *parser.File, opts Options) []byte {
	src := f.Src
	out := make([]byte, 0, len(src)+len(src)/16+64)
	last := 0
	for e := range editSeq(f, opts) {
		if e.Span.Start < last {
			return src // edits come in order and never overlap; keep the input rather than lose it
		}
		out = append(out, src[last:e.Span.Start]...)
		out = append(out, e.New...)
		last = e.Span.End
	}
	return append(out, src[last:]...)
}

// editSeq yields the edits that format f, in source order.
func editSeq(f *parser.File, opts Options) iter.Seq[diag.Edit] {
	if opts.Indent == "" {
		opts.Indent = "  "
	}
	return func(yield func(diag.Edit) bool) {
		tz := f.Tokenizer()
		for bi, b := range f.Blocks {
			if b.Header != nil && !lineEdits(f, tz.Tokens(b.Header), b.Header, "", yield) {
				return
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
				if !lineEdits(f, tz.Tokens(l), l, ind, yield) {
					return
				}
			}
		}
	}
}

// lineEdits yields the edits that normalise one line, whose tokens are toks: its
// indentation, the separator after the keyword and its trailing blanks. It returns false
// when yield asked to stop.
func lineEdits(f *parser.File, toks []parser.Token, l *parser.Line, indent string, yield func(diag.Edit) bool) bool {
	if len(toks) == 0 || l.Kind == parser.LineIgnored || hasIgnored(toks) {
		return true
	}
	text := func(s diag.Span) []byte { return f.Src[s.Start:s.End] }
	ok := true
	emit := func(e diag.Edit) {
		ok = ok && yield(e)
	}
	replace := func(t parser.Token, s string) {
		if string(text(t.Span)) != s {
			emit(diag.Edit{Span: t.Span, New: s})
		}
	}
	insert := func(at int, s string) {
		emit(diag.Edit{Span: diag.Span{Start: at, End: at}, New: s})
	}
	switch l.Kind {
	case parser.LineBlank:
		for _, t := range toks {
			if t.Kind == parser.TokSpace || t.Kind == parser.TokTrailing {
				replace(t, keepCR(text(t.Span)))
			}
		}
		return ok
	case parser.LineComment:
		if toks[0].Kind == parser.TokSpace || toks[0].Kind == parser.TokEquals {
			replace(toks[0], indent)
		} else if indent != "" {
			insert(toks[0].Span.Start, indent)
		}
	case parser.LineDirective:
		if bytes.IndexByte(text(l.KeySpan), '"') >= 0 {
			return true // a quoted keyword: '=' after it is not a separator
		}
		i := 0
		if toks[0].Kind == parser.TokSpace || toks[0].Kind == parser.TokEquals {
			replace(toks[0], indent)
			i = 1
		} else if indent != "" {
			insert(toks[0].Span.Start, indent)
		}
		if i+1 < len(toks) && toks[i].Kind == parser.TokKeyword &&
			(toks[i+1].Kind == parser.TokSpace || toks[i+1].Kind == parser.TokEquals) &&
			i+2 < len(toks) && (toks[i+2].Kind == parser.TokArg || toks[i+2].Kind == parser.TokComment) &&
			f.Src[toks[i+2].Span.Start] != '=' {
			replace(toks[i+1], " ")
		}
	}
	for _, t := range toks {
		if t.Kind == parser.TokTrailing {
			replace(t, keepCR(text(t.Span)))
		}
	}
	return ok
}

// keepCR drops blanks but keeps a final carriage return (CRLF files stay CRLF).
func keepCR(s []byte) string {
	if bytes.HasSuffix(s, []byte("\r")) {
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
