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
		Check: checkUnreachableHostBlock,
	})
}

func checkUnreachableHostBlock(p *Pass) {
	blocks := newBlockIndex(p.Files)
	var matched map[blockKey][]*Host // built on first need
	for _, f := range p.Files {
		for _, b := range f.Tree.Blocks {
			h := b.Header
			if h == nil || h.HasError() {
				continue
			}
			if pats, ok := h.Value.([]string); ok && h.Keyword().ID == keyword.Host && onlyNegated(pats) {
				p.Report(f.Path, directiveSpan(h), "this Host line has only negated patterns, so it never matches and ssh never applies the block; add a positive pattern (Host * %s)",
					quoteConfig(strings.Join(pats, " ")))
				continue
			}
			if !onlyFirstWins(p, b) {
				continue
			}
			if matched == nil {
				matched = matchedBlocks(p.Hosts)
			}
			if example, ok := allShadowed(f, b, blocks, matched[blockKey{f.Path, h.Number()}]); ok {
				p.Report(f.Path, directiveSpan(h), "every setting of this block loses to earlier blocks for every host it matches (such as %s), so it changes nothing",
					quoteConfig(example))
			}
		}
	}
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

// blockKey names a block by its header's file and line.
type blockKey struct {
	file string
	line int
}

// matchedBlocks maps every block header to the hosts it matched.
func matchedBlocks(hosts []*Host) map[blockKey][]*Host {
	m := map[blockKey][]*Host{}
	for _, h := range hosts {
		for _, e := range h.Result.Blocks {
			if k := (blockKey{e.File, e.Line}); e.Matched && (len(m[k]) == 0 || m[k][len(m[k])-1] != h) {
				m[k] = append(m[k], h)
			}
		}
	}
	return m
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

// allShadowed reports whether block b matched some resolved host and, for every host it
// matched, none of its lines gave the value ssh uses; example names such a host. The
// resolved hosts are all the hosts of a block that names concrete hosts only; for a
// wildcard Host or a Match block they are samples, so every winner must then be a block
// that matches every host (Host *, Match all) for the claim to hold for all hosts.
func allShadowed(f *File, b *parser.Block, blocks blockIndex, hosts []*Host) (example string, ok bool) {
	sampled := !namesConcreteHosts(b.Header)
	var best *Host
	for _, h := range hosts {
		if best == nil || hostRank(h) < hostRank(best) {
			best = h
		}
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
					return "", false
				}
				if w := blocks.of(s.Source.File, s.Source.Line); sampled && (w == nil || w.Header == nil || !isGeneralHeader(w.Header)) {
					return "", false
				}
			}
		}
	}
	switch {
	case best == nil:
		return "", false
	case best.Name == unnamedHost:
		return "any host", true
	}
	return best.Name, true
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
