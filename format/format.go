// Package format normalises the layout of an ssh_config file without changing what any
// line means: lines inside Host and Match blocks are indented, the keyword and its value
// are separated by one space, and trailing blanks are dropped. Comments, quotes, argument
// spacing, line endings and every line ssh would treat differently stay as they are.
//
// The indentation is the file's own unless one is asked for (see [DetectIndent]), and a
// commented-out directive (`#Port 22`) keeps its level: written against the left margin
// it stays there, indented it takes the block's indentation, even at the end of a block.
//
// Formatting is a list of edits on the source (see [Edits]), so the same mechanism serves
// `sshcfg fmt`, quick fixes and the language server.
//
//	f := parser.Parse("config", src, parser.Options{})
//	out := format.Source(f, format.Options{})
//
// Without a tree, [Bytes] formats a file line by line in little memory.
package format

import (
	"bytes"
	"iter"
	"slices"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Options tune the layout.
type Options struct {
	// Indent is put before every line inside a Host or Match block. Empty means the
	// file's own indentation, as DetectIndent finds it.
	Indent string
}

// DefaultIndent is the indentation of a file none of whose block lines is indented.
const DefaultIndent = "    "

// DetectIndent returns the indentation most directive lines inside the Host and Match
// blocks of src have, among those that make a style (one tab, or two to eight spaces;
// the first seen wins a tie), or DefaultIndent when there is none. It reads the bytes alone, the same way for a tree
// and for a file formatted line by line: a header is a line whose first word is Host or
// Match, and a directive line one that is neither blank nor a comment.
func DetectIndent(src []byte) string {
	type count struct {
		indent []byte
		n      int
	}
	var counts []count
	inBlock := false
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		rest := bytes.TrimLeft(line, " \t")
		indent := line[:len(line)-len(rest)]
		word := rest
		if i := bytes.IndexAny(rest, " \t="); i >= 0 {
			word = rest[:i]
		}
		word = bytes.Trim(word, "\"")
		switch {
		case bytes.EqualFold(word, []byte("host")) || bytes.EqualFold(word, []byte("match")):
			inBlock = true
		case !inBlock || len(indent) == 0 || len(bytes.TrimSpace(rest)) == 0 || rest[0] == '#' || rest[0] == '=':
		case !bytes.Equal(indent, []byte("\t")) && (len(indent) < 2 || len(indent) > 8 || bytes.Count(indent, []byte(" ")) != len(indent)):
			// not a style: mixed blanks, one space, several tabs, a deep indent
		default:
			i := 0
			for i < len(counts) && !bytes.Equal(counts[i].indent, indent) {
				i++
			}
			if i == len(counts) {
				counts = append(counts, count{indent: indent})
			}
			counts[i].n++
		}
	}
	best := count{indent: []byte(DefaultIndent)}
	for _, c := range counts {
		if c.n > best.n {
			best = c
		}
	}
	return string(best.indent)
}

// Edits returns the edits that format f, in source order. Applying them (diag.Apply)
// gives the formatted source; formatting that output again yields no edits.
func Edits(f *parser.File, opts Options) []diag.Edit {
	return slices.Collect(editSeq(f.Src, f.Lines, f.Tokenizer(), opts))
}

// Source returns the formatted text of f: the edits of [Edits], applied as they are
// produced, so that formatting a large file holds no list of edits and allocates little
// besides the output.
func Source(f *parser.File, opts Options) []byte {
	return apply(f.Src, editSeq(f.Src, f.Lines, f.Tokenizer(), opts))
}

// Bytes returns the formatted text of src, the same as Source gives for the tree of src
// parsed with popts, without building that tree: the lines are visited one at a time
// (parser.Scan), so that formatting a large file holds little more than the input and
// the output. name is the file name diagnostics would carry.
func Bytes(name string, src []byte, popts parser.Options, opts Options) []byte {
	popts.Keep = nil // formatting needs every line
	// No line outlives the call, so the scan reads src itself rather than a copy of it.
	popts.SourceGiven = true
	walk := func(fn func(*parser.Line) bool) { parser.Scan(name, src, popts, fn) }
	return apply(src, editSeq(src, walk, parser.NewTokenizer(src), opts))
}

// apply returns src with edits applied as they come.
func apply(src []byte, edits iter.Seq[diag.Edit]) []byte {
	out := make([]byte, 0, len(src)+len(src)/8+64) // room for indenting every line
	last := 0
	for e := range edits {
		if e.Span.Start < last {
			return src // edits come in order and never overlap; keep the input rather than lose it
		}
		out = append(out, src[last:e.Span.Start]...)
		out = append(out, e.New...)
		last = e.Span.End
	}
	return append(out, src[last:]...)
}

