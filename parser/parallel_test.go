package parser

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/tuning"
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
			fmt.Fprintf(&out, "%d %v %d %q %v %#v %d\n", l.Number(), l.Span(), l.Kind, l.Name(), l.Args(), l.Value, len(l.Diags()))
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
	f := Parse("f", src, Options{Keep: func(h *Line) bool { return h.Name() == "match" }})
	var got []int
	f.Lines(func(l *Line) bool {
		got = append(got, l.Number())
		return true
	})
	if want := []int{1, 3, 5, 8, 9, 10, 11}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("kept lines %v, want %v", got, want)
	}
	if !f.Partial || len(f.Diags) != 1 {
		t.Errorf("Partial %v, %d diagnostics", f.Partial, len(f.Diags))
	}
}

// keepCases are the Keep functions the chunked partial parse is checked with: rejecting
// every header, accepting every one, and what one-shot resolution does for one host
// (Match headers and Host headers naming it).
func keepCases(host string) map[string]func(*Line) bool {
	return map[string]func(*Line) bool{
		"none": func(*Line) bool { return false },
		"all":  func(*Line) bool { return true },
		"host": func(h *Line) bool {
			if h.Name() == "match" || h.HasError() {
				return true
			}
			for _, a := range h.Args() {
				if a.Value == host || a.Value == "*" {
					return true
				}
			}
			return false
		},
	}
}

// sequential cuts nothing: the whole file is one chunk.
func sequential(text string, _ int) []chunk { return []chunk{{0, len(text), 0}} }

// cutAt returns a cut into chunks that start at the given 0-based lines (ascending,
// each after line 0).
func cutAt(starts ...int) func(string, int) []chunk {
	return func(text string, _ int) []chunk {
		var cs []chunk
		c := chunk{}
		line, off := 0, 0
		for _, s := range starts {
			for ; line < s; line++ {
				off += strings.IndexByte(text[off:], '\n') + 1
			}
			c.end = off
			cs = append(cs, c)
			c = chunk{start: off, first: line}
		}
		c.end = len(text)
		return append(cs, c)
	}
}

// partialOf builds the partial tree Options.Keep promises from the full tree: the global
// block's directives, the directives of blocks whose header keep accepts, the lines of
// other blocks that matter when inactive, and the headers of blocks with lines kept (of
// every block with headers, as Options.KeepHeaders promises).
func partialOf(full *File, keep func(*Line) bool, headers bool) *File {
	f := &File{}
	for _, b := range full.Blocks {
		kept := &Block{Header: b.Header}
		whole := b.Header == nil || keep(b.Header)
		for _, l := range b.Lines {
			if l.Kind == LineDirective && (whole || mattersWhenInactive(full.text, l)) {
				kept.Lines = append(kept.Lines, l)
			}
		}
		if !whole && len(kept.Lines) == 0 && !headers {
			continue
		}
		f.Blocks = append(f.Blocks, kept)
	}
	f.Lines(func(l *Line) bool {
		f.Diags = append(f.Diags, l.Diags()...)
		return true
	})
	return f
}

// sameTree reports how two trees differ ("" when they do not): their blocks, every field
// of every line, and the file's diagnostics.
func sameTree(a, b *File) string {
	if len(a.Blocks) != len(b.Blocks) {
		return fmt.Sprintf("%d blocks, want %d", len(a.Blocks), len(b.Blocks))
	}
	for i := range a.Blocks {
		x, y := a.Blocks[i], b.Blocks[i]
		if !sameLine(x.Header, y.Header) {
			return fmt.Sprintf("block %d: header %s, want %s", i, lineAt(x.Header), lineAt(y.Header))
		}
		if len(x.Lines) != len(y.Lines) {
			return fmt.Sprintf("block %d (%s): %d lines, want %d", i, lineAt(y.Header), len(x.Lines), len(y.Lines))
		}
		for j := range x.Lines {
			if !sameLine(x.Lines[j], y.Lines[j]) {
				return fmt.Sprintf("block %d (%s): line %s, want %s", i, lineAt(y.Header), lineAt(x.Lines[j]), lineAt(y.Lines[j]))
			}
		}
	}
	if !reflect.DeepEqual(a.Diags, b.Diags) {
		return fmt.Sprintf("%d diagnostics, want %d", len(a.Diags), len(b.Diags))
	}
	return ""
}

