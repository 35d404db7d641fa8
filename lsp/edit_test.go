package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// codeActionsAt asks for the code actions of a range, with ctx as the context's diagnostics.
func (c *testClient) codeActionsAt(t *testing.T, u uri.URI, r protocol.Range, ctx []protocol.Diagnostic) []*protocol.CodeAction {
	t.Helper()
	var got []protocol.CommandOrCodeAction
	p := &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: r, Context: protocol.CodeActionContext{Diagnostics: ctx}}
	if err := c.call(protocol.MethodTextDocumentCodeAction, p, &got); err != nil {
		t.Fatalf("codeAction: %v", err)
	}
	out := make([]*protocol.CodeAction, 0, len(got))
	for _, a := range got {
		ca, ok := a.(*protocol.CodeAction)
		if !ok {
			t.Fatalf("a command, not a code action: %v", a)
		}
		out = append(out, ca)
	}
	return out
}

// A permission finding's chmod fix changes the file system, not the text: it is not
// offered, while the text fix on the same line is, also with an empty context (the
// lint findings on the range count).
func TestCodeActionSkipsChmod(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	text := "Hostnmae x.example\n"
	c.write(".ssh/config", text)
	if err := os.Chmod(filepath.Join(c.dir, ".ssh/config"), 0o666); err != nil {
		t.Fatal(err)
	}
	u := c.open(".ssh/config", text)
	diags := c.settle()[u]
	var perm []protocol.Diagnostic
	for _, d := range diags.Diagnostics {
		if msg, _ := d.Message.(protocol.String); strings.Contains(string(msg), "chmod go-w") {
			perm = append(perm, d)
		}
	}
	if len(perm) == 0 {
		t.Fatalf("no permission finding published: %v", diags.Diagnostics)
	}
	for _, ctx := range [][]protocol.Diagnostic{nil, perm} {
		got := c.codeActionsAt(t, u, perm[0].Range, ctx)
		if len(got) != 1 || got[0].Title != "Replace with Hostname" {
			titles := []string{}
			for _, a := range got {
				titles = append(titles, a.Title)
			}
			t.Errorf("context %d diagnostics: actions %q, want only the keyword fix", len(ctx), titles)
		}
	}
	// A client asking for refactorings only gets no quick fix.
	var none []protocol.CommandOrCodeAction
	p := &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{protocol.CodeActionKindRefactor}}}
	if err := c.call(protocol.MethodTextDocumentCodeAction, p, &none); err != nil || len(none) != 0 {
		t.Errorf("codeAction only refactor: %v, %v", none, err)
	}
}

// Refusals carry codes an editor can show: RequestFailed for a position that is not an
// alias, InvalidParams for a bad new name.
func TestRenameErrorCodes(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	text := "Host a *.b\n"
	c.write(".ssh/config", text)
	u := c.open(".ssh/config", text)
	for _, tc := range []struct {
		col  uint32
		name string
		want jsonrpc2.Code
	}{
		{0, "x", jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed)},
		{8, "x", jsonrpc2.Code(protocol.LSPErrorCodesRequestFailed)},
		{5, "x y", jsonrpc2.InvalidParams},
		{5, "", jsonrpc2.InvalidParams},
	} {
		p := &protocol.RenameParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Character: tc.col}}, NewName: tc.name}
		err := c.call(protocol.MethodTextDocumentRename, p, nil)
		if got := errCode(err); got != tc.want {
			t.Errorf("rename at %d to %q: %v (code %d), want code %d", tc.col, tc.name, err, got, tc.want)
		}
	}
}
