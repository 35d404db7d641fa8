package lint

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerProxycommandToProxyjump) }

// registerProxycommandToProxyjump adds this file's rules to the table (see onFirstUse).
func registerProxycommandToProxyjump() {
	register(&Rule{
		Code: diag.Code{ID: "SC4014", Slug: "proxycommand-to-proxyjump", Severity: diag.Info, Since: "0.2",
			Doc: "ProxyCommand ssh -W %h:%p HOST does what ProxyJump HOST does, through a shell."},
		Docs: Docs{
			Title: "ProxyCommand that ProxyJump can replace",
			Why: "ProxyJump (OpenSSH 7.3+) connects through a jump host with the same ssh -W forwarding, without " +
				"starting a shell and without putting %h into a command line, and it chains hosts with commas. The " +
				"fix rewrites the line when it has exactly the form ssh -W %h:%p HOST (or [%h]:%p); ssh uses " +
				"whichever of ProxyCommand and ProxyJump comes first, so the meaning of later lines does not change.",
			Bad:     "Host internal\n    ProxyCommand ssh -W %h:%p bastion\n",
			Good:    "Host internal\n    ProxyJump bastion\n",
			Sources: []string{"ssh_config(5) ProxyJump", "OpenSSH 7.3 release notes"},
		},
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.ProxyCommand, func(s resolve.Setting) {
				jump, ok := jumpOf(p.text(s.Source))
				l := p.lineOf(s.Source)
				if !ok || l == nil {
					return
				}
				p.ReportDiag(diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan,
					Message: "ProxyCommand ssh -W connects through " + jump + " the way ProxyJump " + jump + " does, without a shell",
					Fixes: []diag.Fix{{Title: "Use ProxyJump " + jump,
						Edits: []diag.Edit{{Span: diag.Span{Start: l.KeySpan().Start, End: s.Source.ValueSpan.End}, New: "ProxyJump " + jump}}}}})
			})
		}),
	})
}

// jumpOf returns the jump host of a command of exactly the form "ssh -W %h:%p HOST".
func jumpOf(cmd string) (string, bool) {
	f := strings.Fields(cmd)
	if len(f) != 4 || f[0] != "ssh" || f[1] != "-W" || (f[2] != "%h:%p" && f[2] != "[%h]:%p") {
		return "", false
	}
	host := f[3]
	if host == "" || host[0] == '-' || strings.ContainsAny(host, "%$'\"\\,;&|<>`(){}*?!#=") {
		return "", false
	}
	return host, true
}
