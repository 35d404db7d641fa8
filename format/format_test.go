package format

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// corpus returns every config of the parser and resolver test corpora and of the
// formatter's goldens.
func corpus(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, glob := range []string{"../testdata/parser/*.txtar", "../testdata/resolve/*.txtar", "testdata/*.txtar"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			a, err := golden.Read(p)
			if err != nil {
				t.Fatal(err)
			}
			quoted := strings.Contains(string(a.Comment), "encoding: go-quoted")
			for _, f := range a.Files {
				if f.Name != "ssh_config" && f.Name != "config" {
					continue
				}
				data := f.Data
				if quoted {
					s, err := strconv.Unquote(strings.TrimSpace(string(data)))
					if err != nil {
						t.Fatalf("%s: %v", p, err)
					}
					data = []byte(s)
				}
				out[filepath.Base(p)] = data
			}
		}
	}
	return out
}

func TestGolden(t *testing.T) {
	src := []byte("Host a\nUser=b\n    Port   22  \n# about b\nHost b\n\tHostName x # comment\n\t# inside\nPort==1\nHost c\r\n  User   d \r\n")
	want := "Host a\n  User b\n  Port 22\n# about b\nHost b\n  HostName x # comment\n  # inside\n  Port==1\nHost c\r\n  User d\r\n"
	opts := Options{Indent: "  "}
	got := Source(parser.Parse("x", src, parser.Options{}), opts)
	if string(got) != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
	if got := Bytes("x", src, parser.Options{}, opts); string(got) != want {
		t.Errorf("Bytes got:\n%q\nwant:\n%q", got, want)
	}
}

// TestIdempotentAndMeaningPreserved formats every corpus config, checks that formatting
// again changes nothing, and that ssh's decision is the same before and after: the same
// lines are in error and every host named in the file resolves to the same ssh -G output.
func TestIdempotentAndMeaningPreserved(t *testing.T) {
	for name, src := range corpus(t) {
		f := parser.Parse("config", src, parser.Options{})
		out := Source(f, Options{})
		if b := Bytes("config", src, parser.Options{}, Options{}); !bytes.Equal(b, out) {
			t.Errorf("%s: Bytes and Source differ:\n%q\n%q", name, b, out)
		}
		f2 := parser.Parse("config", out, parser.Options{})
		if again := Source(f2, Options{}); !bytes.Equal(again, out) {
			t.Errorf("%s: not idempotent:\n%q\n%q", name, out, again)
		}
		if a, b := errorLines(f), errorLines(f2); a != b {
			t.Errorf("%s: error lines changed: %s -> %s", name, a, b)
		}
		for _, host := range hostsOf(f) {
			if a, b := resolveText(src, host), resolveText(out, host); a != b {
				t.Errorf("%s: host %s resolves differently after formatting:\n%s\n---\n%s", name, host, a, b)
			}
		}
	}
}

func errorLines(f *parser.File) string {
	var b strings.Builder
	f.Lines(func(l *parser.Line) bool {
		if l.HasError() {
			b.WriteString(strconv.Itoa(l.Number()) + ",")
		}
		return true
	})
	return b.String()
}

func hostsOf(f *parser.File) []string {
	hosts := []string{"example.test"}
	f.Lines(func(l *parser.Line) bool {
		if p, ok := l.Value.([]string); ok && l.Keyword() != nil && l.Keyword().Name == "Host" {
			for _, h := range p {
				if !strings.ContainsAny(h, "*?!") && len(hosts) < 6 {
					hosts = append(hosts, h)
				}
			}
		}
		return true
	})
	return hosts
}

// resolveText resolves host against a config held in memory, never running commands.
func resolveText(src []byte, host string) string {
	env := &resolve.Env{
		FS:       resolve.MapFS{"/cfg/config": src},
		User:     resolve.User{Name: "root", UID: 0, Home: "/root"},
		Getenv:   func(string) (string, bool) { return "", false },
		Hostname: "host.example",
	}
	req, err := resolve.ParseArgs([]string{"-F", "/cfg/config", host}, keyword.Debian92)
	if err != nil {
		return "args: " + err.Error()
	}
	res, err := resolve.New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		return "error: " + err.Error()
	}
	return res.DumpG()
}

func FuzzFormat(f *testing.F) {
	for _, src := range corpus(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out := Source(parser.Parse("f", src, parser.Options{}), Options{})
		again := Source(parser.Parse("f", out, parser.Options{}), Options{})
		if b := Bytes("f", src, parser.Options{}, Options{}); !bytes.Equal(b, out) {
			t.Fatalf("Bytes and Source differ:\n%q\n%q", b, out)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
		a := errorLines(parser.Parse("f", src, parser.Options{}))
		if b := errorLines(parser.Parse("f", out, parser.Options{})); a != b {
			t.Fatalf("error lines changed %s -> %s:\n%q\n%q", a, b, src, out)
		}
	})
}

