package lsp

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// BenchmarkDidChangeToDiagnostics measures, on the generated 5,000-host config (1,668
// findings), the time from sending a one-line didChange to
//   - quick-sent-ms: the server having written the quick stage's publication to the
//     pipe (the client has read its bytes, not yet decoded them);
//   - quick-ms: the client having read the version from it (encoding/json over ~800 KB);
//   - full-ms: the full lint's publication received (includes the 75 ms debounce).
//
// It reports medians, and the p99 of quick-sent.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	c := newTestClient(b, clientOptions{server: func(o *Options) { o.Debounce = DefaultDebounce }})
	src := gencfg.Config(5000)
	u := c.open(".ssh/config", string(src))
	c.settle()
	// the line "  Port 2200" of host0: its value is rewritten on every edit
	line := uint32(0)
	for i, n := 0, 0; i < len(src); i++ {
		if src[i] == '\n' {
			n++
			if string(src[i+1:i+12]) == "  Port 2200" {
				line = uint32(n)
				break
			}
		}
	}
	var sent, quick, full []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		v := c.change(u, &protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: protocol.Position{Line: line, Character: 7}, End: protocol.Position{Line: line, Character: 11}},
			Text:  fmt.Sprintf("%04d", 2200+(i+1)%50),
		})
		c.awaitVersion(u, v)
		quick = append(quick, time.Since(start))
		sent = append(sent, c.awaitQuick(start).Sub(start))
		c.settle()
		full = append(full, time.Since(start))
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for _, l := range [][]time.Duration{sent, quick, full} {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	}
	b.ReportMetric(ms(sent[len(sent)/2]), "quick-sent-ms")
	b.ReportMetric(ms(sent[len(sent)*99/100]), "quick-sent-p99-ms")
	b.ReportMetric(ms(quick[len(quick)/2]), "quick-ms")
	b.ReportMetric(ms(full[len(full)/2]), "full-ms")
}
