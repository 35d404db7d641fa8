package parser_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/sshcfg/sshcfg/parser"
)

// TestParseAllocationsPerLine keeps values out of one allocation each: strings, ints,
// lists and jumps are boxed from slabs, so a whole parse of the benchmark config makes
// far fewer allocations than it has lines (it made one per line).
func TestParseAllocationsPerLine(t *testing.T) {
	src := benchConfig(2000)
	lines := float64(bytes.Count(src, []byte("\n")))
	for _, opts := range []parser.Options{{}, {Keep: func(h *parser.Line) bool { return h.Name() == "match" }}} {
		allocs := testing.AllocsPerRun(3, func() { parser.Parse("bench", src, opts) })
		if per := allocs / lines; per > 0.25 {
			t.Errorf("Keep %v: %.2f allocations per line, want at most 0.25", opts.Keep != nil, per)
		}
	}
}

// TestSmallFileAllocation keeps the parse of a small file small: slabs start small and
// double, so that an Include of thousands of small files does not cost a full slab
// (32 KB of arguments, they were) for each.
func TestSmallFileAllocation(t *testing.T) {
	src := []byte("Host a\n  HostName h\n  User u\n  Port 2222\n  ProxyJump j\nHost *\n  IdentityFile ~/.ssh/k\n")
	const runs = 50
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		parser.Parse("small", src, parser.Options{})
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 8<<10 {
		t.Errorf("parsing a 7-line file allocates %d bytes, want at most 8 KB", per)
	}
}

// TestPartialParseDropsWithoutAllocating keeps the lines a partial parse drops free: of
// the benchmark config, whose Host blocks Keep all rejects, nothing but the headers'
// positions is kept, so the parse allocates far less than a byte a line (it took 17:
// every line was built, then dropped).
func TestPartialParseDropsWithoutAllocating(t *testing.T) {
	src := benchConfig(2000)
	lines := bytes.Count(src, []byte("\n"))
	opts := parser.Options{Keep: func(h *parser.Line) bool { return h.Name() == "match" }, SourceGiven: true}
	if per := float64(bytesPerParse(src, opts, 5)) / float64(lines); per > 1 {
		t.Errorf("a partial parse allocates %.2f bytes a line, want at most 1", per)
	}
}

// TestSmallFilePartialAllocation keeps the partial parse of a small file that does not
// apply small: the scratch space of the fast path is reused from one file to the next
// (an Include of 10,000 such files made 10,000 sets of it: 2 KB a file).
func TestSmallFilePartialAllocation(t *testing.T) {
	src := []byte("Host h00001\n  HostName 10.0.0.1\n  User u1\n  Port 2201\n")
	opts := parser.Options{Keep: func(h *parser.Line) bool { return h.Name() == "match" }, SourceGiven: true}
	if per := bytesPerParse(src, opts, 50); per > 1<<10 {
		t.Errorf("a partial parse of a 4-line file allocates %d bytes, want at most 1 KB", per)
	}
}

// bytesPerParse returns the bytes one Parse of src with opts allocates, over runs parses
// after a first one (which builds the keyword table and fills the pools).
func bytesPerParse(src []byte, opts parser.Options, runs uint64) uint64 {
	parser.Parse("src", src, opts)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		parser.Parse("src", src, opts)
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}
