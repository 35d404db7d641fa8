package lint

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
	"github.com/sshcfg/sshcfg/resolve"
)

// This file holds what the algorithm rules (SC5xxx) share: reading an algorithm list as
// a line writes it, token by token with each token's bytes, and finding the lines whose
// value ssh uses.

// algToken is one element of a written algorithm list.
type algToken struct {
	name string    // as written, "" for an empty element
	span diag.Span // its bytes; the whole argument when the argument is quoted or escaped
}

// algList is the algorithm list a directive writes.
type algList struct {
	fam    keyword.AlgorithmFamily
	op     byte       // '+', '-', '^', or 0 for a list that replaces the default
	tokens []algToken // the elements after the operator, empty ones included
}

// writtenList splits the first argument of an algorithm directive into its tokens. It
// returns false for lines that are not algorithm lists (GSSAPIKexAlgorithms included:
// its names are not judged here).
func writtenList(f *File, l *parser.Line) (algList, bool) {
	if l.Keyword == nil || l.Keyword.Kind != keyword.KindAlgorithms || len(l.Args) == 0 {
		return algList{}, false
	}
	fam := l.Keyword.Algorithms
	if classOf(fam) == classNone {
		return algList{}, false
	}
	arg := l.Args[0]
	v := arg.Value
	exact := f.Tree.Text(arg.Span) == v // unquoted: value offsets are file offsets
	list := algList{fam: fam}
	start := 0
	if v != "" && strings.IndexByte("+-^", v[0]) >= 0 {
		list.op, start = v[0], 1
	}
	for start <= len(v) {
		end := strings.IndexByte(v[start:], ',')
		if end < 0 {
			end = len(v)
		} else {
			end += start
		}
		span := arg.Span
		if exact {
			span = diag.Span{Start: arg.Span.Start + start, End: arg.Span.Start + end}
		}
		list.tokens = append(list.tokens, algToken{name: v[start:end], span: span})
		start = end + 1
	}
	return list, true
}

// isPattern reports whether a list element is a wildcard pattern or a negation.
func isPattern(name string) bool { return strings.ContainsAny(name, "*?!") }

// tokenMatches reports whether list element tok puts algorithm name in a list, as
// ssh's list assembly matches them.
func tokenMatches(tok, name string) bool {
	if tok == name {
		return true
	}
	return isPattern(tok) && pattern.MatchList(name, tok, false) == 1
}

// lineKey names a line: its file and first byte.
type lineKey struct {
	file  string
	start int
}

// winningLines calls fn once for every configuration line that sets one of ids for at
// least one resolved host, with the resolution of one such host: the lines whose value
// ssh uses. Lines beaten by an earlier one are left to the shadowing rules.
func winningLines(p *Pass, ids []keyword.ID, fn func(f *File, l *parser.Line, res *resolve.Result)) {
	won := map[lineKey]*resolve.Result{}
	for _, h := range p.Hosts {
		for _, id := range ids {
			s, ok := h.Result.Get(id)
			if !ok || s.Source.Kind != resolve.FromConfig {
				continue
			}
			k := lineKey{s.Source.File, s.Source.Span.Start}
			if _, seen := won[k]; !seen {
				won[k] = h.Result
			}
		}
	}
	if len(won) == 0 {
		return
	}
	p.Directives(func(f *File, l *parser.Line) bool {
		if res, ok := won[lineKey{f.Path, l.Span.Start}]; ok {
			fn(f, l, res)
		}
		return true
	})
}

// algorithmIDs are the keywords whose value is an algorithm list the rules judge.
var algorithmIDs = func() []keyword.ID {
	var ids []keyword.ID
	for id := keyword.ID(1); int(id) < keyword.NumIDs(); id++ {
		if k := id.Keyword(); k != nil && k.Kind == keyword.KindAlgorithms && classOf(k.Algorithms) != classNone {
			ids = append(ids, id)
		}
	}
	return ids
}()
