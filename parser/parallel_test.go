package parser

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestParallelParseSameTree parses a file large enough to be split across goroutines and
// checks that the tree equals the one a single goroutine builds.
func TestParallelParseSameTree(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 400_000; i++ {
		fmt.Fprintf(&b, "Host h%d *.d%d\n  HostName 10.0.%d.%d\n  Port %d # c\n\n# comment %d\nMatch user u%d\n  Bogus x\n  User \"a b\"\r\n", i, i, i/256%256, i%256, 1+i%60000, i, i)
	}
	b.WriteString("Port 7") // a last line without newline
	src := []byte(b.String())
	dump := func(f *File) string {
		var out strings.Builder
		f.Lines(func(l *Line) bool {
			fmt.Fprintf(&out, "%d %v %d %q %v %#v %d\n", l.Number, l.Span, l.Kind, l.Name, l.Args, l.Value, len(l.Diags))
			return true
		})
		fmt.Fprintf(&out, "blocks %d diags %d\n", len(f.Blocks), len(f.Diags))
		return out.String()
	}
	parallel := Parse("f", src, Options{})
	if string(parallel.Bytes()) != string(src) {
		t.Fatal("parallel parse does not print the input back")
	}
	old := runtime.GOMAXPROCS(1)
	single := Parse("f", src, Options{})
	runtime.GOMAXPROCS(old)
	if a, b := dump(parallel), dump(single); a != b {
		t.Errorf("parallel and single-goroutine trees differ (%d vs %d bytes of dump)", len(a), len(b))
	}
}

// TestKeepPartialTree checks what a partial tree (Options.Keep) retains: every line the
// full tree reports a problem on, the lines ssh acts on in blocks that do not apply, and
// the headers of blocks any of whose lines are kept — and nothing of other rejected blocks.
func TestKeepPartialTree(t *testing.T) {
	src := []byte("Port 1\n# c\nHost a\n  User x\n  Bogus y\nHost b\n  User z\nHost c\n  SyslogFacility LOCAL0\nMatch all\n  Port 2\n")
	f := Parse("f", src, Options{Keep: func(h *Line) bool { return h.Name == "match" }})
	var got []int
	f.Lines(func(l *Line) bool {
		got = append(got, l.Number)
		return true
	})
	if want := []int{1, 3, 5, 8, 9, 10, 11}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("kept lines %v, want %v", got, want)
	}
	if !f.Partial || len(f.Diags) != 1 {
		t.Errorf("Partial %v, %d diagnostics", f.Partial, len(f.Diags))
	}
}
