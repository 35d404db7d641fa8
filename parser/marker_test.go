package parser_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/parser"
)

// TestDiagMarkers checks the notes of testdata/markers, in the manner of gopls marker
// tests: each `#@diag(code)` comment line of an -- ssh_config -- section says that the
// parser reports a diagnostic with that code on the next line that is not a note, and
// the parser must report nothing else. The real ssh then reads the same bytes, notes
// included: it must report as errors exactly the lines of the noted errors, which shows
// that the notes are plain comments to it.
func TestDiagMarkers(t *testing.T) {
	services := etcServices(t)
	for _, a := range golden.Load(t, filepath.Join("testdata", "markers", "*.txtar")) {
		t.Run(strings.TrimSuffix(filepath.Base(a.Path), ".txtar"), func(t *testing.T) {
			src := a.Want(t, "ssh_config")
			notes, err := golden.Markers(src)
			if err != nil {
				t.Fatalf("%s: %v", a.Path, err)
			}
			want := map[string]int{}
			for _, m := range notes {
				if m.Name != "diag" || len(m.Args) != 1 {
					t.Fatalf("%s: line %d: note %s%q; the notes here are diag(code)", a.Path, m.Line, m.Name, m.Args)
				}
				want[fmt.Sprintf("line %d: %s", m.TargetLine, m.Args[0])]++
			}
			f := parser.Parse("ssh_config", src, parser.Options{Services: services})
			x := f.LineIndex()
			got := map[string]int{}
			for _, d := range f.Diags {
				got[fmt.Sprintf("line %d: %s", x.Position(d.Span.Start).Line, d.Code)]++
			}
			if missing := countDiff(want, got); len(missing) > 0 {
				t.Errorf("%s: noted but not reported: %q", a.Path, missing)
			}
			if extra := countDiff(got, want); len(extra) > 0 {
				t.Errorf("%s: reported but not noted: %q", a.Path, extra)
			}

			t.Run("ssh", func(t *testing.T) {
				sshPath, _ := requireSSH(t)
				path := filepath.Join(t.TempDir(), "ssh_config")
				if err := os.WriteFile(path, src, 0o600); err != nil {
					t.Fatal(err)
				}
				res := runSSH(t, sshPath, t.TempDir(), path, nil)
				errLines := map[int]bool{}
				for _, d := range f.Diags.Errors() {
					errLines[x.Position(d.Span.Start).Line] = true
				}
				if fmt.Sprint(res.lines) != fmt.Sprint(errLines) {
					t.Errorf("ssh reports errors on lines %v, the noted errors are on lines %v:\n%s", res.lines, errLines, res.stderr)
				}
			})
		})
	}
}

// countDiff returns the keys of a that b holds fewer times, sorted.
func countDiff(a, b map[string]int) []string {
	var out []string
	for k, n := range a {
		if b[k] < n {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