// sameLine reports whether a and b are the same line with the same arguments, value and
// diagnostics, wherever their arguments and extras are held.
func sameLine(a, b *Line) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !reflect.DeepEqual(a.Args(), b.Args()) || !reflect.DeepEqual(a.extra(), b.extra()) {
		return false
	}
	x, y := *a, *b
	x.ref, y.ref = nil, nil
	return reflect.DeepEqual(x, y)
}

func lineAt(l *Line) string {
	if l == nil {
		return "(global)"
	}
	return fmt.Sprintf("%d %q", l.Number(), l.Name())
}

// chunkedSrc has a global block, Host and Match blocks of 0 to 4 lines, lines ssh acts
// on in blocks that do not apply (Include, SyslogFacility, an unknown keyword, a forward
// with ${VAR}), comments, blank lines, and a last line without newline.
const chunkedSrc = `# global
User g
Port 7

Host a
  HostName ha
  Include inc/a
Host b
Host c
  User uc
  # comment
  SyslogFacility LOCAL0
  Port 3
Match host b
  User ub
Host d e
  Bogus 1
  LocalForward ${X} h:1
  LocalForward 9 h:1
Host f
  Port notaport

  User uf
Match all
Host *
  ServerAliveInterval 5
  Include inc/*
Host g
  Port 9`

// TestChunkedKeepEveryCut parses chunkedSrc partially, cut into chunks at every line,
// at every pair of lines and at each line alone, and checks that each tree is the one the
// sequential parse builds.
func TestChunkedKeepEveryCut(t *testing.T) {
	src := []byte(chunkedSrc)
	n := strings.Count(chunkedSrc, "\n") + 1
	var cuts [][]int
	for i := 1; i < n; i++ {
		cuts = append(cuts, []int{i})
		for j := i + 1; j < n; j++ {
			cuts = append(cuts, []int{i, j})
		}
	}
	var each []int
	for i := 1; i < n; i++ {
		each = append(each, i)
	}
	cuts = append(cuts, each)
	for _, host := range []string{"a", "b", "c", "f", "g", "zz"} {
		for name, keep := range keepCases(host) {
			for _, headers := range []bool{false, true} {
				opts := Options{Keep: keep, KeepHeaders: headers}
				want := partialOf(Parse("f", src, Options{}), keep, headers)
				if d := sameTree(parseChunks("f", src, opts, sequential), want); d != "" {
					t.Fatalf("host %s keep %s headers %v, sequential: %s", host, name, headers, d)
				}
				for _, cut := range cuts {
					got := parseChunks("f", src, opts, cutAt(cut...))
					if d := sameTree(got, want); d != "" {
						t.Fatalf("host %s keep %s headers %v, chunks starting at lines %v (0-based): %s", host, name, headers, cut, d)
					}
				}
			}
		}
	}
	if got := parseChunks("f", src, Options{}, cutAt(each...)); sameTree(got, Parse("f", src, Options{})) != "" {
		t.Error("full tree cut at every line differs")
	}
}

