package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
)

// entry is the documentation of one code: a lint rule with its Docs, or a parser or
// resolver code (Rule nil) documented by its one paragraph.
type entry struct {
	Code diag.Code
	Rule *lint.Rule
}

// ruleEntry returns the entry of a lint rule.
func ruleEntry(r *lint.Rule) entry { return entry{Code: r.Code, Rule: r} }

// lookupEntry finds the entry of a rule or code by id or slug.
func lookupEntry(idOrSlug string) (entry, bool) {
	if r, ok := lint.LookupRule(idOrSlug); ok {
		return ruleEntry(r), true
	}
	c, ok := diag.LookupCode(idOrSlug)
	return entry{Code: c}, ok
}

// title is a rule's title, or the first sentence of a code's doc.
func (e entry) title() string {
	if e.Rule != nil {
		return e.Rule.Docs.Title
	}
	doc := e.Code.Doc
	if i := strings.Index(doc, ". "); i >= 0 {
		return doc[:i+1]
	}
	return doc
}

// level is the code's default level: error, warning or note.
func (e entry) level() string { return lint.LevelOf(e.Code.Severity).String() }

// anchor is the entry's heading anchor in docs/rules.md, as GitHub makes it.
func (e entry) anchor() string { return strings.ToLower(e.Code.ID) + "-" + e.Code.Slug }

// DocURL returns the address of a code's section in docs/rules.md, the page SARIF's
// helpUri and the language server's codeDescription link to.
func DocURL(c diag.Code) string { return rulesDocURI + "#" + entry{Code: c}.anchor() }

// helpText is the plain-text help: the doc paragraph, why, and the good example.
func (e entry) helpText() string {
	if e.Rule == nil {
		return e.Code.Doc
	}
	d := e.Rule.Docs
	return e.Code.Doc + "\n\n" + d.Why + "\n\nInstead:\n" + d.Good
}

// markdown is the entry's documentation in Markdown: with heading, the section of
// docs/rules.md (and the text of --explain); without, SARIF's help.markdown.
func (e entry) markdown(heading bool) string {
	var b strings.Builder
	if heading {
		fmt.Fprintf(&b, "### %s %s\n\n", e.Code.ID, e.Code.Slug)
	}
	if e.Rule == nil {
		fmt.Fprintf(&b, "Default level: %s. Since %s.\n\n%s\n", e.level(), e.Code.Since, e.Code.Doc)
		return b.String()
	}
	d := e.Rule.Docs
	fmt.Fprintf(&b, "**%s**\n\nDefault level: %s. Since %s.", d.Title, e.level(), e.Code.Since)
	if e.Rule.SecuritySeverity != "" {
		fmt.Fprintf(&b, " Security severity %s.", e.Rule.SecuritySeverity)
	}
	fmt.Fprintf(&b, "\n\n%s\n\n%s\n", e.Code.Doc, d.Why)
	for _, ex := range []struct{ name, text string }{{"Bad", d.Bad}, {"Good", d.Good}} {
		if ex.text != "" {
			fmt.Fprintf(&b, "\n%s:\n\n```ssh-config\n%s\n```\n", ex.name, strings.TrimRight(ex.text, "\n"))
		}
	}
	if len(d.Sources) > 0 {
		b.WriteString("\nSources:\n\n")
		for _, s := range d.Sources {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	return b.String()
}

// Markdown returns the rule reference, docs/rules.md: every lint rule with its docs, then
// the parser's and the resolver's codes. It is generated; a test keeps the file fresh.
func Markdown() []byte {
	var b strings.Builder
	b.WriteString("# sshcfg lint rules\n\n" +
		"<!-- Generated from the rules' docs by `go test ./lint/report -update`; do not edit. -->\n\n" +
		"Every finding of `sshcfg lint` carries a stable id and a slug. `sshcfg lint --explain ID` prints\n" +
		"one entry of this page. Levels: errors and warnings fail a run (see `--fail-level`), notes never do.\n\n" +
		"## Lint rules\n\n")
	rules := lint.Rules()
	for _, r := range rules {
		fmt.Fprintf(&b, "- [%s %s](#%s): %s (%s)\n", r.Code.ID, r.Code.Slug, ruleEntry(r).anchor(), r.Docs.Title, ruleEntry(r).level())
	}
	for _, r := range rules {
		b.WriteString("\n" + ruleEntry(r).markdown(true))
	}
	b.WriteString("\n## Parser and resolver codes\n\n" +
		"Problems found while reading the configuration (SC1xxx, the parser) and while resolving it\n" +
		"(SC2xxx, the resolver); lint reports them as they are.\n\n" +
		"| id | slug | level |\n|---|---|---|\n")
	var codes []entry
	for _, c := range diag.AllCodes() {
		if c.ID < "SC3000" {
			codes = append(codes, entry{Code: c})
		}
	}
	for _, e := range codes {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s |\n", e.Code.ID, e.anchor(), e.Code.Slug, e.level())
	}
	for _, e := range codes {
		b.WriteString("\n" + e.markdown(true))
	}
	return []byte(b.String())
}

// Explain writes the documentation of one rule or code, found by id or slug, as in
// docs/rules.md. It returns an error for an unknown id.
func Explain(w io.Writer, idOrSlug string) error {
	e, ok := lookupEntry(idOrSlug)
	if !ok {
		return fmt.Errorf("no rule or code %q (docs/rules.md lists them)", idOrSlug)
	}
	_, err := io.WriteString(w, e.markdown(true))
	return err
}
