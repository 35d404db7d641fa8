package lint

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerPasswordToUnverifiedHost) }

// registerPasswordToUnverifiedHost adds this file's rules to the table (see onFirstUse).
func registerPasswordToUnverifiedHost() {
	register(&Rule{
		Code: diag.Code{ID: "SC4006", Slug: "password-to-unverified-host", Severity: diag.Error, Since: "0.2",
			Doc: "Password or keyboard-interactive authentication is enabled for a host whose key ssh never " +
				"verifies (host keys go to /dev/null and StrictHostKeyChecking is no or accept-new)."},
		Docs: Docs{
			Title: "Password sent to a host that is never verified",
			Why: "When every UserKnownHostsFile is /dev/null, each connection is a first contact; with " +
				"StrictHostKeyChecking no or accept-new ssh then accepts any host key without asking. A machine in " +
				"the middle only has to refuse your public key to be sent the password you type. (ssh disables " +
				"password authentication itself when a key it knows has changed, so a host whose key is recorded is " +
				"not reported.) The rule reports the PasswordAuthentication or KbdInteractiveAuthentication line that " +
				"turns it on; when they are left at their default, known-hosts-discarded and " +
				"strict-host-key-checking-off already report the configuration.",
			Bad:     "Host lab-*\n    PasswordAuthentication yes\n    UserKnownHostsFile /dev/null\n    StrictHostKeyChecking no\n",
			Good:    "Host lab-*\n    PasswordAuthentication yes\n    UserKnownHostsFile ~/.ssh/known_hosts_lab\n    StrictHostKeyChecking accept-new\n",
			Sources: []string{"OpenSSH sshconnect.c check_host_key (HOST_NEW, HOST_CHANGED)", "ssh_config(5) StrictHostKeyChecking"},
		},
		SecuritySeverity: "8.0",
		Watch: func(p *Pass) (func(*Host), func()) {
			var found worstPerPosition
			return func(h *Host) {
				r := h.Result
				known, ok := r.Get(keyword.UserKnownHostsFile)
				if !ok || known.Source.Kind != resolve.FromConfig || !knownHostsDiscarded(known) {
					return
				}
				strict, ok := r.Get(keyword.StrictHostKeyChecking)
				if !ok || strict.Source.Kind != resolve.FromConfig {
					return
				}
				if c := r.StrictHostKeyChecking(); c != resolve.StrictHostKeyOff && c != resolve.StrictHostKeyAcceptNew {
					return
				}
				for _, id := range []keyword.ID{keyword.PasswordAuthentication, keyword.KbdInteractiveAuthentication} {
					s, ok := r.Get(id)
					if v, _ := s.Value.(int); !ok || s.Source.Kind != resolve.FromConfig || v == 0 {
						continue
					}
					found.add(diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan,
						Message: id.Keyword().Name + " " + p.text(s.Source) + ": ssh sends the password to a host whose key it accepts without checking (StrictHostKeyChecking " +
							p.text(strict.Source) + ", UserKnownHostsFile " + p.text(known.Source) + ")",
						Related: []diag.Related{related(strict.Source, "host keys accepted here"), related(known.Source, "host keys discarded here")}}, diag.Error)
				}
			}, func() { found.report(p) }
		},
	})
}
