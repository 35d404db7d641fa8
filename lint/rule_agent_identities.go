package lint

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// identitiesBeforeFailures is how many configured identities make "Too many
// authentication failures" likely: sshd's MaxAuthTries defaults to 6, and agent keys are
// offered as well unless IdentitiesOnly is on.
const identitiesBeforeFailures = 4

func init() { onFirstUse(registerAgentIdentities) }

// registerAgentIdentities adds this file's rules to the table (see onFirstUse).
func registerAgentIdentities() {
	register(&Rule{
		Code: diag.Code{ID: "SC4025", Slug: "add-keys-to-agent", Severity: diag.Info, Since: "0.2",
			Doc: "AddKeysToAgent yes (or ask) without a lifetime keeps decrypted keys in the agent until it exits; " +
				"a warning when the agent is also forwarded."},
		Docs: Docs{
			Title: "Keys added to the agent for good",
			Why: "AddKeysToAgent yes puts each key ssh decrypts into the running agent, where it stays usable " +
				"without the passphrase until the agent stops. Combined with ForwardAgent, every server you log in " +
				"to can use those keys. Give a lifetime (AddKeysToAgent 1h) or require confirmation of each use " +
				"(AddKeysToAgent confirm, which needs ssh-askpass).",
			Bad:     "Host *\n    AddKeysToAgent yes\n",
			Good:    "Host *\n    AddKeysToAgent 1h\n",
			Sources: []string{"ssh_config(5) AddKeysToAgent", "ssh-add(1) -t, -c"},
		},
		SecuritySeverity: "3.0",
		Watch: func(p *Pass) (func(*Host), func()) {
			var found worstPerPosition
			return func(h *Host) {
				p.configured(h, keyword.AddKeysToAgent, func(s resolve.Setting) {
					mode, life := h.Result.AddKeysToAgent()
					if life > 0 || (mode != resolve.AddKeysYes && mode != resolve.AddKeysAsk) {
						return
					}
					d := diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan,
						Message: "AddKeysToAgent " + p.text(s.Source) + ": decrypted keys stay in the agent until it exits; give a lifetime or use confirm"}
					if h.Result.Flag(keyword.ForwardAgent) {
						fa, _ := h.Result.Get(keyword.ForwardAgent)
						d.Severity = diag.Warning
						d.Message = "AddKeysToAgent " + p.text(s.Source) + ": decrypted keys stay in the agent, which ForwardAgent lets servers use; give a lifetime or use confirm"
						if fa.Source.Kind == resolve.FromConfig {
							d.Related = []diag.Related{related(fa.Source, "agent forwarded here")}
						}
					}
					found.add(d, diag.Info)
				})
			}, func() { found.report(p) }
		},
	}, &Rule{
		Code: diag.Code{ID: "SC4026", Slug: "identities-only", Severity: diag.Info, Since: "0.2",
			Doc: "More than four identity files are configured without IdentitiesOnly yes: agent keys are offered " +
				"too, and servers may stop after too many failed keys."},
		Docs: Docs{
			Title: "Many identities without IdentitiesOnly",
			Why: "ssh offers the server every key in the agent and then each IdentityFile, one attempt each. sshd " +
				"allows 6 attempts by default (MaxAuthTries), so the right key may never be tried (\"Too many " +
				"authentication failures\"), and each server learns which public keys you hold. IdentitiesOnly yes " +
				"limits the offers to the configured files; name the one key each host needs in its own block.",
			Bad:     "Host *\n    IdentityFile ~/.ssh/id_work\n    IdentityFile ~/.ssh/id_home\n    IdentityFile ~/.ssh/id_github\n    IdentityFile ~/.ssh/id_gitlab\n    IdentityFile ~/.ssh/id_old\n",
			Good:    "Host github.com\n    IdentityFile ~/.ssh/id_github\n    IdentitiesOnly yes\n",
			Sources: []string{"ssh_config(5) IdentitiesOnly, IdentityFile", "sshd_config(5) MaxAuthTries"},
		},
		SecuritySeverity: "2.0",
		Watch: func(p *Pass) (func(*Host), func()) {
			seen := positions{}
			return func(h *Host) {
				if h.Result.Flag(keyword.IdentitiesOnly) {
					return
				}
				var configured []resolve.Entry
				for _, e := range p.list(h, keyword.IdentityFile).Kept {
					if e.Source.Kind == resolve.FromConfig {
						configured = append(configured, e)
					}
				}
				if len(configured) <= identitiesBeforeFailures {
					return
				}
				at := configured[identitiesBeforeFailures].Source
				if seen.first(at) {
					p.Report(at.File, at.ValueSpan, "%s", fmt.Sprintf("host %s is offered %d identity files after the agent's keys (IdentitiesOnly is off): sshd's default of 6 attempts may run out before the right key", h.Name, len(configured)))
				}
			}, nil
		},
	})
}
