package parser_test

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestCodesRegistered parses the parser corpus and every config file of the resolver
// corpus, in the dialects sshcfg knows and as command-line text too, and checks that
// each diagnostic's code is registered, with an SC1xxx id, and its severity set.
func TestCodesRegistered(t *testing.T) {
	var inputs [][]byte
	for _, c := range loadCorpus(t) {
		inputs = append(inputs, c.Input)
	}
	for _, c := range sshtest.LoadCases(t, "../testdata/resolve") {
		for _, f := range c.Archive.Files {
			if !isResolveSection(f.Name) {
				inputs = append(inputs, f.Data)
			}
		}
	}
	seen := map[string]bool{}
	for _, d := range []keyword.Dialect{keyword.Debian92, keyword.Upstream92, keyword.Upstream105} {
		for _, in := range inputs {
			for _, cmdline := range []bool{false, true} {
				f := parser.Parse("config", in, parser.Options{Dialect: d, CommandLine: cmdline})
				for _, dg := range f.Diags {
					seen[dg.Code] = true
					if dg.Severity == 0 {
						t.Errorf("diagnostic without severity: %+v", dg)
					}
				}
			}
		}
	}
	for slug := range seen {
		c, ok := diag.LookupCode(slug)
		if !ok {
			t.Errorf("the parser emits code %q, which is not registered", slug)
			continue
		}
		if !strings.HasPrefix(c.ID, "SC1") {
			t.Errorf("parser code %s has id %s; parser ids are SC1xxx", slug, c.ID)
		}
	}
	if len(seen) < 10 {
		t.Errorf("the corpus produced only %d distinct codes; is it loaded?", len(seen))
	}
}

// isResolveSection reports whether a section of a resolver case is not a file.
func isResolveSection(name string) bool {
	for _, p := range []string{sshtest.SecArgs, sshtest.SecEnv, sshtest.SecOutput, sshtest.SecExit} {
		if name == p || strings.HasPrefix(name, p+" ") {
			return true
		}
	}
	return false
}
