package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const unformatted = "Host a\nUser=b\n"

func TestFmtRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "stdin-like")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{fifo}, {link}, {"/dev/zero"}, {"--check", "/dev/zero"}, {"--stdout", fifo}, {dir}} {
		name := args[len(args)-1]
		out, errOut, code := sshcfg(t, "", append([]string{"fmt", "--openssh", "9.2"}, args...)...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, name+": not a regular file") {
			t.Errorf("fmt %v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v %v", fi.Mode(), err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
}

func TestFmtRefusesHardLinks(t *testing.T) {
	dir := t.TempDir()
	p, other := filepath.Join(dir, "config"), filepath.Join(dir, "other")
	if err := os.WriteFile(p, []byte(unformatted), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(p, other); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := sshcfg(t, "", "fmt", "--openssh", "9.2", p)
	if code != exitUsage || !strings.Contains(errOut, "2 hard links") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	for _, n := range []string{p, other} {
		if got, _ := os.ReadFile(n); string(got) != unformatted {
			t.Errorf("%s written: %q", n, got)
		}
	}
	if fi, _ := os.Stat(p); fi.Sys().(*syscall.Stat_t).Nlink != 2 {
		t.Error("the hard link was broken")
	}
	if out, _, code := sshcfg(t, "", "fmt", "--openssh", "9.2", "--stdout", p); code != 0 || out != "Host a\n    User b\n" {
		t.Errorf("--stdout on a linked file: exit %d, %q", code, out)
	}
}

// TestFmtRefusesFileChangedUnderneath appends to the file after fmt read it and before
// it is replaced: fmt must refuse, and the append must survive.
func TestFmtRefusesFileChangedUnderneath(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config")
	if err := os.WriteFile(p, []byte(unformatted), 0o600); err != nil {
		t.Fatal(err)
	}
	const appended = "Host appended\n"
	beforeWrite = func(name string) {
		f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(appended)
		f.Close()
	}
	defer func() { beforeWrite = func(string) {} }()
	_, errOut, code := sshcfg(t, "", "fmt", "--openssh", "9.2", p)
	if code != exitUsage || !strings.Contains(errOut, p+": file changed since it was read; nothing written") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if got, _ := os.ReadFile(p); string(got) != unformatted+appended {
		t.Errorf("file is %q: the append was lost", got)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files left: %v", ents)
	}
}

func TestFmtKeepsSpecialModeBits(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(p, []byte(unformatted), 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(p, 12345, 12345); err != nil {
			t.Fatal(err)
		}
	}
	want := 0o640 | fs.ModeSetgid | fs.ModeSticky
	if os.Geteuid() == 0 {
		want |= fs.ModeSetuid
	}
	if err := os.Chmod(p, want); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := sshcfg(t, "", "fmt", "--openssh", "9.2", p); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	fi, _ := os.Stat(p)
	if got := fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky); got != want {
		t.Errorf("mode %v, want %v", got, want)
	}
	if got, _ := os.ReadFile(p); string(got) != "Host a\n    User b\n" {
		t.Errorf("not formatted: %q", got)
	}
}

func TestFmtStdinLimit(t *testing.T) {
	_, errOut, code := sshcfg(t, strings.Repeat("#", 64<<20+1), "fmt", "--openssh", "9.2")
	if code != exitUsage || !strings.Contains(errOut, "<stdin>: file too large") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestFmtKeepsStyle: the file's indentation is kept, --indent chooses another, a
// commented-out directive at the left margin stays there, and - is standard input.
func TestFmtKeepsStyle(t *testing.T) {
	const tabbed = "Host a\n\tUser b\n  Port=22\n#ForwardAgent yes\n  # prose\n"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Host a\n\tUser b\n\tPort 22\n#ForwardAgent yes\n\t# prose\n"},
		{[]string{"-"}, "Host a\n\tUser b\n\tPort 22\n#ForwardAgent yes\n\t# prose\n"},
		{[]string{"--indent", "2", "-"}, "Host a\n  User b\n  Port 22\n#ForwardAgent yes\n  # prose\n"},
		{[]string{"--indent=tab"}, "Host a\n\tUser b\n\tPort 22\n#ForwardAgent yes\n\t# prose\n"},
		{[]string{"--indent", "8"}, "Host a\n        User b\n        Port 22\n#ForwardAgent yes\n        # prose\n"},
	} {
		out, errOut, code := sshcfg(t, tabbed, append([]string{"fmt", "--openssh", "9.2"}, tc.args...)...)
		if code != 0 || out != tc.want {
			t.Errorf("fmt %v: exit %d, stderr %q, stdout %q, want %q", tc.args, code, errOut, out, tc.want)
		}
	}
	for _, bad := range []string{"1", "9", "x", "-2"} {
		if _, errOut, code := sshcfg(t, tabbed, "fmt", "--openssh", "9.2", "--indent="+bad); code != exitUsage || !strings.Contains(errOut, "from 2 to 8, or tab") {
			t.Errorf("--indent %s: exit %d, stderr %q", bad, code, errOut)
		}
	}
	if _, errOut, code := sshcfg(t, tabbed, "fmt", "--openssh", "9.2", "-", "-"); code != exitUsage || !strings.Contains(errOut, "named 2 times") {
		t.Errorf("- twice: exit %d, stderr %q", code, errOut)
	}
	// a file and standard input together: the file is rewritten, stdin goes to stdout
	p := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(p, []byte("Host a\n  User b\nPort 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := sshcfg(t, tabbed, "fmt", "--openssh", "9.2", p, "-")
	if got, _ := os.ReadFile(p); code != 0 || string(got) != "Host a\n  User b\n  Port 1\n" || !strings.HasPrefix(out, "Host a\n\tUser b\n") {
		t.Errorf("file and -: exit %d, stderr %q, stdout %q, file %q", code, errOut, out, got)
	}
}

// TestFmtCheckDiffExit: --diff exits 1 when there is a difference and 0 when there is
// none; --check --diff prints the diff (not the list) and exits 1; nothing is written.
func TestFmtCheckDiffExit(t *testing.T) {
	dir := t.TempDir()
	p, clean := filepath.Join(dir, "config"), filepath.Join(dir, "clean")
	if err := os.WriteFile(p, []byte(unformatted), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(clean, []byte("Host a\n\tUser b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--diff"}, {"--check", "--diff"}, {"--diff", "--check"}} {
		out, errOut, code := sshcfg(t, "", append(append([]string{"fmt", "--openssh", "9.2"}, args...), clean, p)...)
		if code != exitFindings || !strings.HasPrefix(out, "--- "+p+"\n") || !strings.Contains(out, "\n+    User b\n") {
			t.Errorf("fmt %v: exit %d, stderr %q, stdout:\n%s", args, code, errOut, out)
		}
		out, _, code = sshcfg(t, "", append(append([]string{"fmt", "--openssh", "9.2"}, args...), clean)...)
		if code != 0 || out != "" {
			t.Errorf("fmt %v on a formatted file: exit %d, stdout %q", args, code, out)
		}
	}
	out, _, code := sshcfg(t, unformatted, "fmt", "--openssh", "9.2", "--diff", "-")
	if code != exitFindings || !strings.HasPrefix(out, "--- <stdin>\n") {
		t.Errorf("--diff -: exit %d, stdout %q", code, out)
	}
	if got, _ := os.ReadFile(p); string(got) != unformatted {
		t.Errorf("written: %q", got)
	}
}
