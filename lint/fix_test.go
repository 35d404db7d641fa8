package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// resultWith is a lint result over one file whose findings carry the given fixes.
func resultWith(path, text string, fixes ...diag.Fix) *Result {
	res := &Result{Files: []*File{{Path: path, Tree: parser.Parse(path, []byte(text), parser.Options{Dialect: keyword.Debian92})}}}
	for _, f := range fixes {
		res.Findings = append(res.Findings, diag.Diagnostic{File: path, Code: "unknown-keyword", Severity: diag.Error, Fixes: []diag.Fix{f}})
	}
	return res
}

func edit(start, end int, text string) diag.Edit {
	return diag.Edit{Span: diag.Span{Start: start, End: end}, New: text}
}

func TestSafeFixesTakesSafeNonOverlapping(t *testing.T) {
	res := resultWith("/cfg", "aaa bbb ccc\n",
		diag.Fix{Title: "1", Safe: true, Edits: []diag.Edit{edit(0, 3, "AAA")}},
		diag.Fix{Title: "unsafe", Edits: []diag.Edit{edit(8, 11, "CCC")}},
		diag.Fix{Title: "overlaps 1", Safe: true, Edits: []diag.Edit{edit(4, 7, "BBB"), edit(2, 4, "x")}},
		diag.Fix{Title: "same insertion point", Safe: true, Edits: []diag.Edit{edit(0, 0, "#")}},
		diag.Fix{Title: "2", Safe: true, Edits: []diag.Edit{edit(11, 11, " ddd")}},
	)
	fixes, err := SafeFixes(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixes) != 1 || string(fixes[0].After) != "AAA bbb ccc ddd\n" || len(fixes[0].Fixes) != 2 {
		t.Fatalf("got %+v", fixes)
	}
}

// TestParserValueFixesAreNotSafe checks that --fix applies the keyword-name suggestion
// but never a value suggestion: "on" is nearest to "no", which would turn host key
// checking off.
func TestParserValueFixesAreNotSafe(t *testing.T) {
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte("ForwardAgnet yes\nStrictHostKeyChecking on\nForwardX11 noo\n")}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env, Dialect: keyword.Debian92})
	if err != nil {
		t.Fatal(err)
	}
	fixes, err := SafeFixes(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixes) != 1 || string(fixes[0].After) != "ForwardAgent yes\nStrictHostKeyChecking on\nForwardX11 noo\n" {
		t.Errorf("got %+v", fixes)
	}
	offered := 0
	for _, f := range res.Findings {
		for _, fx := range f.Fixes {
			if fx.Title == "Replace with no" {
				offered++
				if fx.Safe {
					t.Errorf("value fix %q marked safe", fx.Title)
				}
			}
		}
	}
	if offered != 2 {
		t.Errorf("%d value suggestions offered, want 2 (on, noo)", offered)
	}
}

func TestWriteRefusesChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte("ForwardAgnet yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ff := FileFix{Path: path, Before: []byte("ForwardAgnet yes\n"), After: []byte("ForwardAgent yes\n")}
	if err := os.WriteFile(path, []byte("User changed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ff.Write(); !errors.Is(err, safefile.ErrChanged) {
		t.Errorf("got %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "User changed\n" {
		t.Errorf("the file was written: %q", got)
	}
	link := path + ".link"
	if err := os.Link(path, link); err != nil {
		t.Fatal(err)
	}
	ff.Before = []byte("User changed\n")
	if err := ff.Write(); err == nil {
		t.Error("a file with two hard links was replaced")
	}
}

func TestPermissionFixes(t *testing.T) {
	dir := t.TempDir()
	key, config := filepath.Join(dir, "id_ed25519"), filepath.Join(dir, "config")
	for name, mode := range map[string]os.FileMode{key: 0o644, config: 0o664} {
		if err := os.WriteFile(name, []byte("x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(name, mode); err != nil {
			t.Fatal(err)
		}
	}
	chmod := func(path string, clear os.FileMode) diag.Fix {
		return diag.Fix{Title: "chmod", Chmod: &diag.Chmod{Path: path, Clear: clear}}
	}
	res := resultWith("/cfg", "", chmod(key, 0o070), chmod(config, 0o022), chmod(key, 0o007),
		diag.Fix{Title: "text", Safe: true, Edits: []diag.Edit{edit(0, 0, "x")}})
	got := PermissionFixes(res)
	want := []diag.Chmod{{Path: key, Clear: 0o077}, {Path: config, Clear: 0o022}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i, wantMode := range []os.FileMode{0o600, 0o644} {
		before, after, err := ApplyChmod(got[i])
		if err != nil || after != wantMode {
			t.Errorf("%s: %v -> %v (%v), want %v", got[i].Path, before, after, err, wantMode)
		}
		if fi, err := os.Stat(got[i].Path); err != nil || fi.Mode().Perm() != wantMode {
			t.Errorf("%s: mode on disk %v", got[i].Path, fi.Mode())
		}
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ApplyChmod(diag.Chmod{Path: fifo, Clear: 0o022}); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("a named pipe: got %v, want ErrNotRegular", err)
	}
}
