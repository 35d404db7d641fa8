package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerShadowedSetting) }

// registerShadowedSetting adds this file's rules to the table (see onFirstUse).
func registerShadowedSetting() {
	register(&Rule{
		Code: diag.Code{ID: "SC3005", Slug: "shadowed-setting", Severity: diag.Warning, Since: "0.2",
			Doc: "A setting loses to a value an earlier matching block already gave the same keyword, so ssh " +
				"ignores it for the hosts named in the message. The usual cause is a Host * block at the top of " +
				"the file: ssh keeps the first value it obtains, so general defaults belong at the end."},
		Docs: Docs{
			Title: "Setting shadowed by an earlier block",
			Why: "ssh reads the configuration from the top and, for each keyword, keeps the first value it " +
				"obtains from a block that matches. A Host * (or Match all) block placed before the specific " +
				"blocks therefore wins over them, and the specific value is silently ignored. The finding is " +
				"computed from the resolved hosts (every alias and one name per wildcard pattern), so it only " +
				"appears where a block that really matches came first; the related location is the line ssh " +
				"uses. Two lines of the same block are reported as duplicate-in-block instead.",
			Bad:     "Host *\n    User admin\n\nHost web\n    User deploy\n",
			Good:    "Host web\n    User deploy\n\nHost *\n    User admin\n",
			Sources: []string{"ssh_config(5): \"the first obtained value will be used\" and \"more host-specific declarations should be given near the beginning of the file, and general defaults at the end\""},
		},
		Watch: watchShadowedSetting,
	})
}

// shadowed is one losing assignment and what it lost to, for the host named in reports.
type shadowed struct {
	loser, winner resolve.Source
	host          *Host
	id            keyword.ID
}

// watchShadowedSetting reports every config line whose value lost, for some resolved host,
// to a line of another block.
func watchShadowedSetting(p *Pass) (host func(*Host), check func()) {
	blocks := newBlockIndex(p)
	type line struct {
		file string
		n    int
	}
	found := map[line]*shadowed{} // by losing line
	var order []*shadowed
	host = func(h *Host) {
		h.Result.EachLost(func(id keyword.ID, src resolve.Source, lost []resolve.Source) {
			if src.Kind != resolve.FromConfig {
				return
			}
			win := blocks.of(src.File, src.Line)
			if badHeader(win) {
				return // ssh stops on that header; what tolerant resolution made of it proves nothing
			}
			var inBlock blockLines // built when first needed
			for _, l := range lost {
				if l.Kind != resolve.FromConfig || (l.File == src.File && l.Line == src.Line) {
					continue
				}
				key := line{l.File, l.Line}
				prev := found[key]
				if prev != nil && hostRank(prev.host) <= hostRank(h) {
					continue // reported already, for a host named as well
				}
				lb := blocks.of(l.File, l.Line)
				if lb == nil || lb == win || badHeader(lb) || !subsumes(win, lb) {
					continue
				}
				if inBlock == nil {
					inBlock = settingLines(blocks, src, lost)
				}
				if inBlock.overridden(id.Keyword(), lb, l.Line) {
					continue
				}
				if prev != nil {
					prev.host = h
					continue
				}
				sh := &shadowed{loser: l, winner: src, host: h, id: id}
				found[key] = sh
				order = append(order, sh)
			}
		})
	}
	check = func() {
		for _, sh := range order {
			reportShadowed(p, blocks, sh)
		}
	}
	return host, check
}

// blockLines holds, for each block that assigned a setting for a host, the first and the
// last line of the block that did.
type blockLines map[*parser.Block][2]int

// settingLines collects the lines of each block that assigned a setting: the source of
// the value kept and the ones that lost.
func settingLines(blocks blockIndex, kept resolve.Source, lost []resolve.Source) blockLines {
	out := blockLines{}
	add := func(o resolve.Source) {
		if o.Kind != resolve.FromConfig {
			return
		}
		b := blocks.of(o.File, o.Line)
		if b == nil {
			return
		}
		if r, ok := out[b]; ok {
			out[b] = [2]int{min(r[0], o.Line), max(r[1], o.Line)}
			return
		}
		out[b] = [2]int{o.Line, o.Line}
	}
	add(kept)
	for _, o := range lost {
		add(o)
	}
	return out
}

