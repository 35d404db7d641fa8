package lsp

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// hoverAt asks for a hover at 0-based line and UTF-16 column.
func hoverAt(t *testing.T, c *testClient, u uri.URI, line, col uint32) (*protocol.Hover, error) {
	t.Helper()
	var h *protocol.Hover
	err := c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: line, Character: col}}}, &h)
	return h, err
}

// A client that takes only plain text gets plain text, without Markdown marks.
func TestHoverPlainText(t *testing.T) {
	c := newTestClient(t, clientOptions{init: func(p *protocol.InitializeParams) {
		p.Capabilities.TextDocument = &protocol.TextDocumentClientCapabilities{
			Hover: &protocol.HoverClientCapabilities{ContentFormat: []protocol.MarkupKind{protocol.MarkupKindPlainText}}}
	}})
	u := c.open(".ssh/config", "Host web\n    Port 2222\n")
	h, err := hoverAt(t, c, u, 0, 0)
	if err != nil || h == nil {
		t.Fatalf("hover: %v, %v", h, err)
	}
	mc := h.Contents.(*protocol.MarkupContent)
	if mc.Kind != protocol.MarkupKindPlainText || strings.ContainsAny(mc.Value, "`*") || !strings.Contains(mc.Value, "    port 2222  # config:2") {
		t.Errorf("plain-text hover (%s):\n%s", mc.Kind, mc.Value)
	}
}

// A block setting many options shows at most hoverMaxLines of them and says how many
// more there are.
func TestHoverSettingsBounded(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	var b strings.Builder
	b.WriteString("Host many\n")
	for i := range 80 {
		fmt.Fprintf(&b, "    SendEnv VAR%d\n", i)
	}
	u := c.open(".ssh/config", b.String())
	h, err := hoverAt(t, c, u, 0, 0)
	if err != nil || h == nil {
		t.Fatalf("hover: %v, %v", h, err)
	}
	v := h.Contents.(*protocol.MarkupContent).Value
	if n := strings.Count(v, "sendenv "); n != hoverMaxLines {
		t.Errorf("%d option lines, want %d:\n%s", n, hoverMaxLines, v)
	}
	if !strings.Contains(v, "…20 more\n") {
		t.Errorf("no count of the lines left out:\n%s", v)
	}
	if lines := strings.Count(v, "\n"); lines > hoverMaxLines+12 {
		t.Errorf("hover of %d lines", lines)
	}
}

// A hover on a document that is not open is InvalidParams; on a comment, nothing.
func TestHoverNotOpenAndComment(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	if _, err := hoverAt(t, c, c.uri("nope"), 0, 0); errCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("hover on a closed document: %v, want InvalidParams", err)
	}
	u := c.open(".ssh/config", "# Host web\n")
	if h, err := hoverAt(t, c, u, 0, 3); err != nil || h != nil {
		t.Errorf("hover on a comment: %+v, %v", h, err)
	}
}
