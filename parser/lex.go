package parser

import (
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
)

// isBlank reports whether c is one of OpenSSH's WHITESPACE characters (" \t\r\n").
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// spanBlanks returns how many bytes of s, from i on, are WHITESPACE.
func spanBlanks(s string, i int) int {
	n := 0
	for i+n < len(s) && isBlank(s[i+n]) {
		n++
	}
	return n
}

// delimToken is one word cut by OpenSSH's strdelim: Raw is where it sits in the line,
// Value the word with its quote pair removed.
type delimToken struct {
	Raw   diag.Span
	Value string
}

// strdelim reproduces OpenSSH's strdelim(): it cuts the next word of s starting at *pos,
// splitting on blanks, '"' and (when splitEquals) one '='. *pos becomes -1 once the line
// is used up (OpenSSH's NULL). ok is false when a quote is not closed: OpenSSH then
// returns NULL and the caller treats the word as absent. Offsets are indexes into s; an
// unquoted word is a substring of s.
func strdelim(s string, pos *int, splitEquals bool) (tok delimToken, ok bool) {
	if *pos < 0 {
		return delimToken{}, false
	}
	old := *pos
	q := -1
	for i := old; i < len(s); i++ {
		c := s[i]
		if isBlank(c) || c == '"' || (splitEquals && c == '=') {
			q = i
			break
		}
	}
	if q < 0 {
		*pos = -1
		return delimToken{Raw: diag.Span{Start: old, End: len(s)}, Value: s[old:]}, true
	}
	if s[q] == '"' {
		close := strings.IndexByte(s[q+1:], '"')
		if close < 0 {
			return delimToken{}, false
		}
		close += q + 1
		*pos = close + 1 + spanBlanks(s, close+1)
		v := s[q+1 : close]
		if q > old {
			v = s[old:q] + v
		}
		return delimToken{Raw: diag.Span{Start: old, End: close + 1}, Value: v}, true
	}
	sawEquals := splitEquals && s[q] == '='
	next := q + 1 + spanBlanks(s, q+1)
	if splitEquals && next < len(s) && s[next] == '=' && !sawEquals {
		next = next + 1 + spanBlanks(s, next+1)
	}
	*pos = next
	return delimToken{Raw: diag.Span{Start: old, End: q}, Value: s[old:q]}, true
}

