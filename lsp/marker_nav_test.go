package lsp

import (
	"fmt"
	"strings"

	"go.lsp.dev/protocol"
)

// Navigation markers:
//
//	#@def("text")            definition at the first "text" on the annotated line
//	#@refs("text")           references there, declarations included
//	#@refs("text", nodecl)   references there, declarations left out
//	#@symbols()              the document's outline (the marker's line does not matter)
//	#@folding()              the document's folding ranges
//	#@wsymbols("query")      workspace symbols for query
//
// Locations print as file:line:col-line:col, files by section name.
func init() {
	registerMarker("def", defMarker)
	registerMarker("refs", refsMarker)
	registerMarker("symbols", symbolsMarker)
	registerMarker("folding", foldingMarker)
	registerMarker("wsymbols", wsymbolsMarker)
}

// markerArgs checks the number of a marker's arguments.
func markerArgs(mt *markerTest, m *marker, min, max int) {
	mt.t.Helper()
	if len(m.Args) < min || len(m.Args) > max {
		mt.t.Fatalf("%s:%d: %s takes %d to %d arguments, got %q", m.File, m.Line, m.Name, min, max, m.Args)
	}
}

// locations renders locations, or "none".
func locations(mt *markerTest, locs []protocol.Location) []string {
	if len(locs) == 0 {
		return []string{"none"}
	}
	var out []string
	for _, l := range locs {
		out = append(out, mt.rel(l.URI)+":"+rng(l.Range))
	}
	return out
}

func defMarker(mt *markerTest, m *marker) []string {
	markerArgs(mt, m, 1, 1)
	var locs []protocol.Location
	p := &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}, Position: m.pos(mt, m.Args[0])}}
	if err := mt.c.call(protocol.MethodTextDocumentDefinition, p, &locs); err != nil {
		return []string{"error: " + err.Error()}
	}
	return locations(mt, locs)
}

func refsMarker(mt *markerTest, m *marker) []string {
	markerArgs(mt, m, 1, 2)
	decl := true
	if len(m.Args) == 2 {
		if m.Args[1] != "nodecl" {
			mt.t.Fatalf("%s:%d: refs: second argument must be nodecl", m.File, m.Line)
		}
		decl = false
	}
	var locs []protocol.Location
	p := &protocol.ReferenceParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}, Position: m.pos(mt, m.Args[0])},
		Context:                    protocol.ReferenceContext{IncludeDeclaration: decl},
	}
	if err := mt.c.call(protocol.MethodTextDocumentReferences, p, &locs); err != nil {
		return []string{"error: " + err.Error()}
	}
	return locations(mt, locs)
}

var symbolKindNames = map[protocol.SymbolKind]string{
	protocol.SymbolKindFile:      "file",
	protocol.SymbolKindClass:     "class",
	protocol.SymbolKindNamespace: "namespace",
	protocol.SymbolKindProperty:  "property",
}

func symbolsMarker(mt *markerTest, m *marker) []string {
	markerArgs(mt, m, 0, 0)
	var syms []protocol.DocumentSymbol
	p := &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}}
	if err := mt.c.call(protocol.MethodTextDocumentDocumentSymbol, p, &syms); err != nil {
		return []string{"error: " + err.Error()}
	}
	var out []string
	var walk func(ss []protocol.DocumentSymbol, indent string)
	walk = func(ss []protocol.DocumentSymbol, indent string) {
		for _, s := range ss {
			line := fmt.Sprintf("%s%s %q %s sel %s", indent, symbolKindNames[s.Kind], s.Name, rng(s.Range), rng(s.SelectionRange))
			if s.Detail != nil {
				line += fmt.Sprintf(" detail %q", *s.Detail)
			}
			if !contains(s.Range, s.SelectionRange) {
				mt.t.Errorf("%s: selection range %s is not inside %s", s.Name, rng(s.SelectionRange), rng(s.Range))
			}
			out = append(out, line)
			walk(s.Children, indent+"\t")
		}
	}
	walk(syms, "")
	return out
}

// contains reports whether range outer contains range inner.
func contains(outer, inner protocol.Range) bool {
	before := func(a, b protocol.Position) bool {
		return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
	}
	return before(outer.Start, inner.Start) && before(inner.End, outer.End)
}

func foldingMarker(mt *markerTest, m *marker) []string {
	markerArgs(mt, m, 0, 0)
	var frs []protocol.FoldingRange
	p := &protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}}
	if err := mt.c.call(protocol.MethodTextDocumentFoldingRange, p, &frs); err != nil {
		return []string{"error: " + err.Error()}
	}
	var out []string
	for _, fr := range frs {
		kind := string(fr.Kind)
		if kind == "" {
			kind = "block"
		}
		out = append(out, fmt.Sprintf("%d-%d %s", fr.StartLine+1, fr.EndLine+1, kind))
	}
	return out
}

func wsymbolsMarker(mt *markerTest, m *marker) []string {
	markerArgs(mt, m, 1, 1)
	var syms []protocol.SymbolInformation
	if err := mt.c.call(protocol.MethodWorkspaceSymbol, &protocol.WorkspaceSymbolParams{Query: m.Args[0]}, &syms); err != nil {
		return []string{"error: " + err.Error()}
	}
	if len(syms) == 0 {
		return []string{"none"}
	}
	var out []string
	for _, s := range syms {
		container := ""
		if s.ContainerName != nil && *s.ContainerName != "" {
			container = " in " + *s.ContainerName
		}
		out = append(out, strings.TrimSpace(fmt.Sprintf("%s %q %s:%s%s", symbolKindNames[s.Kind], s.Name, mt.rel(s.Location.URI), rng(s.Location.Range), container)))
	}
	return out
}