// editSeq yields the edits that format the lines of src, which walk visits in order and
// tz tokenizes. It needs one line at a time: a run of comment lines inside a block is
// kept as a span until the next line tells whether the run belongs to the next header
// (not indented) or to the block (indented), and is then tokenized again.
func editSeq(src []byte, walk func(func(*parser.Line) bool), tz *parser.Tokenizer, opts Options) iter.Seq[diag.Edit] {
	if opts.Indent == "" {
		opts.Indent = DetectIndent(src)
	}
	return func(yield func(diag.Edit) bool) {
		indent := ""                         // for the lines of the current block: none before the first header
		run := diag.Span{Start: -1, End: -1} // the comment lines at the end of the block so far
		flush := func(ind string) bool {
			for start := run.Start; start >= 0 && start < run.End; {
				end := run.End
				if i := bytes.IndexByte(src[start:run.End], '\n'); i >= 0 {
					end = start + i + 1
				}
				// a comment line's tokens depend on its bytes alone
				toks := tz.LineTokens(diag.Span{Start: start, End: end})
				if !lineEdits(src, toks, parser.LineComment, diag.Span{}, commentIndent(src, toks, ind, indent), yield) {
					return false
				}
				start = end
			}
			run = diag.Span{Start: -1, End: -1}
			return true
		}
		ok := true
		walk(func(l *parser.Line) bool {
			if indent != "" && l.Kind == parser.LineComment {
				if run.Start < 0 {
					run.Start = l.Span().Start
				}
				run.End = l.Span().End
				return true
			}
			ind := indent
			if l.IsBlockHeader() {
				ind, indent = "", opts.Indent // comments directly above a header belong to it
			}
			ok = flush(ind) && lineEdits(src, tz.Tokens(l), l.Kind, l.KeySpan(), ind, yield)
			return ok
		})
		if ok {
			flush(indent)
		}
	}
}

// commentIndent returns the indentation of a comment line whose tokens are toks: ind,
// what the line's place gives it, unless the comment is a commented-out directive, which
// keeps its level: none when it starts at the left margin, else block, the indentation
// of the block it is in (even when it ends the block, just above the next header).
func commentIndent(src []byte, toks []parser.Token, ind, block string) string {
	i := 0
	if len(toks) > 0 && (toks[0].Kind == parser.TokSpace || toks[0].Kind == parser.TokEquals) {
		i = 1
	}
	if i >= len(toks) || toks[i].Kind != parser.TokComment || !commentedOutDirective(src[toks[i].Span.Start:toks[i].Span.End]) {
		return ind
	}
	if i == 0 {
		return ""
	}
	return block
}

// commentedOutDirective reports whether the comment text (from its '#') reads as a
// directive put out of use: a known keyword followed by a value, as in "#Port 22" or
// "# ForwardAgent yes".
func commentedOutDirective(text []byte) bool {
	text = bytes.TrimLeft(bytes.TrimLeft(text, "#"), " \t")
	end := bytes.IndexAny(text, " \t=")
	if end <= 0 || len(bytes.Trim(text[end:], " \t=\r\f")) == 0 {
		return false
	}
	return keyword.Lookup(string(text[:end])) != nil
}

// lineEdits yields the edits that normalise one line of the given kind, whose tokens are
// toks and keyword is at key (for a directive): its indentation, the separator after the
// keyword and its trailing blanks. It returns false when yield asked to stop.
func lineEdits(src []byte, toks []parser.Token, kind parser.LineKind, key diag.Span, indent string, yield func(diag.Edit) bool) bool {
	if len(toks) == 0 || kind == parser.LineIgnored || hasIgnored(toks) {
		return true
	}
	text := func(s diag.Span) []byte { return src[s.Start:s.End] }
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
	switch kind {
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
		if bytes.IndexByte(text(key), '"') >= 0 {
			return true // a quoted keyword: '=' after it is not a separator
		}
		if formFeedsOnly(src[toks[0].Span.Start:toks[len(toks)-1].Span.End]) {
			// ssh strips trailing blanks and form feeds down to the line's first byte but
			// never that byte: "\f" alone is a bad keyword, "  \f" a blank line. Indenting
			// it would turn an error into nothing.
			return true
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
			src[toks[i+2].Span.Start] != '=' {
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

// formFeedsOnly reports whether a line holds only form feeds and blanks, starting with a
// form feed.
func formFeedsOnly(line []byte) bool {
	return len(line) > 0 && line[0] == '\f' && len(bytes.Trim(line, " \t\r\n\f")) == 0
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
