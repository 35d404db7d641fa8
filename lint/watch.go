package lint

import "github.com/sshcfg/sshcfg/diag"

// watchers runs the rules of one run. A rule that judges hosts sees each host as soon as
// it is resolved, and the resolution is dropped right after: memory grows with the
// configuration's lines, not with its hosts times the keywords each resolves.
type watchers struct {
	p      *Pass
	rules  []*Rule
	hosts  []func(*Host)      // by rule; nil for a rule that does not watch hosts
	checks []func()           // by rule; nil for a rule with nothing left to check
	made   []diag.Diagnostics // by rule: the findings its host function reported
}

// watch starts the rules not disabled, in the order of Rules.
func (p *Pass) watch(disabled map[string]bool) *watchers {
	w := &watchers{p: p}
	for _, rule := range Rules() {
		if disabled[rule.Code.Slug] {
			continue
		}
		var host func(*Host)
		check := func() { rule.Check(p) }
		if rule.Watch != nil {
			p.rule = rule
			host, check = rule.Watch(p)
		}
		w.rules = append(w.rules, rule)
		w.hosts = append(w.hosts, host)
		w.checks = append(w.checks, check)
	}
	w.made = make([]diag.Diagnostics, len(w.rules))
	return w
}

// host shows a resolved host to every rule that watches hosts, then drops its resolution
// (a rule may keep the Host, for its name).
func (w *watchers) host(h *Host) {
	for i, fn := range w.hosts {
		if fn != nil {
			w.p.rule, w.p.findings = w.rules[i], &w.made[i]
			fn(h)
		}
	}
	h.Result, w.p.lists = nil, hostLists{}
}

// check runs the rules' checks in order, each after the findings its host function made,
// adding to the pass's findings.
func (w *watchers) check() {
	findings := w.p.findings
	for i, rule := range w.rules {
		w.p.rule = rule
		*findings = append(*findings, w.made[i]...)
		w.made[i] = nil
		if w.checks[i] != nil {
			w.checks[i]()
		}
	}
}

// eachHost makes the Watch of a rule that judges each host on its own.
func eachHost(judge func(p *Pass, h *Host)) func(*Pass) (func(*Host), func()) {
	return func(p *Pass) (func(*Host), func()) {
		return func(h *Host) { judge(p, h) }, nil
	}
}
