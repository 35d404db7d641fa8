package parser_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/parser"
)

// describe renders a cursor compactly: line number (0 for none), block index (- for
// none), part, index, the text of its span and, for an argument, its value.
func describeCursor(f *parser.File, c parser.Cursor) string {
	line, block := 0, "-"
	if c.Line != nil {
		line = c.Line.Number()
	}
	for i, b := range f.Blocks {
		if b == c.Block {
			block = fmt.Sprint(i)
		}
	}
	s := fmt.Sprintf("L%d B%s %s %d %q", line, block, c.Part, c.Index, f.Src[c.Span.Start:c.Span.End])
	if c.Arg != nil {
		s += fmt.Sprintf(" =%q", c.Arg.Value)
	}
	return s
}

func TestAt(t *testing.T) {
	const cfg = "# top\nUser root\n\nHost a \"b c\"\n  Port=22\r\n" +
		"  IdentityFile \"~/my key\" a\\ b # k\nMatch host x exec \"t\"\n  User y" // no final newline
	const end = -1000 // stands for len(src) in off
	for _, tc := range []struct {
		name, src string
		at        string // the offset is where at first occurs in src, plus off ("" for 0)
		off       int
		want      string
	}{
		{"offset 0 in a comment", cfg, "", 0, `L1 B0 comment 0 "# top"`},
		{"newline of a comment line", cfg, "\nUser", 0, `L1 B0 comment 0 "# top"`},
		{"global block argument", cfg, "root", 2, `L2 B0 arg 0 "root" ="root"`},
		{"blank line", cfg, "\n\nHost", 1, `L3 B0 blank 0 ""`},
		{"Host keyword", cfg, "Host", 0, `L4 B1 keyword 0 "Host"`},
		{"Host keyword end", cfg, "Host", 3, `L4 B1 keyword 0 "Host"`},
		{"separator", cfg, "Host", 4, `L4 B1 separator 0 " "`},
		{"between arguments", cfg, ` "b c"`, 0, `L4 B1 between-args 1 " "`},
		{"quoted argument", cfg, `"b c"`, 2, `L4 B1 arg 1 "\"b c\"" ="b c"`},
		{"past the last argument", cfg, `"b c"`, 5, `L4 B1 after-args 2 ""`},
		{"indent", cfg, "Port", -1, `L5 B1 indent 0 "  "`},
		{"equals separator", cfg, "=22", 0, `L5 B1 separator 0 "="`},
		{"argument after =", cfg, "=22", 1, `L5 B1 arg 0 "22" ="22"`},
		{"CR of a CRLF line", cfg, "22\r", 2, `L5 B1 after-args 1 "\r"`},
		{"LF of a CRLF line", cfg, "22\r", 3, `L5 B1 after-args 1 "\r"`},
		{"quoted argument with blank", cfg, `"~/my`, 3, `L6 B1 arg 0 "\"~/my key\"" ="~/my key"`},
		{"escaped blank", cfg, `a\ b`, 2, `L6 B1 arg 1 "a\\ b" ="a b"`},
		{"before a trailing comment", cfg, " # k", 0, `L6 B1 after-args 2 " "`},
		{"trailing comment", cfg, "# k", 1, `L6 B1 comment 0 "# k"`},
		{"newline after a comment", cfg, "# k", 3, `L6 B1 comment 0 "# k"`},
		{"Match keyword", cfg, "Match", 2, `L7 B2 keyword 0 "Match"`},
		{"Match criterion", cfg, "exec", 0, `L7 B2 arg 2 "exec" ="exec"`},
		{"Match block line", cfg, "User y", 5, `L8 B2 arg 0 "y" ="y"`},
		{"end of a last line without newline", cfg, "", end, `L8 B2 after-args 1 ""`},
		{"negative", cfg, "", -1, `L0 B- none 0 ""`},
		{"past the end", cfg, "", end + 1, `L0 B- none 0 ""`},

		{"empty file", "", "", 0, `L0 B0 blank 0 ""`},
		{"empty file past the end", "", "", 1, `L0 B- none 0 ""`},
		{"only comments", "# a\n  # b\n", "# b", -1, `L2 B0 indent 0 "  "`},
		{"only comments, end", "# a\n  # b\n", "", end, `L0 B0 blank 0 ""`},
		{"after a final newline", "Host a\n  User b\n", "", end, `L0 B1 blank 0 ""`},
		{"header at the end of the file", "Host a", "", end, `L1 B1 after-args 1 ""`},
		{"keyword without argument", "Port\n", "\n", 0, `L1 B0 after-args 0 ""`},
		{"equals without argument", "Port =\n", "=", 0, `L1 B0 separator 0 " ="`},
		{"spaced equals", "Port = 22\n", "= ", 0, `L1 B0 separator 0 " = "`},
		{"leading equals", "=Port 1\n", "", 0, `L1 B0 indent 0 "="`},
		{"quoted keyword", "\"Port\" 22\n", "P", 0, `L1 B0 keyword 0 "\"Port\""`},
		{"unclosed quote", "User \"open x\n", "open", 0, `L1 B0 arg 0 "\"open x"`},
		{"blank before an unclosed quote", "Host a  \"b\n", " \"b", 0, `L1 B1 between-args 1 "  "`},
		{"after a NUL", "User a\x00b\n", "b", 0, `L1 B0 ignored 0 "\x00b"`},
		{"ignored line", "\"Port 1\n", "1", 0, `L1 B0 ignored 0 "\"Port 1"`},
		{"trailing blanks", "Port 22 \t\n", "\t", 0, `L1 B0 after-args 1 " \t"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := parser.Parse("t", []byte(tc.src), parser.Options{})
			off := strings.Index(tc.src, tc.at) + tc.off
			if tc.off <= end+1 {
				off = len(tc.src) + tc.off - end
			}
			if got := describeCursor(f, f.At(off)); got != tc.want {
				t.Errorf("At(%d) in %q = %s, want %s", off, tc.src, got, tc.want)
			}
		})
	}
}

// TestAtPartialTree checks At on a tree that dropped lines (Options.Keep): a dropped line
// has no line and no block; a kept one is found with its block.
func TestAtPartialTree(t *testing.T) {
	src := "Port 1\nHost a\n  User x\nHost b\n  User z\n"
	keepB := func(h *parser.Line) bool { return h.Args()[0].Value == "b" }
	f := parser.Parse("t", []byte(src), parser.Options{Keep: keepB})
	for _, tc := range []struct {
		at, want string
		off      int
	}{
		{"Port", `L1 B0 keyword 0 "Port"`, 0},
		{"Host a", `L0 B- none 0 ""`, 0},
		{"User x", `L0 B- none 0 ""`, 0},
		{"User z", `L5 B1 keyword 0 "User"`, 0},
		{"", `L0 B1 blank 0 ""`, len(src)},
	} {
		off := strings.Index(src, tc.at) + tc.off
		if got := describeCursor(f, f.At(off)); got != tc.want {
			t.Errorf("At(%d) = %s, want %s", off, got, tc.want)
		}
	}
	// When the last line was dropped, the block after the final newline is unknown.
	f = parser.Parse("t", []byte(src), parser.Options{Keep: func(*parser.Line) bool { return false }})
	if got := describeCursor(f, f.At(len(src))); got != `L0 B- none 0 ""` {
		t.Errorf("At(end) after a dropped last line = %s", got)
	}
}

// TestAtEveryOffset compares At with a linear walk over the lines at every offset of a
// generated config, and at every line start of one large enough to be parsed in chunks.
func TestAtEveryOffset(t *testing.T) {
	small := append(gencfg.Config(40), "Match host x\n  User \"a b\" # c\r\n"...)
	large := gencfg.Config(3000)
	for _, tc := range []struct {
		src     []byte
		starts  bool // only line starts
		partial bool
	}{{src: small}, {src: small, partial: true}, {src: large, starts: true}} {
		opts := parser.Options{}
		if tc.partial {
			opts.Keep = func(h *parser.Line) bool {
				return strings.Contains(string(tc.src[h.Span().Start:h.Span().End]), "host1")
			}
		}
		f := parser.Parse("t", tc.src, opts)
		if !tc.partial && f.LineIndex().Lines() < 4096 && tc.starts {
			t.Fatalf("the large config has %d lines: too few to be parsed in chunks", f.LineIndex().Lines())
		}
		n := 0
		for bi, b := range f.Blocks {
			var lines []*parser.Line
			if b.Header != nil {
				lines = append(lines, b.Header)
			}
			for _, l := range append(lines, b.Lines...) {
				for off := l.Span().Start; off < l.Span().End; off++ {
					if tc.starts && off > l.Span().Start {
						break
					}
					c := f.At(off)
					if c.Line != l || c.Block != b {
						t.Fatalf("At(%d) = %s, want line %d in block %d", off, describeCursor(f, c), l.Number(), bi)
					}
					checkCursor(t, f, c)
					n++
				}
			}
		}
		if n == 0 {
			t.Fatal("no offsets checked")
		}
	}
}

// checkCursor checks what holds for every cursor on a line: the part's span lies on the
// line before its newline, starts at or before the offset and ends after it, unless the
// part runs to the end of the line (where the offset may be the newline); an argument is
// the line's own.
func checkCursor(t *testing.T, f *parser.File, c parser.Cursor) {
	t.Helper()
	l := c.Line
	if l == nil {
		return
	}
	if c.Span.Start < l.Span().Start || c.Span.End > l.Span().End || c.Span.Start > c.Offset {
		t.Fatalf("At(%d) = %s: span %v outside line %v or after the offset", c.Offset, describeCursor(f, c), c.Span, l.Span())
	}
	if c.Offset >= c.Span.End {
		switch {
		case c.Part == parser.PartAfterArgs, c.Part == parser.PartComment, c.Part == parser.PartBlank,
			c.Part == parser.PartIgnored, c.Part == parser.PartArg && c.Arg == nil:
		default:
			t.Fatalf("At(%d) = %s: the offset is past the span %v", c.Offset, describeCursor(f, c), c.Span)
		}
	}
	if c.Part == parser.PartArg && c.Arg != nil && c.Arg != &l.Args()[c.Index] {
		t.Fatalf("At(%d) = %s: not argument %d of the line", c.Offset, describeCursor(f, c), c.Index)
	}
	if c.Part == parser.PartNone {
		t.Fatalf("At(%d) on line %d has no part", c.Offset, l.Number())
	}
}

// FuzzAt checks At at every offset of any input, and just outside it: no panic, the
// line found contains the offset, and the cursor's span is sound.
func FuzzAt(f *testing.F) {
	for _, s := range []string{"", "\n", "Port 22", "Host a \"b c\"\r\n  User=x # c\n", "User \"open\n", "a\x00b\n=\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := parser.Parse("fuzz", src, parser.Options{})
		for off := -1; off <= len(src)+1; off++ {
			c := file.At(off)
			if l := c.Line; l != nil && !l.Span().Contains(off) && (off != len(src) || l.Span().End != off) {
				t.Fatalf("At(%d) = line %v", off, l.Span())
			}
			if (c.Line == nil) != (off < 0 || off > len(src) || (off == len(src) && (off == 0 || src[off-1] == '\n'))) {
				t.Fatalf("At(%d): line %v", off, c.Line)
			}
			checkCursor(t, file, c)
		}
	})
}

// BenchmarkAt looks up offsets spread over a config of about 100,000 lines.
func BenchmarkAt(b *testing.B) {
	src := gencfg.Config(18000)
	f := parser.Parse("bench", src, parser.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if c := f.At(i * 7919 % len(src)); c.Line == nil {
			b.Fatal("no line")
		}
	}
}
