package parser_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// FuzzParse checks the promises Parse makes for any input: it does not panic, printing the
// tree gives the input back, the tokens cover the file contiguously and in order, lines
// are numbered 1, 2, … and every diagnostic lies inside the file. Each input is parsed for
// the default dialect, for upstream 10.5 (whose Match tokeniser and value grammars differ)
// and as command-line text. The seeds are the inputs of the golden corpus.
func FuzzParse(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.Input)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, opts := range []parser.Options{
			{},
			{Dialect: keyword.Upstream105},
			{CommandLine: true},
		} {
			in := bytes.Clone(src)
			file := parser.Parse("fuzz", in, opts)
			if !bytes.Equal(in, src) {
				t.Fatalf("Parse modified its input")
			}
			if got := file.Bytes(); !bytes.Equal(got, src) {
				t.Fatalf("round trip differs:\n got %q\nwant %q", got, src)
			}
			checkInvariants(t, file)
			var all int
			file.Lines(func(l *parser.Line) bool {
				all += len(l.Diags())
				return true
			})
			if all != len(file.Diags) {
				t.Errorf("file has %d diagnostics, its lines %d", len(file.Diags), all)
			}
			_ = dumpTree(file) // formats every decoded value
			_ = dumpDiags(file)
		}
	})
}

// TestPathologicalInputs parses large inputs that would expose super-linear work
// (spelling suggestions for a huge unknown keyword, key-type wildcards, long runs of
// quotes, arguments, hops or '${'). The budget is loose: linear work takes milliseconds.
func TestPathologicalInputs(t *testing.T) {
	const n = 200_000
	inputs := map[string]string{
		"long unknown keyword": strings.Repeat("x", n) + " 1\n",
		"key wildcards":        "HostKeyAlgorithms " + strings.Repeat("*a", 40) + "*b\n",
		"quotes":               "User " + strings.Repeat("\"", n+1) + "\n",
		"arguments":            "SendEnv " + strings.Repeat("a ", n) + "\n",
		"jump hops":            "ProxyJump " + strings.Repeat("a,", n) + "a\n",
		"dollars":              "IdentityAgent " + strings.Repeat("${", n) + "\n",
		"brackets":             "LocalForward " + strings.Repeat("[", n) + " x\n",
		"match criteria":       "Match " + strings.Repeat("host x ", n/8) + "\n",
		"lines":                strings.Repeat("Port 22\n", n/4),
		"algorithms":           "Ciphers " + strings.Repeat("aes128-ctr,", n/10) + "\n",
		"unknown keywords":     strings.Repeat("Prot 22\n", n/8),
	}
	start := time.Now()
	for name, src := range inputs {
		t0 := time.Now()
		f := parser.Parse("big", []byte(src), parser.Options{})
		if !bytes.Equal(f.Bytes(), []byte(src)) {
			t.Errorf("%s: round trip differs", name)
		}
		t.Logf("%s: %v", name, time.Since(t0))
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("pathological inputs took %v", d)
	}
}
