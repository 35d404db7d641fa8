package lint

import (
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// File is one configuration file the resolution read, as ssh opened it.
type File struct {
	// Path is the file's path as ssh names it in messages.
	Path string
	// Tree is its lossless syntax tree, set once every host is resolved (rules read it
	// with tree(), which works while hosts are resolved too).
	Tree *parser.File
	// resolver holds the tree while Tree is nil: it keeps the trees of the files its
	// latest hosts used and parses the others again when asked (Resolver.LimitTrees).
	resolver *resolve.Resolver
	// Mode and UID are the file's real mode and owner when it was opened (the resolver
	// is shown a mode and owner ssh accepts, so that a file ssh refuses is linted too).
	Mode fs.FileMode
	UID  int
	// IncludedBy is the Include line that read it; nil for a top-level file.
	IncludedBy *resolve.Source
}

// tree returns the file's syntax tree: Tree, or while hosts are resolved the
// resolver's. A rule must not keep a tree, or its lines or blocks, from one host to the
// next: the resolver may have parsed the file again meanwhile (the lines are equal, not
// the same).
func (f *File) tree() *parser.File {
	if f.Tree != nil {
		return f.Tree
	}
	t, _, _, _ := f.resolver.Parsed(f.Path)
	return t
}

// release lets the resolver drop again the trees tree() made it parse beyond its bound,
// for a walk over every file while hosts are resolved.
func (f *File) release() {
	if f.resolver != nil {
		f.resolver.TrimTrees()
	}
}

// Host is one destination the linter resolved: a concrete alias of a Host line, or a
// name made to match a wildcard pattern so that its block is linted too.
type Host struct {
	// Name is the destination as given to the resolver.
	Name string
	// Pattern is the Host pattern the name was made from ("" for a concrete alias).
	Pattern string
	// Result is the tolerant resolution: values with provenance, and Diags. It is nil
	// once the rules' host functions have seen the host: a rule keeps what it needs.
	Result *resolve.Result
	// Exec says the resolution took every Match exec criterion as matching (without
	// running it); a configuration with Match exec lines has each name resolved both ways.
	Exec bool
}

// hostLists are the lists of accumulating keywords the rules asked for of the host being
// judged (Pass.list); Result.List has six keywords.
type hostLists struct {
	host *Host
	n    int
	l    [6]hostList
}

// hostList is the list of an accumulating keyword for a host.
type hostList struct {
	id      keyword.ID
	entries resolve.Entries
}

// list returns h.Result.List(id), made once per host for all the rules that read it.
func (p *Pass) list(h *Host, id keyword.ID) resolve.Entries {
	c := &p.lists
	if c.host != h {
		*c = hostLists{host: h}
	}
	for _, l := range c.l[:c.n] {
		if l.id == id {
			return l.entries
		}
	}
	e := h.Result.List(id)
	if c.n < len(c.l) {
		c.l[c.n] = hostList{id, e}
		c.n++
	}
	return e
}

// Pass is what a rule sees: the files and the target OpenSSH (the resolved hosts go to
// the rules' Watch functions one at a time).
type Pass struct {
	// Files are every configuration file read, in the order ssh first read them.
	Files []*File
	// Dialect is the OpenSSH the configuration is checked for (--target-openssh).
	Dialect keyword.Dialect
	// Env is the environment the configuration was resolved in (home, user, FS); it
	// never runs commands.
	Env *resolve.Env
	// Now is the time the run judges dates against (certificate validity, dated key
	// size advice); Options.Now, or the clock.
	Now time.Time

	keys       *keyState // key files the configuration names, read once per run
	lists      hostLists // the lists read of the host being judged
	algorithms *algLines // the algorithm lines ssh uses, with a list each assembles
	rule       *Rule
	findings   *diag.Diagnostics
	// byPath indexes Files by path (nil: FileOf looks through Files).
	byPath map[string]*File
	// unnamed is the resolution of the host no block names (forEveryHost reads it).
	unnamed *resolve.Result
	// made holds the findings reported while hosts are resolved, so that each is made
	// once however many hosts it applies to; nil once the last host is.
	made map[findingKey]bool
	// replacedBy maps a parser or resolver finding a rule's finding stands in for to
	// that finding (see reportReplacing); the replaced one is dropped only if its
	// replacement survives suppressions and the project configuration.
	replacedBy map[findingKey]findingKey
}

// findingKey identifies a finding across the filters that may drop it or change its
// level.
type findingKey struct {
	file       string
	start, end int
	code, msg  string
}

func keyOf(d diag.Diagnostic) findingKey {
	return findingKey{d.File, d.Span.Start, d.Span.End, d.Code, d.Message}
}

// dropReplaced removes the findings whose replacement is among findings.
func (p *Pass) dropReplaced(findings diag.Diagnostics) diag.Diagnostics {
	if len(p.replacedBy) == 0 {
		return findings
	}
	present := make(map[findingKey]bool, len(findings))
	for _, d := range findings {
		present[keyOf(d)] = true
	}
	return slices.DeleteFunc(findings, func(d diag.Diagnostic) bool {
		by, ok := p.replacedBy[keyOf(d)]
		return ok && present[by]
	})
}

// Report records a finding of the running rule at span of file, with its default
// severity. Related locations and fixes can be added with ReportDiag.
func (p *Pass) Report(file string, span diag.Span, format string, args ...any) {
	p.ReportDiag(diag.Diagnostic{File: file, Span: span, Message: fmt.Sprintf(format, args...)})
}

// ReportDiag records d as a finding of the running rule; Code and, when zero, Severity
// are filled from the rule.
func (p *Pass) ReportDiag(d diag.Diagnostic) {
	d.Code = p.rule.Code.Slug
	if d.Severity == 0 {
		d.Severity = p.rule.Code.Severity
	}
	p.add(d)
}

// add records a finding; while hosts are resolved, one already made is dropped (Run
// keeps the first of equal findings in the end anyway).
func (p *Pass) add(d diag.Diagnostic) {
	if p.made != nil {
		k := keyOf(d)
		if p.made[k] {
			return
		}
		p.made[k] = true
	}
	*p.findings = append(*p.findings, d)
}

// Directives calls fn for every directive line of every file, in file order, with the
// file it is in; fn returns false to stop.
func (p *Pass) Directives(fn func(f *File, l *parser.Line) bool) {
	for _, f := range p.Files {
		stop := false
		f.tree().Lines(func(l *parser.Line) bool {
			if l.Kind != parser.LineDirective {
				return true
			}
			if !fn(f, l) {
				stop = true
				return false
			}
			return true
		})
		if stop {
			return
		}
	}
}

// FileOf returns the File with the path, or nil.
func (p *Pass) FileOf(path string) *File {
	if p.byPath != nil {
		return p.byPath[path]
	}
	for _, f := range p.Files {
		if f.Path == path {
			return f
		}
	}
	return nil
}

// text returns the value as written on the line a source points at.
func (p *Pass) text(src resolve.Source) string {
	if f := p.FileOf(src.File); f != nil {
		return f.tree().Text(src.ValueSpan)
	}
	return ""
}
