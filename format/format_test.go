package format

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// corpus returns every config of the parser and resolver test corpora.
func corpus(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, glob := range []string{"../testdata/parser/*.txtar", "../testdata/resolve/*.txtar"} {
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
	got := Source(parser.Parse("x", src, parser.Options{}), Options{})
	if string(got) != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

// TestIdempotentAndMeaningPreserved formats every corpus config, checks that formatting
// again changes nothing, and that ssh's decision is the same before and after: the same
// lines are in error and every host named in the file resolves to the same ssh -G output.
func TestIdempotentAndMeaningPreserved(t *testing.T) {
	for name, src := range corpus(t) {
		f := parser.Parse("config", src, parser.Options{})
		out := Source(f, Options{})
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
			b.WriteString(strconv.Itoa(l.Number) + ",")
		}
		return true
	})
	return b.String()
}

func hostsOf(f *parser.File) []string {
	hosts := []string{"example.test"}
	f.Lines(func(l *parser.Line) bool {
		if p, ok := l.Value.([]string); ok && l.Keyword != nil && l.Keyword.Name == "Host" {
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
		if !bytes.Equal(out, again) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
		a := errorLines(parser.Parse("f", src, parser.Options{}))
		if b := errorLines(parser.Parse("f", out, parser.Options{})); a != b {
			t.Fatalf("error lines changed %s -> %s:\n%q\n%q", a, b, src, out)
		}
	})
}
