package resolve

import (
	"sort"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// blockIndex lets a resolution visit only the blocks of a file that can matter for a
// host: blocks whose Host patterns are all literal names are looked up by name, every
// other block is always visited. This keeps resolving one host fast in files with
// thousands of Host blocks.
type blockIndex struct {
	always    []int            // blocks visited for every host, in order
	byLiteral map[string][]int // literal Host pattern -> blocks, in order
	bySuffix  map[string][]int // "*suffix" patterns -> blocks
	byPrefix  map[string][]int // "prefix*" patterns -> blocks
}

// buildIndex classifies the blocks of f.
func buildIndex(f *parser.File) *blockIndex {
	ix := &blockIndex{byLiteral: map[string][]int{}, bySuffix: map[string][]int{}, byPrefix: map[string][]int{}}
	for i, b := range f.Blocks {
		pats, ok := literalHost(f, b)
		if !ok {
			ix.always = append(ix.always, i)
			continue
		}
		for _, p := range pats {
			switch {
			case !strings.ContainsAny(p, "*?"):
				ix.byLiteral[p] = append(ix.byLiteral[p], i)
			case strings.HasPrefix(p, "*"):
				ix.bySuffix[p[1:]] = append(ix.bySuffix[p[1:]], i)
			default:
				ix.byPrefix[p[:len(p)-1]] = append(ix.byPrefix[p[:len(p)-1]], i)
			}
		}
	}
	return ix
}

// literalHost returns the positive patterns of a Host block if each is a literal name,
// "*suffix" or "prefix*", and no line of the block acts while the block is inactive.
func literalHost(f *parser.File, b *parser.Block) ([]string, bool) {
	h := b.Header
	if h == nil || h.Keyword() == nil || h.Keyword().Kind != keyword.KindHost || h.HasError() {
		return nil, false
	}
	pats, _ := h.Value.([]string)
	var lits []string
	for _, p := range pats {
		if strings.HasPrefix(p, "!") {
			continue
		}
		if !simplePattern(p) {
			return nil, false
		}
		lits = append(lits, p)
	}
	for _, l := range b.Lines {
		if l.Kind != parser.LineDirective {
			continue
		}
		if l.HasError() || l.Keyword() == nil || l.Value == nil {
			return nil, false // errors and "Unsupported option" lines are reported in every pass
		}
		if k := l.Keyword(); k.Inactive != keyword.InactiveIgnored && k.ActsWhenInactive(f.Text(l.Rest())) {
			return nil, false
		}
	}
	return lits, true
}

// mayMatch reports whether a block header can apply to host: a Match line, a Host line
// in error or with a pattern that is not simple, or one whose simple patterns include one
// that matches. It is the parser's Keep function for one-shot resolution.
func mayMatch(h *parser.Line, host string) bool {
	if h.Keyword() == nil || h.Keyword().Kind != keyword.KindHost || h.HasError() {
		return true
	}
	pats, _ := h.Value.([]string)
	for _, p := range pats {
		if strings.HasPrefix(p, "!") {
			continue
		}
		if !simplePattern(p) || pattern.Match(host, p) {
			return true
		}
	}
	return false
}

// walk visits the lines of the blocks that can apply to host. Skipped blocks are Host
// blocks that cannot match, so the state after them is "inactive".
func (ix *blockIndex) walk(f *parser.File, host string, neverMatch bool, active *bool, visit func(*parser.Line) error) error {
	blocks := ix.always
	if !neverMatch {
		blocks = ix.candidates(host)
	}
	prev := -1
	for _, bi := range blocks {
		if bi != prev+1 && prev >= 0 {
			*active = false
		}
		prev = bi
		if err := visitBlock(f.Blocks[bi], visit); err != nil {
			return err
		}
	}
	if n := len(f.Blocks); n > 0 && prev != n-1 {
		*active = false
	}
	return nil
}

// visitBlock calls visit for the header and the lines of b, in order.
func visitBlock(b *parser.Block, visit func(*parser.Line) error) error {
	if b.Header != nil {
		if err := visit(b.Header); err != nil {
			return err
		}
	}
	for _, l := range b.Lines {
		if err := visit(l); err != nil {
			return err
		}
	}
	return nil
}

// simplePattern reports whether p is a literal, "*literal" or "literal*" pattern.
func simplePattern(p string) bool {
	// one pass over the bytes: strings.ContainsAny would look each byte up in "*?"
	// with a call of its own, and this runs for every Host pattern of a one-shot parse
	stars, star := 0, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '?':
			return false
		case '*':
			stars, star = stars+1, i
		}
	}
	return stars == 0 || stars == 1 && (star == 0 || star == len(p)-1)
}

// candidates returns, in file order, the blocks that may apply to host.
func (ix *blockIndex) candidates(host string) []int {
	var extra []int
	extra = append(extra, ix.byLiteral[host]...)
	if len(ix.bySuffix) > 0 || len(ix.byPrefix) > 0 {
		for i := 0; i <= len(host); i++ {
			extra = append(extra, ix.bySuffix[host[i:]]...)
			extra = append(extra, ix.byPrefix[host[:i]]...)
		}
	}
	if len(extra) == 0 {
		return ix.always
	}
	out := make([]int, 0, len(ix.always)+len(extra))
	out = append(out, ix.always...)
	out = append(out, extra...)
	sort.Ints(out)
	// a block can be found through several patterns; visit it once
	uniq := out[:1]
	for _, b := range out[1:] {
		if b != uniq[len(uniq)-1] {
			uniq = append(uniq, b)
		}
	}
	return uniq
}
