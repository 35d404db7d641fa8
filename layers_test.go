package sshcfg_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers keeps imports flowing one way: parser → resolve → lint → lsp / cmd. A
// package may import only packages of its own layer or below.
func TestLayers(t *testing.T) {
	const mod = "github.com/sshcfg/sshcfg/"
	rank := func(pkg string) int {
		p := strings.TrimPrefix(pkg, mod)
		switch {
		case strings.HasPrefix(p, "diag"), strings.HasPrefix(p, "pattern"), strings.HasPrefix(p, "parser"), strings.HasPrefix(p, "internal/textdiff"), strings.HasPrefix(p, "internal/tuning"):
			return 0
		case strings.HasPrefix(p, "format"):
			return 1
		case strings.HasPrefix(p, "resolve"), strings.HasPrefix(p, "internal/"):
			return 2
		case strings.HasPrefix(p, "lint"):
			return 3
		case strings.HasPrefix(p, "lsp"):
			return 4
		}
		return 5 // cmd, bench
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := f[0]
		for _, imp := range f[1:] {
			if imp == "github.com/spf13/cobra" && !strings.HasPrefix(pkg, mod+"cmd/") {
				t.Errorf("%s imports cobra; only cmd/ may", pkg)
			}
			if strings.HasPrefix(imp, mod) && rank(imp) > rank(pkg) {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must flow downwards", pkg, rank(pkg), imp, rank(imp))
			}
		}
	}
}
