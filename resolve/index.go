package resolve

import (
	"sort"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// blockIndex lets a resolution visit only the blocks of a file that can matter for a
// host: blocks whose Host patterns are all literal names are looked up by name, every
// other block is always visited. This keeps resolving one host fast in files with
// thousands of Host blocks.
type blockIndex struct {
	always    []int            // blocks visited for every host, in order
	byLiteral map[string][]int // literal Host pattern -> blocks, in order
}

// buildIndex classifies the blocks of f.
func buildIndex(f *parser.File) *blockIndex {
	ix := &blockIndex{byLiteral: map[string][]int{}}
	for i, b := range f.Blocks {
		lits, ok := literalHost(f, b)
		if !ok {
			ix.always = append(ix.always, i)
			continue
		}
		for _, l := range lits {
			ix.byLiteral[l] = append(ix.byLiteral[l], i)
		}
	}
	return ix
}

// literalHost returns the positive patterns of a Host block if they are all literal and
// no line of the block acts while the block is inactive.
func literalHost(f *parser.File, b *parser.Block) ([]string, bool) {
	h := b.Header
	if h == nil || h.Keyword == nil || h.Keyword.Kind != keyword.KindHost || h.HasError() {
		return nil, false
	}
	pats, _ := h.Value.([]string)
	var lits []string
	for _, p := range pats {
		if strings.HasPrefix(p, "!") {
			continue
		}
		if strings.ContainsAny(p, "*?") {
			return nil, false
		}
		lits = append(lits, p)
	}
	for _, l := range b.Lines {
		if l.Kind != parser.LineDirective {
			continue
		}
		if l.HasError() || l.Keyword == nil {
			return nil, false
		}
		switch l.Keyword.Name {
		case "Include", "SyslogFacility", "StreamLocalBindMask":
			return nil, false
		case "LocalForward", "RemoteForward", "DynamicForward", "IdentityAgent", "ForwardAgent":
			// ${VAR} references are checked even in inactive blocks
			if strings.Contains(string(f.Src[l.Rest.Start:l.Rest.End]), "${") {
				return nil, false
			}
		}
	}
	return lits, true
}

// walk visits the lines of the blocks that can apply to host. Skipped blocks are Host
// blocks that cannot match, so the state after them is "inactive".
func (ix *blockIndex) walk(f *parser.File, host string, neverMatch bool, active *bool, visit func(*parser.Line) error) error {
	blocks := ix.always
	if lit := ix.byLiteral[host]; len(lit) > 0 && !neverMatch {
		blocks = mergeSorted(ix.always, lit)
	}
	prev := -1
	for _, bi := range blocks {
		if bi != prev+1 && prev >= 0 {
			*active = false
		}
		prev = bi
		b := f.Blocks[bi]
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
	}
	if n := len(f.Blocks); n > 0 && prev != n-1 {
		*active = false
	}
	return nil
}

func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	sort.Ints(out)
	return out
}
