package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// Rename of a host alias: every place that names the alias exactly — a Host pattern
// (negated or not), a ProxyJump hop, a Match host or originalhost pattern — in the
// document and the files it includes (open buffers as they are, the others from disk).
// Wildcard patterns are never renamed, nor offered for renaming.

func init() {
	advertise(func(c *protocol.ServerCapabilities) {
		yes := true
		c.RenameProvider = &protocol.RenameOptions{PrepareProvider: &yes}
	})
	handle(protocol.MethodTextDocumentPrepareRename, prepareRename)
	handle(protocol.MethodTextDocumentRename, rename)
}

// aliasRef is one place a config names a host: the name without quotes or '!', and its
// span in the file.
type aliasRef struct {
	name string
	span diag.Span
}

func prepareRename(ctx context.Context, v *view, p *protocol.PrepareRenameParams) (protocol.PrepareRenameResult, error) {
	sn, ref, err := aliasAt(v, p.TextDocument.URI, p.Position)
	if err != nil {
		return nil, err
	}
	return &protocol.PrepareRenamePlaceholder{Range: sn.Range(ref.span), Placeholder: ref.name}, nil
}

func rename(ctx context.Context, v *view, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	sn, ref, err := aliasAt(v, p.TextDocument.URI, p.Position)
	if err != nil {
		return nil, err
	}
	if err := checkAliasName(p.NewName); err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	res, err := sn.Lint(ctx)
	if err != nil {
		return nil, err
	}
	trees := []*parser.File{sn.File()}
	for _, f := range res.Files {
		if f.Path != sn.Path() && !f.Tree.Partial {
			trees = append(trees, f.Tree)
		}
	}
	changes := map[uri.URI][]protocol.TextEdit{}
	done := map[string]bool{}
	for _, t := range trees {
		if done[t.Name] {
			continue
		}
		done[t.Name] = true
		m := sn.s.mapperFor(sn.docs, t.Name, t.Src)
		var edits []protocol.TextEdit
		for _, r := range aliasRefs(t) {
			if r.name == ref.name {
				edits = append(edits, protocol.TextEdit{Range: m.rng(r.span), NewText: p.NewName})
			}
		}
		if len(edits) > 0 {
			changes[sn.docs.uriOf(t.Name)] = edits
		}
	}
	return &protocol.WorkspaceEdit{Changes: changes}, ctx.Err()
}

// aliasAt returns the host alias at a position of an open document, or an error that
// says why there is none to rename.
func aliasAt(v *view, u uri.URI, pos protocol.Position) (*snapshot, aliasRef, error) {
	sn, err := v.snapshot(u)
	if err != nil {
		return nil, aliasRef{}, err
	}
	off, err := sn.Offset(pos)
	if err != nil {
		return nil, aliasRef{}, err
	}
	cur := sn.File().At(off)
	if cur.Line == nil {
		return nil, aliasRef{}, renameRefused("no host alias here")
	}
	for _, r := range lineAliasRefs(sn.File(), cur.Line) {
		if off < r.span.Start || off > r.span.End {
			continue
		}
		if strings.ContainsAny(r.name, "*?") {
			return nil, aliasRef{}, renameRefused(fmt.Sprintf("%q is a wildcard pattern, not a host alias", r.name))
		}
		return sn, r, nil
	}
	return nil, aliasRef{}, renameRefused("no host alias here: rename works on a Host pattern, a ProxyJump host or a Match host pattern")
}

func renameRefused(msg string) error {
	return jsonrpc2.NewError(jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed), msg)
}

// checkAliasName refuses a new name that would not be one exact host pattern everywhere
// the alias appears: blanks would split it, '*' '?' make it a wildcard, '!' a negation,
// ',' a list, '#' a comment, quotes and backslashes change how it is read, '@' and ':'
// would be read as a user and a port in ProxyJump.
func checkAliasName(name string) error {
	if name == "" {
		return fmt.Errorf("the new name is empty")
	}
	for _, r := range name {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("*?!,#\"'\\@:", r) {
			return fmt.Errorf("the new name %q cannot be a host alias: it contains %q", name, r)
		}
	}
	return nil
}

