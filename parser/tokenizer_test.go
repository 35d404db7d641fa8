package parser_test

import (
	"slices"
	"testing"

	"github.com/sshcfg/sshcfg/parser"
)

// TestTokenizerMatchesTokens checks that a Tokenizer, reusing its memory from line to
// line, gives every line of the corpus the same tokens as File.Tokens.
func TestTokenizerMatchesTokens(t *testing.T) {
	lines := 0
	for _, c := range loadCorpus(t) {
		f := parser.Parse(c.Name, c.Input, parser.Options{})
		tz := f.Tokenizer()
		f.Lines(func(l *parser.Line) bool {
			if got, want := tz.Tokens(l), f.Tokens(l); !slices.Equal(got, want) {
				t.Errorf("%s:%d: Tokenizer gives %v, File.Tokens %v", c.Name, l.Number(), got, want)
			}
			lines++
			return true
		})
	}
	if lines < 100 {
		t.Errorf("only %d corpus lines checked", lines)
	}
}
