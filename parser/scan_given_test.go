package parser_test

import (
	"testing"

	"github.com/sshcfg/sshcfg/parser"
)

// With SourceGiven, Scan reads the caller's bytes instead of a copy of them.
func TestScanSourceGivenIsNotCopied(t *testing.T) {
	src := []byte("Port 22\n")
	parser.Scan("f", src, parser.Options{SourceGiven: true}, func(l *parser.Line) bool {
		src[5] = '3'
		if got := l.Args()[0].Value; got != "32" {
			t.Errorf("with SourceGiven the line must use the caller's bytes, got %q", got)
		}
		return false
	})
}
