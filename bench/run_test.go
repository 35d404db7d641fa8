// Package bench holds sshcfg's performance scripts and commands (run.sh, gen, perf and
// the separate peers module); this test checks that run.sh works.
package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// TestRunQuick runs `bench/run.sh -quick` into a temporary page that already has a
// history section, and checks the page's shape: the generated sections with a table row
// per size, sshcfg printing what ssh -G prints, and the history kept byte for byte. It
// checks no figure: those belong to benchmarks, not tests.
func TestRunQuick(t *testing.T) {
	sshtest.RequireSSH(t)
	out := filepath.Join(t.TempDir(), "performance.md")
	const history = "# History: earlier measurements, as recorded\n\nkept | as | it is\n"
	if err := os.WriteFile(out, []byte("# Performance\n\nold figures\n\n"+history), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("./run.sh", "-quick", "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run.sh -quick: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{
		"# Performance\n",
		"## Whole process: `sshcfg resolve` against `ssh -G`\n",
		"## sshcfg commands at scale\n",
		"## Whole-tree parse\n",
		"## Growth with size\n",
		"## Start-up floor\n",
		"| resolve, CPU |",
		"\n" + history,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "old figures") {
		t.Error("the generated part was not replaced")
	}
	if !strings.HasSuffix(page, history) {
		t.Error("the history is not the end of the page, byte for byte")
	}
	for _, row := range []string{`\| 100 \| 7 \| .* \| yes \|`, `\| 1,000 \| 7 \| .* \| yes \|`, `\| 1,000 \| .* \| lint \| `, `Include of a glob matching 1,000 files.* \| yes \|`,
		`Same: yes\.`, `\| Parse \(source handed over\) \| [0-9.]+ \|`, `\| ParseCopy \(Parse copies the source\) \| [0-9.]+ \|`, `\| .bench/floor/resolveonly -F CONFIG host2500. \| [0-9.]+ ms \| [0-9.]+×`} {
		if !regexp.MustCompile(row).MatchString(page) {
			t.Errorf("no row matching %s:\n%s", row, page)
		}
	}
	if strings.Contains(page, "failed:") || strings.Contains(page, "**no**") {
		t.Errorf("a run failed or sshcfg's output differs from ssh -G:\n%s", page)
	}
}

// TestRunQuickLeavesThePage runs `bench/run.sh -quick` as the README shows it, without
// -out: it prints its page and leaves docs/performance.md, the figures of record, as it
// is.
func TestRunQuickLeavesThePage(t *testing.T) {
	sshtest.RequireSSH(t)
	const page = "../docs/performance.md"
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := exec.Command("./run.sh", "-quick").Output()
	if err != nil {
		t.Fatalf("run.sh -quick: %v\n%s", err, stdout)
	}
	if !strings.Contains(string(stdout), "# Performance\n") || !strings.Contains(string(stdout), "Quick mode") {
		t.Errorf("run.sh -quick printed no page:\n%s", stdout)
	}
	after, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Fatal("run.sh -quick rewrote docs/performance.md")
	}
}
