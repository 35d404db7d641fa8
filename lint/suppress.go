package lint

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// Suppression comments. A whole-line comment
//
//	# sshcfg: disable=SC4001,forward-agent -- reason
//
// silences those codes on the next directive line of the file, and
//
//	# sshcfg: disable-file=SC4001 -- reason
//
// before the file's first directive silences them in the whole file. Codes are ids or
// slugs of any registered code (the parser's and the resolver's too). ssh reads these
// lines as comments, so they never change what ssh does. The reason is required.
//
// The findings about suppressions themselves (SC8001, SC8002) are made by Run after the
// rules, from what the suppressions matched; they cannot be suppressed inline, only
// disabled (--disable, .sshcfg.toml).
const suppressPrefix = "sshcfg:"

// Codes of the linter's own findings about suppression comments.
var (
	codeUnusedSuppression = diag.Code{ID: "SC8001", Slug: "unused-suppression", Severity: diag.Warning, Since: "0.2",
		Doc: "A suppression comment names a code that no finding on its line (or in its file) has. A stale " +
			"suppression would silently hide a future finding; remove the code from the comment."}
	codeBadSuppression = diag.Code{ID: "SC8002", Slug: "malformed-suppression", Severity: diag.Warning, Since: "0.2",
		Doc: "A comment starting with \"# sshcfg:\" is not a valid suppression: an unknown form or code, no " +
			"reason after \" -- \", a disable-file after the first directive, or no directive after it."}
)

func init() { onFirstUse(registerSuppressionCodes) }

// registerSuppressionCodes adds this file's rules to the table (see onFirstUse).
func registerSuppressionCodes() {
	// The runner makes these findings (see suppressions.apply); registering them as rules
	// gives them docs, --explain and --disable like every other rule.
	reportedByRun := func(*Pass) {}
	register(&Rule{
		Code: codeUnusedSuppression,
		Docs: Docs{
			Title: "Unused suppression",
			Why: "A suppression that silences nothing is left over from an earlier version of the file. Left in place it " +
				"would hide the next finding of that code on that line without anyone deciding so. It is a warning, as " +
				"ruff's RUF100 and golangci-lint's nolintlint do, so that CI keeps suppressions current.",
			Bad:     "# sshcfg: disable=strict-host-key-checking-off -- lab hosts are re-keyed daily\nHost lab\n    StrictHostKeyChecking accept-new\n",
			Good:    "Host lab\n    StrictHostKeyChecking accept-new\n",
			Sources: []string{"ruff RUF100 unused-noqa", "golangci-lint nolintlint"},
		},
		Check: reportedByRun,
	}, &Rule{
		Code: codeBadSuppression,
		Docs: Docs{
			Title: "Malformed suppression",
			Why: "A suppression must say which codes it silences and why, so that a reader of the file knows a finding " +
				"was seen and accepted. A comment that starts like a suppression but is not one silences nothing (or, " +
				"without a reason, silences without saying why); either way it is reported.",
			Bad:     "Host lab\n    # sshcfg: disable=SC4001\n    StrictHostKeyChecking no\n",
			Good:    "Host lab\n    # sshcfg: disable=SC4001 -- throw-away VMs, re-created with new keys every hour\n    StrictHostKeyChecking no\n",
			Sources: []string{"staticcheck //lint:ignore (reason required)", "shellcheck # shellcheck disable="},
		},
		Check: reportedByRun,
	})
}

// suppression is one parsed suppression comment.
type suppression struct {
	file  string
	scope diag.Span // the bytes it covers: the next directive line, or the whole file
	codes []suppressedCode
}

// suppressedCode is one code a suppression names, where, and whether it silenced anything.
type suppressedCode struct {
	slug string
	span diag.Span // the id or slug as written
	used bool
}

// suppressions are the suppression comments of a run, with the findings about malformed ones.
type suppressions struct {
	list      []*suppression
	malformed diag.Diagnostics
}

// collectSuppressions reads the suppression comments of every file.
func collectSuppressions(files []*File) *suppressions {
	s := &suppressions{}
	for _, f := range files {
		s.readFile(f)
	}
	return s
}

