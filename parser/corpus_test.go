package parser_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// corpusDir holds the parser golden files: txtar archives whose comment records what real
// `ssh -G` did, followed by a `-- ssh_config --` section and, once generated, `-- tree --`
// and `-- diagnostics --` sections.
const corpusDir = "../testdata/parser"

// corpusFile is one golden file of the corpus.
type corpusFile struct {
	Path    string
	Name    string // base name without .txtar
	Raw     []byte // the whole archive as read
	Comment []byte // text before the first marker
	// Input is the decoded config: the ssh_config section, or the Go string literal it
	// holds when the comment has a line "encoding: go-quoted".
	Input []byte
	// Sections are the archive's sections in order.
	Sections []section
	// inputIndex is the index of the ssh_config section in Sections; inputEnd is the
	// offset in Raw where its data ends.
	inputIndex, inputEnd int
}

// section is one `-- name --` part of a txtar archive.
type section struct {
	Name       string
	Data       []byte
	Start, End int // offsets of Data in the archive
}

// Section returns the data of the named section and whether it exists.
func (c *corpusFile) Section(name string) ([]byte, bool) {
	for _, s := range c.Sections {
		if s.Name == name {
			return s.Data, true
		}
	}
	return nil, false
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

// markerName returns the name of a txtar marker line ("-- name --", newline excluded),
// or "" if line is not a marker.
func markerName(line []byte) string {
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) < 6 || !bytes.HasPrefix(line, []byte("-- ")) || !bytes.HasSuffix(line, []byte(" --")) {
		return ""
	}
	return strings.TrimSpace(string(line[3 : len(line)-3]))
}

// parseArchive splits a txtar archive the way golang.org/x/tools/txtar does, keeping the
// offsets of every section so that a rewrite can leave the untouched parts byte-identical.
func parseArchive(raw []byte) (comment []byte, secs []section) {
	type marker struct {
		name       string
		start, end int // the marker line, newline included
	}
	var ms []marker
	for off := 0; off < len(raw); {
		nl := bytes.IndexByte(raw[off:], '\n')
		end := len(raw)
		if nl >= 0 {
			end = off + nl + 1
		}
		if name := markerName(bytes.TrimSuffix(raw[off:end], []byte("\n"))); name != "" {
			ms = append(ms, marker{name, off, end})
		}
		off = end
	}
	if len(ms) == 0 {
		return raw, nil
	}
	comment = raw[:ms[0].start]
	for i, m := range ms {
		dataEnd := len(raw)
		if i+1 < len(ms) {
			dataEnd = ms[i+1].start
		}
		secs = append(secs, section{Name: m.name, Data: raw[m.end:dataEnd], Start: m.end, End: dataEnd})
	}
	return comment, secs
}

// loadCorpus reads every golden file, in name order.
func loadCorpus(t testing.TB) []*corpusFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no golden files in %s", corpusDir)
	}
	sort.Strings(paths)
	var out []*corpusFile
	for _, p := range paths {
		c, err := readCorpusFile(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, c)
	}
	return out
}

// readCorpusFile reads and decodes one golden file.
func readCorpusFile(path string) (*corpusFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &corpusFile{Path: path, Name: strings.TrimSuffix(filepath.Base(path), ".txtar"), Raw: raw}
	c.Comment, c.Sections = parseArchive(raw)
	var in *section
	for i := range c.Sections {
		if c.Sections[i].Name == "ssh_config" {
			if in != nil {
				return nil, fmt.Errorf("two ssh_config sections")
			}
			in = &c.Sections[i]
			c.inputIndex = i
		}
	}
	if in == nil {
		return nil, fmt.Errorf("no -- ssh_config -- section")
	}
	c.inputEnd = in.End
	c.Input = in.Data
	if c.GoQuoted() {
		s, err := strconv.Unquote(strings.TrimSpace(string(in.Data)))
		if err != nil {
			return nil, fmt.Errorf("ssh_config section is not a Go string literal: %v", err)
		}
		c.Input = []byte(s)
	}
	return c, nil
}
