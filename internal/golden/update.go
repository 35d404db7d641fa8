package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshcfg/sshcfg/internal/textdiff"
)

// Update is the -update flag of every test binary that imports this package: with it,
// tests record what the code (or the real ssh) produces now instead of comparing with
// it. It is registered here once, so no test package declares a flag of its own.
var Update = flag.Bool("update", false, "rewrite golden files (txtar sections and generated files) from what the tests produce now")

// Load reads every archive matching the file-name pattern (filepath.Glob syntax), in
// name order, and fails the test when there is none or one cannot be read.
func Load(t testing.TB, pattern string) []*Archive {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files match %s (%v)", pattern, err)
	}
	var out []*Archive
	for _, p := range paths {
		a, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// Want returns the data of section name, and fails the test with a hint to record it
// when the archive has no such section: goldens are created only by -update.
func (a *Archive) Want(t testing.TB, name string) []byte {
	t.Helper()
	data, ok := a.Get(name)
	if !ok {
		t.Fatalf("%s: no -- %s -- section: record it with -update", a.Path, name)
	}
	return data
}

// Check compares got with section name. Under -update it stores got in the section and
// writes the archive back (untouched when nothing changed); otherwise a missing
// section fails the test and a different one is reported with a diff.
func (a *Archive) Check(t testing.TB, name string, got []byte) {
	t.Helper()
	if *Update {
		a.Set(name, got)
		if err := a.Write(); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := a.Want(t, name)
	if !bytes.Equal(want, got) {
		t.Errorf("%s: -- %s -- differs (if the new text is right, accept it with -update):\n%s",
			a.Path, name, textdiff.Unified("want", "got", want, got))
	}
}

// CheckFile compares got with the whole file at path, for goldens that are not
// archives (generated sources, a command's output). Under -update it writes the file
// (and its directory) when it differs; otherwise a missing or different file fails the
// test with a hint to run -update.
func CheckFile(t testing.TB, path string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(path)
	if *Update {
		if err == nil && bytes.Equal(want, got) {
			return
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v: record it with -update", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (if the new text is right, accept it with -update):\n%s",
			path, textdiff.Unified("want", "got", want, got))
	}
}
