package lint

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// fixed lints config (as /cfg), applies the first fix of every finding of the rule and
// returns the result.
func fixed(t *testing.T, slug, config string) string {
	t.Helper()
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte(config)}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	return applyFixes(t, slug, config, res.Findings)
}

func applyFixes(t *testing.T, slug, config string, ds diag.Diagnostics) string {
	t.Helper()
	var edits []diag.Edit
	for _, d := range ds {
		if d.Code == slug && len(d.Fixes) > 0 {
			edits = append(edits, d.Fixes[0].Edits...)
		}
	}
	out, err := diag.Apply([]byte(config), edits)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestFixes(t *testing.T) {
	for _, c := range []struct{ slug, in, want string }{
		{"duplicate-in-block", "Host a\n  User x\n  User x # again\n  Port 1\n  Port 2\n", "Host a\n  User x\n  Port 1\n  Port 2\n"},
		{"obsolete-alias", "Host a\n  PubkeyAcceptedKeyTypes +ssh-rsa\n  keepalive yes\n", "Host a\n  PubkeyAcceptedAlgorithms +ssh-rsa\n  TCPKeepAlive yes\n"},
		{"platform-keyword", "Host *\n  UseKeychain yes\n", "IgnoreUnknown UseKeychain\nHost *\n  UseKeychain yes\n"},
		// a second IgnoreUnknown would be ignored: no fix, the message says what to do
		{"platform-keyword", "Host *\n  UseKeychain yes\nIgnoreUnknown Foo\n", "Host *\n  UseKeychain yes\nIgnoreUnknown Foo\n"},
	} {
		if got := fixed(t, c.slug, c.in); got != c.want {
			t.Errorf("%s fix of\n%s\ngot\n%s\nwant\n%s", c.slug, c.in, got, c.want)
		}
	}
}

func TestFixedPlatformKeywordIsAccepted(t *testing.T) {
	got := fixed(t, "platform-keyword", "Host *\n  UseKeychain yes\n")
	if ds := lintText(t, got); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}
}

// TestKeywordNotInTarget checks files parsed for a newer OpenSSH against an older target:
// what the parser accepted is reported for the target, IgnoreUnknown before the line
// excepted, Match criteria always.
func TestKeywordNotInTarget(t *testing.T) {
	src := "Tag work\nIgnoreUnknown ChannelTimeout\nChannelTimeout session=5m\nMatch tagged work localnetwork 10.0.0.0/8\n  User x\n"
	tree := parser.Parse("/cfg", []byte(src), parser.Options{Dialect: keyword.Upstream105})
	if tree.Diags.HasErrors() {
		t.Fatalf("10.5 should accept the file: %v", tree.Diags)
	}
	var found diag.Diagnostics
	p := &Pass{Files: []*File{{Path: "/cfg", Tree: tree}}, Dialect: keyword.Upstream92, Env: &resolve.Env{}, findings: &found}
	p.rule, _ = LookupRule("keyword-not-in-target")
	p.rule.Check(p)
	var got []string
	ix := diag.NewLineIndex([]byte(src))
	for _, d := range found {
		got = append(got, ix.Position(d.Span.Start).String()+" "+d.Message)
	}
	want := []string{
		`1:1 Tag needs OpenSSH 9.4 or newer, and the target is 9.2: it stops with "Bad configuration option: tag"; add Tag to the IgnoreUnknown list of /cfg line 2 and make sure that line comes first`,
		`4:7 Match tagged needs OpenSSH 9.4 or newer, and the target is 9.2: it stops with "Unsupported Match attribute tagged" (IgnoreUnknown does not help here)`,
		`4:19 Match localnetwork needs OpenSSH 9.4 or newer, and the target is 9.2: it stops with "Unsupported Match attribute localnetwork" (IgnoreUnknown does not help here)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSubsumes(t *testing.T) {
	block := func(header string) *parser.Block {
		f := parser.Parse("x", []byte(header+"\n  User u\n"), parser.Options{})
		return f.Blocks[len(f.Blocks)-1]
	}
	for _, c := range []struct {
		win, lose string
		want      bool
	}{
		{"Host *", "Host web", true},
		{"Match all", "Match user root", true},
		{"Host *.corp", "Host web.corp", true},
		{"Host *.corp", "Host web*.corp", true},
		{"Host *.corp", "Host web*", false},
		{"Host web*", "Host web?", true},
		{"Host web?", "Host web*", false},
		{"Host * !bastion", "Host bastion", false},
		{"Host * !bastion", "Host web", true},
		{"Host * !bastion", "Host web*", false},
		{"Host web", "Host *", false},
		{"Match user root", "Host web", false},
		{"Host web db", "Host db", true},
	} {
		if got := subsumes(block(c.win), block(c.lose)); got != c.want {
			t.Errorf("subsumes(%q, %q) = %v, want %v", c.win, c.lose, got, c.want)
		}
	}
}

// modeFS is a MapFS whose files named in modes have that mode.
type modeFS struct {
	resolve.MapFS
	modes map[string]fs.FileMode
}

type modeFile struct {
	resolve.File
	mode fs.FileMode
}

func (f modeFile) Stat() (fs.FileMode, int, error) { return f.mode, 1000, nil }

func (m modeFS) Open(name string) (resolve.File, error) {
	f, err := m.MapFS.Open(name)
	if mode, ok := m.modes[name]; ok && err == nil {
		return modeFile{f, mode}, nil
	}
	return f, err
}

// TestIncludeRefusedSurfaces checks that a world-writable included file, which ssh
// refuses to read, is reported by the permission rule at its line 1, and its content is
// linted all the same (its User y shadows the User x of Host a).
func TestIncludeRefusedSurfaces(t *testing.T) {
	config := "Include other\nHost a\n  User x\n"
	env := &resolve.Env{
		FS: modeFS{resolve.MapFS{"/home/me/.ssh/config": []byte(config), "/home/me/.ssh/other": []byte("User y\n")},
			map[string]fs.FileMode{"/home/me/.ssh/other": 0o666}},
		User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"},
	}
	res, err := Run(context.Background(), Options{ConfigFile: "/home/me/.ssh/config", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%s", d.File, d.Span.Start, d.Code))
	}
	want := []string{"/home/me/.ssh/config:14:unreachable-host-block", "/home/me/.ssh/config:23:shadowed-setting", "/home/me/.ssh/other:0:config-permissions"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
