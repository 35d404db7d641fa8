package configdiff

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// testEnv is a fixed environment whose Match exec fails the test when it runs.
func testEnv(t *testing.T, fs resolve.FS) *resolve.Env {
	return &resolve.Env{
		FS:       fs,
		User:     resolve.User{Name: "me", UID: 1000, Home: "/home/me"},
		Hostname: "local",
		Exec: func(context.Context, string) (int, error) {
			t.Error("Match exec ran")
			return 0, nil
		},
	}
}

func TestCompareNeverRunsExec(t *testing.T) {
	fs := resolve.MapFS{
		"/old": []byte("Host h\nMatch exec true\n  User x\n"),
		"/new": []byte("Host h\nMatch exec true\n  User y\n"),
	}
	diffs, err := Compare(testEnv(t, fs), keyword.Debian92, Side{Config: "/old"}, Side{Config: "/new"}, nil)
	if err != nil || len(diffs) != 0 {
		t.Errorf("got %v, %v; want no change (exec criteria never match)", diffs, err)
	}
}

func TestCompareAccumulatingCause(t *testing.T) {
	fs := resolve.MapFS{
		"/old": []byte("Host h\n  IdentityFile /k1\n  IdentityFile /k2\n"),
		"/new": []byte("Host h\n  IdentityFile /k1\n"),
	}
	diffs, err := Compare(testEnv(t, fs), keyword.Debian92, Side{Config: "/old"}, Side{Config: "/new"}, nil)
	if err != nil || len(diffs) != 1 || len(diffs[0].Changes) != 1 {
		t.Fatalf("got %+v, %v", diffs, err)
	}
	c := diffs[0].Changes[0]
	// the removed line is the cause: the new version's remaining line did not change
	if c.Option != "identityfile" || c.Source != (Where{File: "/old", Line: 3, Kind: "config"}) ||
		strings.Join(c.Before, ",") != "/k1,/k2" || strings.Join(c.After, ",") != "/k1" {
		t.Errorf("got %+v", c)
	}
}

// TestDirHidesOtherFiles: a version given as a directory has only its own files under
// ~/.ssh, even when the user's real ~/.ssh holds a file of that name.
func TestDirHidesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"old/config":     "Include extra.conf\nHost h\n",
		"old/extra.conf": "Host h\n  Port 2200\n",
		"new/config":     "Include extra.conf\nHost h\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := resolve.MapFS{"/home/me/.ssh/extra.conf": []byte("Host h\n  Port 2200\n")}
	old, err := Dir(filepath.Join(dir, "old"), "config", "/home/me", base)
	if err != nil {
		t.Fatal(err)
	}
	new, err := Dir(filepath.Join(dir, "new"), "config", "/home/me", base)
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := Compare(testEnv(t, base), keyword.Debian92, old, new, nil)
	if err != nil || len(diffs) != 1 {
		t.Fatalf("got %+v, %v", diffs, err)
	}
	want := Change{Option: "port", Before: []string{"2200"}, After: []string{"22"},
		Source: Where{File: filepath.Join(dir, "old") + "/extra.conf", Line: 2, Kind: "config"}}
	if got := diffs[0].Changes[0]; got.Option != want.Option || got.Source != want.Source ||
		got.Before[0] != "2200" || got.After[0] != "22" {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestMarkdownCode(t *testing.T) {
	for in, want := range map[string]string{
		"plain":   "`plain`",
		"a|b":     "`a\\|b`",
		"x`y":     "``x`y``",
		"`edge":   "`` `edge ``",
		"bell\a!": "`bell\\007!`",
	} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
}
