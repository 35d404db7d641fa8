package lsp

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/diag"
)

// Edit markers:
//
//	#@format()            formats the file; the result is the golden section
//	                      -- formatted --, and formatting it again must give no edit
//	#@rangeformat(n)      formats the annotated line and the n-1 after it; the edits
//	#@action("title")     lists the code actions of the annotated line (* = preferred)
//	                      and applies the one titled, showing every file it changes
//	#@rename("new", "at") prepareRename and rename with the cursor on the first "at" of
//	                      the annotated line, showing every file the rename changes
func init() {
	sections["formatted"] = true
	registerMarker("format", formatMarker)
	registerMarker("rangeformat", rangeFormatMarker)
	registerMarker("action", actionMarker)
	registerMarker("rename", renameMarker)
}

func formatMarker(mt *markerTest, m *marker) []string {
	var edits []protocol.TextEdit
	if err := mt.c.call(protocol.MethodTextDocumentFormatting, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}}, &edits); err != nil {
		return []string{"error: " + err.Error()}
	}
	orig := string(mt.files[m.File])
	got := applyEdits(mt, orig, edits)
	mt.archive.Check(mt.t, "formatted", []byte(got))
	// Idempotent: the formatted text formats to itself.
	mt.c.replace(m.URI, got)
	var again []protocol.TextEdit
	if err := mt.c.call(protocol.MethodTextDocumentFormatting, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}}, &again); err != nil {
		mt.t.Errorf("formatting the formatted text: %v", err)
	}
	if len(again) != 0 {
		mt.t.Errorf("formatting the formatted text gives edits: %v", again)
	}
	mt.c.replace(m.URI, orig)
	return []string{fmt.Sprintf("%d edits", len(edits))}
}

func rangeFormatMarker(mt *markerTest, m *marker) []string {
	n, err := strconv.Atoi(m.Args[0])
	if err != nil || n < 1 {
		mt.t.Fatalf("%s:%d: rangeformat wants a count of lines", m.File, m.Line)
	}
	r := protocol.Range{Start: protocol.Position{Line: uint32(m.TargetLine - 1)}, End: protocol.Position{Line: uint32(m.TargetLine - 1 + n)}}
	var edits []protocol.TextEdit
	if err := mt.c.call(protocol.MethodTextDocumentRangeFormatting, &protocol.DocumentRangeFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}, Range: r}, &edits); err != nil {
		return []string{"error: " + err.Error()}
	}
	out := []string{}
	for _, e := range edits {
		out = append(out, fmt.Sprintf("%s %q", rng(e.Range), e.NewText))
	}
	return out
}

func actionMarker(mt *markerTest, m *marker) []string {
	line := uint32(m.TargetLine - 1)
	var onLine []protocol.Diagnostic
	if pub := mt.diags[m.URI]; pub != nil {
		for i, d := range pub.Diagnostics {
			if d.Range.Start.Line == line {
				onLine = append(onLine, d)
				if mt.claimed[m.URI] == nil {
					mt.claimed[m.URI] = map[int]bool{}
				}
				mt.claimed[m.URI][i] = true
			}
		}
	}
	// A cursor at the start of the line, with the line's diagnostics as the context:
	// what an editor sends for "quick fix" there.
	p := &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: m.URI},
		Range:        protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line}},
		Context:      protocol.CodeActionContext{Diagnostics: onLine},
	}
	var actions []protocol.CommandOrCodeAction
	if err := mt.c.call(protocol.MethodTextDocumentCodeAction, p, &actions); err != nil {
		return []string{"error: " + err.Error()}
	}
	var out []string
	var chosen *protocol.CodeAction
	for _, a := range actions {
		ca, ok := a.(*protocol.CodeAction)
		if !ok {
			mt.t.Errorf("%s:%d: a command, not a code action: %v", m.File, m.Line, a)
			continue
		}
		mark := " "
		if ca.IsPreferred != nil && *ca.IsPreferred {
			mark = "*"
		}
		kind := ""
		if ca.Kind != nil {
			kind = string(*ca.Kind)
		}
		out = append(out, fmt.Sprintf("%s %s %q", mark, kind, ca.Title))
		if ca.Title == m.Args[0] {
			chosen = ca
		}
	}
	if chosen == nil {
		return append(out, fmt.Sprintf("no action titled %q", m.Args[0]))
	}
	return append(out, workspaceEdit(mt, chosen.Edit)...)
}

func renameMarker(mt *markerTest, m *marker) []string {
	at := ""
	if len(m.Args) > 1 {
		at = m.Args[1]
	}
	pos := m.pos(mt, at)
	doc := protocol.TextDocumentIdentifier{URI: m.URI}
	var out []string
	var prep *protocol.PrepareRenamePlaceholder
	if err := mt.c.call(protocol.MethodTextDocumentPrepareRename, &protocol.PrepareRenameParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: doc, Position: pos}}, &prep); err != nil {
		out = append(out, "prepare error: "+err.Error())
	} else {
		out = append(out, fmt.Sprintf("prepare %s %q", rng(prep.Range), prep.Placeholder))
	}
	var we protocol.WorkspaceEdit
	if err := mt.c.call(protocol.MethodTextDocumentRename, &protocol.RenameParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: doc, Position: pos}, NewName: m.Args[0]}, &we); err != nil {
		return append(out, "error: "+err.Error())
	}
	return append(out, workspaceEdit(mt, &we)...)
}

// workspaceEdit renders an edit as the text of every file it changes, after the change.
func workspaceEdit(mt *markerTest, we *protocol.WorkspaceEdit) []string {
	if we == nil || len(we.Changes) == 0 {
		return []string{"no change"}
	}
	uris := make([]uri.URI, 0, len(we.Changes))
	for u := range we.Changes {
		uris = append(uris, u)
	}
	slices.Sort(uris)
	var out []string
	for _, u := range uris {
		name := mt.rel(u)
		text, ok := mt.files[name]
		if !ok {
			mt.t.Errorf("an edit of %s, which is not a workspace file", name)
			continue
		}
		out = append(out, fmt.Sprintf("%s (%d edits):", name, len(we.Changes[u])))
		for _, l := range strings.SplitAfter(applyEdits(mt, string(text), we.Changes[u]), "\n") {
			if l != "" {
				out = append(out, "| "+strings.TrimSuffix(l, "\n"))
			}
		}
	}
	return out
}

// applyEdits applies LSP text edits (UTF-16 positions) to text, as an editor does.
func applyEdits(mt *markerTest, text string, edits []protocol.TextEdit) string {
	mp := newMapper([]byte(text), utf16)
	des := make([]diag.Edit, 0, len(edits))
	for _, e := range edits {
		s, err := mp.span(e.Range)
		if err != nil {
			mt.t.Fatalf("edit %v: %v", e, err)
		}
		des = append(des, diag.Edit{Span: s, New: e.NewText})
	}
	sort.SliceStable(des, func(i, j int) bool { return des[i].Span.Start < des[j].Span.Start })
	out, err := diag.Apply([]byte(text), des)
	if err != nil {
		mt.t.Fatalf("applying %v: %v", edits, err)
	}
	return string(out)
}
