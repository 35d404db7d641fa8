package parser_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sshcfg/sshcfg/parser"
)

// TestGolden parses every file of testdata/parser, checks that printing the tree gives the
// input back byte for byte, and compares a dump of the tree and the diagnostics with the
// file's -- tree -- and -- diagnostics -- sections. Run with -update to rewrite them (an
// ssh_config section without a final newline must then be encoded go-quoted, or the
// rewrite would add one: the archive refuses to be written).
func TestGolden(t *testing.T) {
	for _, c := range loadCorpus(t) {
		t.Run(c.Name, func(t *testing.T) {
			f := parser.Parse("ssh_config", c.Input, parser.Options{})
			if got := f.Bytes(); !bytes.Equal(got, c.Input) {
				t.Fatalf("round trip differs:\n got %q\nwant %q", got, c.Input)
			}
			checkInvariants(t, f)
			c.Check(t, "tree", []byte(dumpTree(f)))
			c.Check(t, "diagnostics", []byte(dumpDiags(f)))
		})
	}
}

// dumpTree renders the tree one source line per output line:
//
//	<line> [<block>] <kind> <name> <Keyword> args=[…] value=… | kind[start,end) …
//
// kind is "header" for the Host or Match line that opens block <block>. Directive fields
// are printed only for directives; args are the decoded arguments, Go-quoted.
func dumpTree(f *parser.File) string {
	var b strings.Builder
	for bi, blk := range f.Blocks {
		lines := blk.Lines
		if blk.Header != nil {
			lines = append([]*parser.Line{blk.Header}, lines...)
		}
		for _, l := range lines {
			fmt.Fprintf(&b, "%d [%d] %s", l.Number(), bi, lineKind(l, blk))
			if l.Kind == parser.LineDirective {
				kw := "?"
				if l.Keyword() != nil {
					kw = l.Keyword().Name
				}
				fmt.Fprintf(&b, " %s %s args=%s", strconv.Quote(l.Name()), kw, quoteArgs(l.Args()))
				if l.Value != nil {
					b.WriteString(" value=")
					b.WriteString(formatValue(l.Value))
				}
			}
			b.WriteString(" |")
			for _, tok := range f.Tokens(l) {
				fmt.Fprintf(&b, " %s[%d,%d)", tok.Kind, tok.Span.Start, tok.Span.End)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func lineKind(l *parser.Line, blk *parser.Block) string {
	switch {
	case l == blk.Header:
		return "header"
	case l.Kind == parser.LineBlank:
		return "blank"
	case l.Kind == parser.LineComment:
		return "comment"
	case l.Kind == parser.LineDirective:
		return "directive"
	case l.Kind == parser.LineIgnored:
		return "ignored"
	}
	return fmt.Sprintf("kind(%d)", l.Kind)
}

func quoteArgs(args []parser.Arg) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a.Value)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// formatValue prints a decoded value in a stable form: strings Go-quoted, lists in
// brackets, structs with %#v (pointers followed), without the package qualifier.
func formatValue(v any) string {
	var s string
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []string:
		q := make([]string, len(v))
		for i, x := range v {
			q[i] = strconv.Quote(x)
		}
		return "[" + strings.Join(q, " ") + "]"
	case []parser.Criterion:
		q := make([]string, len(v))
		for i, c := range v {
			neg := ""
			if c.Negate {
				neg = "!"
			}
			q[i] = fmt.Sprintf("%s%s=%s@[%d,%d)", neg, c.Attr, strconv.Quote(c.Arg), c.Span.Start, c.Span.End)
		}
		return "match[" + strings.Join(q, " ") + "]"
	case parser.ForwardSpec:
		fwd := "nil"
		if v.Forward != nil {
			fwd = fmt.Sprintf("&%#v", *v.Forward)
		}
		s = fmt.Sprintf("ForwardSpec{Spec:%q, Dynamic:%t, Remote:%t, Forward:%s}", v.Spec, v.Dynamic, v.Remote, fwd)
	default:
		s = fmt.Sprintf("%#v", v)
	}
	return strings.ReplaceAll(s, "parser.", "")
}

// dumpDiags renders the file's diagnostics one per line: line:col: severity code: message,
// followed by the titles of any fixes.
func dumpDiags(f *parser.File) string {
	var b strings.Builder
	x := f.LineIndex()
	for _, d := range f.Diags {
		fmt.Fprintf(&b, "%s: %s %s: %s", x.Position(d.Span.Start), d.Severity, d.Code, printable(d.Message))
		for _, fix := range d.Fixes {
			fmt.Fprintf(&b, " [fix: %s]", fix.Title)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// printable returns s unchanged when it is printable UTF-8, else Go-quoted, so that golden
// files hold no control characters besides their newlines.
func printable(s string) string {
	if !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// checkInvariants verifies the structural promises of the tree: tokens cover the file
// contiguously and in order, lines are numbered 1, 2, … and contiguous, block headers
// are Host/Match lines, and every diagnostic lies inside the file.
func checkInvariants(t testing.TB, f *parser.File) {
	t.Helper()
	pos, number := 0, 0
	f.Lines(func(l *parser.Line) bool {
		number++
		if l.Number() != number {
			t.Errorf("line %d has Number %d", number, l.Number())
		}
		if l.Span().Start != pos {
			t.Errorf("line %d starts at %d, want %d", l.Number(), l.Span().Start, pos)
		}
		if len(f.Tokens(l)) == 0 {
			t.Errorf("line %d has no tokens", l.Number())
		}
		for _, tok := range f.Tokens(l) {
			if tok.Span.Start != pos || tok.Span.End <= tok.Span.Start {
				t.Errorf("line %d: token %s[%d,%d) does not continue at %d", l.Number(), tok.Kind, tok.Span.Start, tok.Span.End, pos)
			}
			pos = tok.Span.End
		}
		if pos != l.Span().End {
			t.Errorf("line %d: tokens end at %d, line at %d", l.Number(), pos, l.Span().End)
		}
		for _, d := range l.Diags() {
			if d.Span.Start < l.Span().Start || d.Span.End > l.Span().End || d.Span.End < d.Span.Start {
				t.Errorf("line %d: diagnostic %s span [%d,%d) outside line [%d,%d)", l.Number(), d.Code, d.Span.Start, d.Span.End, l.Span().Start, l.Span().End)
			}
		}
		return true
	})
	if pos != len(f.Src) {
		t.Errorf("tokens end at %d, file has %d bytes", pos, len(f.Src))
	}
	for i, b := range f.Blocks {
		if i == 0 && b.Header != nil {
			t.Errorf("first block has a header")
		}
		if i > 0 && (b.Header == nil || !b.Header.IsBlockHeader()) {
			t.Errorf("block %d does not start with Host or Match", i)
		}
		for _, l := range b.Lines {
			if l.IsBlockHeader() {
				t.Errorf("line %d: Host/Match inside block %d", l.Number(), i)
			}
		}
	}
	for _, d := range f.Diags {
		if d.Span.Start < 0 || d.Span.End > len(f.Src) || d.Span.End < d.Span.Start {
			t.Errorf("diagnostic %s span [%d,%d) outside file of %d bytes", d.Code, d.Span.Start, d.Span.End, len(f.Src))
		}
	}
}