// splitArgs reproduces OpenSSH's argv_split() with comment termination on s[from:]:
// arguments are separated by spaces and tabs, ' and " quote, backslash escapes \\ \" \'
// (and "\ " outside quotes), and a '#' at the start of an argument ends the line.
// It appends the arguments to args and returns them, the span of a trailing comment
// (empty if none) and whether the quotes were balanced. An argument without quotes or
// backslashes is a substring of s; buf is scratch space for the others.
func splitArgs(s string, from int, args []Arg, buf *[]byte) (_ []Arg, comment diag.Span, ok bool) {
	i := from
	n := len(s)
	for i < n {
		c := s[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if c == '#' {
			return args, diag.Span{Start: i, End: n}, true
		}
		start := i
		// Fast path: a plain word ends at a blank or the end of the line.
		for i < n {
			c = s[i]
			if c == ' ' || c == '\t' || c == '\\' || c == '"' || c == '\'' {
				break
			}
			i++
		}
		if i == n || c == ' ' || c == '\t' {
			args = append(args, Arg{Value: s[start:i], start: uint32(start), end: uint32(i)})
			continue
		}
		b := append((*buf)[:0], s[start:i]...)
		var quote byte
		for ; i < n; i++ {
			c = s[i]
			switch {
			case c == '\\':
				if i+1 < n && (s[i+1] == '\'' || s[i+1] == '"' || s[i+1] == '\\' || (quote == 0 && s[i+1] == ' ')) {
					i++
					b = append(b, s[i])
				} else {
					b = append(b, c)
				}
				continue
			case quote == 0 && (c == ' ' || c == '\t'):
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
				continue
			case quote != 0 && c == quote:
				quote = 0
				continue
			default:
				b = append(b, c)
				continue
			}
			break // an unquoted blank ends the argument
		}
		*buf = b
		if i >= n && quote != 0 {
			return args, diag.Span{}, false
		}
		args = append(args, Arg{Value: string(b), start: uint32(start), end: uint32(i)})
	}
	return args, diag.Span{}, true
}

// lexer holds what lexing a whole file shares between lines: the source as a string
// (so that words and arguments are substrings of it) and slabs from which the tokens and
// arguments of every line are cut, so that a line costs no allocation of its own.
type lexer struct {
	text    string
	toks    []Token
	args    []Arg
	buf     []byte
	scratch []Arg // the arguments of a line checked and dropped (inert), reused
}

// nextSlab returns a new, empty slab to follow old: room for need elements at least,
// else twice old's (16 for the first), up to limit. A small file takes small slabs (an
// Include of thousands of small files must not cost a full slab each); a large one soon
// takes slabs of limit elements. The capacity is rounded up to fill the allocation's size
// class (slices.Grow does), so the room the allocator gives anyway is used: a slab of
// 1,024 arguments is 24 KiB plus the 8-byte header of an object with pointers, which
// the allocator rounds up to 26.6 KiB, room for 1,135.
func nextSlab[T any](old []T, need, limit int) []T {
	return slices.Grow([]T(nil), max(need, min(max(2*cap(old), 16), limit)))
}

// slabSize is how many tokens or arguments a slab holds at most, unless one line needs more.
const slabSize = 1024

// lexedLine is the outcome of cutting one line the way OpenSSH's process_config_line does.
type lexedLine struct {
	kind       LineKind
	lead       diag.Span // blanks or '=' before the keyword
	key        delimToken
	sep        diag.Span // between keyword and Rest
	rest       diag.Span // remainder handed to the keyword (may be empty)
	args       []Arg
	comment    diag.Span
	quotesOK   bool
	content    diag.Span // the part of the line ssh looks at, before trailing blanks
	trailing   diag.Span // stripped trailing blanks, CR and form feeds
	ignored    diag.Span // bytes after a NUL
	noArgument bool      // keyword with nothing after it
	// openQuote is set on a LineIgnored line whose keyword has an unclosed quote (the
	// other cause is a keyword that is empty twice, as in "==Port 7" or `""`).
	openQuote bool
}

// lexLine cuts text[start:end] (newline excluded) into the parts OpenSSH sees. Offsets
// are absolute in the file.
func (x *lexer) lexLine(start, end int) lexedLine {
	src := x.text
	var l lexedLine
	lend := end
	if i := strings.IndexByte(src[start:end], 0); i >= 0 {
		lend = start + i
	}
	l.ignored = diag.Span{Start: lend, End: end}
	tend := lend
	for tend-1 > start && (isBlank(src[tend-1]) || src[tend-1] == '\f') {
		tend--
	}
	l.content = diag.Span{Start: start, End: tend}
	l.trailing = diag.Span{Start: tend, End: lend}
	line := src[:tend] // absolute offsets stay valid; the line ends at tend
	pos := start
	key, ok := strdelim(line, &pos, true)
	if ok && key.Value == "" {
		key, ok = strdelim(line, &pos, true)
	}
	text := src[start:tend]
	switch {
	case !ok || key.Value == "":
		trimmed := strings.TrimLeft(text, " \t\r\n=")
		switch {
		case len(strings.Trim(text, " \t\r\f")) == 0:
			l.kind = LineBlank
		case strings.HasPrefix(trimmed, "#"):
			l.kind = LineComment
			c := tend - len(trimmed)
			l.lead = diag.Span{Start: start, End: c}
			l.comment = diag.Span{Start: c, End: tend}
		default:
			l.kind = LineIgnored
			l.openQuote = !ok
		}
		return l
	case key.Value[0] == '#' || key.Value[0] == '\n':
		l.kind = LineComment
		l.lead = diag.Span{Start: start, End: key.Raw.Start}
		l.comment = diag.Span{Start: key.Raw.Start, End: tend}
		return l
	}
	l.kind = LineDirective
	l.key = key
	l.lead = diag.Span{Start: start, End: key.Raw.Start}
	if pos < 0 {
		pos = tend
	}
	pos += spanBlanks(line, pos)
	l.sep = diag.Span{Start: key.Raw.End, End: pos}
	l.rest = diag.Span{Start: pos, End: tend}
	if pos >= tend {
		l.noArgument = true
		l.quotesOK = true
		return l
	}
	if cap(x.args)-len(x.args) < (tend-pos)/2+1 {
		x.args = nextSlab(x.args, (tend-pos)/2+1, slabSize)
	}
	base := len(x.args)
	x.args, l.comment, l.quotesOK = splitArgs(line, pos, x.args, &x.buf)
	l.args = x.args[base:len(x.args):len(x.args)]
	if len(l.args) == 0 {
		l.args = nil
	}
	return l
}

// tokens builds the contiguous token cover of one line.
func (x *lexer) tokens(l *lexedLine, end, lineEnd int) []Token {
	if need := 2*len(l.args) + 8; cap(x.toks)-len(x.toks) < need {
		x.toks = nextSlab(x.toks, need, slabSize)
	}
	base := len(x.toks)
	toks := x.toks
	add := func(k TokenKind, s diag.Span) {
		if s.End > s.Start {
			toks = append(toks, Token{Kind: k, Span: s})
		}
	}
	sepKind := func(s diag.Span) TokenKind {
		if strings.IndexByte(x.text[s.Start:s.End], '=') >= 0 {
			return TokEquals
		}
		return TokSpace
	}
	switch l.kind {
	case LineBlank:
		add(TokSpace, l.content)
	case LineIgnored:
		add(TokIgnored, l.content)
	case LineComment:
		add(sepKind(l.lead), l.lead)
		add(TokComment, l.comment)
	case LineDirective:
		add(sepKind(l.lead), l.lead)
		add(TokKeyword, l.key.Raw)
		add(sepKind(l.sep), l.sep)
		if !l.quotesOK {
			add(TokArg, l.rest)
			break
		}
		pos := l.rest.Start
		for _, a := range l.args {
			add(TokSpace, diag.Span{Start: pos, End: a.Span().Start})
			add(TokArg, a.Span())
			pos = a.Span().End
		}
		if l.comment.End > l.comment.Start {
			add(TokSpace, diag.Span{Start: pos, End: l.comment.Start})
			add(TokComment, l.comment)
		} else {
			add(TokSpace, diag.Span{Start: pos, End: l.content.End})
		}
	}
	add(TokTrailing, l.trailing)
	add(TokIgnored, l.ignored)
	add(TokNewline, diag.Span{Start: end, End: lineEnd})
	x.toks = toks
	return toks[base:len(toks):len(toks)]
}
