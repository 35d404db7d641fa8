package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerForwardAgent) }

// registerForwardAgent adds this file's rules to the table (see onFirstUse).
func registerForwardAgent() {
	register(&Rule{
		Code: diag.Code{ID: "SC4003", Slug: "forward-agent", Severity: diag.Warning, Since: "0.2",
			Doc: "ForwardAgent lets the server use your agent's keys while you are connected. It is an error " +
				"for every host (global, Host *, Match all) and a warning for named hosts."},
		Docs: Docs{
			Title: "Agent forwarding enabled",
			Why: "With ForwardAgent yes (or an agent socket path or $VAR, which also turn it on) anyone with root " +
				"on the server, or who took over your account there, can ask your agent to sign with every key it " +
				"holds for as long as you stay connected, and log in wherever those keys are accepted. Enabled for " +
				"every host it reaches machines you do not control, so the rule reports it as an error there and as " +
				"a warning for a named host. Prefer ProxyJump to hop through a bastion, and if you must forward, add " +
				"keys with ssh-add -c (confirm each use) or restrict them with ssh-add -h (OpenSSH 8.9+). OpenSSH " +
				"before 9.3p2 also had a remote code execution bug reachable through a forwarded agent (CVE-2023-38408).",
			Bad:  "Host *\n    ForwardAgent yes\n",
			Good: "Host internal\n    ProxyJump bastion.example.com\n",
			Sources: []string{"ssh_config(5) ForwardAgent", "Mozilla OpenSSH guidelines (agent forwarding)",
				"CVE-2023-38408", "ssh-add(1) -c and -h"},
		},
		SecuritySeverity: "7.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.ForwardAgent, func(s resolve.Setting) {
				if v, _ := s.Value.(int); v == 0 {
					return
				}
				d := diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan}
				what := "ForwardAgent " + p.text(s.Source)
				if p.forEveryHost(keyword.ForwardAgent, s.Source) {
					d.Severity = diag.Error
					d.Message = what + ": every host ssh connects to can use your agent's keys while you are logged in"
				} else {
					d.Message = what + ": the server can use your agent's keys while you are logged in"
				}
				p.ReportDiag(d)
			})
		}),
	})
}
