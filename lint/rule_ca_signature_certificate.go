package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerCaSignatureCertificate) }

// registerCaSignatureCertificate adds this file's rules to the table (see onFirstUse).
func registerCaSignatureCertificate() {
	register(&Rule{
		Code: diag.Code{ID: "SC5007", Slug: "ca-signature-certificate-name", Severity: diag.Warning, Since: "0.2",
			Doc: "CASignatureAlgorithms names a certificate type (…-cert-v01@openssh.com). It takes signature " +
				"algorithms only: ssh before 9.4 accepts the name and drops it from the list, 9.4 and later reject it."},
		Docs: Docs{
			Title: "Certificate type in CASignatureAlgorithms",
			Why: "CASignatureAlgorithms lists the algorithms a certificate authority may have signed host and user " +
				"certificates with: signature algorithms such as ssh-ed25519 or rsa-sha2-512, never certificate types. " +
				"OpenSSH before 9.4 checks the names against every key name, so it accepts a -cert-v01 name, then builds " +
				"the list from signature algorithms only and silently leaves it out; a list of nothing but certificate " +
				"names ends up empty. OpenSSH 9.4 and later reject the line (the parser reports that). Write the " +
				"signature algorithm instead.",
			Bad:     "CASignatureAlgorithms ssh-ed25519-cert-v01@openssh.com\n",
			Good:    "CASignatureAlgorithms ssh-ed25519,rsa-sha2-512\n",
			Sources: []string{"ssh_config(5) CASignatureAlgorithms", "OpenSSH readconf.c (sshkey_names_valid2), ssh -G of OpenSSH 9.2", "lint-rules.md §1.3 context rules"},
		},
		Check: func(p *Pass) {
			sigs := p.Dialect.Algorithms().Sigs
			p.Directives(func(f *File, l *parser.Line) bool {
				if l.Keyword() == nil || l.Keyword().Algorithms != keyword.FamilySigs || l.Value == nil {
					return true
				}
				list, ok := writtenList(f, l)
				if !ok || list.op == '-' {
					return true
				}
				var found []diag.Diagnostic
				explained := true // every name ssh drops or rejects is one of found
				for _, t := range list.tokens {
					if t.name == "" {
						break
					}
					switch {
					case slices.Contains(sigs, t.name):
					case strings.Contains(t.name, "-cert-") && !isPattern(t.name):
						found = append(found, diag.Diagnostic{File: f.Path, Span: t.span,
							Message: fmt.Sprintf("%s is a certificate type, not a signature algorithm: ssh drops it from CASignatureAlgorithms", t.name)})
					default:
						explained = false
					}
				}
				// The resolver's "no valid algorithm list" (and a newer ssh's rejection of
				// the line) go when these findings name every cause; what the resolver
				// says ssh then does joins the first finding.
				for i, d := range found {
					if !explained {
						p.ReportDiag(d)
						continue
					}
					if i == 0 {
						if empty := p.findingOverlapping(resolve.CodeInvalidSetting, d); empty != "" {
							d.Message += " (" + empty + ")"
						}
					}
					p.reportReplacing(d, resolve.CodeInvalidSetting, parser.CodeBadAlgorithms)
				}
				return true
			})
		},
	})
}
