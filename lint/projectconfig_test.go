package lint

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindProjectWalksUpThenXDG(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "repo", "ssh", "conf.d")
	xdg := filepath.Join(root, "xdg")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := FindProject(deep, xdg); got != "" {
		t.Fatalf("no project file anywhere: got %q", got)
	}
	writeFile(t, filepath.Join(xdg, "sshcfg", "config.toml"), "")
	if got, want := FindProject(deep, xdg), filepath.Join(xdg, "sshcfg", "config.toml"); got != want {
		t.Errorf("XDG fallback: got %q, want %q", got, want)
	}
	writeFile(t, filepath.Join(root, "repo", ProjectFile), "")
	if got, want := FindProject(deep, xdg), filepath.Join(root, "repo", ProjectFile); got != want {
		t.Errorf("walking up: got %q, want %q", got, want)
	}
	writeFile(t, filepath.Join(root, "repo", "ssh", ProjectFile), "")
	if got, want := FindProject(deep, xdg), filepath.Join(root, "repo", "ssh", ProjectFile); got != want {
		t.Errorf("the nearest wins: got %q, want %q", got, want)
	}
	if err := os.Mkdir(filepath.Join(deep, ProjectFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, want := FindProject(deep, xdg), filepath.Join(root, "repo", "ssh", ProjectFile); got != want {
		t.Errorf("a directory named %s is not a project file: got %q, want %q", ProjectFile, got, want)
	}
}

func TestLoadProject(t *testing.T) {
	path := filepath.Join(t.TempDir(), ProjectFile)
	writeFile(t, path, `target-openssh = "10.5"
fail-level = "error"
disable = ["all"]
enable = ["SC4001", "unused-suppression"]

[severity]
SC4001 = "warning"
unknown-keyword = "note"
`)
	p, err := LoadProject(path)
	if err != nil {
		t.Fatal(err)
	}
	if p.TargetOpenSSH != "10.5" || p.FailLevel != LevelError {
		t.Errorf("got target %q fail-level %v", p.TargetOpenSSH, p.FailLevel)
	}
	if p.Disabled["strict-host-key-checking-off"] || p.Disabled["unused-suppression"] || !p.Disabled["malformed-suppression"] {
		t.Errorf("enable should win over disable = [\"all\"]: %v", p.Disabled)
	}
	if p.Disabled["unknown-keyword"] {
		t.Error(`"all" disabled a parser code: what ssh rejects is always reported`)
	}
	if p.Severity["strict-host-key-checking-off"] != diag.Warning || p.Severity["unknown-keyword"] != diag.Info {
		t.Errorf("severity: %v", p.Severity)
	}
}

func TestLoadProjectErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"disable = []\nfail-levle = \"error\"\n", ":2:1: unknown key \"fail-levle\""},
		{"[severity]\nSC4001 = \"warning\"\n[other]\nx = 1\n", ":3:2: unknown key \"other\""},
		{"fail-level = \"fatal\"\n", `fail-level: unknown level "fatal"`},
		{"target-openssh = \"1.0\"\n", "target-openssh:"},
		{"disable = [\"SC9999\"]\n", `disable: unknown code "SC9999"`},
		{"[severity]\nSC4001 = \"loud\"\n", "[severity] SC4001: unknown level"},
		{"[severity]\nnope = \"note\"\n", "[severity] nope: unknown code"},
		{"disable = [\n", ":1:12: toml: array is incomplete"},
	} {
		path := filepath.Join(t.TempDir(), ProjectFile)
		writeFile(t, path, c.text)
		_, err := LoadProject(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), path) {
			t.Errorf("%q: got error %v, want one starting with the path and containing %q", c.text, err, c.want)
		}
	}
}

func TestRunAppliesProject(t *testing.T) {
	config := "Host a\n    StrictHostKeyChecking no\n    ForwardAgnet yes\n"
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte(config)}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	lintWith := func(p *Project) []string {
		res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env, Dialect: keyword.Debian92, Project: p})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Code+":"+f.Severity.String())
		}
		return out
	}
	if got, want := lintWith(nil), []string{"strict-host-key-checking-off:error", "unknown-keyword:error"}; !slices.Equal(got, want) {
		t.Errorf("no project: got %v, want %v", got, want)
	}
	p, err := parseProject("p.toml", []byte("disable = [\"unknown-keyword\"]\n[severity]\nSC4001 = \"note\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lintWith(p), []string{"strict-host-key-checking-off:info"}; !slices.Equal(got, want) {
		t.Errorf("with project: got %v, want %v", got, want)
	}
}
