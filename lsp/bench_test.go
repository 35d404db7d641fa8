package lsp

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// BenchmarkDidChangeToDiagnostics measures, on the generated 5,000-host config, the
// time from sending a one-line didChange to receiving the publishDiagnostics of that
// version (the debounce is set to 1 ms, so this is almost all work). It reports the
// median and p99 in ms.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	c := newTestClient(b, clientOptions{server: func(o *Options) { o.Debounce = time.Millisecond }})
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
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		c.change(u, &protocol.TextDocumentContentChangePartial{
			Range: protocol.Range{Start: protocol.Position{Line: line, Character: 7}, End: protocol.Position{Line: line, Character: 11}},
			Text:  fmt.Sprintf("%04d", 2200+i%50),
		})
		c.settle()
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
