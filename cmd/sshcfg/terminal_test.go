package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// On a terminal, resolve escapes the configuration's control bytes in its -G output;
// to a pipe or file it prints ssh's bytes unchanged.
func TestResolveEscapesOnlyOnTerminals(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte("Host h\n  User a\x1b]0;title\x07b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := sshcfg(t, "", "resolve", "-F", cfg, "h")
	if code != 0 || !strings.Contains(out, "user a\x1b]0;title\x07b\n") {
		t.Fatalf("to a pipe the output must be ssh's bytes (exit %d):\n%q", code, out)
	}
	old := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = old }()
	out, _, code = sshcfg(t, "", "resolve", "-F", cfg, "h")
	if code != 0 || !strings.Contains(out, `user a\033]0;title\007b`+"\n") {
		t.Errorf("on a terminal the control bytes must be escaped (exit %d):\n%q", code, out)
	}
	for _, c := range out {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("raw control byte %q reached the terminal", c)
		}
	}
}

// fmt --diff and --stdout escape control bytes on a terminal only.
func TestFmtEscapesOnlyOnTerminals(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte("Host h\nUser a\x1b]0;t\x07b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--diff", "--stdout"} {
		out, _, _ := sshcfg(t, "", "fmt", flag, cfg)
		if !strings.Contains(out, "\x1b]0;t\x07") {
			t.Errorf("fmt %s to a pipe must print the file's bytes:\n%q", flag, out)
		}
	}
	old := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = old }()
	for _, flag := range []string{"--diff", "--stdout"} {
		out, _, _ := sshcfg(t, "", "fmt", flag, cfg)
		if !strings.Contains(out, `a\033]0;t\007b`) || strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("fmt %s on a terminal must escape control bytes:\n%q", flag, out)
		}
	}
}
