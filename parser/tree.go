package parser

import (
	"bytes"
	"io"
	"math"
	"sync"
	"unsafe"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TokenKind classifies the bytes of a line.
type TokenKind int

// Token kinds. Every byte of a file belongs to exactly one token.
const (
	TokSpace    TokenKind = iota // blanks: spaces, tabs, and the separators between arguments
	TokKeyword                   // the keyword as written (quotes included)
	TokEquals                    // a separator that contains '=' between keyword and value
	TokArg                       // one argument as written (quotes and escapes included)
	TokComment                   // a comment: a whole-line comment or a trailing "# …"
	TokTrailing                  // trailing blanks, CR and form feeds that ssh strips
	TokNewline                   // the '\n' ending a line
	TokIgnored                   // bytes ssh never sees: after a NUL, or a line ssh skips silently
)

var tokenNames = [...]string{"space", "keyword", "equals", "arg", "comment", "trailing", "newline", "ignored"}

// String names the token kind.
func (k TokenKind) String() string {
	if int(k) < len(tokenNames) {
		return tokenNames[k]
	}
	return "token?"
}

// Token is a span of source bytes with a kind.
type Token struct {
	Kind TokenKind
	Span diag.Span
}

// LineKind classifies a whole line.
type LineKind uint8

// Line kinds.
const (
	LineBlank     LineKind = iota // empty or only blanks
	LineComment                   // first token starts with '#'
	LineDirective                 // keyword and arguments
	LineIgnored                   // a line ssh skips without a word (an unbalanced quote in the keyword)
)

// Arg is one argument of a directive: its value after OpenSSH's quote and escape
// removal, and where it is written.
type Arg struct {
	Value      string
	start, end uint32 // Span
}

// Span returns the argument's source span, quotes included.
func (a Arg) Span() diag.Span { return diag.Span{Start: int(a.start), End: int(a.end)} }

// Line is one physical line of a config file. Its positions are byte offsets, held in
// 32 bits: a tree is at most 4 GiB of source (the resolver reads files up to 64 MiB).
// What only some lines have (diagnostics, the name of a keyword the table does not
// know, spans too far apart for a byte, more than 65,535 arguments) is held apart, so
// that the line itself stays small: a tree is mostly lines (48 bytes each).
type Line struct {
	// Value is the decoded value for known keywords whose arguments are valid; see value.go
	// for the concrete types. Nil when the line has errors.
	Value any

	// ref is the first of nargs arguments in a slab (*Arg), or, when flags has
	// lineHasExtra, the line's *lineExtra, which then holds the arguments.
	ref        unsafe.Pointer
	start, end uint32 // Span
	number     uint32 // Number
	nargs      uint16
	kw         uint16 // Keyword: its keyword.ID, 0 for none
	spelling   uint16 // index+1 in keywordSpellings of Name; 0: extra.name, or none
	// KeySpan and Rest as distances (unless extra.long): the keyword from start, its
	// length, the separator after it, and from the end of Rest to end.
	keyOff, keyLen, sepLen, trail uint8
	Kind                          LineKind
	flags                         lineFlags
}

// lineFlags are a Line's yes-or-no facts.
type lineFlags uint8

const (
	lineHeader   lineFlags = 1 << iota // IsBlockHeader
	lineHasExtra                       // ref is the line's *lineExtra
)

// lineExtra is what few lines have.
type lineExtra struct {
	diags diag.Diagnostics
	args  []Arg  // Args, once the line has a lineExtra
	name  string // Name when it is no keyword spelling
	// long is set for a line whose keyword or rest does not fit the Line's distances:
	// keySpan and rest are then its KeySpan and Rest.
	long          bool
	keySpan, rest diag.Span
}

// Keyword returns a directive's keyword in the table, or nil when the keyword is unknown
// to the table (or to the build of the dialect).
func (l *Line) Keyword() *keyword.Keyword { return keyword.ID(l.kw).Keyword() }

// extra returns the line's lineExtra, or nil when it has none.
func (l *Line) extra() *lineExtra {
	if l.flags&lineHasExtra == 0 {
		return nil
	}
	return (*lineExtra)(l.ref)
}

// extras returns the line's lineExtra, making it (and moving the arguments to it) when
// the line has none.
func (l *Line) extras() *lineExtra {
	if e := l.extra(); e != nil {
		return e
	}
	e := &lineExtra{args: l.Args()}
	l.ref, l.nargs, l.flags = unsafe.Pointer(e), 0, l.flags|lineHasExtra
	return e
}

// shortSpans reports whether a directive at start..end whose keyword and rest are key
// and rest fits a Line without a lineExtra.
func shortSpans(start, end int, key, rest diag.Span) bool {
	return key.Start-start <= math.MaxUint8 && key.Len() <= math.MaxUint8 &&
		rest.Start-key.End <= math.MaxUint8 && end-rest.End <= math.MaxUint8
}

// setSpans records where a directive's keyword and rest are; l.start and l.end must be set.
func (l *Line) setSpans(key, rest diag.Span) {
	s, e := int(l.start), int(l.end)
	if !shortSpans(s, e, key, rest) {
		l.setLongSpans(key, rest)
		return
	}
	l.setShortSpans(key, rest)
}

// setShortSpans is setSpans for spans that fit (shortSpans). It is inlined, as
// setShortArgs is.
func (l *Line) setShortSpans(key, rest diag.Span) {
	l.keyOff, l.keyLen = uint8(key.Start-int(l.start)), uint8(key.Len())
	l.sepLen, l.trail = uint8(rest.Start-key.End), uint8(int(l.end)-rest.End)
}

// setLongSpans records spans that do not fit the Line's distances in its lineExtra.
func (l *Line) setLongSpans(key, rest diag.Span) {
	x := l.extras()
	x.long, x.keySpan, x.rest = true, key, rest
}

// Args returns a directive's arguments, split as OpenSSH splits them; a trailing comment
// is not one of them. The slice shares the tree's memory: it must not be changed.
func (l *Line) Args() []Arg {
	if e := l.extra(); e != nil {
		return e.args
	}
	return unsafe.Slice((*Arg)(l.ref), l.nargs)
}

// setArgs makes args the line's arguments.
func (l *Line) setArgs(args []Arg) {
	if l.flags&lineHasExtra != 0 || len(args) > math.MaxUint16 {
		l.extras().args = args
		return
	}
	l.setShortArgs(args)
}

// setShortArgs makes args, at most 65,535 of them, the arguments of a line without a
// lineExtra. It is inlined: the fast paths of parsing call it on a Line on the stack.
func (l *Line) setShortArgs(args []Arg) {
	l.ref, l.nargs = unsafe.Pointer(unsafe.SliceData(args)), uint16(len(args))
}

// Span returns the whole line, newline included.
func (l *Line) Span() diag.Span { return diag.Span{Start: int(l.start), End: int(l.end)} }

// Number returns the 1-based line number.
func (l *Line) Number() int { return int(l.number) }

// Name returns a directive's keyword lower-cased, quotes removed ("" for other lines).
func (l *Line) Name() string {
	if l.spelling > 0 {
		return keywordSpellings()[l.spelling-1]
	}
	if e := l.extra(); e != nil {
		return e.name
	}
	return ""
}

// KeySpan returns where a directive's keyword is written (the zero Span for other lines).
func (l *Line) KeySpan() diag.Span {
	if e := l.extra(); e != nil && e.long {
		return e.keySpan
	}
	if l.Kind != LineDirective {
		return diag.Span{}
	}
	s := int(l.start) + int(l.keyOff)
	return diag.Span{Start: s, End: s + int(l.keyLen)}
}

// Rest returns the span of the text after the keyword and its separator, up to the
// stripped end of the line: what raw-text keywords (ProxyCommand …) take, after leading
// '=' and blanks (the zero Span for lines that are no directive).
func (l *Line) Rest() diag.Span {
	if e := l.extra(); e != nil && e.long {
		return e.rest
	}
	if l.Kind != LineDirective {
		return diag.Span{}
	}
	s := int(l.start) + int(l.keyOff) + int(l.keyLen) + int(l.sepLen)
	return diag.Span{Start: s, End: int(l.end) - int(l.trail)}
}

// Diags returns the problems found on this line, in order.
func (l *Line) Diags() diag.Diagnostics {
	if e := l.extra(); e != nil {
		return e.diags
	}
	return nil
}

// IsBlockHeader reports whether the line is a Host or Match directive.
func (l *Line) IsBlockHeader() bool { return l.flags&lineHeader != 0 }

// setHeader records whether the line is a Host or Match directive.
func (l *Line) setHeader(header bool) {
	if header {
		l.flags |= lineHeader
	}
}

// HasError reports whether any diagnostic of the line is an error.
func (l *Line) HasError() bool {
	e := l.extra()
	return e != nil && e.diags.HasErrors()
}

// Block is a run of lines governed by one Host or Match header. The first block of a file
// has no header: its lines apply to every host.
type Block struct {
	Header *Line // nil for the lines before the first Host or Match
	Lines  []*Line
}

// Span returns the bytes the block covers, header included.
func (b *Block) Span() diag.Span {
	var first, last *Line
	if b.Header != nil {
		first = b.Header
	}
	if len(b.Lines) > 0 {
		if first == nil {
			first = b.Lines[0]
		}
		last = b.Lines[len(b.Lines)-1]
	} else {
		last = first
	}
	if first == nil {
		return diag.Span{}
	}
	return diag.Span{Start: first.Span().Start, End: last.Span().End}
}

// File is the lossless syntax tree of one config file.
type File struct {
	Name string
	// Src is the parser's own copy of the input. It must not be modified: the tree's
	// words and arguments share its bytes.
	Src    []byte
	Blocks []*Block
	// Partial is set for trees parsed with Options.Keep: they lack the lines resolving
	// one host does not need, so printing them does not give the input back.
	Partial bool
	// Diags are all diagnostics of the file, in source order.
	Diags   diag.Diagnostics
	dialect keyword.Dialect
	text    string // Src as a string: words and arguments are substrings of it
	// index is built by the first LineIndex call, once, whatever the number of goroutines.
	indexOnce sync.Once
	index     *diag.LineIndex
}

// Dialect returns the OpenSSH dialect the file was parsed for.
func (f *File) Dialect() keyword.Dialect { return f.dialect }

// LineIndex returns the file's line index, building it on first use. It is safe for
// concurrent use (an LSP renders diagnostics while serving hovers on the same tree).
func (f *File) LineIndex() *diag.LineIndex {
	f.indexOnce.Do(func() { f.index = diag.NewLineIndex(f.Src) })
	return f.index
}

// Lines calls fn for every line of the file in order, headers included, until fn returns false.
func (f *File) Lines(fn func(*Line) bool) {
	for _, b := range f.Blocks {
		if b.Header != nil && !fn(b.Header) {
			return
		}
		for _, l := range b.Lines {
			if !fn(l) {
				return
			}
		}
	}
}

// Text returns the source bytes of span s: a piece of the tree's own text, not a copy
// (Src is never modified).
func (f *File) Text(s diag.Span) string { return f.text[s.Start:s.End] }

// Tokens returns the tokens of line l: a contiguous cover of l.Span, every byte in exactly
// one token. They are computed when asked for (the tree does not store them, which keeps
// parsing fast); the result is the same every time.
// Each call allocates room for many lines; to visit many lines, use a [Tokenizer].
func (f *File) Tokens(l *Line) []Token {
	return (&lexer{text: f.text}).lineTokens(l)
}

// Tokenizer computes the tokens of many lines of one file, reusing its memory from one
// line to the next, so that visiting every line of a large file costs a few allocations
// rather than one per line.
type Tokenizer struct {
	x lexer
}

// Tokenizer returns a Tokenizer for the lines of f.
func (f *File) Tokenizer() *Tokenizer { return &Tokenizer{x: lexer{text: f.text}} }

// Tokens returns the tokens of line l, as File.Tokens does; the slice is valid only until
// the next call.
func (t *Tokenizer) Tokens(l *Line) []Token { return t.LineTokens(l.Span()) }

// LineTokens returns the tokens of the line whose Span is s, as Tokens does for that
// line: a line's tokens depend on its bytes alone.
func (t *Tokenizer) LineTokens(s diag.Span) []Token {
	t.x.toks, t.x.args = t.x.toks[:0], t.x.args[:0]
	return t.x.spanTokens(s)
}

// lineTokens lexes line l again and returns its tokens, cut from x's slabs.
func (x *lexer) lineTokens(l *Line) []Token { return x.spanTokens(l.Span()) }

// spanTokens lexes the line at s again and returns its tokens, cut from x's slabs.
func (x *lexer) spanTokens(s diag.Span) []Token {
	end := s.End
	if end > s.Start && x.text[end-1] == '\n' {
		end--
	}
	lx := x.lexLine(s.Start, end)
	return x.tokens(&lx, end, s.End)
}

// WriteTo prints the tree: the concatenation of every token, which is the input byte for byte.
func (f *File) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	tz := f.Tokenizer()
	f.Lines(func(l *Line) bool {
		for _, t := range tz.Tokens(l) {
			buf.Write(f.Src[t.Span.Start:t.Span.End])
		}
		return true
	})
	return buf.WriteTo(w)
}

// Bytes returns the printed tree (see WriteTo).
func (f *File) Bytes() []byte {
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	return buf.Bytes()
}