// aliasRefs lists the host names of every Host, ProxyJump and Match line of f.
func aliasRefs(f *parser.File) []aliasRef {
	var out []aliasRef
	f.Lines(func(l *parser.Line) bool {
		out = append(out, lineAliasRefs(f, l)...)
		return true
	})
	return out
}

// lineAliasRefs lists the host names line l gives: its Host patterns, its ProxyJump
// hops' hosts, its Match host and originalhost patterns. An argument whose text is not
// its value as written (quotes inside it, escapes) is skipped: its bytes cannot be
// edited as a name.
func lineAliasRefs(f *parser.File, l *parser.Line) []aliasRef {
	if l.Kind != parser.LineDirective {
		return nil
	}
	var out []aliasRef
	switch l.Name() {
	case "host":
		for _, a := range l.Args() {
			if s, ok := plainArg(f, a); ok {
				out = appendPatterns(out, a.Value, s.Start, false)
			}
		}
	case "proxyjump":
		if len(l.Args()) > 0 {
			if s, ok := plainArg(f, l.Args()[0]); ok && !strings.EqualFold(l.Args()[0].Value, "none") {
				out = appendHops(out, l.Args()[0].Value, s.Start)
			}
		}
	case "match":
		for i := 0; i < len(l.Args()); i++ {
			attr := strings.TrimPrefix(strings.ToLower(l.Args()[i].Value), "!")
			name, list, inline := strings.Cut(attr, "=")
			crit := parser.LookupMatchCriterion(name)
			if crit == nil || !crit.Arg {
				continue
			}
			a := l.Args()[i]
			if !inline {
				if i+1 >= len(l.Args()) {
					break
				}
				i++
				a = l.Args()[i]
				list = a.Value
			}
			if name != "host" && name != "originalhost" {
				continue
			}
			if s, ok := plainArg(f, a); ok {
				out = appendPatterns(out, a.Value[len(a.Value)-len(list):], s.End-len(list), true)
			}
		}
	}
	return out
}

// plainArg returns the span of a's value inside its source: the argument itself, or
// the inside of its quotes; false when the value is not written literally.
func plainArg(f *parser.File, a parser.Arg) (diag.Span, bool) {
	raw := f.Text(a.Span())
	switch {
	case raw == a.Value:
		return a.Span(), true
	case len(raw) == len(a.Value)+2 && raw[0] == '"' && raw[len(raw)-1] == '"' && raw[1:len(raw)-1] == a.Value:
		return diag.Span{Start: a.Span().Start + 1, End: a.Span().End - 1}, true
	}
	return diag.Span{}, false
}

// appendPatterns adds the patterns of text, which starts at offset start: one pattern,
// or a comma-separated list when list is set; a leading '!' is not part of the name.
func appendPatterns(out []aliasRef, text string, start int, list bool) []aliasRef {
	parts := []string{text}
	if list {
		parts = strings.Split(text, ",")
	}
	for _, p := range parts {
		off := start
		start += len(p) + 1
		if name, neg := strings.CutPrefix(p, "!"); neg {
			p, off = name, off+1
		}
		if p != "" {
			out = append(out, aliasRef{name: p, span: diag.Span{Start: off, End: off + len(p)}})
		}
	}
	return out
}

// appendHops adds the host of every hop of a ProxyJump value starting at offset start:
// [user@]host[:port] or ssh://[user@]host[:port], the host possibly in brackets.
func appendHops(out []aliasRef, text string, start int) []aliasRef {
	for _, hop := range strings.Split(text, ",") {
		off := start
		start += len(hop) + 1
		if rest, ok := strings.CutPrefix(hop, "ssh://"); ok {
			hop, off = strings.TrimSuffix(rest, "/"), off+len("ssh://")
		}
		if i := strings.LastIndexByte(hop, '@'); i >= 0 {
			hop, off = hop[i+1:], off+i+1
		}
		if strings.HasPrefix(hop, "[") {
			if i := strings.IndexByte(hop, ']'); i > 0 {
				hop, off = hop[1:i], off+1
			}
		} else if i := strings.IndexByte(hop, ':'); i >= 0 {
			hop = hop[:i]
		}
		if hop != "" {
			out = append(out, aliasRef{name: hop, span: diag.Span{Start: off, End: off + len(hop)}})
		}
	}
	return out
}
