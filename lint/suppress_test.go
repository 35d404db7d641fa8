package lint

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

const suppressedConfig = `# sshcfg: disable-file=unknown-keyword -- the file is shared with a patched ssh
IgnoreUnknown UseKeychain
Host lab
    # sshcfg: disable=SC4001 -- throw-away VMs
    StrictHostKeyChecking no
    # sshcfg: disable=SC4001,forward-agent -- even a malformed-looking list is a comment to ssh
    User lab
Host *
    # sshcfg: disable=unused-suppression
    ForwardAgent no
`

// TestSuppressionsDoNotChangeResolution runs ssh -G on a config with suppression comments
// and on the same config without them: ssh reads them as comments, so the output is the
// same for every host.
func TestSuppressionsDoNotChangeResolution(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	dir := t.TempDir()
	with := filepath.Join(dir, "with")
	without := filepath.Join(dir, "without")
	stripped := regexp.MustCompile(`(?m)^ *# sshcfg:.*\n`).ReplaceAllString(suppressedConfig, "")
	if stripped == suppressedConfig {
		t.Fatal("the config has no suppression to strip")
	}
	for name, text := range map[string]string{with: suppressedConfig, without: stripped} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"HOME=" + dir, "PATH=/usr/bin:/bin"}
	for _, host := range []string{"lab", "other"} {
		a, aErr, aStatus, err := sshtest.RunG(bin, dir, env, []string{"-F", with, host})
		if err != nil {
			t.Fatal(err)
		}
		b, bErr, bStatus, err := sshtest.RunG(bin, dir, env, []string{"-F", without, host})
		if err != nil {
			t.Fatal(err)
		}
		if aStatus != 0 || a != b || aErr != bErr || aStatus != bStatus {
			t.Errorf("%s: ssh -G differs with the suppressions (status %d/%d, stderr %q/%q):\n%s", host, aStatus, bStatus, aErr, bErr, sshtest.LineDiff(b, a))
		}
	}
}

// TestDisabledRuleMakesNoUnusedSuppression: a suppression of a rule that did not run is
// not reported as unused.
func TestDisabledRuleMakesNoUnusedSuppression(t *testing.T) {
	config := "Host a\n    # sshcfg: disable=SC4001 -- lab\n    StrictHostKeyChecking no\n"
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte(config)}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	for _, disabled := range [][]string{nil, {"SC4001"}} {
		res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env, Dialect: keyword.Debian92, Disabled: disabled})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) != 0 {
			t.Errorf("disabled %v: want no finding, got %v", disabled, res.Findings)
		}
	}
	if got := lintText(t, "Host a\n    # sshcfg: disable=SC4001 -- lab\n    User a\n"); !slices.Equal(got, []string{"02:unused-suppression"}) {
		t.Errorf("got %v, want the unused suppression", got)
	}
}
