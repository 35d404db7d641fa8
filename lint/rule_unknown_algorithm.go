package lint

import (
	"slices"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/pattern"
)

func init() { onFirstUse(registerUnknownAlgorithm) }

// registerUnknownAlgorithm adds this file's rules to the table (see onFirstUse).
func registerUnknownAlgorithm() {
	register(&Rule{
		Code: diag.Code{ID: "SC5004", Slug: "unknown-algorithm", Severity: diag.Warning, Since: "0.2",
			Doc: "An algorithm name that ssh silently ignores: a -name removal that matches no algorithm the target " +
				"knows (a misspelt removal leaves the algorithm enabled), or a name after an empty element of the list, " +
				"where ssh stops checking and drops what it does not know."},
		Docs: Docs{
			Title: "Algorithm name ssh ignores",
			Why: "ssh does not check the names of a -removal list: `KexAlgorithms -diffie-hellman-group14-sha265` (a typo) " +
				"removes nothing and the algorithm you meant to disable stays enabled, without a word from ssh. ssh also stops " +
				"checking a list at its first empty element (\"a,,b\") and later drops the names it does not know; a + list ends there altogether. Names " +
				"ssh rejects outright are reported by the parser (bad-algorithm-list) and by algorithm-too-new and " +
				"algorithm-removed.",
			Bad:     "KexAlgorithms -diffie-hellman-group14-sha265\nCiphers aes256-gcm@openssh.com,,aes256-gmc@openssh.com\n",
			Good:    "KexAlgorithms -diffie-hellman-group14-sha256\nCiphers aes256-gcm@openssh.com,aes128-gcm@openssh.com\n",
			Sources: []string{"OpenSSH readconf.c (a list starting with - is not validated)", "OpenSSH kex.c kex_assemble_names, match.c match_filter_denylist"},
		},
		Check: checkUnknownAlgorithms,
	})
}

// checkUnknownAlgorithms reports names ssh accepts without a word and then ignores.
func checkUnknownAlgorithms(p *Pass) {
	algs := p.Dialect.Algorithms()
	p.Directives(func(f *File, l *parser.Line) bool {
		list, ok := writtenList(f, l)
		if !ok {
			return true
		}
		known := algs.Supported(list.fam)
		if list.op == '-' {
			everyName := append(slices.Clone(algs.Valid(list.fam)), algNames(list.fam)...)
			for _, t := range list.tokens {
				if t.name == "" || matchesSome(everyName, t.name) {
					continue
				}
				p.Report(f.Path, t.span, "%s matches no algorithm ssh %s knows: this removes nothing", t.name, p.Dialect.Version)
			}
			return true
		}
		afterEmpty := false
		for _, t := range list.tokens {
			if t.name == "" {
				afterEmpty = true
				continue
			}
			switch {
			case !afterEmpty:
			case list.op == '+':
				p.Report(f.Path, t.span, "ssh stops reading a + list at its empty element: %s is not added", t.name)
			case !matchesSome(known, t.name):
				p.Report(f.Path, t.span, "ssh stops checking the list at the empty element before %s, and drops it: ssh %s does not know it", t.name, p.Dialect.Version)
			}
		}
		return true
	})
}

// matchesSome reports whether list element tok names or matches one of names.
func matchesSome(names []string, tok string) bool {
	for _, n := range names {
		if tok == n || (isPattern(tok) && pattern.MatchList(n, tok, false) != 0) {
			return true
		}
	}
	return false
}
