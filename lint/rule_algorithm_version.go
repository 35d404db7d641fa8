package lint

import (
	"fmt"
	"slices"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerAlgorithmVersion) }

// registerAlgorithmVersion adds this file's rules to the table (see onFirstUse).
func registerAlgorithmVersion() {
	register(&Rule{
		Code: diag.Code{ID: "SC5002", Slug: "algorithm-too-new", Severity: diag.Error, Since: "0.2",
			Doc: "The algorithm list names an algorithm that the target OpenSSH does not know yet; that ssh " +
				"rejects the line and exits. The finding names the release that introduced it."},
		Docs: Docs{
			Title: "Algorithm newer than the target OpenSSH",
			Why: "ssh checks every name of an algorithm list (also with the + and ^ forms) against the algorithms it was " +
				"built with, and a name it does not know is a fatal configuration error: OpenSSH 9.2 refuses " +
				"`KexAlgorithms +mlkem768x25519-sha256` with \"Unsupported KEX algorithm\". The parser already reports the " +
				"list as ssh does; this rule points at the name and says from which release it is known, so you can raise " +
				"--target-openssh, put the line in a Match version block of its own, or use a name both releases know " +
				"(sntrup761x25519-sha512@openssh.com for post-quantum key exchange on 9.x). A -name removal is never reported: " +
				"ssh does not check those.",
			Bad:     "# target: OpenSSH 9.2\nKexAlgorithms mlkem768x25519-sha256,curve25519-sha256\n",
			Good:    "# target: OpenSSH 9.2\nKexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256\n",
			Sources: []string{"OpenSSH readconf.c (kex_names_valid, ciphers_valid, mac_valid, sshkey_names_valid2)", "OpenSSH release notes 9.9, 10.3, 10.4, 10.5"},
		},
		Check: func(p *Pass) { checkAlgorithmVersions(p, false) },
	}, &Rule{
		Code: diag.Code{ID: "SC5003", Slug: "algorithm-removed", Severity: diag.Error, Since: "0.2",
			Doc: "The algorithm list names an algorithm that the target OpenSSH no longer has; that ssh rejects the " +
				"line and exits. The finding names the release that removed it."},
		Docs: Docs{
			Title: "Algorithm removed from the target OpenSSH",
			Why: "OpenSSH removes broken algorithms: arcfour, blowfish-cbc, cast128-cbc and the RIPEMD-160 MACs in 7.6, " +
				"the v00 certificates in 7.0, DSA (ssh-dss) in 10.0. A configuration that still names one makes the newer " +
				"ssh refuse the whole file. Remove the name: the server that needed it has to be upgraded, or reached with an " +
				"older client.",
			Bad:     "# target: OpenSSH 10.5\nHost old\n    HostKeyAlgorithms +ssh-dss\n",
			Good:    "# target: OpenSSH 10.5\nHost old\n    HostKeyAlgorithms +rsa-sha2-256\n",
			Sources: []string{"OpenSSH release notes 7.0, 7.6, 10.0", "OpenSSH commits 6c9872faa (DSA), a32d28d79"},
		},
		Check: func(p *Pass) { checkAlgorithmVersions(p, true) },
	})
}

// checkAlgorithmVersions reports the names of algorithm lists that the target does not
// know because they are newer than it (removed false) or were removed before it
// (removed true). Only the names ssh checks are judged: those of a list that is not a
// -removal, up to the first empty element.
func checkAlgorithmVersions(p *Pass, removed bool) {
	algs := p.Dialect.Algorithms()
	target := p.Dialect.Version
	p.Directives(func(f *File, l *parser.Line) bool {
		list, ok := writtenList(f, l)
		if !ok || list.op == '-' {
			return true
		}
		known := algs.Valid(list.fam)
		var found []diag.Diagnostic
		explained := true // every name ssh rejects on the line is one of found
		for _, t := range list.tokens {
			if t.name == "" {
				break // ssh checks no further
			}
			if slices.Contains(known, t.name) {
				continue
			}
			v, ok := lookupAlg(list.fam, t.name)
			d := diag.Diagnostic{File: f.Path, Span: t.span}
			switch {
			case isPattern(t.name) || !ok:
				explained = false
				continue
			case !removed && v.since != "" && target.Less(keyword.MustVersion(v.since)):
				d.Message = fmt.Sprintf("%s is known from OpenSSH %s on: ssh %s rejects this line and exits", t.name, v.since, target)
			case removed && v.until != "" && !target.Less(keyword.MustVersion(v.until)):
				d.Message = fmt.Sprintf("%s was removed in OpenSSH %s: ssh %s rejects this line and exits", t.name, v.until, target)
			default:
				explained = false
				continue
			}
			found = append(found, d)
		}
		// The parser's "Bad SSH2 ... spec" for the line goes when these findings name
		// every cause of it; otherwise it stays for the names they do not explain.
		for _, d := range found {
			if explained {
				p.reportReplacing(d, parser.CodeBadAlgorithms)
			} else {
				p.ReportDiag(d)
			}
		}
		return true
	})
}
