package lint

import (
	"slices"
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
	if l.Keyword() == nil || l.Keyword().Kind != keyword.KindAlgorithms || len(l.Args()) == 0 {
		return algList{}, false
	}
	fam := l.Keyword().Algorithms
	if classOf(fam) == classNone {
		return algList{}, false
	}
	arg := l.Args()[0]
	v := arg.Value
	exact := f.tree().Text(arg.Span()) == v // unquoted: value offsets are file offsets
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
		span := arg.Span()
		if exact {
			span = diag.Span{Start: arg.Span().Start + start, End: arg.Span().Start + end}
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

// algLines is what the resolved hosts showed of the algorithm lines: for each line that
// won for some host, the list ssh assembled from it for the first such host, and the
// lines some host read but that lost.
type algLines struct {
	won     map[lineKey][]string
	reached map[lineKey]bool
}

// watchAlgorithms returns the host function that fills p.algorithms, for the first rule
// that reads them (nil for the others: one watcher collects for all).
func (p *Pass) watchAlgorithms() func(*Host) {
	if p.algorithms != nil {
		return nil
	}
	a := &algLines{won: map[lineKey][]string{}, reached: map[lineKey]bool{}}
	p.algorithms = a
	return func(h *Host) {
		for _, id := range algorithmIDs {
			s, ok := h.Result.Get(id)
			if !ok {
				continue
			}
			for _, lost := range s.Lost {
				a.reached[lineKey{lost.File, lost.Span.Start}] = true
			}
			if s.Source.Kind != resolve.FromConfig {
				continue
			}
			k := lineKey{s.Source.File, s.Source.Span.Start}
			if _, seen := a.won[k]; !seen {
				a.won[k] = h.Result.Algorithms(id)
			}
		}
	}
}

// usedLines calls fn once for every configuration line of one of ids whose value ssh
// uses for some host: a line that wins for at least one resolved host, with the list
// ssh assembled from it for one such host, and a line that no resolved host reached at
// all (a Match host block, a Match exec block lint does not run), with resolved false:
// ssh uses it for the hosts that block matches. Lines beaten by an earlier one for every
// host that reached them are skipped; the shadowing rules report those. The rule must
// have watched the hosts with watchAlgorithms.
func usedLines(p *Pass, ids []keyword.ID, fn func(f *File, l *parser.Line, assembled []string, resolved bool)) {
	p.Directives(func(f *File, l *parser.Line) bool {
		if l.Keyword() == nil || l.Value == nil || !slices.Contains(ids, l.Keyword().ID) {
			return true
		}
		k := lineKey{f.Path, l.Span().Start}
		if algs, ok := p.algorithms.won[k]; ok {
			fn(f, l, algs, true)
		} else if !p.algorithms.reached[k] {
			fn(f, l, nil, false)
		}
		return true
	})
}

// usedAlgorithms returns the list ssh assembles from the line: the resolver's when a
// host resolved it (assembled, resolved), else the names the written list makes from the
// target's defaults and algorithms, in no particular order (callers only test
// membership).
func usedAlgorithms(p *Pass, l *parser.Line, list algList, assembled []string, resolved bool) []string {
	if resolved {
		return assembled
	}
	algs := p.Dialect.Algorithms()
	def := algs.Default(list.fam)
	var out []string
	if list.op == '+' || list.op == '^' || list.op == '-' {
		out = slices.Clone(def)
	}
	for _, t := range list.tokens {
		if t.name == "" {
			if list.op == '+' {
				break // ssh appends nothing after an empty element
			}
			continue
		}
		if list.op == '-' {
			out = slices.DeleteFunc(out, func(n string) bool { return tokenMatches(t.name, n) })
			continue
		}
		for _, n := range algs.Supported(list.fam) {
			if tokenMatches(t.name, n) && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
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
