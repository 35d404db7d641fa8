package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerPermitLocalCommand) }

// registerPermitLocalCommand adds this file's rules to the table (see onFirstUse).
func registerPermitLocalCommand() {
	register(&Rule{
		Code: diag.Code{ID: "SC4015", Slug: "permit-local-command", Severity: diag.Info, Since: "0.2",
			Doc: "PermitLocalCommand yes lets LocalCommand and the !command escape run commands on your machine; " +
				"a warning when it applies to every host."},
		Docs: Docs{
			Title: "Local commands permitted",
			Why: "With PermitLocalCommand yes, ssh runs LocalCommand on your machine after every successful " +
				"connection and the ~C command line accepts !command. Enabled for every host, any host you " +
				"connect to triggers the command, with %-tokens taken from that connection. Enable it only in the " +
				"blocks that need a LocalCommand.",
			Bad:     "Host *\n    PermitLocalCommand yes\n    LocalCommand notify-send 'connected to %n'\n",
			Good:    "Host build\n    PermitLocalCommand yes\n    LocalCommand notify-send 'connected to build'\n",
			Sources: []string{"ssh_config(5) PermitLocalCommand, LocalCommand"},
		},
		SecuritySeverity: "4.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.PermitLocalCommand, func(s resolve.Setting) {
				if v, _ := s.Value.(int); v == 0 {
					return
				}
				d := diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan,
					Message: "PermitLocalCommand " + p.text(s.Source) + ": ssh runs LocalCommand on this machine after connecting"}
				if p.forEveryHost(keyword.PermitLocalCommand, s.Source) {
					d.Severity = diag.Warning
					d.Message = "PermitLocalCommand " + p.text(s.Source) + ": ssh runs LocalCommand on this machine after connecting to any host"
				}
				p.ReportDiag(d)
			})
		}),
	})
}
