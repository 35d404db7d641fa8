package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerMatchExec) }

// registerMatchExec adds this file's rules to the table (see onFirstUse).
func registerMatchExec() {
	register(&Rule{
		Code: diag.Code{ID: "SC4012", Slug: "match-exec", Severity: diag.Warning, Since: "0.2",
			Doc: "Match exec runs a shell command every time the configuration is read; lint never runs it " +
				"and checks the block both as not matching and as matching."},
		Docs: Docs{
			Title: "Match exec runs a command",
			Why: "ssh evaluates Match exec by running the command through your shell whenever it reads the " +
				"configuration: for every ssh, scp, sftp and git-over-ssh call, and for ssh -G, which editors and " +
				"tools run just to read settings. A configuration from someone else (a dotfiles repository, a " +
				"shared Include) runs code on your machine this way, and a slow command slows every connection. " +
				"sshcfg never runs it: lint cannot know whether the block applies, so it resolves every host both " +
				"ways (the command failing, and succeeding without being run) and checks the block's settings too, " +
				"and says so once on this finding (the resolver's per-host exec-not-run note is folded into it). " +
				"Prefer criteria ssh evaluates itself (host, user, localnetwork, tagged).",
			Bad:     "Match exec \"nc -z corp-proxy 3128\"\n    ProxyJump corp-bastion\n",
			Good:    "Match localnetwork 10.0.0.0/8\n    ProxyJump corp-bastion\n",
			Sources: []string{"ssh_config(5) Match exec", "OpenSSH readconf.c match_cfg_line"},
		},
		SecuritySeverity: "5.0",
		Check: func(p *Pass) {
			p.dropFindings(resolve.CodeExecNotRun)
			p.Directives(func(f *File, l *parser.Line) bool {
				crits, _ := l.Value.([]parser.Criterion)
				for _, c := range crits {
					if c.Attr == "exec" {
						p.Report(f.Path, c.Span, "Match exec runs %q through the shell each time ssh, scp, sftp or ssh -G reads this file; lint never runs it, so it checks the block both as applying and as not applying", c.Arg)
					}
				}
				return true
			})
		},
	})
}
