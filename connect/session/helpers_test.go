package session

import (
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// startServer starts a real sshd with a key authorized for the current user.
func startServer(t testing.TB) *sshdtest.Login {
	t.Helper()
	return sshdtest.Start(t, sshdtest.Options{}).NewLogin(t)
}

// resolveArgs resolves ssh's argv (options, then the host) with no configuration file
// but the -o lines given.
func resolveArgs(t testing.TB, args ...string) *resolve.Result {
	t.Helper()
	req, err := resolve.ParseArgs(append([]string{"-F", "none"}, args...), keyword.Debian92)
	if err != nil {
		t.Fatalf("ssh %q: %v", args, err)
	}
	res, err := resolve.New(resolve.OSEnv(t.TempDir(), false), keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatalf("resolve %q: %v", args, err)
	}
	return res
}
