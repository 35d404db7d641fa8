package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/format"
)

// Formatting: the edits `sshcfg fmt` makes (format.Edits on the document's tree), as
// LSP text edits. A range formats the lines it touches: the edits that intersect them.

func init() {
	advertise(func(c *protocol.ServerCapabilities) {
		c.DocumentFormattingProvider = protocol.Boolean(true)
		c.DocumentRangeFormattingProvider = protocol.Boolean(true)
	})
	handle(protocol.MethodTextDocumentFormatting, formatDocument)
	handle(protocol.MethodTextDocumentRangeFormatting, formatRange)
}

func formatDocument(ctx context.Context, v *view, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	sn, err := v.snapshot(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	return sn.textEdits(format.Edits(sn.File(), format.Options{})), nil
}

func formatRange(ctx context.Context, v *view, p *protocol.DocumentRangeFormattingParams) ([]protocol.TextEdit, error) {
	sn, err := v.snapshot(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	lines, err := sn.lineSpan(p.Range)
	if err != nil {
		return nil, err
	}
	var keep []diag.Edit
	for _, e := range format.Edits(sn.File(), format.Options{}) {
		if intersects(e.Span, lines) {
			keep = append(keep, e)
		}
	}
	return sn.textEdits(keep), nil
}

// lineSpan returns the bytes of the whole lines range r touches, their newlines
// included; a range ending at the start of a line does not touch that line.
func (sn *snapshot) lineSpan(r protocol.Range) (diag.Span, error) {
	if r.End.Line > r.Start.Line && r.End.Character == 0 {
		r.End.Line--
		r.End.Character = 1 << 30 // the end of that line
	}
	start, err := sn.Offset(protocol.Position{Line: r.Start.Line})
	if err != nil {
		return diag.Span{}, err
	}
	end, err := sn.Offset(r.End)
	if err != nil {
		return diag.Span{}, err
	}
	text := sn.Text()
	for end < len(text) && text[end] != '\n' {
		end++
	}
	if end < len(text) {
		end++
	}
	return diag.Span{Start: start, End: max(start, end)}, nil
}

// intersects reports whether edit span e touches line span l; an insertion counts
// when it is inside l or at its start.
func intersects(e, l diag.Span) bool {
	if e.Len() == 0 {
		return e.Start >= l.Start && e.Start < l.End || e.Start == l.Start
	}
	return e.Start < l.End && l.Start < e.End
}

// textEdits converts edits of the document to LSP text edits.
func (sn *snapshot) textEdits(edits []diag.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: sn.Range(e.Span), NewText: e.New})
	}
	return out
}
