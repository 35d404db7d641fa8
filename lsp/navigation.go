package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Navigation: go to definition (an Include argument to its files, a host name to the
// Host lines that declare it, a key file to the file) and references of a host name.

func init() {
	advertise(func(c *protocol.ServerCapabilities) {
		c.DefinitionProvider = protocol.Boolean(true)
		c.ReferencesProvider = protocol.Boolean(true)
	})
	handle(protocol.MethodTextDocumentDefinition, definition)
	handle(protocol.MethodTextDocumentReferences, references)
}

// keyFileKeywords are the keywords whose value names a file ssh reads: definition on
// their value opens it (after ssh's expansions), when it exists.
var keyFileKeywords = map[keyword.ID]bool{
	keyword.IdentityFile:    true,
	keyword.CertificateFile: true,
}

// maxIncludeDepth bounds the walk of included files (ssh's own limit is 16 levels).
const maxIncludeDepth = 16

func definition(ctx context.Context, v *view, p *protocol.DefinitionParams) ([]protocol.Location, error) {
	sn, off, err := v.snapshotAt(p.TextDocument, p.Position)
	if err != nil {
		return nil, err
	}
	f := sn.File()
	c := f.At(off)
	if c.Line == nil || c.Line.Keyword() == nil {
		return nil, nil
	}
	if ref, ok := hostRefAt(f, c.Line, off); ok {
		var out []protocol.Location
		for _, wf := range sn.workspace() {
			for _, r := range wf.refs() {
				if r.decl && r.name == ref.name {
					out = append(out, sn.Location(wf.path, wf.file.Src, r.span))
				}
			}
		}
		return out, nil
	}
	if c.Part != parser.PartArg || c.Arg == nil {
		return nil, nil
	}
	switch {
	case c.Line.Keyword().Kind == keyword.KindInclude:
		var out []protocol.Location
		for _, path := range sn.includeMatches(c.Arg.Value) {
			out = append(out, protocol.Location{URI: sn.docs.uriOf(path)})
		}
		return out, nil
	case keyFileKeywords[c.Line.Keyword().ID]:
		if path, ok := sn.keyFile(ctx, c.Block, c.Line.Keyword().ID, c.Arg.Value); ok {
			return []protocol.Location{{URI: sn.docs.uriOf(path)}}, nil
		}
	}
	return nil, nil
}

func references(ctx context.Context, v *view, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	sn, off, err := v.snapshotAt(p.TextDocument, p.Position)
	if err != nil {
		return nil, err
	}
	f := sn.File()
	c := f.At(off)
	if c.Line == nil {
		return nil, nil
	}
	ref, ok := hostRefAt(f, c.Line, off)
	if !ok {
		return nil, nil
	}
	var out []protocol.Location
	for _, wf := range sn.workspace() {
		for _, r := range wf.refs() {
			if r.name == ref.name && (!r.decl || p.Context.IncludeDeclaration) {
				out = append(out, sn.Location(wf.path, wf.file.Src, r.span))
			}
		}
	}
	return out, nil
}

// hostRef is one place a config file names a host: a Host line pattern (a declaration),
// a ProxyJump hop, or a pattern of Match host or originalhost.
type hostRef struct {
	name string    // the name, without a leading '!'
	span diag.Span // where the name is written
	decl bool      // a Host line pattern
	neg  bool      // the pattern is negated ("!name")
}

// hostRefs returns the host names a line names, in order.
func hostRefs(f *parser.File, l *parser.Line) []hostRef {
	if l.Kind != parser.LineDirective || l.Keyword() == nil {
		return nil
	}
	var out []hostRef
	switch l.Keyword().Kind {
	case keyword.KindHost:
		for _, a := range l.Args() {
			name, at := strings.CutPrefix(a.Value, "!")
			skip := 0
			if at {
				skip = 1
			}
			out = append(out, hostRef{name: name, span: subSpan(f, a.Span(), a.Value, skip, len(name)), decl: true, neg: at})
		}
	case keyword.KindProxyJump:
		if len(l.Args()) == 0 || keyword.EqualFoldASCII(l.Args()[0].Value, "none") {
			return nil
		}
		a := l.Args()[0]
		pos := 0
		for _, hop := range strings.Split(a.Value, ",") {
			if _, host, _, ok := parser.ParseUserHostPort(hop); ok && host != "" {
				from := 0
				if rest, uri := strings.CutPrefix(hop, "ssh://"); uri {
					from = len("ssh://") + strings.IndexByte(rest, '@') + 1
				} else {
					from = strings.LastIndexByte(hop, '@') + 1
				}
				if i := strings.Index(hop[from:], host); i >= 0 {
					out = append(out, hostRef{name: host, span: subSpan(f, a.Span(), a.Value, pos+from+i, len(host))})
				}
			}
			pos += len(hop) + 1
		}
	case keyword.KindMatch:
		crits, _ := l.Value.([]parser.Criterion)
		for _, cr := range crits {
			if cr.Attr != "host" && cr.Attr != "originalhost" {
				continue
			}
			text := f.Text(cr.Span)
			argSpan := cr.Span
			if strings.HasSuffix(text, cr.Arg) {
				argSpan.Start = cr.Span.End - len(cr.Arg)
			}
			pos := 0
			for _, p := range strings.Split(cr.Arg, ",") {
				name, neg := strings.CutPrefix(p, "!")
				skip := 0
				if neg {
					skip = 1
				}
				out = append(out, hostRef{name: name, span: subSpan(f, argSpan, cr.Arg, pos+skip, len(name)), neg: neg})
				pos += len(p) + 1
			}
		}
	}
	return out
}

// subSpan returns the span of value[i:i+n] inside span, where value is written: exactly
// when it is written as it is (no quotes or escapes), else the whole span.
func subSpan(f *parser.File, span diag.Span, value string, i, n int) diag.Span {
	if f.Text(span) != value {
		return span
	}
	return diag.Span{Start: span.Start + i, End: span.Start + i + n}
}

// hostRefAt returns the host name written at off on line l.
func hostRefAt(f *parser.File, l *parser.Line, off int) (hostRef, bool) {
	for _, r := range hostRefs(f, l) {
		if r.name != "" && r.span.Start <= off && off <= r.span.End {
			return r, true
		}
	}
	return hostRef{}, false
}

// wsFile is one file of a document's workspace: the document or a file it includes.
type wsFile struct {
	path string
	file *parser.File
}

// refs returns the host names the file names, in order.
func (wf wsFile) refs() []hostRef {
	var out []hostRef
	wf.file.Lines(func(l *parser.Line) bool {
		out = append(out, hostRefs(wf.file, l)...)
		return true
	})
	return out
}

// workspace returns the document and the files it includes, directly or not, each once,
// in the order ssh would first read them (open buffers stand for their files).
func (sn *snapshot) workspace() []wsFile {
	r := sn.Resolver()
	// Hosts reads every file the configuration includes, so that Parsed has them.
	_, _, _ = r.Hosts(sn.Path())
	seen := map[string]bool{}
	var out []wsFile
	var walk func(path string, f *parser.File, depth int)
	walk = func(path string, f *parser.File, depth int) {
		if seen[path] || depth > maxIncludeDepth {
			return
		}
		seen[path] = true
		out = append(out, wsFile{path: path, file: f})
		f.Lines(func(l *parser.Line) bool {
			if l.Keyword() == nil || l.Keyword().Kind != keyword.KindInclude {
				return true
			}
			for _, a := range l.Args() {
				for _, m := range sn.includeMatches(a.Value) {
					if inc, ok := sn.tree(m); ok {
						walk(m, inc, depth+1)
					}
				}
			}
			return true
		})
	}
	walk(sn.Path(), sn.File(), 0)
	return out
}

// tree returns the parsed file at path: the open buffer, else the resolver's copy.
func (sn *snapshot) tree(path string) (*parser.File, bool) {
	if d, ok := sn.docs.byPath(path); ok {
		return d.file(sn.s.parserOptions()), true
	}
	f, _, _, ok := sn.Resolver().Parsed(path)
	return f, ok
}

// includeMatches returns the files an Include argument names, as ssh finds them: the
// argument anchored in ~/.ssh, then globbed.
func (sn *snapshot) includeMatches(arg string) []string {
	env := sn.Resolver().Env
	matches, err := env.FS.Glob(env.IncludePattern(arg))
	if err != nil {
		return nil
	}
	return matches
}

// keyFile returns the file a key-file value names for the hosts of block b, after ssh's
// expansions, when it exists. A block that names no concrete host gives a name only to
// values without %-tokens.
func (sn *snapshot) keyFile(ctx context.Context, b *parser.Block, id keyword.ID, value string) (string, bool) {
	host, ok := blockHost(sn.File(), b)
	if !ok {
		if strings.Contains(value, "%") {
			return "", false
		}
		host = "localhost"
	}
	req := resolve.NewRequest(host)
	req.ConfigFile = sn.Path()
	req.Tolerant = true
	r := sn.Resolver()
	res, err := r.ResolveContext(ctx, req)
	if res == nil {
		return "", false
	}
	_ = err // a tolerant resolution still expands
	path, err := res.Expand(id, value, nil)
	if err != nil || !strings.HasPrefix(path, "/") {
		return "", false
	}
	fh, err := r.Env.FS.Open(path)
	if err != nil {
		return "", false
	}
	fh.Close()
	return path, true
}

// blockHost returns a concrete host name block b applies to: its first Host pattern
// without wildcard or negation, or the first such pattern of a Match host/originalhost.
func blockHost(f *parser.File, b *parser.Block) (string, bool) {
	if b == nil || b.Header == nil {
		return "", false
	}
	for _, r := range hostRefs(f, b.Header) {
		if r.name != "" && !r.neg && !strings.ContainsAny(r.name, "*?!") {
			return r.name, true
		}
	}
	return "", false
}
