package lint

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// rsaFloor is the smallest RSA modulus OpenSSH accepts whatever RequiredRSASize says
// (SSH_RSA_MINIMUM_MODULUS_SIZE), and rsaRecommended the size current guidance asks for.
const (
	rsaFloor       = 1024
	rsaRecommended = 3072
)

func init() { onFirstUse(registerAuthNotes) }

// registerAuthNotes adds this file's rules to the table (see onFirstUse).
func registerAuthNotes() {
	register(
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4007", Slug: "password-auth", Severity: diag.Info, Since: "0.2",
				Doc: "The configuration turns password authentication on, or tries passwords before keys."},
			Docs: Docs{
				Title: "Password authentication preferred or enabled",
				Why: "A password can be phished by a server that is not the one you meant, reused elsewhere and " +
					"guessed; a key never leaves your machine. PasswordAuthentication yes is ssh's default, so the " +
					"line only documents it — keep it to the hosts that have no keys. PreferredAuthentications that " +
					"lists password or keyboard-interactive first makes ssh ask for the password even when a key would do.",
				Bad:     "Host *\n    PreferredAuthentications password,publickey\n",
				Good:    "Host legacy-router\n    PasswordAuthentication yes\n    PubkeyAuthentication no\n",
				Sources: []string{"ssh_config(5) PasswordAuthentication, PreferredAuthentications"},
			},
		}, map[keyword.ID]valueVerdict{
			keyword.PasswordAuthentication: whenInt(isOn, "ssh may send your password when keys fail; prefer keys where the server accepts them"),
			keyword.PreferredAuthentications: func(s resolve.Setting) (diag.Severity, string) {
				v, _ := s.Value.(string)
				first, _, _ := strings.Cut(v, ",")
				if first == "password" || first == "keyboard-interactive" {
					return 0, "ssh asks for a password before trying keys"
				}
				return 0, ""
			},
		}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4030", Slug: "required-rsa-size", Severity: diag.Info, Since: "0.2",
				Doc: "RequiredRSASize below 3072 accepts RSA keys shorter than current guidance; below 1024 it does nothing."},
			Docs: Docs{
				Title: "Small RequiredRSASize",
				Why: "RequiredRSASize sets the smallest RSA key ssh accepts from servers and uses itself. ssh always " +
					"refuses keys below 1024 bits, so a smaller value does nothing (the catalogue calls it an error; " +
					"since ssh simply keeps its floor, sshcfg reports it as a warning that the line has no effect). " +
					"NIST and ssh-audit ask for 3072 bits, so values between 1024 and 3071 are a note.",
				Bad:     "Host *\n    RequiredRSASize 512\n",
				Good:    "Host *\n    RequiredRSASize 3072\n",
				Sources: []string{"ssh_config(5) RequiredRSASize", "OpenSSH sshkey.c sshkey_check_rsa_length", "ssh-audit hardening guides"},
			},
		}, map[keyword.ID]valueVerdict{keyword.RequiredRSASize: func(s resolve.Setting) (diag.Severity, string) {
			switch v, _ := s.Value.(int); {
			case v < rsaFloor:
				return diag.Warning, fmt.Sprintf("ssh refuses RSA keys below %d bits whatever this says, so the line has no effect", rsaFloor)
			case v < rsaRecommended:
				return 0, fmt.Sprintf("ssh accepts RSA keys from %d bits; current guidance asks for %d", v, rsaRecommended)
			}
			return 0, ""
		}}),
		&Rule{
			Code: diag.Code{ID: "SC4028", Slug: "match-localnetwork", Severity: diag.Info, Since: "0.2",
				Doc: "A Match localnetwork block sets security options, but a network address says little about where you are."},
			Docs: Docs{
				Title: "Security options chosen by local network",
				Why: "Match localnetwork tests the addresses of your own interfaces. Any network can hand out the " +
					"same private addresses (a café using 192.168.1.0/24 looks like home), so a block that relaxes host " +
					"key checking, forwards the agent or allows passwords there applies in places you did not mean. " +
					"ssh_config(5) warns that the address is not a trustworthy criterion.",
				Bad:     "Match localnetwork 192.168.1.0/24\n    StrictHostKeyChecking no\n",
				Good:    "Match localnetwork 192.168.1.0/24\n    ProxyJump none\n",
				Sources: []string{"ssh_config(5) Match localnetwork"},
			},
			SecuritySeverity: "3.0",
			Check: func(p *Pass) {
				for _, f := range p.Files {
					for _, b := range f.tree().Blocks {
						if b.Header == nil || !hasCriterion(b.Header, "localnetwork") {
							continue
						}
						for _, l := range b.Lines {
							if l.Keyword() != nil && localnetworkSensitive[l.Keyword().ID] {
								p.Report(f.Path, l.KeySpan(), "%s is chosen by Match localnetwork: another network with the same addresses gets this setting too", l.Keyword().Name)
							}
						}
					}
				}
			},
		},
	)
}

// localnetworkSensitive are the options whose value decides how far a host is trusted.
var localnetworkSensitive = map[keyword.ID]bool{
	keyword.StrictHostKeyChecking: true, keyword.UserKnownHostsFile: true, keyword.ForwardAgent: true,
	keyword.ForwardX11: true, keyword.ForwardX11Trusted: true, keyword.PasswordAuthentication: true,
	keyword.KbdInteractiveAuthentication: true, keyword.VerifyHostKeyDNS: true, keyword.GatewayPorts: true,
	keyword.NoHostAuthenticationForLocalhost: true, keyword.PermitLocalCommand: true,
}

// hasCriterion reports whether a Match line has a criterion with the attribute.
func hasCriterion(l *parser.Line, attr string) bool {
	crits, _ := l.Value.([]parser.Criterion)
	for _, c := range crits {
		if c.Attr == attr {
			return true
		}
	}
	return false
}