// overridden reports whether the loser at line n of block b is a line duplicate-in-block
// reports: another assignment of the setting in the same block overrides it (an earlier
// one; a later one for a keyword whose last value wins).
func (bl blockLines) overridden(k *keyword.Keyword, b *parser.Block, n int) bool {
	r := bl[b]
	if k.Multi == keyword.LastWins {
		return r[1] > n
	}
	return r[0] < n
}

// subsumes reports whether block win matches every host block lose matches, so that a
// value of win that comes first defeats lose for all of them (the Host * first trap),
// rather than a general default at the end losing to a specific block, as intended.
// Blocks that match every host (the lines before the first Host or Match, Host *, Match
// all) subsume every block; otherwise both must be Host blocks, and each positive
// pattern of lose must be one of win's hosts: a name win matches, or a wildcard pattern
// win's names plainly include (the same pattern, or a prefix* or *suffix pattern).
func subsumes(win, lose *parser.Block) bool {
	if win == nil || win.Header == nil || isGeneralHeader(win.Header) {
		return true
	}
	wp, ok1 := hostPatterns(win.Header)
	lp, ok2 := hostPatterns(lose.Header)
	if !ok1 || !ok2 {
		return false
	}
	list := strings.Join(wp, ",")
	for _, l := range lp {
		if strings.HasPrefix(l, "!") {
			continue
		}
		if !strings.ContainsAny(l, "*?") {
			if pattern.MatchHostname(l, list) != 1 {
				return false
			}
			continue
		}
		if strings.Contains(list, "!") || !slices.ContainsFunc(wp, func(w string) bool { return coversPattern(w, l) }) {
			return false
		}
	}
	return true
}

// coversPattern reports whether Host pattern w plainly matches every name pattern l does.
func coversPattern(w, l string) bool {
	w, l = pattern.LowerASCII(w), pattern.LowerASCII(l)
	if w == l || w == "*" {
		return true
	}
	if prefix, ok := strings.CutSuffix(w, "*"); ok && !strings.ContainsAny(prefix, "*?") {
		return strings.HasPrefix(l, prefix) && !strings.ContainsAny(l[:len(prefix)], "*?")
	}
	if suffix, ok := strings.CutPrefix(w, "*"); ok && !strings.ContainsAny(suffix, "*?") {
		return strings.HasSuffix(l, suffix) && !strings.ContainsAny(l[len(l)-len(suffix):], "*?")
	}
	return false
}

// hostPatterns returns the patterns of a Host header; ok is false for other blocks.
func hostPatterns(h *parser.Line) ([]string, bool) {
	if h == nil || h.Keyword() == nil || h.Keyword().ID != keyword.Host {
		return nil, false
	}
	pats, ok := h.Value.([]string)
	return pats, ok
}

// badHeader reports whether a block's Host or Match line has an error.
func badHeader(b *parser.Block) bool { return b != nil && b.Header != nil && b.Header.HasError() }

// hostRank orders hosts for naming in a message: real aliases first, then names made
// for wildcard patterns, then the name no block names.
func hostRank(h *Host) int {
	switch {
	case h.Name == unnamedHost:
		return 2
	case h.Pattern != "":
		return 1
	}
	return 0
}

func reportShadowed(p *Pass, blocks blockIndex, sh *shadowed) {
	k := sh.id.Keyword()
	who := "for host " + quoteConfig(sh.host.Name)
	if sh.host.Name == unnamedHost {
		who = "for every host"
	}
	winFile := p.FileOf(sh.winner.File)
	where := fmt.Sprintf("line %d", sh.winner.Line)
	if sh.winner.File != sh.loser.File {
		where = fmt.Sprintf("%s line %d", quoteConfig(sh.winner.File), sh.winner.Line)
	}
	rule := "ssh keeps the first value it obtains"
	if k.Multi == keyword.LastWins {
		rule = "ssh keeps the last value it reads"
	}
	msg := fmt.Sprintf("ssh ignores this %s %s: %s (%s) sets it too, and %s", k.Name, who, where,
		headerText(winFile, blocks.of(sh.winner.File, sh.winner.Line)), rule)
	span := sh.loser.ValueSpan
	if l := p.lineOf(sh.loser); l != nil {
		span = directiveSpan(l)
	}
	winSpan := sh.winner.ValueSpan
	if l := p.lineOf(sh.winner); l != nil {
		winSpan = directiveSpan(l)
	}
	p.ReportDiag(diag.Diagnostic{File: sh.loser.File, Span: span, Message: msg,
		Related: []diag.Related{{File: sh.winner.File, Span: winSpan, Message: "the value ssh uses"}}})
}