// blockSource formats f the way the formatter did when it walked the tree's blocks, the
// reference for the line-by-line walk: the comment lines that end a block's lines are
// not indented when another block follows (they belong to its header), unless they are
// commented-out directives.
func blockSource(f *parser.File, opts Options) []byte {
	tz := f.Tokenizer()
	var edits []diag.Edit
	collect := func(e diag.Edit) bool { edits = append(edits, e); return true }
	for bi, b := range f.Blocks {
		if b.Header != nil {
			lineEdits(f.Src, tz.Tokens(b.Header), b.Header.Kind, b.Header.KeySpan(), "", collect)
		}
		indent := ""
		if b.Header != nil {
			indent = opts.Indent
		}
		attached := len(b.Lines)
		for bi+1 < len(f.Blocks) && attached > 0 && b.Lines[attached-1].Kind == parser.LineComment {
			attached--
		}
		for i, l := range b.Lines {
			ind := indent
			if i >= attached {
				ind = ""
			}
			toks := tz.Tokens(l)
			if l.Kind == parser.LineComment {
				ind = commentIndent(f.Src, toks, ind, indent)
			}
			lineEdits(f.Src, toks, l.Kind, l.KeySpan(), ind, collect)
		}
	}
	out, err := diag.Apply(f.Src, edits)
	if err != nil {
		panic(err)
	}
	return out
}

// TestBytesSameAsSourceLarge checks that formatting line by line gives what formatting
// the tree block by block gives (blockSource), on the corpus and on large files Parse cuts
// into chunks: generated configs with every line to edit, with runs of comments inside
// blocks, above headers and at the end.
func TestBytesSameAsSourceLarge(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 300_000; i++ {
		fmt.Fprintf(&b, "# about h%d\n\t# more\nHost h%d\n# in\n  # in too\n\nPort=%d \n# run\n# run\nBogus\n# last \n=# eq\nMatch all\n\"User\"=x\n  # a\r\n", i, i, i)
	}
	b.WriteString("  # no newline  ")
	inputs := corpus(t)
	inputs["generated"] = unformattedConfig(3000)
	inputs["comments"] = []byte(b.String())
	for name, src := range inputs {
		f := parser.Parse(name, src, parser.Options{})
		want := blockSource(f, Options{Indent: DetectIndent(src)})
		if got := Source(f, Options{}); !bytes.Equal(got, want) {
			t.Errorf("%s: Source differs from the block walk:\n%q\n%q", name, got, want)
		}
		if got := Bytes(name, src, parser.Options{}, Options{}); !bytes.Equal(got, want) {
			t.Errorf("%s: Bytes differs from the block walk:\n%q\n%q", name, got, want)
		}
	}
}

// TestIndentGoldens formats the config of every testdata archive with the file's own
// indentation (section formatted) and with each indentation a section "indent=N" or
// "indent=tab" names, checks that Bytes gives what Source gives and that formatting the
// result again changes nothing. Record new outputs with -update.
func TestIndentGoldens(t *testing.T) {
	for _, a := range golden.Load(t, "testdata/*.txtar") {
		src := a.Want(t, "config")
		names := []string{"formatted"}
		for _, f := range a.Files {
			if strings.HasPrefix(f.Name, "indent=") {
				names = append(names, f.Name)
			}
		}
		for _, name := range names {
			var opts Options
			switch n := strings.TrimPrefix(name, "indent="); {
			case n == "tab":
				opts.Indent = "\t"
			case n != name:
				width, err := strconv.Atoi(n)
				if err != nil {
					t.Fatalf("%s: section %s: %v", a.Path, name, err)
				}
				opts.Indent = strings.Repeat(" ", width)
			}
			got := Source(parser.Parse("config", src, parser.Options{}), opts)
			if b := Bytes("config", src, parser.Options{}, opts); !bytes.Equal(b, got) {
				t.Errorf("%s %s: Bytes and Source differ:\n%q\n%q", a.Path, name, b, got)
			}
			if again := Source(parser.Parse("config", got, parser.Options{}), Options{}); !bytes.Equal(again, got) {
				t.Errorf("%s %s: formatting the output again with its own indentation changes it:\n%q\n%q", a.Path, name, got, again)
			}
			a.Check(t, name, got)
		}
	}
}

func TestDetectIndent(t *testing.T) {
	for src, want := range map[string]string{
		"":                                   DefaultIndent,
		"User x\n  Port 1\n":                 DefaultIndent, // before any header
		"Host a\n\tUser b\n":                 "\t",
		"Host a\n  User b\r\n":               "  ",
		"\"Host\" a\n   User b\n":            "   ",
		"Match=all\n  User b\n\tPort 1\n":    "  ", // a tie: the first seen
		"Host a\n  # c\n\tUser b\n  \n":      "\t",
		"Host a\n  =User b\n \tPort 1\n":     DefaultIndent,
		"host a\n\t\tUser b\n\t\tPort 1\n  ": DefaultIndent,
		"Host a\n User b\n  Port 1\n":        "  ",
	} {
		if got := DetectIndent([]byte(src)); got != want {
			t.Errorf("DetectIndent(%q) = %q, want %q", src, got, want)
		}
	}
}
