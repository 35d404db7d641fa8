package lsp

import (
	"context"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Outline features: document symbols (Host/Match blocks with their directives), folding
// ranges (blocks and comment runs) and workspace symbols (host aliases and Match blocks
// of the open documents and the files they include).

func init() {
	advertise(func(c *protocol.ServerCapabilities) {
		c.DocumentSymbolProvider = protocol.Boolean(true)
		c.FoldingRangeProvider = protocol.Boolean(true)
		c.WorkspaceSymbolProvider = protocol.Boolean(true)
	})
	handle(protocol.MethodTextDocumentDocumentSymbol, documentSymbols)
	handle(protocol.MethodTextDocumentFoldingRange, foldingRanges)
	handle(protocol.MethodWorkspaceSymbol, workspaceSymbols)
}

// blockKinds are the symbol kinds of block headers, by the header keyword's kind.
var blockKinds = map[keyword.Kind]protocol.SymbolKind{
	keyword.KindHost:  protocol.SymbolKindClass,
	keyword.KindMatch: protocol.SymbolKindNamespace,
}

// documentSymbols returns the outline: one symbol per Host or Match block, its
// directives as children; the directives before the first block at the top level.
// Include lines are File symbols named by their patterns.
func documentSymbols(ctx context.Context, v *view, p *protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	sn, err := v.snapshot(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	f := sn.File()
	out := []protocol.DocumentSymbol{}
	for _, b := range f.Blocks {
		var children []protocol.DocumentSymbol
		for _, l := range b.Lines {
			if l.Kind == parser.LineDirective {
				children = append(children, directiveSymbol(sn, f, l))
			}
		}
		if b.Header == nil {
			out = append(out, children...)
			continue
		}
		h := b.Header
		kind, ok := blockKinds[h.Keyword().Kind]
		if !ok {
			kind = protocol.SymbolKindNamespace
		}
		end := lastContentLine(b)
		out = append(out, protocol.DocumentSymbol{
			Name:           f.Text(diag.Span{Start: h.KeySpan().Start, End: lineEnd(f, h)}),
			Kind:           kind,
			Range:          sn.Range(diag.Span{Start: h.Span().Start, End: lineEnd(f, end)}),
			SelectionRange: sn.Range(h.KeySpan()),
			Children:       children,
		})
	}
	return out, nil
}

// directiveSymbol is the symbol of one directive: its keyword, with the value as detail;
// an Include line is a File symbol named by its patterns.
func directiveSymbol(sn *snapshot, f *parser.File, l *parser.Line) protocol.DocumentSymbol {
	value := f.Text(l.Rest())
	s := protocol.DocumentSymbol{
		Name:           f.Text(l.KeySpan()),
		Kind:           protocol.SymbolKindProperty,
		Range:          sn.Range(diag.Span{Start: l.Span().Start, End: lineEnd(f, l)}),
		SelectionRange: sn.Range(l.KeySpan()),
	}
	if l.Keyword() != nil && l.Keyword().Kind == keyword.KindInclude && strings.TrimSpace(value) != "" {
		keyword := s.Name
		s.Name, s.Kind, s.Detail = value, protocol.SymbolKindFile, &keyword
		return s
	}
	if value != "" {
		s.Detail = &value
	}
	return s
}

// lineEnd returns the offset of the end of line l, before its line ending.
func lineEnd(f *parser.File, l *parser.Line) int {
	end := l.Span().End
	if end > l.Span().Start && f.Src[end-1] == '\n' {
		end--
	}
	if end > l.Span().Start && f.Src[end-1] == '\r' {
		end--
	}
	return end
}

// lastContentLine returns the last line of block b that is not blank (its header when
// every other line is). Comment lines that end the block after a blank line are left
// out: they introduce the next block.
func lastContentLine(b *parser.Block) *parser.Line {
	last := func(i int) int {
		for i >= 0 && b.Lines[i].Kind == parser.LineBlank {
			i--
		}
		return i
	}
	i := last(len(b.Lines) - 1)
	j := i
	for j >= 0 && b.Lines[j].Kind == parser.LineComment {
		j--
	}
	if j < i && j >= 0 && b.Lines[j].Kind == parser.LineBlank {
		i = last(j)
	}
	if i < 0 {
		return b.Header
	}
	return b.Lines[i]
}

// foldingRanges returns one range per Host or Match block, from its header to its last
// line that is not blank (see lastContentLine), and one per run of two or more comment lines.
func foldingRanges(ctx context.Context, v *view, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	sn, err := v.snapshot(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	f := sn.File()
	out := []protocol.FoldingRange{}
	line := func(l *parser.Line) uint32 { return uint32(l.Number() - 1) }
	for _, b := range f.Blocks {
		if b.Header != nil {
			if end := lastContentLine(b); end != b.Header {
				out = append(out, protocol.FoldingRange{StartLine: line(b.Header), EndLine: line(end)})
			}
		}
	}
	var first, last *parser.Line
	flush := func() {
		if first != nil && last != first {
			out = append(out, protocol.FoldingRange{StartLine: line(first), EndLine: line(last), Kind: protocol.FoldingRangeKindComment})
		}
		first, last = nil, nil
	}
	f.Lines(func(l *parser.Line) bool {
		if l.Kind != parser.LineComment {
			flush()
			return true
		}
		if first == nil {
			first = l
		}
		last = l
		return true
	})
	flush()
	return out, nil
}

// workspaceSymbols returns the Host patterns (not negated ones) and Match blocks of every
// open document and the files it includes whose name contains the query, ignoring case.
func workspaceSymbols(ctx context.Context, v *view, p *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	query := strings.ToLower(p.Query)
	type place struct {
		path string
		span diag.Span
	}
	seen := map[place]bool{}
	out := []protocol.SymbolInformation{}
	add := func(sn *snapshot, wf wsFile, name string, kind protocol.SymbolKind, span diag.Span, container string) {
		at := place{wf.path, span}
		if seen[at] || !strings.Contains(strings.ToLower(name), query) {
			return
		}
		seen[at] = true
		out = append(out, protocol.SymbolInformation{
			BaseSymbolInformation: protocol.BaseSymbolInformation{Name: name, Kind: kind, ContainerName: &container},
			Location:              sn.Location(wf.path, wf.file.Src, span),
		})
	}
	for _, u := range v.docs.sortedURIs() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sn, err := v.snapshot(u)
		if err != nil {
			return nil, err
		}
		for _, wf := range sn.workspace() {
			f := wf.file
			for _, b := range f.Blocks {
				h := b.Header
				if h == nil || h.Keyword() == nil {
					continue
				}
				header := f.Text(diag.Span{Start: h.KeySpan().Start, End: lineEnd(f, h)})
				switch h.Keyword().Kind {
				case keyword.KindHost:
					for _, r := range hostRefs(f, h) {
						if !r.neg && r.name != "" {
							add(sn, wf, r.name, blockKinds[keyword.KindHost], r.span, header)
						}
					}
				case keyword.KindMatch:
					add(sn, wf, header, blockKinds[keyword.KindMatch], diag.Span{Start: h.KeySpan().Start, End: lineEnd(f, h)}, "")
				}
			}
		}
	}
	return out, nil
}

// sortedURIs returns the URIs of the open documents in order, for stable answers.
func (ds *docSet) sortedURIs() []uri.URI {
	us := make([]uri.URI, 0, len(ds.byURI))
	for u := range ds.byURI {
		us = append(us, u)
	}
	slices.Sort(us)
	return us
}
