package lsp

import (
	"bytes"
	"context"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// quick is the diagnoser's first stage: for every open document edited since it was
// last published, the last full round's findings away from the edited lines (moved with
// the text) and the parser's diagnostics on the edited lines, at once. The full stage
// follows when edits pause.
func (d *diagnoser) quick(ctx context.Context) {
	if d.lastFull == nil {
		return // nothing to carry yet; the full stage comes within the debounce time
	}
	docs := d.s.docs.current()
	settings := d.s.settings.Load()
	var pubs []publication
	for _, doc := range docs.byURI {
		if d.shown[doc.path] == doc {
			continue
		}
		old, ok := d.lastFull.docs.byPath(doc.path)
		if !ok {
			continue // newly opened: no findings to carry
		}
		found := carry(d.lastFull.findings[doc.path], old.text, doc.text, doc.path, doc.file(d.s.parserOptions()))
		found = applySettings(found, settings)
		p := publication{uri: doc.uri, version: protocol.NewOptional(doc.version), open: true, diags: make([]protocol.Diagnostic, 0, len(found))}
		for _, f := range found {
			p.diags = append(p.diags, d.s.toProtocol(docs, doc.mapper, f, d.lastFull.sources))
		}
		pubs = append(pubs, p)
		d.shown[doc.path] = doc
	}
	sort.Slice(pubs, func(i, j int) bool { return pubs[i].uri < pubs[j].uri })
	d.publish(ctx, pubs)
	if len(pubs) > 0 {
		d.report(docs, false)
	}
}

// carry moves findings made on oldText to newText: those wholly before or after the
// edited lines keep their place in the text (shifted by the edit's change in length),
// those on edited lines are dropped and replaced by the parser's diagnostics there
// (tree is newText parsed). An unknown keyword is not reported from the parser when the
// file has IgnoreUnknown anywhere: only resolving says whether it applies.
func carry(found diag.Diagnostics, oldText, newText []byte, path string, tree *parser.File) diag.Diagnostics {
	a, oldEnd, newEnd := editedLines(oldText, newText)
	delta := newEnd - oldEnd
	move := func(sp diag.Span) (diag.Span, bool) {
		switch {
		case sp.End < a || sp.End == a && sp.Start < a:
			return sp, true
		case sp.Start >= oldEnd && sp.Start > a:
			return diag.Span{Start: sp.Start + delta, End: sp.End + delta}, true
		}
		return diag.Span{}, false
	}
	out := make(diag.Diagnostics, 0, len(found)+4)
	for _, f := range found {
		sp, ok := move(f.Span)
		if !ok {
			continue
		}
		f.Span = sp
		if len(f.Related) > 0 {
			f.Related = append([]diag.Related(nil), f.Related...)
			for i, r := range f.Related {
				if r.File == path {
					if rs, ok := move(r.Span); ok {
						f.Related[i].Span = rs
					} else {
						f.Related[i].Span = diag.Span{Start: a, End: a}
					}
				}
			}
		}
		f.Fixes = nil // their edits were made for the old text
		out = append(out, f)
	}
	ignoring := bytes.Contains(bytes.ToLower(newText), []byte("ignoreunknown"))
	for _, pd := range tree.Diags {
		if pd.Span.Start < a || pd.Span.Start > newEnd || pd.Span.Start == newEnd && newEnd > a {
			continue
		}
		if ignoring && (pd.Code == parser.CodeUnknownKeyword || pd.Code == parser.CodeTooNew) {
			continue
		}
		out = append(out, pd)
	}
	return dedupe(out)
}

// editedLines compares two texts and returns the edited lines: they start at byte a in
// both and end (after their newline) at oldEnd in oldText, newEnd in newText.
func editedLines(oldText, newText []byte) (a, oldEnd, newEnd int) {
	n := min(len(oldText), len(newText))
	p := 0
	for p < n && oldText[p] == newText[p] {
		p++
	}
	s := 0
	for s < n-p && oldText[len(oldText)-1-s] == newText[len(newText)-1-s] {
		s++
	}
	a = bytes.LastIndexByte(oldText[:p], '\n') + 1
	oldEnd, newEnd = len(oldText)-s, len(newText)-s
	if oldEnd > a && oldText[oldEnd-1] == '\n' {
		return a, oldEnd, newEnd // the edit ends at the end of a line
	}
	if i := bytes.IndexByte(oldText[oldEnd:], '\n'); i >= 0 {
		oldEnd += i + 1
		newEnd += i + 1
	} else {
		oldEnd, newEnd = len(oldText), len(newText)
	}
	return a, oldEnd, newEnd
}

// applySettings gives findings the settings' disabled codes and severities, as lint
// does with a project file.
func applySettings(found diag.Diagnostics, st *Settings) diag.Diagnostics {
	p := st.project()
	if p == nil {
		return found
	}
	out := found[:0]
	for _, f := range found {
		if p.Disabled[f.Code] {
			continue
		}
		if sev, ok := p.Severity[f.Code]; ok {
			f.Severity = sev
		}
		out = append(out, f)
	}
	return out
}
