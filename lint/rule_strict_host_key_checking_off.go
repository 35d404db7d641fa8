package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerStrictHostKeyCheckingOff) }

// registerStrictHostKeyCheckingOff adds this file's rules to the table (see onFirstUse).
func registerStrictHostKeyCheckingOff() {
	register(&Rule{
		Code: diag.Code{ID: "SC4001", Slug: "strict-host-key-checking-off", Severity: diag.Error, Since: "0.2",
			Doc: "StrictHostKeyChecking no (or off) makes ssh accept a host key it has never seen and connect " +
				"even when the key changed, so a machine in the middle is never noticed. Use yes, or accept-new " +
				"to trust a host's first key only."},
		Docs: Docs{
			Title: "Host key checking disabled",
			Why: "With StrictHostKeyChecking no, ssh adds unknown host keys without asking and, for a host whose key " +
				"changed, only warns and goes on (password and keyboard-interactive authentication are then disabled, but " +
				"public-key authentication and forwarding go ahead). An attacker between you and the server is never " +
				"detected. accept-new keeps the convenience for new hosts and still refuses changed keys.",
			Bad:     "Host *\n    StrictHostKeyChecking no\n",
			Good:    "Host *\n    StrictHostKeyChecking accept-new\n",
			Sources: []string{"ssh_config(5) StrictHostKeyChecking", "OpenSSH sshconnect.c check_host_key"},
		},
		SecuritySeverity: "8.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			s, ok := h.Result.Get(keyword.StrictHostKeyChecking)
			if ok && s.Source.Kind == resolve.FromConfig && h.Result.StrictHostKeyChecking() == resolve.StrictHostKeyOff {
				p.Report(s.Source.File, s.Source.ValueSpan, "StrictHostKeyChecking %s: ssh connects to hosts whose key it cannot verify, and to hosts whose key changed",
					p.text(s.Source))
			}
		}),
	})
}