// chunkedConfig generates a config of more than tuning.ParallelLines lines: pad bytes of
// comment first (moving every chunk boundary), globals global lines, then Host blocks of
// 0 to 10 lines and now and then a Match block, with lines ssh acts on in blocks that do
// not apply; one long Host block (long enough that a chunk holds none of its headers)
// has such a line near its end.
func chunkedConfig(pad, globals int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "#%s\n", strings.Repeat("-", pad))
	for i := range globals {
		fmt.Fprintf(&b, "SendEnv G%d\n", i)
	}
	body := []string{"  HostName n%d", "  User u%d", "  Port %d", "  # note %d", "", "  LocalForward %d h:1",
		"  IdentityFile ~/.ssh/k%d", "  SyslogFacility LOCAL%d", "  Include inc/%d", "  Bogus %d", "  LocalForward ${X%d} h:1"}
	for i := 0; i < 700; i++ {
		switch {
		case i == 350:
			b.WriteString("Host long\n")
			for j := range 1500 {
				fmt.Fprintf(&b, "  SetEnv V%d=x\n", j)
			}
			b.WriteString("  SyslogFacility LOCAL1\n  User long\n")
			continue
		case i%13 == 5:
			fmt.Fprintf(&b, "Match host b%d\n", i)
		default:
			fmt.Fprintf(&b, "Host b%d\n", i)
		}
		for j := range (i * 7) % 11 {
			line := body[(i+j)%len(body)]
			if (line == "  SyslogFacility LOCAL%d" || line == "  Bogus %d") && i%3 != 0 {
				line = body[0]
			}
			if strings.Contains(line, "%d") {
				line = fmt.Sprintf(line, i%7+1)
			}
			b.WriteString(line + "\n")
		}
	}
	b.WriteString("Host *\n  ServerAliveInterval 5\n")
	return []byte(b.String())
}

// TestChunkedKeepGOMAXPROCS parses generated configs long enough to be cut into chunks,
// partially (Options.Keep), at GOMAXPROCS 1, 2 and 8, and checks each tree against the
// sequential one. The configs vary so that the chunk boundaries fall on a header, on the
// line after one, inside a block, inside the global block, and that a chunk has no header.
func TestChunkedKeepGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	type shape struct{ pad, globals int }
	var shapes []shape
	for pad := 0; pad < 400; pad += 97 {
		shapes = append(shapes, shape{pad, 3})
	}
	shapes = append(shapes, shape{0, 0}, shape{5, 3000})
	seen := map[string]bool{}
	for _, sh := range shapes {
		src := chunkedConfig(sh.pad, sh.globals)
		text := string(src)
		n := strings.Count(text, "\n")
		if n < tuning.ParallelLines {
			t.Fatalf("generated config has %d lines, fewer than the %d that are parsed in parallel", n, tuning.ParallelLines)
		}
		seq := parseChunks("f", src, Options{}, sequential)
		at := map[int]*Line{} // 0-based line → its line
		seq.Lines(func(l *Line) bool {
			at[l.Number()-1] = l
			return true
		})
		for _, procs := range []int{1, 2, 8} {
			runtime.GOMAXPROCS(procs)
			cs := chunks(text, n)
			if len(cs) != min(procs, tuning.MaxWorkers) {
				t.Fatalf("GOMAXPROCS %d: %d chunks", procs, len(cs))
			}
			for _, c := range cs[1:] {
				seen[boundaryKind(at, c.first)] = true
			}
			for _, c := range cs {
				if !headerIn(at, c) {
					seen["chunk without header"] = true
				}
			}
			for _, host := range []string{"b0", "long", "zz"} {
				for name, keep := range keepCases(host) {
					for _, headers := range []bool{false, true} {
						want := partialOf(seq, keep, headers)
						got := Parse("f", src, Options{Keep: keep, KeepHeaders: headers})
						if d := sameTree(got, want); d != "" {
							t.Fatalf("pad %d globals %d GOMAXPROCS %d host %s keep %s headers %v: %s", sh.pad, sh.globals, procs, host, name, headers, d)
						}
					}
				}
			}
		}
	}
	for _, k := range []string{"at header", "after header", "inside block", "inside global block", "chunk without header"} {
		if !seen[k] {
			t.Errorf("no chunk boundary %s: the generated configs no longer reach every case", k)
		}
	}
}

// boundaryKind classifies where a chunk starting at 0-based line i starts.
func boundaryKind(at map[int]*Line, i int) string {
	switch {
	case at[i].IsBlockHeader():
		return "at header"
	case at[i-1].IsBlockHeader():
		return "after header"
	}
	for j := i - 1; j >= 0; j-- {
		if at[j].IsBlockHeader() {
			return "inside block"
		}
	}
	return "inside global block"
}

// headerIn reports whether chunk c has a block header.
func headerIn(at map[int]*Line, c chunk) bool {
	for i := c.first; at[i] != nil && at[i].Span().Start < c.end; i++ {
		if at[i].IsBlockHeader() {
			return true
		}
	}
	return false
}
