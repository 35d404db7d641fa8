package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerForwardX11) }

// registerForwardX11 adds this file's rules to the table (see onFirstUse).
func registerForwardX11() {
	register(&Rule{
		Code: diag.Code{ID: "SC4004", Slug: "forward-x11", Severity: diag.Warning, Since: "0.2",
			Doc: "ForwardX11 yes connects the server's X11 clients to your display."},
		Docs: Docs{
			Title: "X11 forwarding enabled",
			Why: "With ForwardX11 yes, programs on the server open windows on your display. Someone who controls " +
				"the server can use that connection to watch your keystrokes or take screenshots; in trusted mode " +
				"(ForwardX11Trusted yes, Debian's default) nothing restricts them. Enable it only for the hosts you " +
				"need it for, or use ssh -X for a single session.",
			Bad:     "Host *\n    ForwardX11 yes\n",
			Good:    "Host workstation\n    ForwardX11 yes\n    ForwardX11Trusted no\n",
			Sources: []string{"ssh_config(5) ForwardX11", "ssh(1) X11 forwarding"},
		},
		SecuritySeverity: "5.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.ForwardX11, func(s resolve.Setting) {
				if v, _ := s.Value.(int); v != 0 {
					p.Report(s.Source.File, s.Source.ValueSpan, "ForwardX11 %s: the server's X11 clients reach your display and can watch what you type", p.text(s.Source))
				}
			})
		}),
	}, &Rule{
		Code: diag.Code{ID: "SC4005", Slug: "forward-x11-trusted", Severity: diag.Warning, Since: "0.2",
			Doc: "ForwardX11Trusted yes gives forwarded X11 clients full control of your display."},
		Docs: Docs{
			Title: "Trusted X11 forwarding",
			Why: "Forwarded X11 clients normally run as untrusted clients, which the X SECURITY extension keeps " +
				"from reading other windows or injecting input. ForwardX11Trusted yes lifts that restriction (and " +
				"ssh -Y does the same for one session). Debian's ssh already defaults to yes; the rule reports only a " +
				"line that asks for it, so that the choice is visible.",
			Bad:     "Host *\n    ForwardX11Trusted yes\n",
			Good:    "Host *\n    ForwardX11Trusted no\n",
			Sources: []string{"ssh_config(5) ForwardX11Trusted", "Debian openssh-client README.Debian"},
		},
		SecuritySeverity: "5.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.ForwardX11Trusted, func(s resolve.Setting) {
				if v, _ := s.Value.(int); v != 0 {
					p.Report(s.Source.File, s.Source.ValueSpan, "ForwardX11Trusted %s: forwarded X11 clients get full access to your display, input included", p.text(s.Source))
				}
			})
		}),
	})
}
