package lsp

import (
	"fmt"
	"strings"

	"go.lsp.dev/protocol"
)

// #@complete("text|", "has:Label", "not:Label", …) asks for completion on the annotated
// line at the '|' of its first argument: the argument without the '|' is looked up in
// the line, and the cursor goes where the '|' was. A "has:" label must be offered (its
// kind, detail and replaced range are reported), a "not:" label must not be.
func init() { registerMarker("complete", completeMarker) }

func completeMarker(mt *markerTest, m *marker) []string {
	mt.t.Helper()
	if len(m.Args) == 0 || !strings.Contains(m.Args[0], "|") {
		mt.t.Fatalf("%s:%d: complete needs a first argument with a '|' at the cursor", m.File, m.Line)
	}
	before, after, _ := strings.Cut(m.Args[0], "|")
	pos := m.pos(mt, before+after)
	pos.Character += uint32(utf16Len([]byte(before)))
	var res protocol.CompletionList
	p := &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: m.URI}, Position: pos}}
	if err := mt.c.call(protocol.MethodTextDocumentCompletion, p, &res); err != nil {
		mt.t.Errorf("%s:%d: completion: %v", m.File, m.TargetLine, err)
		return []string{"error: " + err.Error()}
	}
	byLabel := map[string]protocol.CompletionItem{}
	for _, it := range res.Items {
		byLabel[it.Label] = it
	}
	var out []string
	for _, a := range m.Args[1:] {
		want, label, ok := strings.Cut(a, ":")
		if !ok || (want != "has" && want != "not") {
			mt.t.Fatalf("%s:%d: complete argument %q is not has:label or not:label", m.File, m.Line, a)
		}
		it, found := byLabel[label]
		switch {
		case want == "has" && found:
			out = append(out, describeItem(it))
		case want == "has":
			mt.t.Errorf("%s:%d: completion lacks %q", m.File, m.TargetLine, label)
			out = append(out, "MISSING "+label)
		case found:
			mt.t.Errorf("%s:%d: completion offers %q", m.File, m.TargetLine, label)
			out = append(out, "UNWANTED "+label)
		default:
			out = append(out, "not "+label)
		}
	}
	return out
}

var completionKindNames = map[protocol.CompletionItemKind]string{
	protocol.CompletionItemKindProperty:   "property",
	protocol.CompletionItemKindKeyword:    "keyword",
	protocol.CompletionItemKindEnumMember: "enum",
	protocol.CompletionItemKindValue:      "value",
	protocol.CompletionItemKindVariable:   "variable",
	protocol.CompletionItemKindReference:  "reference",
	protocol.CompletionItemKindFile:       "file",
	protocol.CompletionItemKindFolder:     "folder",
}

// describeItem renders an item: label, kind, the range its edit replaces, detail, and
// whether it has documentation.
func describeItem(it protocol.CompletionItem) string {
	s := fmt.Sprintf("%s %s", it.Label, completionKindNames[it.Kind])
	if te, ok := it.TextEdit.(*protocol.TextEdit); ok {
		s += fmt.Sprintf(" %s %q", rng(te.Range), te.NewText)
	}
	if d, ok := it.Detail.Get(); ok {
		s += " [" + d + "]"
	}
	if it.Documentation != nil {
		s += " +doc"
	}
	return s
}
