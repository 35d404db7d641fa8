package lint

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerUnreachableHostBlock) }

// registerUnreachableHostBlock adds this file's rules to the table (see onFirstUse).
func registerUnreachableHostBlock() {
	register(&Rule{
		Code: diag.Code{ID: "SC3007", Slug: "unreachable-host-block", Severity: diag.Warning, Since: "0.2",
			Doc: "The block never changes anything: its Host line has only negated patterns (which never match), " +
				"or every setting in it loses to earlier blocks for every host it matches."},
		Docs: Docs{
			Title: "Block that never takes effect",
			Why: "A Host line matches when one of its positive patterns matches and no negated one does; with " +
				"negations only (Host !bastion) nothing ever matches, so the block is dead — write Host * !bastion. " +
				"A block can also be dead because earlier blocks already set every keyword it sets for every host " +
				"it matches (typically after a Host * block at the top); this is computed from the resolved hosts " +
				"(every alias and one name per wildcard pattern).",
			Bad:     "Host !bastion\n    ForwardAgent no\n",
			Good:    "Host * !bastion\n    ForwardAgent no\n",
			Sources: []string{"ssh_config(5) PATTERNS", "OpenSSH match.c match_hostname (a negated match alone never matches)"},
		},
		Watch: watchUnreachableHostBlock,
	})
}

// blockFate is what the resolved hosts showed of a block that may change nothing.
type blockFate struct {
	best *Host // the host to name: the first of the lowest rank (hostRank)
	used bool  // a line of the block gave a value ssh uses, or may give one
}

func watchUnreachableHostBlock(p *Pass) (host func(*Host), check func()) {
	blocks := newBlockIndex(p)
	fates := map[*File][]*blockFate{} // by block index; nil for a block no host matched
	host = func(h *Host) {
		for _, e := range h.Result.Blocks {
			if !e.Matched {
				continue
			}
			f, i := blocks.find(e.File, e.Line)
			if f == nil {
				continue
			}
			b := f.tree().Blocks[i]
			if b.Header == nil || b.Header.Number() != e.Line || !mayChangeNothing(p, b) {
				continue
			}
			if fates[f] == nil {
				fates[f] = make([]*blockFate, len(f.tree().Blocks))
			}
			fate := fates[f][i]
			switch {
			case fate == nil:
				fate = &blockFate{best: h}
				fates[f][i] = fate
			case fate.used:
				continue
			case hostRank(h) < hostRank(fate.best):
				fate.best = h
			}
			fate.used = usesBlock(f, b, blocks, h)
		}
	}
	check = func() {
		for _, f := range p.Files {
			for i, b := range f.tree().Blocks {
				h := b.Header
				if h == nil || h.HasError() {
					continue
				}
				if pats, ok := h.Value.([]string); ok && h.Keyword().ID == keyword.Host && onlyNegated(pats) {
					p.Report(f.Path, directiveSpan(h), "this Host line has only negated patterns, so it never matches and ssh never applies the block; add a positive pattern (Host * %s)",
						quoteConfig(strings.Join(pats, " ")))
					continue
				}
				if fates[f] == nil || fates[f][i] == nil || fates[f][i].used {
					continue
				}
				example := fates[f][i].best.Name
				if example == unnamedHost {
					example = "any host"
				}
				p.Report(f.Path, directiveSpan(h), "every setting of this block loses to earlier blocks for every host it matches (such as %s), so it changes nothing",
					quoteConfig(example))
			}
		}
	}
	return host, check
}

// mayChangeNothing reports whether block b is one the all-shadowed check judges: a
// valid header that is not a Host line of negations only, over settings that all keep
// their first value (onlyFirstWins).
func mayChangeNothing(p *Pass, b *parser.Block) bool {
	h := b.Header
	if h.HasError() {
		return false
	}
	if pats, ok := h.Value.([]string); ok && h.Keyword().ID == keyword.Host && onlyNegated(pats) {
		return false
	}
	return onlyFirstWins(p, b)
}

// onlyNegated reports whether a Host pattern list has no positive pattern.
func onlyNegated(pats []string) bool {
	for _, p := range pats {
		if !strings.HasPrefix(p, "!") {
			return false
		}
	}
	return len(pats) > 0
}

// onlyFirstWins reports whether the block has settings and all of them are valid,
// supported single-valued keywords: lines that add to lists, Include lines and lines with
// errors keep a block out of the all-shadowed check.
func onlyFirstWins(p *Pass, b *parser.Block) bool {
	directives := 0
	for _, l := range b.Lines {
		if l.Kind != parser.LineDirective {
			continue
		}
		if l.Keyword() == nil || l.HasError() || l.Keyword().Multi != keyword.FirstWins || !p.Dialect.Supports(l.Keyword()) {
			return false
		}
		directives++
	}
	return directives > 0
}

// usesBlock reports whether, for host h, a line of block b (of file f), which h
// matched, gives the value ssh uses. The resolved hosts are all the hosts of a block that
// names concrete hosts only; for a wildcard Host or a Match block they are samples, so a
// winner that is not a block matching every host (Host *, Match all) counts as a use too:
// the claim that the block changes nothing would not hold for all hosts.
func usesBlock(f *File, b *parser.Block, blocks blockIndex, h *Host) bool {
	sampled := !namesConcreteHosts(b.Header)
	for _, l := range b.Lines {
		if l.Kind != parser.LineDirective {
			continue
		}
		for _, id := range h.Result.SetBy(f.Path, l.Number()) {
			s, ok := h.Result.Get(id)
			if !ok {
				continue
			}
			if s.Source.File == f.Path && s.Source.Line == l.Number() {
				return true
			}
			if w := blocks.of(s.Source.File, s.Source.Line); sampled && (w == nil || w.Header == nil || !isGeneralHeader(w.Header)) {
				return true
			}
		}
	}
	return false
}

// namesConcreteHosts reports whether a block header is a Host line whose positive
// patterns have no wildcard.
func namesConcreteHosts(h *parser.Line) bool {
	pats, ok := h.Value.([]string)
	if !ok || h.Keyword().ID != keyword.Host {
		return false
	}
	for _, p := range pats {
		if !strings.HasPrefix(p, "!") && strings.ContainsAny(p, "*?") {
			return false
		}
	}
	return true
}
