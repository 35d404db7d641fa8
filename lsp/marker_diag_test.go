package lsp

import (
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/report"
)

// #@diag() reports the diagnostics published for the annotated line.
func init() { registerMarker("diag", diagMarker) }

func diagMarker(mt *markerTest, m *marker) []string {
	var out []string
	pub := mt.diags[m.URI]
	if pub == nil {
		return []string{"no diagnostics published for the file"}
	}
	for i, d := range pub.Diagnostics {
		if int(d.Range.Start.Line) != m.TargetLine-1 {
			continue
		}
		if mt.claimed[m.URI] == nil {
			mt.claimed[m.URI] = map[int]bool{}
		}
		mt.claimed[m.URI][i] = true
		out = append(out, formatDiag(mt, d))
	}
	if len(out) == 0 {
		out = append(out, "none")
	}
	return out
}

var severityNames = map[protocol.DiagnosticSeverity]string{
	protocol.DiagnosticSeverityError:       "error",
	protocol.DiagnosticSeverityWarning:     "warning",
	protocol.DiagnosticSeverityInformation: "info",
	protocol.DiagnosticSeverityHint:        "hint",
}

// formatDiag renders a published diagnostic: range, severity, code, message, related
// places. It checks the link to the code's documentation rather than printing it.
func formatDiag(mt *markerTest, d protocol.Diagnostic) string {
	code, _ := d.Code.(protocol.String)
	msg, _ := d.Message.(protocol.String)
	s := fmt.Sprintf("%s %s %s %s", rng(d.Range), severityNames[d.Severity], code, msg)
	if c, ok := diag.LookupCode(string(code)); ok {
		if got, want := string(d.CodeDescription.Href), report.DocURL(c); got != want {
			mt.t.Errorf("%s: codeDescription %q, want %q", code, got, want)
		}
	} else {
		mt.t.Errorf("diagnostic code %q is not a registered id", code)
	}
	var b strings.Builder
	b.WriteString(s)
	for _, r := range d.RelatedInformation {
		fmt.Fprintf(&b, "\n\t\trelated %s:%s %s", mt.rel(r.Location.URI), rng(r.Location.Range), r.Message)
	}
	return b.String()
}
