package parser

import (
	"sort"

	"github.com/sshcfg/sshcfg/diag"
)

// Part names the part of a line a [Cursor] is in.
type Part int

// Parts of a line. The gaps (PartSeparator, PartBetweenArgs, PartAfterArgs) are where a
// new argument would be typed; Cursor.Index says which argument it would become.
const (
	PartNone        Part = iota // no line: outside the file, or a line a partial tree dropped
	PartBlank                   // a line of blanks, or the empty line after a final newline
	PartIndent                  // the blanks (or '=') before the keyword or a whole-line comment
	PartKeyword                 // the keyword as written, quotes included
	PartSeparator               // between the keyword and its first argument: blanks or '='
	PartArg                     // an argument, quotes and escapes included
	PartBetweenArgs             // the blanks between two arguments
	PartAfterArgs               // past the last argument, up to the end of the line
	PartComment                 // a comment, from its '#' to the end of the line
	PartIgnored                 // bytes ssh never sees: after a NUL, or a line ssh skips
)

var partNames = [...]string{"none", "blank", "indent", "keyword", "separator", "arg", "between-args", "after-args", "comment", "ignored"}

// String names the part.
func (p Part) String() string {
	if p >= 0 && int(p) < len(partNames) {
		return partNames[p]
	}
	return "part?"
}

// Cursor is what lies at one byte offset of a file: the line, the block and the part of
// the line. It is what an editor asks about before hover, completion or go-to-definition.
type Cursor struct {
	Offset int
	// Line contains Offset, its newline byte included; the last line of a file without a
	// final newline also contains the offset just past it. Nil outside the file, on the
	// empty line after a final newline, and on a line a partial tree dropped.
	Line *Line
	// Block is the Host or Match block Line belongs to (the file's first block, without a
	// header, before the first header). After a final newline it is the last block. Nil
	// outside the file and on a line a partial tree dropped.
	Block *Block
	Part  Part
	// Span is the extent of the part: the keyword, the argument, the gap, the comment …
	// A gap's span may be empty, as in "Port" followed by the end of the line.
	Span diag.Span
	// Index is, for PartArg, the index of the argument in Line.Args(); for the gaps, the
	// index the next argument typed there would take (len(Line.Args()) past the last one).
	Index int
	// Arg is the argument for PartArg; nil inside an argument whose quote is not closed
	// (the parser could not cut it, so it is not in Line.Args()).
	Arg *Arg
}

// At returns what lies at byte offset off. Offsets are byte offsets into f.Src: off names
// the byte at off (Span is half-open), and len(f.Src) the end of the file. A cursor just
// after a word, as when completing it, is on the byte after the word (a gap or the end of
// the line); to complete the word, check whether Line.KeySpan() or an argument ends at off.
//
// At finds the line by binary search, in O(log n) for n lines, and cuts only that line
// again; it works on partial trees (Options.Keep) too, where a dropped line has no Line.
func (f *File) At(off int) Cursor {
	c := Cursor{Offset: off}
	if off < 0 || off > len(f.Src) || len(f.Blocks) == 0 {
		return c
	}
	if off == len(f.Src) && (off == 0 || f.Src[off-1] == '\n') {
		// The empty line after the last newline (or of an empty file) is in no tree, but
		// what is typed there joins the last block — unless a partial tree dropped it.
		last := f.Blocks[len(f.Blocks)-1]
		if l := lastLine(last); f.Partial && off > 0 && (l == nil || l.Span().End != off) {
			return c
		}
		c.Block = last
		c.Part = PartBlank
		c.Span = diag.Span{Start: off, End: off}
		return c
	}
	// The first block has no header; every other block starts at its header.
	bi := sort.Search(len(f.Blocks)-1, func(i int) bool { return f.Blocks[i+1].Header.Span().Start > off })
	b := f.Blocks[bi]
	var l *Line
	if h := b.Header; h != nil && h.Span().Contains(off) {
		l = h
	} else if i := sort.Search(len(b.Lines), func(i int) bool { return b.Lines[i].Span().End > off }); i < len(b.Lines) && b.Lines[i].Span().Start <= off {
		l = b.Lines[i]
	} else if last := lastLine(b); last != nil && off == len(f.Src) && last.Span().End == off {
		l = last // the end of a last line without newline
	}
	if l == nil {
		return c // a line a partial tree dropped
	}
	c.Line, c.Block = l, b
	f.locate(&c)
	return c
}

// lastLine returns the last line of b, or nil for a first block without lines.
func lastLine(b *Block) *Line {
	if len(b.Lines) > 0 {
		return b.Lines[len(b.Lines)-1]
	}
	return b.Header
}

// locate sets the part of c.Line that c.Offset is in. The line is cut again, as Tokens
// does, for the spans the tree does not keep (separator, comment, trailing bytes).
func (f *File) locate(c *Cursor) {
	l, off := c.Line, c.Offset
	end := l.Span().End
	if end > l.Span().Start && f.text[end-1] == '\n' {
		end--
	}
	// Room for every argument the line can hold, so that cutting it needs no slab.
	x := &lexer{text: f.text, args: make([]Arg, 0, (end-l.Span().Start)/2+1)}
	lx := x.lexLine(l.Span().Start, end)
	set := func(p Part, s diag.Span, index int) { c.Part, c.Span, c.Index = p, s, index }
	switch {
	case lx.ignored.Len() > 0 && off >= lx.ignored.Start:
		set(PartIgnored, diag.Span{Start: lx.ignored.Start, End: end}, 0)
		return
	case lx.kind == LineBlank:
		set(PartBlank, diag.Span{Start: l.Span().Start, End: end}, 0)
		return
	case lx.kind == LineIgnored:
		set(PartIgnored, diag.Span{Start: l.Span().Start, End: end}, 0)
		return
	case off < lx.lead.End:
		set(PartIndent, lx.lead, 0)
		return
	case lx.comment.Len() > 0 && off >= lx.comment.Start:
		set(PartComment, diag.Span{Start: lx.comment.Start, End: lx.ignored.Start}, 0)
		return
	case off < lx.key.Raw.End:
		set(PartKeyword, lx.key.Raw, 0)
		return
	case off < lx.sep.End:
		set(PartSeparator, lx.sep, 0)
		return
	}
	prev := lx.sep.End // where the gap before the next argument starts
	for i := range l.Args() {
		a := &l.Args()[i]
		switch {
		case off < a.Span().Start:
			set(PartBetweenArgs, diag.Span{Start: prev, End: a.Span().Start}, i)
			return
		case off < a.Span().End:
			set(PartArg, a.Span(), i)
			c.Arg = a
			return
		}
		prev = a.Span().End
	}
	n := len(l.Args())
	if !lx.quotesOK {
		// The rest of the line is an argument whose quote is not closed.
		start := prev + spanBlanks(f.text[:lx.content.End], prev)
		switch {
		case off < start:
			set(gap(n), diag.Span{Start: prev, End: start}, n)
		default:
			set(PartArg, diag.Span{Start: start, End: lx.content.End}, n)
		}
		return
	}
	after := end
	if lx.comment.Len() > 0 {
		after = lx.comment.Start
	}
	set(PartAfterArgs, diag.Span{Start: prev, End: after}, n)
}

// gap is the part of the blanks before argument i.
func gap(i int) Part {
	if i == 0 {
		return PartSeparator
	}
	return PartBetweenArgs
}
