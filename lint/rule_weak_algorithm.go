package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// weakUse says, per family, what ssh does with the algorithms of the list it uses (%s:
// the names).
var weakUse = map[keyword.AlgorithmFamily]string{
	keyword.FamilyCiphers:  "ssh will offer %s to the server",
	keyword.FamilyMACs:     "ssh will offer %s to the server",
	keyword.FamilyKex:      "ssh will offer %s to the server",
	keyword.FamilyHostKeys: "ssh will accept %s host keys",
	keyword.FamilyKeys:     "ssh will authenticate with %s signatures",
	keyword.FamilySigs:     "ssh will trust certificates signed with %s",
}

func init() { onFirstUse(registerWeakAlgorithm) }

// registerWeakAlgorithm adds this file's rules to the table (see onFirstUse).
func registerWeakAlgorithm() {
	register(&Rule{
		Code: diag.Code{ID: "SC5001", Slug: "weak-algorithm", Severity: diag.Error, Since: "0.2",
			Doc: "The configuration adds a weak algorithm to a list ssh uses: Ciphers, MACs, KexAlgorithms, " +
				"HostKeyAlgorithms, PubkeyAcceptedAlgorithms, HostbasedAcceptedAlgorithms or CASignatureAlgorithms. " +
				"Broken algorithms (SHA-1 signatures and key exchange, MD5, 3DES, DSA, 1024-bit groups) are errors; " +
				"dated ones (CBC ciphers, a 2048-bit group) are warnings."},
		Docs: Docs{
			Title: "Weak algorithm enabled",
			Why: "The list is judged as ssh will use it, after the +, - and ^ forms are applied to the target OpenSSH's " +
				"default list. Only what the configuration itself adds is reported, at the name or pattern that added it: " +
				"a name OpenSSH has in its own default list is never reported (defaults such as hmac-sha1 or the NIST " +
				"curves are OpenSSH's choice, and flagging them would make every config noisy), and a -name removal never " +
				"is. Errors are for algorithms with practical attacks or that standards bodies disallow (ssh-rsa and " +
				"SHA-1 key exchange, MD5 and truncated SHA-1 MACs, 3DES, DSA, the 1024-bit group); warnings for those " +
				"that are dated but not broken (CBC ciphers, the 2048-bit diffie-hellman-group14-sha256, HMAC-SHA-1). " +
				"Enable a legacy algorithm only in a Host block for the one old server that needs it.",
			Bad: "Host *\n    Ciphers +3des-cbc\n    HostKeyAlgorithms +ssh-rsa\n",
			Good: "Host *\n    Ciphers -aes128-cbc\n\nHost legacy-router\n    # the router's firmware offers nothing newer; to be replaced\n" +
				"    HostKeyAlgorithms +rsa-sha2-256\n",
			Sources: []string{
				"OpenSSH myproposal.h (the default lists) and release notes 7.0, 8.2, 8.8, 9.8, 10.0",
				"ssh-audit ssh2_kexdb.py (jtesta/ssh-audit)",
				"NIST SP 800-131A Rev. 2, SP 800-57 Part 1 Rev. 5",
				"BSI TR-02102-4 (secondary source)",
			},
		},
		SecuritySeverity: "7.0",
		Watch: func(p *Pass) (func(*Host), func()) {
			return p.watchAlgorithms(), func() { checkWeakAlgorithms(p) }
		},
	})
}

// checkWeakAlgorithms reports, on each algorithm line ssh uses, every token that puts a
// weak name into the assembled list which OpenSSH's default list does not have.
func checkWeakAlgorithms(p *Pass) {
	defaults := p.Dialect.Algorithms()
	usedLines(p, algorithmIDs, func(f *File, l *parser.Line, assembled []string, resolved bool) {
		list, ok := writtenList(f, l)
		if !ok || list.op == '-' {
			return
		}
		def := defaults.Default(list.fam)
		byToken := map[int][]*algVerdict{}
		for _, name := range usedAlgorithms(p, l, list, assembled, resolved) {
			v, ok := lookupAlg(list.fam, name)
			if !ok || v.verdict < verdictWarn || slices.Contains(def, name) {
				continue
			}
			for i, t := range list.tokens {
				if t.name == "" && list.op == '+' {
					break // ssh appends nothing after an empty element (kex_names_cat)
				}
				if t.name != "" && tokenMatches(t.name, name) {
					byToken[i] = append(byToken[i], v)
					break
				}
			}
		}
		for i, t := range list.tokens {
			vs := byToken[i]
			if len(vs) == 0 {
				continue
			}
			sev := diag.Warning
			var parts []string
			for _, v := range vs {
				if v.verdict == verdictFail {
					sev = diag.Error
				}
				parts = append(parts, fmt.Sprintf("%s (%s)", v.name, v.reason))
			}
			msg := fmt.Sprintf(weakUse[list.fam], strings.Join(parts, ", "))
			if isPattern(t.name) {
				msg = fmt.Sprintf("%s: the pattern %s matches weak algorithms: %s", l.Keyword().Name, t.name, msg)
			} else {
				msg = fmt.Sprintf("%s: %s", l.Keyword().Name, msg)
			}
			p.ReportDiag(diag.Diagnostic{File: f.Path, Span: t.span, Severity: sev, Message: msg})
		}
	})
}
