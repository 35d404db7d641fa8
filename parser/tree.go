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
// know) is held apart, so that the line itself stays small: a tree is mostly lines.
type Line struct {
	// Value is the decoded value for known keywords whose arguments are valid; see value.go
	// for the concrete types. Nil when the line has errors.
	Value any

	extra      *lineExtra // nil when the line has no diagnostic, a known keyword and is short
	args       *Arg       // Args: the first of nargs arguments in a slab
	nargs      uint32
	start, end uint32 // Span
	number     uint32 // Number
	// KeySpan and Rest, from start (when they are further, extra has them)
	keyStart, keyEnd, restStart, restEnd uint16
	kw                                   uint16 // Keyword: its keyword.ID, 0 for none
	spelling                             uint16 // index+1 in keywordSpellings of Name; 0: extra.name, or none
	Kind                                 LineKind
	header                               bool // IsBlockHeader
}

// lineExtra is what few lines have.
type lineExtra struct {
	diags diag.Diagnostics
	name  string // Name when it is no keyword spelling
	// long is set for a line whose keyword or rest lies 64 KiB or more from its start:
	// keySpan and rest are then its KeySpan and Rest.
	long          bool
	keySpan, rest diag.Span
}

// Keyword returns a directive's keyword in the table, or nil when the keyword is unknown
// to the table (or to the build of the dialect).
func (l *Line) Keyword() *keyword.Keyword { return keyword.ID(l.kw).Keyword() }

// setSpans records where a directive's keyword and rest are.
func (l *Line) setSpans(key, rest diag.Span) {
	s := int(l.start)
	if rest.End-s > math.MaxUint16 || key.End-s > math.MaxUint16 {
		e := l.extras()
		e.long, e.keySpan, e.rest = true, key, rest
		return
	}
	l.keyStart, l.keyEnd = uint16(key.Start-s), uint16(key.End-s)
	l.restStart, l.restEnd = uint16(rest.Start-s), uint16(rest.End-s)
}

// Args returns a directive's arguments, split as OpenSSH splits them; a trailing comment
// is not one of them. The slice shares the tree's memory: it must not be changed.
func (l *Line) Args() []Arg { return unsafe.Slice(l.args, l.nargs) }

// setArgs makes args the line's arguments.
func (l *Line) setArgs(args []Arg) { l.args, l.nargs = unsafe.SliceData(args), uint32(len(args)) }

// Span returns the whole line, newline included.
func (l *Line) Span() diag.Span { return diag.Span{Start: int(l.start), End: int(l.end)} }

// Number returns the 1-based line number.
func (l *Line) Number() int { return int(l.number) }

// Name returns a directive's keyword lower-cased, quotes removed ("" for other lines).
func (l *Line) Name() string {
	if l.spelling > 0 {
		return keywordSpellings()[l.spelling-1]
	}
	if l.extra != nil {
		return l.extra.name
	}
	return ""
}

// KeySpan returns where a directive's keyword is written (the zero Span for other lines).
func (l *Line) KeySpan() diag.Span {
	switch {
	case l.extra != nil && l.extra.long:
		return l.extra.keySpan
	case l.Kind != LineDirective:
		return diag.Span{}
	}
	return diag.Span{Start: int(l.start) + int(l.keyStart), End: int(l.start) + int(l.keyEnd)}
}

// Rest returns the span of the text after the keyword and its separator, up to the
// stripped end of the line: what raw-text keywords (ProxyCommand …) take, after leading
// '=' and blanks (the zero Span for lines that are no directive).
func (l *Line) Rest() diag.Span {
	switch {
	case l.extra != nil && l.extra.long:
		return l.extra.rest
	case l.Kind != LineDirective:
		return diag.Span{}
	}
	return diag.Span{Start: int(l.start) + int(l.restStart), End: int(l.start) + int(l.restEnd)}
}

// Diags returns the problems found on this line, in order.
func (l *Line) Diags() diag.Diagnostics {
	if l.extra == nil {
		return nil
	}
	return l.extra.diags
}

// extras returns l.extra, making it when the line has none.
func (l *Line) extras() *lineExtra {
	if l.extra == nil {
		l.extra = &lineExtra{}
	}
	return l.extra
}

// IsBlockHeader reports whether the line is a Host or Match directive.
func (l *Line) IsBlockHeader() bool { return l.header }

// HasError reports whether any diagnostic of the line is an error.
func (l *Line) HasError() bool { return l.extra != nil && l.extra.diags.HasErrors() }

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

// Text returns the source bytes of span s.
func (f *File) Text(s diag.Span) string { return string(f.Src[s.Start:s.End]) }

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
