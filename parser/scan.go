package parser

import (
	"bytes"
	"math"
	"strings"
	"unsafe"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Scan parses src line by line and calls fn with every line in order, until fn returns
// false. Each line is the one Parse would put in the tree (same kind, spans, arguments,
// value and diagnostics), but no tree is built: one Line and its argument memory are
// reused from one line to the next, so scanning a file of any size (under 4 GiB) holds little more than
// a copy of src (nothing more with opts.SourceGiven). The *Line and everything it refers to are valid only during the call to
// fn; copy what must outlive it.
//
// Scan reads the file on one goroutine and visits every line: opts.Keep is ignored. Lines
// have no block context here; a caller that needs it tracks the headers it has seen
// (Line.IsBlockHeader).
func Scan(name string, src []byte, opts Options, fn func(*Line) bool) {
	if opts.Dialect.Version.Major == 0 {
		opts.Dialect = keyword.Debian92
	}
	if opts.Services == nil {
		opts.Services = DefaultServices
	}
	// As in Parse, the lines' words and arguments are substrings of a private copy (unless
	// opts.SourceGiven), and positions are held in 32 bits.
	if uint64(len(src)) > math.MaxUint32 {
		panic("parser: a source of 4 GiB or more")
	}
	if !opts.SourceGiven {
		src = bytes.Clone(src)
	}
	text := unsafe.String(unsafe.SliceData(src), len(src))
	f := &File{Name: name, Src: src, dialect: opts.Dialect, text: text}
	opts.Keep = nil
	d := &decoder{dialect: opts.Dialect, services: opts.Services, keywords: keywordsOf(opts.Dialect)}
	x := &lexer{text: text}
	var l Line
	for start, number := 0, 1; start < len(text); number++ {
		end, lineEnd := len(text), len(text)
		if eol := strings.IndexByte(text[start:], '\n'); eol >= 0 {
			end, lineEnd = start+eol, start+eol+1
		}
		// The previous line is no longer in use: its arguments' and values' room is free.
		x.args, d.strs = x.args[:0], d.strs[:0]
		l = Line{}
		parseLine(f, d, x, &l, start, end, lineEnd, number, opts)
		if !fn(&l) {
			return
		}
		start = lineEnd
	}
}

// NewTokenizer returns a Tokenizer for the lines of src, such as those Scan gives. src
// must not change while the Tokenizer is in use.
func NewTokenizer(src []byte) *Tokenizer {
	return &Tokenizer{x: lexer{text: unsafe.String(unsafe.SliceData(src), len(src))}}
}
