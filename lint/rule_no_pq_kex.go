package lint

import (
	"slices"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerNoPqKex) }

// registerNoPqKex adds this file's rules to the table (see onFirstUse).
func registerNoPqKex() {
	register(&Rule{
		Code: diag.Code{ID: "SC5005", Slug: "no-pq-kex", Severity: diag.Info, Since: "0.2",
			Doc: "KexAlgorithms leaves ssh no post-quantum key exchange (mlkem768x25519-sha256 or " +
				"sntrup761x25519-sha512): sessions recorded today could be decrypted once quantum computers can " +
				"break X25519 and ECDH."},
		Docs: Docs{
			Title: "No post-quantum key exchange",
			Why: "OpenSSH has offered a post-quantum hybrid key exchange by default since 9.0 (sntrup761x25519-sha512) and " +
				"prefers mlkem768x25519-sha256 since 10.0; 10.1 warns when a connection uses a key exchange without one. " +
				"A KexAlgorithms line that leaves them out gives up that protection against \"harvest now, decrypt later\" " +
				"for every server that supports them. The hybrids also include X25519, so they are never weaker than " +
				"curve25519-sha256. This is a note: it does not fail a run.",
			Bad:     "KexAlgorithms curve25519-sha256,ecdh-sha2-nistp256\n",
			Good:    "KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,ecdh-sha2-nistp256\n",
			Sources: []string{"OpenSSH myproposal.h, release notes 9.0, 9.9, 10.0, 10.1 (WarnWeakCrypto)", "ssh-audit hardening guides 2026", "NIST IR 8547, FIPS 203 (ML-KEM)"},
		},
		Watch: func(p *Pass) (func(*Host), func()) {
			return p.watchAlgorithms(), func() { checkNoPQKex(p) }
		},
	})
}

// checkNoPQKex reports the KexAlgorithms lines ssh uses that leave out every
// post-quantum key exchange.
func checkNoPQKex(p *Pass) {
	var suggest string
	for _, k := range p.Dialect.Algorithms().DefaultKex {
		if slices.Contains(pqKex, k) {
			suggest = k
			break
		}
	}
	usedLines(p, []keyword.ID{keyword.KexAlgorithms}, func(f *File, l *parser.Line, assembled []string, resolved bool) {
		list, ok := writtenList(f, l)
		if !ok {
			return
		}
		used := usedAlgorithms(p, l, list, assembled, resolved)
		for _, k := range used {
			if slices.Contains(pqKex, k) {
				return
			}
		}
		if len(used) == 0 || suggest == "" {
			return
		}
		p.Report(f.Path, l.Args()[0].Span(),
			"ssh will offer no post-quantum key exchange: add %s to protect recorded sessions against future quantum computers", suggest)
	})
}
