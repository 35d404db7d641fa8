package lsp

import (
	"strings"

	"go.lsp.dev/protocol"
)

// #@hover(at) hovers over the annotated line at the start of the substring at (or at
// "past-end": a column beyond the end of the line) and reports the range and the
// Markdown content, or "none".
func init() { registerMarker("hover", hoverMarker) }

func hoverMarker(mt *markerTest, m *marker) []string {
	if len(m.Args) != 1 {
		mt.t.Fatalf("%s:%d: hover takes one argument", m.File, m.Line)
	}
	pos := protocol.Position{Line: uint32(m.TargetLine - 1), Character: uint32(utf16Len([]byte(m.lineText(mt))) + 5)}
	if m.Args[0] != "past-end" {
		pos = m.pos(mt, m.Args[0])
	}
	var h *protocol.Hover
	p := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}, Position: pos}}
	if err := mt.c.call(protocol.MethodTextDocumentHover, p, &h); err != nil {
		mt.t.Fatalf("%s:%d: hover: %v", m.File, m.TargetLine, err)
	}
	if h == nil {
		return []string{"none"}
	}
	mc, ok := h.Contents.(*protocol.MarkupContent)
	if !ok || mc.Kind != protocol.MarkupKindMarkdown {
		mt.t.Errorf("%s:%d: hover contents %T, want Markdown", m.File, m.TargetLine, h.Contents)
		return nil
	}
	out := []string{"range " + rng(*h.Range)}
	return append(out, strings.Split(strings.TrimRight(mc.Value, "\n"), "\n")...)
}
