package parser_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/internal/tuning"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// scanOptions are the parse options Scan is checked with.
var scanOptions = map[string]parser.Options{
	"default":     {},
	"upstream105": {Dialect: keyword.Upstream105},
	"commandline": {CommandLine: true},
}

// checkScanSameAsParse fails t unless Scan gives, line by line, the lines Parse puts in
// the tree of src: same number, span, kind, keyword, arguments, value and diagnostics.
func checkScanSameAsParse(t *testing.T, name string, src []byte, opts parser.Options) {
	t.Helper()
	var want []*parser.Line
	parser.Parse(name, src, opts).Lines(func(l *parser.Line) bool {
		want = append(want, l)
		return true
	})
	i := 0
	parser.Scan(name, src, opts, func(l *parser.Line) bool {
		if i >= len(want) {
			t.Errorf("%s: Scan gives line %d, beyond the tree's %d lines", name, l.Number(), len(want))
			return false
		}
		if !parser.SameLine(l, want[i]) {
			t.Errorf("%s: line %d differs:\nScan  %+v\nParse %+v", name, want[i].Number(), *l, *want[i])
			return false
		}
		i++
		return true
	})
	if i < len(want) && !t.Failed() {
		t.Errorf("%s: Scan gives %d lines, the tree has %d", name, i, len(want))
	}
}

// TestScanSameAsParseCorpus checks Scan against Parse on every config of the parser corpus,
// with the files parsed whole and, with the parallel threshold lowered, cut into chunks.
func TestScanSameAsParseCorpus(t *testing.T) {
	corpus := loadCorpus(t)
	for _, parallel := range []bool{false, true} {
		if parallel {
			oldLines, oldProcs := tuning.ParallelLines, runtime.GOMAXPROCS(4)
			tuning.ParallelLines = 1
			defer func() { tuning.ParallelLines = oldLines; runtime.GOMAXPROCS(oldProcs) }()
		}
		for on, opts := range scanOptions {
			for _, c := range corpus {
				checkScanSameAsParse(t, fmt.Sprintf("%s/%s/parallel=%v", c.Name, on, parallel), c.Input, opts)
			}
		}
	}
}

// TestScanSameAsParseGenerated checks Scan against Parse on generated configs large
// enough for Parse to cut them into chunks parsed at once, one with a problem on many
// lines, CRLF endings and no final newline.
func TestScanSameAsParseGenerated(t *testing.T) {
	old := runtime.GOMAXPROCS(4) // Parse cuts the files into chunks even on one CPU
	defer runtime.GOMAXPROCS(old)
	var b strings.Builder
	for i := 0; b.Len() < 200_000; i++ {
		fmt.Fprintf(&b, "Host h%d *.d%d\n  HostName 10.0.%d.%d\n  Port %d # c\n\n# comment %d\nMatch user u%d\n  Bogus x\n  User \"a b\"\r\n  Port=%d\n  Cipher x\n  \"Host\" x\nhost\n", i, i, i/256%256, i%256, 1+i%60000, i, i, 70000+i)
	}
	b.WriteString("Port 7") // a last line without newline
	straddle := gencfg.StraddleConfig(2000).Src
	for name, src := range map[string][]byte{
		"gencfg":   gencfg.Config(3000),
		"straddle": straddle,
		"problems": []byte(b.String()),
	} {
		if n := bytes.Count(src, []byte("\n")); n < tuning.ParallelLines {
			t.Fatalf("%s has %d lines, fewer than the %d from which Parse cuts a file", name, n, tuning.ParallelLines)
		}
		for on, opts := range scanOptions {
			checkScanSameAsParse(t, name+"/"+on, src, opts)
		}
	}
}

// TestScanStops checks that Scan stops at the line fn refuses.
func TestScanStops(t *testing.T) {
	var got []int
	parser.Scan("f", []byte("Port 1\nPort 2\nPort 3\n"), parser.Options{}, func(l *parser.Line) bool {
		got = append(got, l.Number())
		return l.Number() < 2
	})
	if fmt.Sprint(got) != "[1 2]" {
		t.Errorf("Scan visited lines %v, want [1 2]", got)
	}
}
