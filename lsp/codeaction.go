package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/diag"
)

// Code actions: one quick fix per fix of a finding (diag.Fix) that the client's context
// names or that lies on the requested range. A safe fix (the one `sshcfg lint --fix`
// applies) is the preferred action. Permission fixes (diag.Fix.Chmod) change the file
// system, not the text: they are not offered (`sshcfg lint --fix-permissions` applies them).

func init() {
	advertise(func(c *protocol.ServerCapabilities) {
		c.CodeActionProvider = &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}
	})
	handle(protocol.MethodTextDocumentCodeAction, codeActions)
}

func codeActions(ctx context.Context, v *view, p *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	if !wantsQuickFix(p.Context.Only) {
		return nil, nil
	}
	sn, err := v.snapshot(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	span, err := sn.doc.mapper.span(p.Range)
	if err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	res, err := sn.Lint(ctx)
	if err != nil {
		return nil, err
	}
	sources := map[string][]byte{}
	for _, f := range res.Files {
		sources[f.Path] = f.Tree.Src
	}
	out := []protocol.CommandOrCodeAction{}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.File != sn.Path() || !(touches(f.Span, span) || sn.named(f, p.Context.Diagnostics)) {
			continue
		}
		pd := sn.s.toProtocol(sn.docs, sn.doc.mapper, *f, sources)
		for _, fix := range f.Fixes {
			if fix.Chmod != nil || len(fix.Edits) == 0 {
				continue
			}
			out = append(out, sn.quickFix(f, fix, pd, sources))
		}
	}
	return out, ctx.Err()
}

// wantsQuickFix reports whether a client's filter of kinds admits quick fixes.
func wantsQuickFix(only []protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == protocol.CodeActionKindQuickFix || k == protocol.CodeActionKindEmpty {
			return true
		}
	}
	return false
}

// touches reports whether finding span f and requested span r share a byte, or r is a
// cursor (empty) inside or at the edges of f.
func touches(f, r diag.Span) bool {
	if r.Len() == 0 || f.Len() == 0 {
		return r.Start >= f.Start && r.Start <= f.End || f.Start >= r.Start && f.Start <= r.End
	}
	return f.Start < r.End && r.Start < f.End
}

// named reports whether one of the client's diagnostics is finding f: same range and code.
func (sn *snapshot) named(f *diag.Diagnostic, ds []protocol.Diagnostic) bool {
	if len(ds) == 0 {
		return false
	}
	r := sn.Range(f.Span)
	id := f.Code
	if c, ok := diag.LookupCode(f.Code); ok {
		id = c.ID
	}
	for _, d := range ds {
		code, _ := d.Code.(protocol.String)
		if d.Range == r && (string(code) == id || string(code) == f.Code) {
			return true
		}
	}
	return false
}

// quickFix renders one fix of finding f (pd as published) as a code action whose edits
// go to the finding's file.
func (sn *snapshot) quickFix(f *diag.Diagnostic, fix diag.Fix, pd protocol.Diagnostic, sources map[string][]byte) *protocol.CodeAction {
	kind := protocol.CodeActionKindQuickFix
	m := sn.s.mapperFor(sn.docs, f.File, sources[f.File])
	edits := make([]protocol.TextEdit, 0, len(fix.Edits))
	for _, e := range fix.Edits {
		edits = append(edits, protocol.TextEdit{Range: m.rng(e.Span), NewText: e.New})
	}
	a := &protocol.CodeAction{
		Title:       fix.Title,
		Kind:        &kind,
		Diagnostics: []protocol.Diagnostic{pd},
		Edit:        &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{sn.docs.uriOf(f.File): edits}},
	}
	if fix.Safe {
		yes := true
		a.IsPreferred = &yes
	}
	return a
}
