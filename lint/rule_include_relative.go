package lint

import (
	"path"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerIncludeRelative) }

// registerIncludeRelative adds this file's rules to the table (see onFirstUse).
func registerIncludeRelative() {
	register(&Rule{
		Code: diag.Code{ID: "SC3009", Slug: "include-relative", Severity: diag.Info, Since: "0.2",
			Doc: "A relative Include path is taken from ~/.ssh (from /etc/ssh in the system configuration), not " +
				"from the directory of the file that includes it, and this file lives elsewhere. Write the path " +
				"from ~ or / so that it says where ssh looks."},
		Docs: Docs{
			Title: "Relative Include resolved elsewhere than the file's directory",
			Why: "ssh resolves a relative Include against ~/.ssh for user configurations (including files given " +
				"with -F) and against /etc/ssh for the system one, whatever directory the including file is in. " +
				"In ~/.ssh/config that is what authors expect; in ~/.ssh/config.d/work or a file passed with -F " +
				"it is not: Include hosts.conf there reads ~/.ssh/hosts.conf, not the file next to it. The note " +
				"only appears when the two directories differ.",
			Bad:     "# in ~/.ssh/config.d/work\nInclude work-hosts\n",
			Good:    "# in ~/.ssh/config.d/work\nInclude ~/.ssh/config.d/work-hosts\n",
			Sources: []string{"ssh_config(5) Include: \"Files without absolute paths are assumed to be in ~/.ssh if included in a user configuration file or /etc/ssh if included from a system configuration file\""},
		},
		Check: checkIncludeRelative,
	})
}

func checkIncludeRelative(p *Pass) {
	p.Directives(func(f *File, l *parser.Line) bool {
		if l.Keyword() == nil || l.Keyword().ID != keyword.Include || l.HasError() {
			return true
		}
		spelled, dir := p.includeBase(f)
		if path.Dir(f.Path) == dir {
			return true
		}
		for _, a := range l.Args() {
			if strings.HasPrefix(a.Value, "/") || strings.HasPrefix(a.Value, "~") {
				continue
			}
			p.Report(f.Path, a.Span(), "ssh reads %s from %s (%s), not from the directory of this file (%s)",
				quoteConfig(a.Value), spelled, quoteConfig(dir+"/"+a.Value), quoteConfig(path.Dir(f.Path)))
		}
		return true
	})
}
