package lint

import (
	"path"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Helpers of the structure rules (SC3xxx): where lines sit in blocks, the spans findings
// sit on, and how ssh reads Include patterns.

// blockIndex maps every line of the files to the block it is in, so that rules can tell
// whether two assignments share a block.
type blockIndex map[string]map[int]*parser.Block // file → line number → block

// newBlockIndex indexes the blocks of every file of the pass.
func newBlockIndex(files []*File) blockIndex {
	ix := blockIndex{}
	for _, f := range files {
		m := map[int]*parser.Block{}
		for _, b := range f.Tree.Blocks {
			if b.Header != nil {
				m[b.Header.Number()] = b
			}
			for _, l := range b.Lines {
				m[l.Number()] = b
			}
		}
		ix[f.Path] = m
	}
	return ix
}

// of returns the block holding line n of file, or nil.
func (ix blockIndex) of(file string, n int) *parser.Block { return ix[file][n] }

// lineOf returns the parsed line a source points at, or nil.
func (p *Pass) lineOf(src resolve.Source) *parser.Line {
	f := p.FileOf(src.File)
	if f == nil {
		return nil
	}
	var found *parser.Line
	f.Tree.Lines(func(l *parser.Line) bool {
		if l.Number() == src.Line {
			found = l
			return false
		}
		return true
	})
	return found
}

// directiveSpan is the keyword and arguments of a directive line, without the trailing
// blanks, comment and newline (a command keeps its whole text: ssh takes the rest of
// the line, '#' included).
func directiveSpan(l *parser.Line) diag.Span {
	end := l.KeySpan().End
	if a := argsSpan(l); a.End > end {
		end = a.End
	}
	if l.Keyword() != nil && l.Keyword().Kind == keyword.KindCommand && l.Rest().End > end {
		end = l.Rest().End
	}
	return diag.Span{Start: l.KeySpan().Start, End: end}
}

// argsSpan is the arguments of a directive line as written, without a trailing comment.
func argsSpan(l *parser.Line) diag.Span {
	if len(l.Args()) == 0 {
		return diag.Span{Start: l.Rest().Start, End: l.Rest().Start}
	}
	return diag.Span{Start: l.Args()[0].Span().Start, End: l.Args()[len(l.Args())-1].Span().End}
}

// headerText is a block's header as written ("Host *"), or "the lines before the first
// Host or Match" for a file's first block.
func headerText(f *File, b *parser.Block) string {
	if b == nil || b.Header == nil {
		return "the lines before the first Host or Match"
	}
	return quoteConfig(f.Tree.Text(directiveSpan(b.Header)))
}

// quoteConfig makes config text safe to put in a message: control characters become
// escapes, and long text is cut.
func quoteConfig(s string) string {
	const max = 60
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= max {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f {
			b.WriteString("?")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isGeneralHeader reports whether a block header matches every host: "Host *" (with
// nothing else) or "Match all".
func isGeneralHeader(l *parser.Line) bool {
	switch v := l.Value.(type) {
	case []string:
		return l.Keyword() != nil && l.Keyword().ID == keyword.Host && len(v) == 1 && v[0] == "*"
	case []parser.Criterion:
		return len(v) == 1 && v[0].Attr == "all" && !v[0].Negate
	}
	return false
}

// isUserConfig reports whether ssh reads the file as a user configuration (everything
// except the system file and what it includes): relative Include paths of a user
// configuration are taken from ~/.ssh, those of the system one from /etc/ssh.
func (p *Pass) isUserConfig(f *File) bool {
	top := f
	for top.IncludedBy != nil {
		up := p.FileOf(top.IncludedBy.File)
		if up == nil || up == top {
			break
		}
		top = up
	}
	return p.Env.SystemConfig == "" || top.Path != p.Env.SystemConfig
}

// includeBase is the directory ssh reads a relative Include path from, as ssh spells it
// and as a path.
func (p *Pass) includeBase(f *File) (spelled, dir string) {
	if p.isUserConfig(f) {
		return "~/.ssh", path.Join(p.home(), ".ssh")
	}
	return "/etc/ssh", "/etc/ssh"
}

// home is the directory ssh's glob(3) puts for a leading ~: $HOME, else the user's home.
func (p *Pass) home() string {
	if p.Env.Getenv != nil {
		if h, ok := p.Env.Getenv("HOME"); ok {
			return h
		}
	}
	return p.Env.User.Home
}

// includePattern is the glob ssh expands for an Include argument of file f: a relative
// pattern taken from the include base, ~/ replaced by the home directory. ok is false for
// patterns this helper does not expand the way ssh would (~user, and %/$ expansions of
// OpenSSH 9.9 and later).
func (p *Pass) includePattern(f *File, arg string) (pattern string, ok bool) {
	if p.Dialect.Version.AtLeast("9.9") && strings.ContainsAny(arg, "%$") {
		return "", false
	}
	switch {
	case strings.HasPrefix(arg, "~/"):
		return path.Join(p.home(), arg[2:]), true
	case strings.HasPrefix(arg, "~"):
		return "", false
	case strings.HasPrefix(arg, "/"):
		return arg, true
	}
	_, dir := p.includeBase(f)
	return dir + "/" + arg, true
}
