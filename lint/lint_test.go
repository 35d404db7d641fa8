package lint

import (
	"context"
	"fmt"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// lintText lints one in-memory config file and returns its findings as "line:slug".
func lintText(t *testing.T, config string) []string {
	t.Helper()
	env := &resolve.Env{
		FS:   resolve.MapFS{"/cfg": []byte(config)},
		User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"},
		Exec: func(context.Context, string) (int, error) {
			t.Fatal("lint ran a command the configuration names")
			return 0, nil
		},
	}
	res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env, Dialect: keyword.Debian92})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		ix := diag.NewLineIndex([]byte(config))
		out = append(out, fmt.Sprintf("%02d:%s", ix.Position(f.Span.Start).Line, f.Code))
	}
	return out
}

func TestRunReportsRulesAndParserProblems(t *testing.T) {
	got := lintText(t, `Host web
  HostName web.example
  ForwardAgnet yes
Match exec "touch /tmp/pwned"
  User x
Host *
  StrictHostKeyChecking no
`)
	want := map[string]bool{"03:unknown-keyword": true, "07:strict-host-key-checking-off": true}
	for _, g := range got {
		delete(want, g)
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v; got %v", want, got)
	}
}

func TestRulesAreRegisteredWithDocs(t *testing.T) {
	for _, r := range Rules() {
		c, ok := diag.LookupCode(r.Code.ID)
		if !ok || c.Slug != r.Code.Slug {
			t.Errorf("%s: not in diag's registry", r.Code.ID)
		}
		if r.Docs.Bad == "" || r.Docs.Good == "" {
			t.Errorf("%s: needs a bad and a good example", r.Code.ID)
		}
	}
}

func TestRunHonoursIgnoreUnknown(t *testing.T) {
	got := lintText(t, "IgnoreUnknown UseKeychain\nHost *\n  UseKeychain yes\n  ForwardAgnet no\n")
	want := []string{"04:unknown-keyword"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v (UseKeychain is skipped by ssh, the misspelling is not)", got, want)
	}
}

// TestRunReadsFilesAHostReachesThroughItsUser: each host reads only the included files
// that can apply to it (resolve.FocusFS), and a Match user block in a file no Host line
// of the host's names is still reached when the host's own block sets that User.
func TestRunReadsFilesAHostReachesThroughItsUser(t *testing.T) {
	env := &resolve.Env{
		FS: resolve.MapFS{
			"/c/config":   []byte("Include /c/conf.d/*\n"),
			"/c/conf.d/a": []byte("Host a\n  User admin\n"),
			"/c/conf.d/b": []byte("Match user admin\n  StrictHostKeyChecking no\n"),
			"/c/conf.d/c": []byte("Host c\n  Port 2222\n"),
		},
		User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"},
	}
	res, err := Run(context.Background(), Options{ConfigFile: "/c/config", Env: env, Dialect: keyword.Debian92})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.File+":"+f.Code)
	}
	if want := []string{"/c/conf.d/b:strict-host-key-checking-off"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
