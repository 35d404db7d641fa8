package parser

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
)

// isBlank reports whether c is one of OpenSSH's WHITESPACE characters (" \t\r\n").
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// spanBlanks returns how many bytes of s, from i on, are WHITESPACE.
func spanBlanks(s []byte, i int) int {
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
// returns NULL and the caller treats the word as absent.
func strdelim(s []byte, pos *int, splitEquals bool) (tok delimToken, ok bool) {
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
		return delimToken{Raw: diag.Span{Start: old, End: len(s)}, Value: string(s[old:])}, true
	}
	if s[q] == '"' {
		close := -1
		for i := q + 1; i < len(s); i++ {
			if s[i] == '"' {
				close = i
				break
			}
		}
		if close < 0 {
			return delimToken{}, false
		}
		*pos = close + 1 + spanBlanks(s, close+1)
		return delimToken{
			Raw:   diag.Span{Start: old, End: close + 1},
			Value: string(s[old:q]) + string(s[q+1:close]),
		}, true
	}
	sawEquals := splitEquals && s[q] == '='
	next := q + 1 + spanBlanks(s, q+1)
	if splitEquals && next < len(s) && s[next] == '=' && !sawEquals {
		next = next + 1 + spanBlanks(s, next+1)
	}
	*pos = next
	return delimToken{Raw: diag.Span{Start: old, End: q}, Value: string(s[old:q])}, true
}

// splitArgs reproduces OpenSSH's argv_split() with comment termination on s[from:]:
// arguments are separated by spaces and tabs, ' and " quote, backslash escapes \\ \" \'
// (and "\ " outside quotes), and a '#' at the start of an argument ends the line.
// It returns the arguments, the span of a trailing comment (empty if none) and whether
// the quotes were balanced.
func splitArgs(s []byte, from int) (args []Arg, comment diag.Span, ok bool) {
	i := from
	n := len(s)
	var b strings.Builder
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
		var quote byte
		b.Reset()
		for ; i < n; i++ {
			c = s[i]
			switch {
			case c == '\\':
				if i+1 < n && (s[i+1] == '\'' || s[i+1] == '"' || s[i+1] == '\\' || (quote == 0 && s[i+1] == ' ')) {
					i++
					b.WriteByte(s[i])
				} else {
					b.WriteByte(c)
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
				b.WriteByte(c)
				continue
			}
			break // an unquoted blank ends the argument
		}
		if i >= n && quote != 0 {
			return args, diag.Span{}, false
		}
		args = append(args, Arg{Span: diag.Span{Start: start, End: i}, Value: b.String()})
	}
	return args, diag.Span{}, true
}

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
}

// lexLine cuts src[start:end] (newline excluded) into the parts OpenSSH sees. Offsets are
// absolute in src.
func lexLine(src []byte, start, end int) lexedLine {
	var l lexedLine
	lend := end
	for i := start; i < end; i++ {
		if src[i] == 0 {
			lend = i
			break
		}
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
		trimmed := strings.TrimLeft(string(text), " \t\r\n=")
		switch {
		case len(strings.Trim(string(text), " \t\r\f")) == 0:
			l.kind = LineBlank
		case strings.HasPrefix(trimmed, "#"):
			l.kind = LineComment
			c := tend - len(trimmed)
			l.lead = diag.Span{Start: start, End: c}
			l.comment = diag.Span{Start: c, End: tend}
		default:
			l.kind = LineIgnored
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
	l.args, l.comment, l.quotesOK = splitArgs(line, pos)
	return l
}

// tokens builds the contiguous token cover of one line.
func (l *lexedLine) tokens(src []byte, start, end, lineEnd int) []Token {
	var toks []Token
	add := func(k TokenKind, s diag.Span) {
		if s.End > s.Start {
			toks = append(toks, Token{Kind: k, Span: s})
		}
	}
	sepKind := func(s diag.Span) TokenKind {
		if strings.IndexByte(string(src[s.Start:s.End]), '=') >= 0 {
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
			add(TokSpace, diag.Span{Start: pos, End: a.Span.Start})
			add(TokArg, a.Span)
			pos = a.Span.End
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
	return toks
}
