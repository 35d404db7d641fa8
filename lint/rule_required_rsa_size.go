package lint

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// rsaFloor is OpenSSH's hard minimum RSA modulus (SSH_RSA_MINIMUM_MODULUS_SIZE), and
// rsaRecommended the size below which the rule adds a note (ssh-audit's and NIST's
// 128-bit strength).
const (
	rsaFloor       = 1024
	rsaRecommended = 3072
)

func init() {
	register(&Rule{
		Code: diag.Code{ID: "SC5006", Slug: "required-rsa-size", Severity: diag.Error, Since: "0.2",
			Doc: "RequiredRSASize below 1024 is an error: OpenSSH never accepts RSA keys that small, so the value " +
				"only says weak keys are fine. Below 3072 it is a note: 2048-bit RSA gives 112-bit strength, which " +
				"NIST accepts only until 2030."},
		Docs: Docs{
			Title: "Small minimum RSA key size",
			Why: "RequiredRSASize (OpenSSH 9.1) is the smallest RSA key ssh accepts from servers and uses for its own " +
				"authentication. OpenSSH refuses keys under 1024 bits whatever the setting says, and ssh_config(5) says the " +
				"value may only raise that floor: a smaller value is a mistake that reads as if weak keys were acceptable. " +
				"The default is 1024; ssh-audit's hardening guides set 3072, the size NIST SP 800-57 requires for 128-bit " +
				"strength from 2031. Raise it as far as the servers you reach allow (a server with a 2048-bit host key then " +
				"fails).",
			Bad:     "RequiredRSASize 512\n",
			Good:    "RequiredRSASize 3072\n",
			Sources: []string{"ssh_config(5) RequiredRSASize", "OpenSSH sshkey.c sshkey_check_rsa_length, SSH_RSA_MINIMUM_MODULUS_SIZE", "ssh-audit hardening guides", "NIST SP 800-57 Part 1 Rev. 5"},
		},
		SecuritySeverity: "5.0",
		Check: func(p *Pass) {
			usedLines(p, []keyword.ID{keyword.RequiredRSASize}, func(f *File, l *parser.Line, res *resolve.Result) {
				n, ok := l.Value.(int) // the winning line's own value, as the resolver took it
				if !ok || len(l.Args) == 0 {
					return
				}
				switch {
				case n < rsaFloor:
					p.Report(f.Path, l.Args[0].Span, "RequiredRSASize %d is below OpenSSH's floor: ssh still refuses RSA keys under %d bits, and ignores this value", n, rsaFloor)
				case n < rsaRecommended:
					p.ReportDiag(diag.Diagnostic{File: f.Path, Span: l.Args[0].Span, Severity: diag.Info,
						Message: fmt.Sprintf("ssh will accept RSA keys of %d bits: 128-bit strength needs %d", n, rsaRecommended)})
				}
			})
		},
	})
}
