package session

import (
	"os/exec"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// testServer is a real sshd with a key authorized for the current user.
type testServer struct {
	*sshdtest.Server
	key    string // private key file
	signer ssh.Signer
}

func startServer(t testing.TB) *testServer {
	t.Helper()
	srv := sshdtest.Start(t, sshdtest.Options{})
	key, signer := srv.NewKey(t)
	return &testServer{Server: srv, key: key, signer: signer}
}

// dial opens an x/crypto client connection to the server, closed when the test ends.
func (s *testServer) dial(t testing.TB) *ssh.Client {
	t.Helper()
	return s.Dial(t, s.signer)
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

// ssh is an OpenSSH ssh command logging in to the server with its key (see
// sshdtest.Server.SSH).
func (s *testServer) ssh(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	return s.SSH(t, s.key, args...)
}
