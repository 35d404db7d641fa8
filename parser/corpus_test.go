package parser_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
)

// corpusDir holds the parser golden files: txtar archives whose comment records what real
// `ssh -G` did, followed by a `-- ssh_config --` section and, once generated, `-- tree --`
// and `-- diagnostics --` sections.
const corpusDir = "../testdata/parser"

// corpusFile is one golden file of the corpus.
type corpusFile struct {
	*golden.Archive
	Name string // base name without .txtar
	// Input is the decoded config: the ssh_config section, or the Go string literal it
	// holds when the comment has a line "encoding: go-quoted".
	Input []byte
}

// GoQuoted reports whether the input section is a Go-quoted string literal.
func (c *corpusFile) GoQuoted() bool {
	for _, l := range strings.Split(string(c.Comment), "\n") {
		if strings.TrimSpace(l) == "encoding: go-quoted" {
			return true
		}
	}
	return false
}

// loadCorpus reads every golden file, in name order.
func loadCorpus(t testing.TB) []*corpusFile {
	t.Helper()
	var out []*corpusFile
	for _, a := range golden.Load(t, filepath.Join(corpusDir, "*.txtar")) {
		c, err := decodeCorpusFile(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		out = append(out, c)
	}
	return out
}

// decodeCorpusFile finds and decodes the input of one golden file.
func decodeCorpusFile(a *golden.Archive) (*corpusFile, error) {
	c := &corpusFile{Archive: a, Name: strings.TrimSuffix(filepath.Base(a.Path), ".txtar")}
	n := 0
	for _, f := range a.Files {
		if f.Name == "ssh_config" {
			n++
			c.Input = f.Data
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("%d -- ssh_config -- sections, want 1", n)
	}
	if c.GoQuoted() {
		s, err := strconv.Unquote(strings.TrimSpace(string(c.Input)))
		if err != nil {
			return nil, fmt.Errorf("ssh_config section is not a Go string literal: %v", err)
		}
		c.Input = []byte(s)
	}
	return c, nil
}
