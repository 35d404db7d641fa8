package resolve

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestGlobSameOnEveryFS checks that OSFS, MapFS and OverlayFS (with the files split
// between its two layers) expand patterns alike.
func TestGlobSameOnEveryFS(t *testing.T) {
	root := t.TempDir()
	names := []string{"a1", "b2", "A", "[x", "a*b", ".hidden", "é1", "sub/x", "sub/.y", ".dir/z"}
	mapfs, base, files := MapFS{}, MapFS{}, MapFS{}
	for i, name := range names {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		mapfs[p] = nil
		if i%2 == 0 {
			base[p] = nil
		} else {
			files[p] = nil
		}
	}
	overlay := OverlayFS{Base: base, Files: files}
	for _, pattern := range []string{
		"*", "[!a]*", "[^a]*", "[[:upper:]]*", "?1", "[x", "a\\*b", ".*", "*/", "*/*", ".*/z",
		"sub/.*", "/[[:alnum:]]*/x", "*/../a1", "[s/]*", "a1/",
	} {
		want, err := OSFS{}.Glob(root + "/" + pattern)
		if err != nil {
			t.Fatalf("%s: %v", pattern, err)
		}
		for name, fsys := range map[string]FS{"MapFS": mapfs, "OverlayFS": overlay} {
			got, err := fsys.Glob(root + "/" + pattern)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%s.Glob(%q) = %q, %v; OSFS: %q", name, pattern, got, err, want)
			}
		}
	}
}
