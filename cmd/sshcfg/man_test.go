package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestManPagePerCommand generates the man pages and checks there is one for every
// command a user can run (completion's subcommands included), naming the command, and
// that each lists only the shared flags its command acts on.
func TestManPagePerCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man1")
	if _, errOut, code := sshcfg(t, "", "man", dir); code != 0 {
		t.Fatalf("sshcfg man: exit %d: %s", code, errOut)
	}
	root := newRoot(nil, io.Discard, io.Discard)
	root.InitDefaultCompletionCmd()
	pages := 0
	var check func(cmd *cobra.Command)
	check = func(cmd *cobra.Command) {
		if cmd != root && !cmd.IsAvailableCommand() {
			return
		}
		name := strings.ReplaceAll(cmd.CommandPath(), " ", "-")
		b, err := os.ReadFile(filepath.Join(dir, name+".1"))
		if err != nil {
			t.Errorf("no man page for %q: %v", cmd.CommandPath(), err)
		} else {
			pages++
			page := string(b)
			if !strings.Contains(page, `.TH "SSHCFG" "1"`) || !strings.Contains(page, name+" - ") {
				t.Errorf("%s.1 lacks its title or NAME line:\n%.300s", name, page)
			}
			for flag, bit := range map[string]globalFlag{"--home": flagHome, "--openssh": flagOpenSSH, "--no-exec": flagNoExec} {
				want := globalFlags[cmd.Name()]&bit != 0 && (cmd == root || cmd.Parent() == root)
				if has := strings.Contains(page, `\fB`+flag+`\fP`); has != want {
					t.Errorf("%s.1 lists %s: %v, want %v", name, flag, has, want)
				}
			}
		}
		for _, sub := range cmd.Commands() {
			check(sub)
		}
	}
	check(root)
	if entries, _ := os.ReadDir(dir); len(entries) != pages {
		t.Errorf("%d files in %s, %d commands", len(entries), dir, pages)
	}
}
