package parser_test

import (
	"testing"

	"github.com/sshcfg/sshcfg/parser"
)

// With SourceGiven, Parse keeps the caller's bytes instead of copying them (the caller
// promised not to change them): argument values then share the caller's memory.
func TestSourceGivenIsNotCopied(t *testing.T) {
	src := []byte("Port 22\n")
	f := parser.Parse("f", src, parser.Options{SourceGiven: true})
	src[5] = '3'
	if got := f.Blocks[0].Lines[0].Args()[0].Value; got != "32" {
		t.Errorf("with SourceGiven the tree must use the caller's bytes, got %q", got)
	}
}
