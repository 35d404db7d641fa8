package lint_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/lint/report"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// TestGolden lints each testdata/lint/*.txtar case and compares the text report with its
// "want" section (go test ./lint -update rewrites it). A case's sections are files: the
// section "config" is linted as with `sshcfg lint config`, and every other section
// except "want" is a file beside it (an Include target, a key), paths relative to
// /home/me/.ssh. The comment may name the target OpenSSH on a line "target: 10.5".
func TestGolden(t *testing.T) {
	for _, a := range golden.Load(t, "../testdata/lint/*.txtar") {
		name := strings.TrimSuffix(filepath.Base(a.Path), ".txtar")
		t.Run(name, func(t *testing.T) {
			files := resolve.MapFS{}
			for _, f := range a.Files {
				if f.Name != "want" {
					files["/home/me/.ssh/"+f.Name] = f.Data
				}
			}
			dialect := keyword.Debian92
			for _, line := range strings.Split(string(a.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "target: "); ok {
					d, err := keyword.DialectNamed(strings.TrimSpace(v))
					if err != nil {
						t.Fatal(err)
					}
					dialect = d
				}
			}
			env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}, Hostname: "laptop"}
			res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env, Dialect: dialect})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := report.Text(&b, report.Of(res)); err != nil {
				t.Fatal(err)
			}
			a.Check(t, "want", bytes.ReplaceAll(b.Bytes(), []byte("/home/me/.ssh/"), nil))
		})
	}
}
