package lsp

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// benchConfig opens the generated 5,000-host config plus a last block of lines to
// complete at, waits for its diagnostics, and returns its URI and text.
func benchConfig(b *testing.B, c *testClient, extra ...string) (uri.URI, string) {
	text := string(gencfg.Config(5000)) + strings.Join(extra, "")
	u := c.open(".ssh/config", text)
	c.settle() // no lint running behind the requests
	return u, text
}

// lineOf returns the 0-based number of the first line of text that begins with prefix.
func lineOf(b *testing.B, text, prefix string) uint32 {
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return uint32(i)
		}
	}
	b.Fatalf("no line begins with %q", prefix)
	return 0
}

// reportLatency reports the median and 99th percentile of lat in µs.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// BenchmarkHoverLatency measures, over the pipe, each hover on the generated 5,000-host
// config: on the alias of a Host line (the host's effective settings, each time another
// of the 5,000 hosts) and on a keyword. It reports the median and p99.
func BenchmarkHoverLatency(b *testing.B) {
	c := newTestClient(b, clientOptions{})
	u, text := benchConfig(b, c)
	first := lineOf(b, text, "Host host0 ")
	hostLines := make([]uint32, 0, 5000)
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "Host host") {
			hostLines = append(hostLines, uint32(i))
		}
	}
	hover := func(b *testing.B, line, col uint32) {
		var h protocol.Hover
		p := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: line, Character: col}}}
		if err := c.call(protocol.MethodTextDocumentHover, p, &h); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("host", func(b *testing.B) {
		var lat []time.Duration
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			hover(b, hostLines[i*97%len(hostLines)], 6)
			lat = append(lat, time.Since(start))
		}
		reportLatency(b, lat)
	})
	b.Run("keyword", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			start := time.Now()
			hover(b, first+4, 3) // "  Port 2200"
			lat = append(lat, time.Since(start))
		}
		reportLatency(b, lat)
	})
}

// BenchmarkCompletionLatency measures, over the pipe, each completion on the generated
// 5,000-host config, at a keyword prefix and at a ProxyJump alias (5,000 hosts to
// offer). It reports the median and p99; BenchmarkCompletion has the mean of more kinds.
func BenchmarkCompletionLatency(b *testing.B) {
	c := newTestClient(b, clientOptions{})
	u, text := benchConfig(b, c, "Host bench\n    Forw\n    ProxyJump host12\n")
	last := lineOf(b, text, "Host bench")
	for _, tc := range []struct {
		name string
		pos  protocol.Position
	}{
		{"keyword", protocol.Position{Line: last + 1, Character: 8}},
		{"proxyjump", protocol.Position{Line: last + 2, Character: 20}},
	} {
		completeAt(b, c, u, tc.pos) // fills the alias cache
		b.Run(tc.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				start := time.Now()
				completeAt(b, c, u, tc.pos)
				lat = append(lat, time.Since(start))
			}
			reportLatency(b, lat)
		})
	}
}

// BenchmarkMemoryAfterEdits sends 10,000 one-line edits to the generated 5,000-host
// config (the Port value of another host each time, waiting for the diagnostics after
// every 1,000, as a typist pausing would, with the server's default debounce) and
// reports the heap in use after a collection, before and after the edits. What the
// in-process test client keeps is counted too, but not its decoded diagnostics. An op is the
// whole session and takes seconds, so b.Loop runs it once (-benchtime 1x says so).
func BenchmarkMemoryAfterEdits(b *testing.B) {
	var c *testClient
	heap := func() float64 {
		// the client's decoded copy of the diagnostics is dropped: go.lsp.dev/protocol
		// decodes each relatedInformation array into a slice with room for up to 4,096
		// elements (270 MB for this config, three times what the server holds)
		c.mu.Lock()
		clear(c.diags)
		c.mu.Unlock()
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapInuse) / (1 << 20)
	}
	for b.Loop() {
		c = newTestClient(b, clientOptions{server: func(o *Options) { o.Debounce = DefaultDebounce }})
		u, text := benchConfig(b, c)
		var portLines []uint32
		for i, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, "  Port ") {
				portLines = append(portLines, uint32(i))
			}
		}
		before := heap()
		for i := range 10000 {
			line := portLines[i*31%len(portLines)]
			c.change(u, &protocol.TextDocumentContentChangePartial{
				Range: protocol.Range{Start: protocol.Position{Line: line, Character: 7}, End: protocol.Position{Line: line, Character: 11}},
				Text:  fmt.Sprintf("%04d", 2200+i%50),
			})
			if i%1000 == 999 {
				c.settle()
			}
		}
		c.settle()
		after := heap()
		b.ReportMetric(before, "heap-MB-open")
		b.ReportMetric(after, "heap-MB-after-10k-edits")
	}
}
