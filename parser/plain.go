package parser

import (
	"math"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// The fast path of a partial parse (Options.Keep). Most lines of a large config sit in
// blocks that cannot apply to the host being resolved: they must be checked (ssh reports
// a bad line anywhere) but nothing of them is kept. lexPlain cuts the lines that are
// simple enough in one pass over their bytes, into scratch space; inert checks such a
// line without building it, and plainHeader hands a Host line to Options.Keep without
// keeping it. Any line they are not sure of goes to parseLine, which decides.

// plainLine is a line lexPlain could cut: blank, a comment, or a directive whose keyword
// is letters and digits and whose arguments are plain words (no quotes, backslashes or
// control bytes), with at least one argument.
type plainLine struct {
	kind             LineKind // LineBlank, LineComment or LineDirective
	keyStart, keyEnd int      // the keyword of a directive
	rest, end        int      // Rest: after the separator, to the stripped end of the line
	args             []Arg    // the arguments, in the lexer's slab or scratch space (valid until the next line)
}

// lexPlain cuts the line text[start:stop] (newline excluded) into p as lexLine would,
// when the line is simple enough to be cut in one pass; it returns false otherwise
// (lexLine must then cut it). The arguments go to x's slab when inSlab is set (for a
// line of the tree), else to scratch space. (p is filled in place: a returned struct of this size is
// written and read back in parts the processor cannot forward.) A line it cuts has no problem lexLine would report.
func (x *lexer) lexPlain(p *plainLine, start, stop int, inSlab bool) bool {
	s := x.text
	// the stripped end of the line, as lexLine finds it (a NUL stays, and is refused below)
	end := stop
	for end-1 > start && (isBlank(s[end-1]) || s[end-1] == '\f') {
		end--
	}
	i := start
	for i < end && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i == end {
		p.kind = LineBlank
		return true // what follows end is blanks, CRs and form feeds
	}
	if s[i] == '#' {
		p.kind = LineComment
		return strings.IndexByte(s[i:stop], 0) < 0 // no NUL
	}
	// the keyword: strdelim stops at a blank, '"' or '='; keywords are letters and digits
	line := s[:end] // bounds for the loops below
	keyStart := i
	for i < len(line) && plainBytes[line[i]]&keywordByte != 0 {
		i++
	}
	if i == keyStart || i == end || (s[i] != ' ' && s[i] != '\t' && s[i] != '=') {
		return false // no argument, or a word for the full lexer
	}
	keyEnd := i
	// the separator: blanks, at most one '=', blanks (strdelim, then lexLine's spanBlanks)
	equals := s[i] == '='
	i++
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if !equals && i < len(line) && line[i] == '=' {
		i++
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
	}
	if i >= end {
		return false // no argument
	}
	rest := i
	// the arguments, split as splitArgs splits plain words; a '#' starting one begins a comment
	var args []Arg
	base := 0
	if inSlab {
		if need := (end-rest)/2 + 1; cap(x.args)-len(x.args) < need { // as lexLine reserves
			x.args = nextSlab(x.args, need, slabSize)
		}
		args, base = x.args, len(x.args)
	} else {
		args = x.scratch[:0]
	}
	for i < len(line) {
		c := line[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if c == '#' {
			if strings.IndexByte(s[i:stop], 0) >= 0 {
				return false
			}
			break
		}
		a := i
		for i < len(line) && plainBytes[line[i]]&wordByte != 0 {
			i++
		}
		if i < len(line) && line[i] != ' ' && line[i] != '\t' {
			return false // quotes, escapes and control bytes take the full lexer
		}
		args = append(args, Arg{Value: s[a:i], start: uint32(a), end: uint32(i)})
	}
	if inSlab {
		x.args = args
		args = args[base:len(args):len(args)]
	} else {
		x.scratch = args
	}
	if len(args) == 0 {
		args = nil // as lexLine has it
	}
	p.kind, p.keyStart, p.keyEnd, p.rest, p.end, p.args = LineDirective, keyStart, keyEnd, rest, end, args
	return true
}

// plainBytes classifies bytes for lexPlain.
var plainBytes = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			t[c] = keywordByte | wordByte
		case c > ' ' && c != '"' && c != '\'' && c != '\\':
			t[c] = wordByte
		}
	}
	return t
}()

// Classes of plainBytes.
const (
	keywordByte = 1 << iota // may be part of a keyword the table knows
	wordByte                // continues a plain argument (not a blank, quote, backslash or control byte)
)

