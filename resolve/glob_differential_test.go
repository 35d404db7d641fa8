package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// TestIncludeGlobFileKinds compares Include globs over symbolic links (to a directory,
// to a file, dangling), a directory without read permission and a file used as a
// directory with the real ssh -G: what txtar cases cannot set up.
func TestIncludeGlobFileKinds(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	dialect := sshtest.Dialect(t, bin)
	work := t.TempDir()
	dir := filepath.Join(work, "home", ".ssh", "g")
	for name, tag := range map[string]string{"a1": "a1", "sub/x": "subx", "locked/y": "lockedy", ".dot/z": "dotz"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("SendEnv G_"+tag+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"link": "sub", "dotlink": ".dot", "filelink": "a1", "dangling": "nowhere"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	for _, tc := range []struct {
		include string
		reads   bool // ssh reads at least one of the files
	}{
		{"g/*", true}, {"g/*/x", true}, {"g/*/*", true}, {"g/[!s]*/?", true}, {"g/*/", false},
		{"g/dangling g/filelink", true}, {"g/a1/*", false}, {"g/.*/z g/dotlink/*", true},
	} {
		include := tc.include
		t.Run(include, func(t *testing.T) {
			config := "Include " + include + "\n"
			if err := os.WriteFile(filepath.Join(work, "config"), []byte(config), 0o644); err != nil {
				t.Fatal(err)
			}
			c := &sshtest.Case{Name: include, Args: "-F config h"}
			want, _, wantStatus, err := sshtest.RunG(bin, work, c.EnvList(work), c.Words(t, work))
			if err != nil {
				t.Fatal(err)
			}
			env := caseEnv(c.Environ(work), work)
			o := modes(t, env, dialect, func() *Resolver { return New(env, dialect) }, New(env, dialect), c.Words(t, work))
			got, status := o.out, o.status
			if status != wantStatus || got != want {
				t.Errorf("%sexit %d, ssh %d; output differs from ssh -G:\n%s", config, status, wantStatus, sshtest.LineDiff(want, got))
			}
			if strings.Contains(want, "sendenv G_") != tc.reads {
				t.Errorf("%sssh reading files: %v, expected %v", config, !tc.reads, tc.reads)
			}
		})
	}
}
