package sshcfg_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/sshcfg/sshcfg"

// layers ranks the module's packages: a package may import only packages of its own
// layer or below (parser → resolve → lint → lsp / cmd). Each entry names a package
// directory and everything under it, by whole path segments; the longest entry that
// matches wins. Packages no entry names (cmd, bench) are on the top layer.
var layers = map[string]int{
	"diag":              0,
	"pattern":           0,
	"parser":            0,
	"internal/textdiff": 0,
	"internal/tuning":   0,
	"internal/gencfg":   0,
	"internal/sshtest":  0,
	"internal/golden":   0,
	"format":            1,
	"resolve":           2,
	"internal":          2,
	"configdiff":        3,
	"lint":              3,
	"lsp":               4,
	"connect":           4,
}

const topLayer = 5

// testImportsUpward are the test files' imports that reach a higher layer, each with its
// reason ("importer imported"). An entry that is no longer used fails the test.
var testImportsUpward = map[string]string{
	"format resolve": "formatting must leave every resolution unchanged, checked with the resolver",
}

// layer returns the layer of the import path pkg of this module.
func layer(pkg string) int {
	rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
	best, rank := "", topLayer
	for dir, r := range layers {
		if (rel == dir || strings.HasPrefix(rel, dir+"/")) && len(dir) > len(best) {
			best, rank = dir, r
		}
	}
	return rank
}

// inModule reports whether pkg is this module or one of its packages.
func inModule(pkg string) bool {
	return pkg == module || strings.HasPrefix(pkg, module+"/")
}

func TestLayerSegments(t *testing.T) {
	for pkg, want := range map[string]int{
		module + "/lint":                   3,
		module + "/lintx":                  topLayer,
		module + "/parser/keyword":         0,
		module + "/parserx":                topLayer,
		module + "/internal/textdiff":      0,
		module + "/internal/textdiffer":    2,
		module + "/internal/sshtest":       0,
		module + "/cmd/sshcfg":             topLayer,
		module + "/resolve/internal/thing": 2,
	} {
		if got := layer(pkg); got != want {
			t.Errorf("layer(%s) = %d, want %d", pkg, got, want)
		}
	}
}

// TestLayers keeps imports flowing one way, in the packages and in their tests
// (in-package and external test files alike): a package may import only packages of its
// own layer or below, and only cmd/ may import cobra.
func TestLayers(t *testing.T) {
	const sep = "|"
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}}|{{join .XTestImports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	used := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, sep)
		if len(f) != 4 {
			t.Fatalf("go list printed %q", line)
		}
		pkg := f[0]
		for i, imports := range f[1:] {
			test := i > 0
			for _, imp := range strings.Fields(imports) {
				if imp == "github.com/spf13/cobra" && !strings.HasPrefix(pkg, module+"/cmd/") {
					t.Errorf("%s imports cobra; only cmd/ may", pkg)
				}
				if !inModule(imp) || layer(imp) <= layer(pkg) {
					continue
				}
				pair := strings.TrimPrefix(pkg, module+"/") + " " + strings.TrimPrefix(imp, module+"/")
				if _, ok := testImportsUpward[pair]; ok && test {
					used[pair] = true
					continue
				}
				what := pkg
				if test {
					what += " (tests)"
				}
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must flow downwards", what, layer(pkg), imp, layer(imp))
			}
		}
	}
	for pair, why := range testImportsUpward {
		if !used[pair] {
			t.Errorf("test import exception %q (%s) is no longer used: remove it", pair, why)
		}
	}
}

// TestFuzzTargetNamesUnique: test.sh runs each fuzz target by name in the first package
// that declares it, so two packages must not share a name.
func TestFuzzTargetNamesUnique(t *testing.T) {
	out, err := exec.Command("grep", "-rn", "--include=*_test.go", "^func Fuzz", ".").Output()
	if err != nil {
		t.Fatalf("grep: %v", err)
	}
	seen := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		file, rest, _ := strings.Cut(line, ":")
		_, decl, _ := strings.Cut(rest, ":")
		name, _, _ := strings.Cut(strings.TrimPrefix(decl, "func "), "(")
		if other, dup := seen[name]; dup && filepath.Dir(other) != filepath.Dir(file) {
			t.Errorf("%s is declared in %s and %s: test.sh would fuzz only one", name, other, file)
		}
		seen[name] = file
	}
}
