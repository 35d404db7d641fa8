package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerKnownHostsDiscarded) }

// registerKnownHostsDiscarded adds this file's rules to the table (see onFirstUse).
func registerKnownHostsDiscarded() {
	register(&Rule{
		Code: diag.Code{ID: "SC4002", Slug: "known-hosts-discarded", Severity: diag.Error, Since: "0.2",
			Doc: "UserKnownHostsFile /dev/null makes ssh forget every host key it learns, so each connection " +
				"is a first contact and a substituted server is never noticed."},
		Docs: Docs{
			Title: "Host keys written to /dev/null",
			Why: "ssh records the key of a new host in the first UserKnownHostsFile and checks later connections " +
				"against it. When every file is /dev/null nothing is ever recorded: each connection meets the host " +
				"for the first time, and with StrictHostKeyChecking no or accept-new ssh trusts whatever key it is " +
				"shown (with ask it asks every time, which trains people to type yes). Only keys listed in " +
				"GlobalKnownHostsFile are still verified. UserKnownHostsFile none is different and not reported: " +
				"ssh then has no file to add keys to and refuses hosts it does not already know (sshconnect.c " +
				"check_host_key treats it as read-only; with OpenSSH 9.2 against a local sshd, none gave \"Host key verification " +
				"failed\" even with StrictHostKeyChecking no, while /dev/null connected). For throw-away machines, keep a separate known-hosts file " +
				"instead of discarding keys.",
			Bad:     "Host *\n    UserKnownHostsFile /dev/null\n",
			Good:    "Host ci-*\n    UserKnownHostsFile ~/.ssh/known_hosts_ci\n",
			Sources: []string{"ssh_config(5) UserKnownHostsFile", "OpenSSH sshconnect.c check_host_key", "OpenSSH sshconnect.c load_hostkeys (\"none\")"},
		},
		SecuritySeverity: "7.5",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.UserKnownHostsFile, func(s resolve.Setting) {
				if knownHostsDiscarded(s) {
					p.Report(s.Source.File, s.Source.ValueSpan, "UserKnownHostsFile %s: ssh never remembers a host key, so every connection trusts or asks about the key it is shown", p.text(s.Source))
				}
			})
		}),
	})
}

// knownHostsDiscarded reports whether a UserKnownHostsFile setting sends every key ssh
// learns to /dev/null.
func knownHostsDiscarded(s resolve.Setting) bool {
	files, _ := s.Value.([]string)
	if len(files) == 0 {
		return false // "none": read-only, unknown hosts are refused
	}
	for _, f := range files {
		if f != "/dev/null" {
			return false
		}
	}
	return true
}
