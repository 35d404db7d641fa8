package parser_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser"
)

// TestParseOwnsInput checks that overwriting the caller's buffer after Parse changes no
// name, argument, value or printed byte of the tree, full or partial.
func TestParseOwnsInput(t *testing.T) {
	const text = "Host alpha\n  HostName alpha.example\n  SendEnv LANG LC_*\n  User \"bob\"\n  LocalForward 8080 db:5432\n"
	for _, opts := range []parser.Options{{}, {Keep: func(*parser.Line) bool { return true }}} {
		src := []byte(text)
		f := parser.Parse("c", src, opts)
		before := describe(f)
		if !strings.Contains(before, "alpha.example") {
			t.Fatalf("unexpected tree: %s", before)
		}
		for i := range src {
			src[i] = 'X'
		}
		if after := describe(f); after != before {
			t.Errorf("the tree changed with the caller's buffer:\nbefore %s\nafter  %s", before, after)
		}
		if string(f.Bytes()) != text {
			t.Errorf("printed tree changed with the input: %q", f.Bytes())
		}
	}
}

// describe lists every directive's name, arguments and decoded value.
func describe(f *parser.File) string {
	var b strings.Builder
	for _, blk := range f.Blocks {
		lines := blk.Lines
		if blk.Header != nil {
			lines = append([]*parser.Line{blk.Header}, lines...)
		}
		for _, l := range lines {
			fmt.Fprintf(&b, "%s %s %s|", l.Name(), quoteArgs(l.Args()), formatValue(l.Value))
		}
	}
	return b.String()
}