// readFile reads the suppression comments of one file. A disable waits for the next
// directive line; comments and blank lines between them are allowed.
func (s *suppressions) readFile(f *File) {
	var waiting []*suppression
	seenDirective := false
	bad := func(span diag.Span, format string, args ...any) {
		s.malformed = append(s.malformed, diag.Diagnostic{File: f.Path, Span: span, Severity: codeBadSuppression.Severity,
			Code: codeBadSuppression.Slug, Message: fmt.Sprintf(format, args...)})
	}
	f.tree().Lines(func(l *parser.Line) bool {
		switch l.Kind {
		case parser.LineDirective:
			for _, w := range waiting {
				w.scope = l.Span()
				s.list = append(s.list, w)
			}
			waiting, seenDirective = nil, true
		case parser.LineComment:
			sup, fileWide, ok := parseSuppression(f, l, bad)
			switch {
			case !ok:
			case fileWide && seenDirective:
				bad(l.Span(), "disable-file must come before the first directive; this suppression silences nothing")
			case fileWide:
				sup.scope = diag.Span{Start: 0, End: len(f.tree().Src) + 1} // + 1: a finding at the very end
				s.list = append(s.list, sup)
			default:
				waiting = append(waiting, sup)
			}
		}
		return true
	})
	for _, w := range waiting {
		bad(w.codes[0].span, "no directive follows this suppression; it silences nothing")
	}
}

// parseSuppression reads a comment line. It returns ok=false for ordinary comments and for
// malformed suppressions (reported through bad). A suppression without a reason is
// reported and still applies, so that the finding it meant to silence is not reported too.
func parseSuppression(f *File, l *parser.Line, bad func(diag.Span, string, ...any)) (_ *suppression, fileWide, ok bool) {
	text := f.tree().Text(l.Span())
	at := l.Span().Start
	body := strings.TrimLeft(text, " \t")
	at += len(text) - len(body)
	hash := at
	body = strings.TrimPrefix(body, "#")
	at++
	trimmed := strings.TrimLeft(body, " \t")
	at += len(body) - len(trimmed)
	rest, isOurs := strings.CutPrefix(trimmed, suppressPrefix)
	if !isOurs {
		return nil, false, false
	}
	at += len(suppressPrefix)
	body = strings.TrimRight(rest, " \t\r\n")
	rest = strings.TrimLeft(body, " \t")
	at += len(body) - len(rest)
	whole := diag.Span{Start: hash, End: at + len(rest)}
	directive, reason, hasReason := strings.Cut(rest, " -- ")
	directive = strings.TrimRight(directive, " \t")
	verb, list, hasList := strings.Cut(directive, "=")
	switch {
	case !hasList || (verb != "disable" && verb != "disable-file"):
		bad(whole, "not a suppression: write \"# sshcfg: disable=ID[,ID] -- reason\" or \"# sshcfg: disable-file=ID[,ID] -- reason\"")
		return nil, false, false
	case strings.TrimSpace(list) == "":
		bad(whole, "%s names no code", verb)
		return nil, false, false
	}
	sup := &suppression{file: f.Path}
	off := at + len(verb) + 1
	for _, word := range strings.Split(list, ",") {
		name := strings.TrimSpace(word)
		span := diag.Span{Start: off + strings.Index(word, name), End: off + strings.Index(word, name) + len(name)}
		off += len(word) + 1
		c, known := diag.LookupCode(name)
		switch {
		case !known:
			bad(span, "unknown code %q in suppression", name)
			return nil, false, false
		case strings.HasPrefix(c.ID, "SC8"):
			bad(span, "%s cannot be suppressed inline (disable it with --disable or .sshcfg.toml)", c.ID)
			return nil, false, false
		}
		sup.codes = append(sup.codes, suppressedCode{slug: c.Slug, span: span})
	}
	if !hasReason || strings.TrimSpace(reason) == "" {
		bad(whole, "suppression without a reason: add \" -- \" and why the finding is accepted")
	}
	return sup, verb == "disable-file", true
}

// apply drops the findings the suppressions cover and returns the rest, followed by the
// findings about malformed suppressions and, for each named code that silenced nothing
// and whose check ran (it is not in disabled), an unused-suppression finding.
func (s *suppressions) apply(findings diag.Diagnostics, disabled map[string]bool) diag.Diagnostics {
	byFile := map[string][]*suppression{}
	for _, sup := range s.list {
		byFile[sup.file] = append(byFile[sup.file], sup)
	}
	out := findings[:0]
	for _, d := range findings {
		if !silence(byFile[d.File], d) {
			out = append(out, d)
		}
	}
	out = append(out, s.malformed...)
	for _, sup := range s.list {
		for _, c := range sup.codes {
			if !c.used && !disabled[c.slug] {
				out = append(out, diag.Diagnostic{File: sup.file, Span: c.span, Severity: codeUnusedSuppression.Severity,
					Code: codeUnusedSuppression.Slug, Message: fmt.Sprintf("unused suppression: no %s finding here", c.slug)})
			}
		}
	}
	return out
}

// silence reports whether one of sups covers d, marking the code used.
func silence(sups []*suppression, d diag.Diagnostic) bool {
	hit := false
	for _, sup := range sups {
		if d.Span.Start < sup.scope.Start || d.Span.Start >= sup.scope.End {
			continue
		}
		for i := range sup.codes {
			if sup.codes[i].slug == d.Code {
				sup.codes[i].used = true
				hit = true
			}
		}
	}
	return hit
}
