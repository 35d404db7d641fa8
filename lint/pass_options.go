package lint

import (
	"slices"
	"strconv"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Helpers for the option rules (SC4xxx): they read the effective value each resolved host
// gets, and only the values a configuration line wrote.

// configured calls fn with host h's effective setting of id when a configuration line
// wrote it (not a default, not the command line).
func (p *Pass) configured(h *Host, id keyword.ID, fn func(s resolve.Setting)) {
	if s, ok := h.Result.Get(id); ok && s.Source.Kind == resolve.FromConfig {
		fn(s)
	}
}

// configuredEntries calls fn for every value of the accumulating keyword id that ssh keeps
// for host h and that a configuration line wrote.
func (p *Pass) configuredEntries(h *Host, id keyword.ID, fn func(e resolve.Entry)) {
	for _, e := range p.list(h, id).Kept {
		if e.Source.Kind == resolve.FromConfig {
			fn(e)
		}
	}
}

// argsOf returns the arguments of the line a source points at, unquoted.
func (p *Pass) argsOf(src resolve.Source) []string {
	l := p.lineOf(src)
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Args()))
	for i, a := range l.Args() {
		out[i] = a.Value
	}
	return out
}

// forEveryHost reports whether the setting of id that src made also applies to a host the
// configuration does not name: the line is global, or in a Host * or Match all block (or
// any block a made-up name matches).
func (p *Pass) forEveryHost(id keyword.ID, src resolve.Source) bool {
	if p.unnamed == nil {
		return false
	}
	s, ok := p.unnamed.Get(id)
	return ok && s.Source.Kind == resolve.FromConfig && s.Source.File == src.File && s.Source.Span == src.Span
}

// related returns a related location for a configuration source.
func related(src resolve.Source, msg string) diag.Related {
	return diag.Related{File: src.File, Span: src.ValueSpan, Message: msg}
}

// dropFindings removes the findings with the code made so far (a resolver note that a
// rule replaces with its own finding).
func (p *Pass) dropFindings(code string) {
	*p.findings = slices.DeleteFunc(*p.findings, func(d diag.Diagnostic) bool { return d.Code == code })
}

// reportReplacing records d as a finding of the running rule in place of the findings
// with one of codes (the parser's or the resolver's) made so far in d's file whose span
// overlaps d's: one cause, one finding, the rule's being the more helpful. d takes the
// SSH text of a replaced finding when it has none, so ssh's own words are kept. It
// returns the findings replaced.
func (p *Pass) reportReplacing(d diag.Diagnostic, codes ...string) []diag.Diagnostic {
	var replaced []diag.Diagnostic
	for _, f := range *p.findings {
		if slices.Contains(codes, f.Code) && overlaps(f, d) {
			replaced = append(replaced, f)
			if d.SSH == (diag.SSHText{}) {
				d.SSH = f.SSH
			}
		}
	}
	p.ReportDiag(d)
	if p.replacedBy == nil {
		p.replacedBy = map[findingKey]findingKey{}
	}
	by := keyOf((*p.findings)[len(*p.findings)-1])
	for _, f := range replaced {
		p.replacedBy[keyOf(f)] = by
	}
	return replaced
}

// findingOverlapping returns the message of a finding with the code made so far that
// overlaps d, or "".
func (p *Pass) findingOverlapping(code string, d diag.Diagnostic) string {
	for _, f := range *p.findings {
		if f.Code == code && overlaps(f, d) {
			return f.Message
		}
	}
	return ""
}

// overlaps reports whether two findings share bytes of one file.
func overlaps(a, b diag.Diagnostic) bool {
	return a.File == b.File && a.Span.Start < b.Span.End && b.Span.Start < a.Span.End
}

// positions remembers the configuration positions a rule has reported, so that a finding
// whose message names a host is made once for the line however many hosts it applies to.
type positions map[string]bool

// first reports whether src is seen for the first time.
func (s positions) first(src resolve.Source) bool {
	k := src.File + ":" + strconv.Itoa(src.ValueSpan.Start)
	if s[k] {
		return false
	}
	s[k] = true
	return true
}

// argSpan returns the span of the argument of the source's line whose unquoted value is
// value, or the source's whole value when no argument is.
func (p *Pass) argSpan(src resolve.Source, value string) diag.Span {
	if l := p.lineOf(src); l != nil {
		for _, a := range l.Args() {
			if a.Value == value {
				return a.Span()
			}
		}
	}
	return src.ValueSpan
}

// worstPerPosition collects a rule's findings and keeps one per position, the most
// severe (the first of equals), for rules whose verdict on one line depends on the host.
type worstPerPosition struct {
	order []string
	byPos map[string]diag.Diagnostic
}

// add records d (Severity 0 stands for the rule's default, def).
func (w *worstPerPosition) add(d diag.Diagnostic, def diag.Severity) {
	if d.Severity == 0 {
		d.Severity = def
	}
	k := d.File + ":" + strconv.Itoa(d.Span.Start)
	if w.byPos == nil {
		w.byPos = map[string]diag.Diagnostic{}
	}
	old, ok := w.byPos[k]
	if !ok {
		w.order = append(w.order, k)
	}
	if !ok || d.Severity > old.Severity {
		w.byPos[k] = d
	}
}

// report reports the kept findings through the pass.
func (w *worstPerPosition) report(p *Pass) {
	for _, k := range w.order {
		p.ReportDiag(w.byPos[k])
	}
}
