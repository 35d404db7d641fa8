package lint

import (
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() {
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
				if l.Keyword == nil || l.Keyword.Algorithms != keyword.FamilySigs || l.Value == nil {
					return true
				}
				list, ok := writtenList(f, l)
				if !ok || list.op == '-' {
					return true
				}
				for _, t := range list.tokens {
					if t.name == "" {
						break
					}
					if strings.Contains(t.name, "-cert-") && !isPattern(t.name) && !slices.Contains(sigs, t.name) {
						p.Report(f.Path, t.span, "%s is a certificate type, not a signature algorithm: ssh drops it from CASignatureAlgorithms", t.name)
					}
				}
				return true
			})
		},
	})
}