// plainKeyword reports whether the keyword of info is one parseLine decodes without a
// word to say about the keyword itself: known to the dialect, supported by its build,
// not deprecated or ignored.
func plainKeyword(info *kwInfo) bool {
	return info.k != nil && info.knows && info.supports && info.k.Status == keyword.Supported
}

// inert reports whether the directive p, of keyword info, is one a partial parse drops
// in a block that does not apply, with nothing to say about it: its value is valid and
// it does not act in an inactive block (mattersWhenInactive). A block header is never
// inert. d must be a checking decoder (d.check): the value is validated, not built.
func (d *decoder) inert(text string, info *kwInfo, p *plainLine) bool {
	k := info.k
	if !plainKeyword(info) || k.Kind == keyword.KindHost || k.Kind == keyword.KindMatch ||
		k.ActsWhenInactive(text[p.rest:p.end]) {
		return false
	}
	if len(p.args) > math.MaxUint16 {
		return false // parseLine decides, with the arguments in a lineExtra
	}
	var l Line
	l.setShortArgs(p.args)
	v, used, err := d.decode(k, &l, text[p.rest:p.end])
	return err == nil && used == len(p.args) && v != nil
}

// plainHeader builds in l the Host line p (of keyword info, at text[start:lineEnd], line
// number) as parseLine would, and returns whether keep accepts it. ok is false, and keep
// is not asked, when p is no Host line or one parseLine must build (it has a problem, or
// is too long for a Line's short spans). l and its value are scratch: they are valid
// until d parses another line.
func (d *decoder) plainHeader(text string, l *Line, info *kwInfo, p *plainLine, start, lineEnd, number int, keep func(*Line) bool) (accepted, ok bool) {
	key, rest := diag.Span{Start: p.keyStart, End: p.keyEnd}, diag.Span{Start: p.rest, End: p.end}
	if !plainKeyword(info) || info.k.Kind != keyword.KindHost || !shortSpans(start, lineEnd, key, rest) || len(p.args) > math.MaxUint16 {
		return false, false
	}
	*l = Line{start: uint32(start), end: uint32(lineEnd), number: uint32(number), Kind: LineDirective,
		kw: uint16(info.k.ID), spelling: info.spelling, flags: lineHeader}
	l.setShortSpans(key, rest)
	l.setShortArgs(p.args)
	// A Host value takes room in the list slabs only (argValues): it is given back there.
	strs, lists := d.strs, d.boxes.lists
	v, used, err := d.decode(info.k, l, text[p.rest:p.end])
	if err == nil && used == len(p.args) {
		l.Value = v
		accepted, ok = keep(l), true
	}
	giveBack(&d.strs, strs) // the value is not kept
	giveBack(&d.boxes.lists, lists)
	return accepted, ok
}

// buildPlain builds in l, a zero Line, the line p at text[start:lineEnd] (line number) as
// parseLine would, p's arguments (cut into x's slab) becoming its arguments and its value
// decoded by d; it reports false, leaving l zero and giving the arguments' room back,
// for a line parseLine must build: one with a problem, a keyword the dialect does not
// take as it is, a Match line, or one too long for a Line's short spans. It is how a
// whole tree is built fast: most lines are plain.
func (d *decoder) buildPlain(x *lexer, l *Line, p *plainLine, start, lineEnd, number int) bool {
	// l is zero (a fresh slab element): the fields are set one by one.
	if p.kind != LineDirective {
		l.start, l.end, l.number, l.Kind = uint32(start), uint32(lineEnd), uint32(number), p.kind
		return true
	}
	info := lookupKeyword(d.keywords, x.text[p.keyStart:p.keyEnd])
	key, rest := diag.Span{Start: p.keyStart, End: p.keyEnd}, diag.Span{Start: p.rest, End: p.end}
	if !plainKeyword(info) || info.k.Kind == keyword.KindMatch || !shortSpans(start, lineEnd, key, rest) || len(p.args) > math.MaxUint16 {
		x.args = x.args[:len(x.args)-len(p.args)]
		return false
	}
	l.start, l.end, l.number, l.Kind = uint32(start), uint32(lineEnd), uint32(number), LineDirective
	l.kw, l.spelling = uint16(info.k.ID), info.spelling
	l.setHeader(info.name == "host")
	l.setShortSpans(key, rest)
	if len(p.args) > 0 {
		l.setShortArgs(p.args)
	}
	v, used, err := d.decode(info.k, l, x.text[p.rest:p.end])
	if err != nil || used < len(p.args) {
		x.args = x.args[:len(x.args)-len(p.args)] // parseLine cuts them again, with its diagnostics
		*l = Line{}
		return false
	}
	l.Value = v
	return true
}
