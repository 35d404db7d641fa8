package lint

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerObsoleteAlias) }

// registerObsoleteAlias adds this file's rules to the table (see onFirstUse).
func registerObsoleteAlias() {
	register(&Rule{
		Code: diag.Code{ID: "SC3003", Slug: "obsolete-alias", Severity: diag.Info, Since: "0.2",
			Doc: "The keyword is an old spelling ssh still accepts for a renamed option (PubkeyAcceptedKeyTypes, " +
				"HostbasedKeyTypes, ChallengeResponseAuthentication, KeepAlive, …). It works; the current name " +
				"is what the manual documents and what ssh -G prints. The fix renames it."},
		Docs: Docs{
			Title: "Obsolete keyword spelling",
			Why: "OpenSSH renamed several options and kept the old names as aliases: PubkeyAcceptedKeyTypes became " +
				"PubkeyAcceptedAlgorithms and HostbasedKeyTypes HostbasedAcceptedAlgorithms in 8.5, " +
				"ChallengeResponseAuthentication became KbdInteractiveAuthentication, KeepAlive TCPKeepAlive, " +
				"SmartcardDevice PKCS11Provider. The alias sets the same option, so nothing breaks, but readers " +
				"searching the manual or ssh -G output for the current name miss the line. Renaming is safe for " +
				"every release sshcfg targets (9.2 and later know all current names).",
			Bad:     "Host legacy\n    PubkeyAcceptedKeyTypes +ssh-rsa\n",
			Good:    "Host legacy\n    PubkeyAcceptedAlgorithms +ssh-rsa\n",
			Sources: []string{"OpenSSH readconf.c keywords[] (alias rows)", "OpenSSH 8.5 release notes"},
		},
		Check: checkObsoleteAlias,
	})
}

func checkObsoleteAlias(p *Pass) {
	p.Directives(func(f *File, l *parser.Line) bool {
		k := l.Keyword()
		if k == nil || l.Name() == keyword.LowerASCII(k.Name) || !p.Dialect.Knows(k) {
			return true
		}
		written := f.tree().Text(l.KeySpan())
		p.ReportDiag(diag.Diagnostic{File: f.Path, Span: l.KeySpan(),
			Message: fmt.Sprintf("%s is an old name of %s; ssh treats both alike", quoteConfig(written), k.Name),
			Fixes:   []diag.Fix{{Title: "Rename to " + k.Name, Edits: []diag.Edit{{Span: l.KeySpan(), New: k.Name}}}}})
		return true
	})
}
