package lint

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Helpers of the structure rules (SC3xxx): where lines sit in blocks, the spans findings
// sit on, and how ssh reads Include patterns.

// blockIndex finds the block a line of a file of the pass is in, so that rules can tell
// whether two assignments share a block. It searches each file's blocks by line number
// (they are in order) and keeps nothing per line.
type blockIndex struct{ p *Pass }

// newBlockIndex indexes the blocks of every file of the pass, those read later too.
func newBlockIndex(p *Pass) blockIndex { return blockIndex{p} }

// of returns the block holding line n of file, or nil.
func (ix blockIndex) of(file string, n int) *parser.Block {
	f, i := ix.find(file, n)
	if f == nil {
		return nil
	}
	return f.tree().Blocks[i]
}

// find returns the file and the index among its blocks of the block holding line n of
// file; f is nil when there is none.
func (ix blockIndex) find(file string, n int) (f *File, i int) {
	f = ix.p.FileOf(file)
	if f == nil {
		return nil, 0
	}
	blocks := f.tree().Blocks
	i = sort.Search(len(blocks), func(i int) bool { return firstLine(blocks[i]) > n }) - 1
	if i < 0 {
		return nil, 0
	}
	if b := blocks[i]; b.Header != nil && b.Header.Number() == n || lineIn(b, n) != nil {
		return f, i
	}
	return nil, 0
}

// lineIn returns line n of block b, not its header, or nil.
func lineIn(b *parser.Block, n int) *parser.Line {
	if j, ok := slices.BinarySearchFunc(b.Lines, n, func(l *parser.Line, n int) int { return l.Number() - n }); ok {
		return b.Lines[j]
	}
	return nil
}

// firstLine is the number of a block's first line (0 for an empty block).
func firstLine(b *parser.Block) int {
	switch {
	case b.Header != nil:
		return b.Header.Number()
	case len(b.Lines) > 0:
		return b.Lines[0].Number()
	}
	return 0
}

// lineOf returns the parsed line a source points at, or nil.
func (p *Pass) lineOf(src resolve.Source) *parser.Line {
	b := newBlockIndex(p).of(src.File, src.Line)
	if b == nil {
		return nil
	}
	if b.Header != nil && b.Header.Number() == src.Line {
		return b.Header
	}
	return lineIn(b, src.Line)
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
	return quoteConfig(f.tree().Text(directiveSpan(b.Header)))
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
