package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerIncludeMissing) }

// registerIncludeMissing adds this file's rules to the table (see onFirstUse).
func registerIncludeMissing() {
	register(&Rule{
		Code: diag.Code{ID: "SC3008", Slug: "include-missing", Severity: diag.Info, Since: "0.2",
			Doc: "An Include pattern matches no file. ssh goes on without a word (it logs the fact only at debug " +
				"level), so whatever the author meant to include is not in effect."},
		Docs: Docs{
			Title: "Include that matches no file",
			Why: "Include takes glob(3) patterns and silently skips one that matches nothing, so a typo in a " +
				"directory name, a relative path that resolves somewhere unexpected (see include-relative) or a " +
				"file not yet deployed leaves hosts without their settings and nothing says so. A directory " +
				"meant to hold optional drop-ins may be empty on purpose: disable the rule for that line. It is a " +
				"note, not a warning, because ssh itself does not fail and lint looks on the machine it runs on: in " +
				"CI the included files may exist only on the machines the configuration is deployed to.",
			Bad:     "Include ~/.ssh/conf.d/*.conf   # the directory is ~/.ssh/config.d\n",
			Good:    "Include ~/.ssh/config.d/*.conf\n",
			Sources: []string{"ssh_config(5) Include", "OpenSSH readconf.c process_config_line oInclude (\"matched no files\" at debug2)"},
		},
		Check: checkIncludeMissing,
	})
}

func checkIncludeMissing(p *Pass) {
	p.Directives(func(f *File, l *parser.Line) bool {
		if l.Keyword() == nil || l.Keyword().ID != keyword.Include || l.HasError() {
			return true
		}
		for _, a := range l.Args() {
			pat, ok := p.includePattern(f, a.Value)
			if !ok {
				continue
			}
			matches, err := p.Env.FS.Glob(pat)
			if err != nil || len(matches) > 0 {
				continue // a glob error is the resolver's to report
			}
			p.Report(f.Path, a.Span(), "Include %s matches no file (ssh looks for %s) and ssh goes on without it",
				quoteConfig(a.Value), quoteConfig(pat))
		}
		return true
	})
}
