package lint

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// Two rules about keywords the target OpenSSH does not know: by release, and by build.
// Both stop ssh with "Bad configuration option" unless an earlier IgnoreUnknown lists the
// keyword, and both offer to add that IgnoreUnknown line.

func init() { onFirstUse(registerKeywordNotInTarget) }

// registerKeywordNotInTarget adds this file's rules to the table (see onFirstUse).
func registerKeywordNotInTarget() {
	register(&Rule{
		Code: diag.Code{ID: "SC3001", Slug: "keyword-not-in-target", Severity: diag.Error, Since: "0.2",
			Doc: "The keyword or Match criterion exists in the OpenSSH the file was read for, but not in the " +
				"target release (--target-openssh): it is newer, or was removed. The target ssh stops on the " +
				"line. List the keyword in an IgnoreUnknown line before it, or upgrade."},
		Docs: Docs{
			Title: "Keyword or Match criterion not in the target OpenSSH",
			Why: "Keywords arrive with releases (Tag and Match tagged/localnetwork in 9.4, ObscureKeystrokeTiming in " +
				"9.5, ChannelTimeout in 9.6, VersionAddendum and Match command/version in 10.0, RefuseConnection and " +
				"WarnWeakCrypto in 10.1). A configuration shared between machines is read by the oldest ssh too, " +
				"which answers \"Bad configuration option\" and refuses to connect at all. ssh skips an unknown " +
				"keyword silently when an IgnoreUnknown line read before it lists it; IgnoreUnknown never affects " +
				"keywords ssh knows, so the newer ssh still applies the setting. A Match criterion cannot be " +
				"ignored that way: the older ssh stops on it whatever IgnoreUnknown says. The parser reports the " +
				"same problem for the release it parsed with (keyword-too-new); this rule covers the target when " +
				"it differs.",
			Bad:     "# shared with hosts running OpenSSH 9.2\nHost *\n    ObscureKeystrokeTiming yes\n",
			Good:    "IgnoreUnknown ObscureKeystrokeTiming\nHost *\n    ObscureKeystrokeTiming yes\n",
			Sources: []string{"ssh_config(5) IgnoreUnknown", "OpenSSH readconf.c parse_token and match_cfg_line", "OpenSSH release notes 9.4–10.1"},
		},
		Check: checkKeywordNotInTarget,
	}, &Rule{
		Code: diag.Code{ID: "SC3002", Slug: "platform-keyword", Severity: diag.Error, Since: "0.2",
			Doc: "The keyword only exists in some builds of ssh (UseKeychain in Apple's, the GSSAPI key " +
				"exchange keywords in Debian's). Any other ssh stops with \"Bad configuration option\". Put " +
				"IgnoreUnknown with the keyword at the top of the file."},
		Docs: Docs{
			Title: "Keyword of another platform's ssh",
			Why: "A configuration written on a Mac often holds UseKeychain yes; copied to Linux (or read by a " +
				"Homebrew or distribution ssh), it makes ssh refuse every connection. IgnoreUnknown UseKeychain, " +
				"placed before the line, keeps Apple's ssh using the keychain and lets every other ssh skip the " +
				"line. The fix inserts that line at the top of the file when the file has no IgnoreUnknown yet " +
				"(ssh keeps the first IgnoreUnknown it reads, so a second one would be ignored).",
			Bad:     "Host *\n    UseKeychain yes\n    AddKeysToAgent yes\n",
			Good:    "IgnoreUnknown UseKeychain\nHost *\n    UseKeychain yes\n    AddKeysToAgent yes\n",
			Sources: []string{"Apple ssh_config(5) UseKeychain", "ssh_config(5) IgnoreUnknown", "Apple Technical Note TN2449"},
		},
		Check: checkPlatformKeyword,
	})
}

// ignoreUnknown finds, for a line, the IgnoreUnknown line ssh would have read before it:
// the first one in reading order (ssh keeps the first value), if it comes earlier.
type ignoreUnknown struct {
	file *File
	line *parser.Line
	list string
	rank int // index of file in the pass
}

func firstIgnoreUnknown(p *Pass) *ignoreUnknown {
	var first *ignoreUnknown
	p.Directives(func(f *File, l *parser.Line) bool {
		if l.Keyword() == nil || l.Keyword().ID != keyword.IgnoreUnknown || l.HasError() || len(l.Args()) == 0 {
			return true
		}
		first = &ignoreUnknown{file: f, line: l, list: l.Args()[0].Value}
		for i, g := range p.Files {
			if g == f {
				first.rank = i
			}
		}
		return false
	})
	return first
}

