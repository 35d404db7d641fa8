package parser_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/parser"
)

// benchConfig generates a deterministic config of n Host blocks of 4–6 short indented
// lines each (HostName, User, Port and now and then an IdentityFile, a ProxyJump with a
// comment, or a comment and ForwardAgent), with a comment line every 25 blocks: about 76
// bytes a block.
func benchConfig(n int) []byte {
	var b bytes.Buffer
	b.WriteString("# generated benchmark config\nIgnoreUnknown UseKeychain\nAddKeysToAgent yes\n\n")
	users := []string{"ops", "git", "bob", "root", "dev"}
	for i := 0; i < n; i++ {
		if i%25 == 0 {
			fmt.Fprintf(&b, "\n# rack %d\n", i/25)
		}
		fmt.Fprintf(&b, "Host w%d\n", i)
		fmt.Fprintf(&b, "  HostName 10.%d.%d.%d\n", i>>16&255, i>>8&255, i&255)
		fmt.Fprintf(&b, "  User %s\n", users[i%len(users)])
		fmt.Fprintf(&b, "  Port %d\n", 2200+i%100)
		switch i % 4 {
		case 0:
			b.WriteString("  IdentityFile ~/.ssh/w\n")
		case 1:
			b.WriteString("\tProxyJump gw # bastion\n")
		case 2:
			b.WriteString("  # no agent\n  ForwardAgent no\n")
		}
	}
	return b.Bytes()
}

// BenchmarkParse parses a generated config of 5,000 Host blocks (381 KB, 25,404 lines)
// into its whole tree, the source handed over as the resolver and the LSP hand theirs
// (Options.SourceGiven): B/line is what the tree holds per line of source, everything
// Parse allocates. BenchmarkParseCopy is the same parse with Parse's own copy of the
// source (about 15 B/line more).
func BenchmarkParse(b *testing.B) {
	benchmarkParse(b, parser.Options{SourceGiven: true})
}

// BenchmarkParseCopy is BenchmarkParse with Parse copying the source (Options{}).
func BenchmarkParseCopy(b *testing.B) {
	benchmarkParse(b, parser.Options{})
}

func benchmarkParse(b *testing.B, opts parser.Options) {
	src := benchConfig(5000)
	lines := bytes.Count(src, []byte("\n"))
	if f := parser.Parse("bench", src, opts); f.Diags.HasErrors() {
		b.Fatalf("benchmark config has errors: %v", f.Diags[0].Message)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		parser.Parse("bench", src, opts)
	}
	b.StopTimer()
	// allocations and bytes per source line, over one extra measured run
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	parser.Parse("bench", src, opts)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(lines), "allocs/line")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(lines), "B/line")
}

// BenchmarkParseOneShot measures the partial parse one-shot resolution uses: every line is
// checked, but only the blocks that may apply to one host (here: none of the literal Host
// blocks) are kept.
func BenchmarkParseOneShot(b *testing.B) {
	src := benchConfig(5000)
	lines := bytes.Count(src, []byte("\n"))
	keep := func(h *parser.Line) bool { return h.Name() == "match" }
	opts := parser.Options{Keep: keep}
	benchmarkPartial(b, src, lines, opts)
}

// BenchmarkParseOneShotFleet measures the partial parse `sshcfg resolve` makes of the
// generated 5,000-host config of record (gencfg.Config, 537 KB) for host2500: the source
// handed over as the resolver hands it (Options.SourceGiven), Match blocks, wildcard
// blocks and the block naming the host kept.
func BenchmarkParseOneShotFleet(b *testing.B) {
	src := gencfg.Config(5000)
	lines := bytes.Count(src, []byte("\n"))
	keep := func(h *parser.Line) bool {
		if h.Name() == "match" || h.HasError() {
			return true
		}
		for _, a := range h.Args() {
			if a.Value == "host2500" || strings.ContainsAny(a.Value, "*?") {
				return true
			}
		}
		return false
	}
	opts := parser.Options{Keep: keep, SourceGiven: true}
	benchmarkPartial(b, src, lines, opts)
}

// BenchmarkParseOneShotSmall is the partial parse of one of many small included files
// (bench/gen -glob): one Host block the host is not in.
func BenchmarkParseOneShotSmall(b *testing.B) {
	src := []byte("Host h00001\n  HostName 10.0.0.1\n  User u1\n  Port 2201\n")
	opts := parser.Options{Keep: func(h *parser.Line) bool { return h.Name() == "match" }, SourceGiven: true}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		parser.Parse("small", src, opts)
	}
}

// benchmarkPartial times partial parses of src (of lines lines) with opts, reporting
// allocations per line.
func benchmarkPartial(b *testing.B, src []byte, lines int, opts parser.Options) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		parser.Parse("bench", src, opts)
	}
	b.StopTimer()
	allocs := testing.AllocsPerRun(1, func() { parser.Parse("bench", src, opts) })
	b.ReportMetric(allocs/float64(lines), "allocs/line")
}
