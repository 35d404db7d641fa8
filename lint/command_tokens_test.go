package lint

import (
	"os"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// TestChecksNamesMatchesInstalledSSH checks the premise of SC4013's note: when
// checksNames says the installed ssh refuses shell characters in command-line host and
// user names, ssh -G does refuse them before any command could run.
func TestChecksNamesMatchesInstalledSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	d := sshtest.Dialect(t, bin)
	env := []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	cfg := t.TempDir() + "/config"
	if err := os.WriteFile(cfg, []byte("Host *\n    ProxyCommand ssh -W %h:%p bastion\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"a$(id)b"}, {"-l", "x$(id)", "a"}, {"x`id`@a"}} {
		_, stderr, status, err := sshtest.RunG(bin, t.TempDir(), env, append([]string{"-F", cfg}, args...))
		if err != nil {
			t.Fatal(err)
		}
		refused := status != 0 && strings.Contains(stderr, "contains invalid characters")
		if refused != checksNames(d) {
			t.Errorf("ssh -G %q: status %d, stderr %q; checksNames(%s) = %v", args, status, stderr, d.Release, checksNames(d))
		}
	}
}