// covers reports whether ssh skips an unknown keyword name on line l of file f.
func (iu *ignoreUnknown) covers(p *Pass, f *File, l *parser.Line, name string) bool {
	if iu == nil || pattern.MatchList(name, iu.list, true) != 1 {
		return false
	}
	if iu.file == f {
		return iu.line.Number() < l.Number()
	}
	for i, g := range p.Files {
		if g == f {
			return iu.rank < i
		}
	}
	return false
}

// ignoreUnknownFix is the fix that lists name in a new IgnoreUnknown line at the top of
// f; there is none when the configuration has an IgnoreUnknown line already (the new
// one would take its place), and the message then says what to do.
func ignoreUnknownFix(iu *ignoreUnknown, f *File, name string) ([]diag.Fix, string) {
	if iu != nil {
		return nil, fmt.Sprintf("; add %s to the IgnoreUnknown list of %s line %d and make sure that line comes first",
			name, quoteConfig(iu.file.Path), iu.line.Number())
	}
	return []diag.Fix{{Title: "Insert IgnoreUnknown " + name + " at the top of the file",
		Edits: []diag.Edit{{Span: diag.Span{}, New: "IgnoreUnknown " + name + "\n"}}}}, "; list it in IgnoreUnknown before this line"
}

func checkKeywordNotInTarget(p *Pass) {
	iu := firstIgnoreUnknown(p)
	p.Directives(func(f *File, l *parser.Line) bool {
		k := l.Keyword()
		if k == nil {
			return true
		}
		if k.Status != keyword.Platform && !p.Dialect.Knows(k) && !iu.covers(p, f, l, l.Name()) {
			why := fmt.Sprintf("%s needs OpenSSH %s or newer", k.Name, k.Since)
			if k.Until != "" && p.Dialect.Version.AtLeast(k.Until) {
				why = fmt.Sprintf("%s was removed in OpenSSH %s", k.Name, k.Until)
			}
			fixes, how := ignoreUnknownFix(iu, f, k.Name)
			p.ReportDiag(diag.Diagnostic{File: f.Path, Span: l.KeySpan(), Fixes: fixes,
				Message: fmt.Sprintf("%s, and the target is %s: it stops with \"Bad configuration option: %s\"%s",
					why, p.Dialect.Version, l.Name(), how)})
		}
		if crits, ok := l.Value.([]parser.Criterion); ok {
			for _, c := range crits {
				mc := matchCriterionNamed(c.Attr)
				if mc != nil && mc.Since != "" && !p.Dialect.Version.AtLeast(mc.Since) {
					p.Report(f.Path, c.Span, "Match %s needs OpenSSH %s or newer, and the target is %s: it stops with \"Unsupported Match attribute %s\" (IgnoreUnknown does not help here)",
						c.Attr, mc.Since, p.Dialect.Version, c.Attr)
				}
			}
		}
		return true
	})
}

// matchCriterionNamed returns the parser's row for a Match criterion, or nil.
func matchCriterionNamed(attr string) *parser.MatchCriterion {
	for i := range parser.MatchCriteria {
		if parser.MatchCriteria[i].Name == attr {
			return &parser.MatchCriteria[i]
		}
	}
	return nil
}

func checkPlatformKeyword(p *Pass) {
	iu := firstIgnoreUnknown(p)
	p.Directives(func(f *File, l *parser.Line) bool {
		k := l.Keyword()
		if k == nil {
			k = keyword.Lookup(l.Name())
		}
		if k == nil || k.Status != keyword.Platform || p.Dialect.Knows(k) || iu.covers(p, f, l, l.Name()) {
			return true
		}
		fixes, how := ignoreUnknownFix(iu, f, k.Name)
		p.reportReplacing(diag.Diagnostic{File: f.Path, Span: l.KeySpan(), Fixes: fixes,
			Message: fmt.Sprintf("%s exists only in %s's ssh: this one stops with \"Bad configuration option: %s\"%s",
				k.Name, platformName(k.Platform), l.Name(), how)}, parser.CodeUnknownKeyword)
		return true
	})
}

// platformName is how messages name the build a platform keyword belongs to.
func platformName(platform string) string {
	switch platform {
	case keyword.PlatformApple:
		return "Apple"
	case keyword.PlatformDebian:
		return "Debian"
	}
	return platform
}
