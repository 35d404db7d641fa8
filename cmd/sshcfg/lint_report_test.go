package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLintExplain prints the docs of a rule (by id and by slug) and of a parser code, and
// exits 2 for an unknown id.
func TestLintExplain(t *testing.T) {
	for arg, want := range map[string]string{
		"SC4001":                       "### SC4001 strict-host-key-checking-off",
		"strict-host-key-checking-off": "Good:\n\n```ssh-config\n",
		"SC1001":                       "### SC1001 unknown-keyword",
		"unknown-keyword":              "Default level: error.",
	} {
		out, errOut, code := sshcfg(t, "", "lint", "--explain", arg)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("lint --explain %s: exit %d, stderr %q, stdout:\n%s", arg, code, errOut, out)
		}
	}
	out, errOut, code := sshcfg(t, "", "lint", "--explain", "SC0000")
	if code != exitUsage || out != "" || !strings.Contains(errOut, `"SC0000"`) {
		t.Errorf("unknown id: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// lintFixture writes a config with a misspelt keyword holding a control sequence and
// StrictHostKeyChecking no, and returns its path.
func lintFixture(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("Host *\n  Forward\x1b]0;t\x07Agnet yes\n  StrictHostKeyChecking no\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var sgrSequence = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// On a terminal, lint's text shows the source line with a caret, in colour (none with
// NO_COLOR), with the config's control bytes escaped; piped it is one plain line per
// finding.
func TestLintTextTerminalAndPiped(t *testing.T) {
	cfg := lintFixture(t, t.TempDir(), "config")
	out, _, code := sshcfg(t, "", "lint", cfg)
	if code != exitLintFindings || strings.Contains(out, "\x1b") || strings.Count(out, "\n") != 2 || !strings.Contains(out, `forward\033]0;t\007agnet`) {
		t.Errorf("piped: exit %d, want two plain lines:\n%q", code, out)
	}
	old := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = old }()
	out, _, code = sshcfg(t, "", "lint", cfg)
	if code != exitLintFindings || !strings.Contains(out, "\x1b[1;31merror:\x1b[0m") || !strings.Contains(out, "3 |\x1b[0m   StrictHostKeyChecking no\n") {
		t.Errorf("terminal: exit %d, want colour and the source line:\n%q", code, out)
	}
	for _, c := range sgrSequence.ReplaceAllString(out, "") {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("raw control byte %q reached the terminal:\n%q", c, out)
		}
	}
	t.Setenv("NO_COLOR", "1")
	out, _, _ = sshcfg(t, "", "lint", cfg)
	if strings.Contains(out, "\x1b") || !strings.Contains(out, "^^") {
		t.Errorf("NO_COLOR: want the caret without colour:\n%q", out)
	}
}

// Several files make one report (one SARIF document), with URIs relative to the working
// directory, written to --output.
func TestLintSARIFOfSeveralFilesToOutput(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	lintFixture(t, dir, "a")
	lintFixture(t, dir, "b")
	out, errOut, code := sshcfg(t, "", "lint", "--format", "sarif", "--output", "report.sarif", "a", filepath.Join(dir, "b"))
	if code != exitLintFindings || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, data)
	}
	uris := map[string]int{}
	for _, r := range log.Runs[0].Results {
		uris[r.Locations[0].PhysicalLocation.ArtifactLocation.URI]++
		if r.Level == "" {
			t.Error("a result has no level")
		}
	}
	if len(log.Runs) != 1 || uris["a"] != 2 || uris["b"] != 2 {
		t.Errorf("want 2 results each for a and b, got %v", uris)
	}
}
