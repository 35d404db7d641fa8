package session

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"

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
	key := filepath.Join(t.TempDir(), "id_ed25519")
	sshdtest.Keygen(t, key, "ed25519", "")
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	srv.Authorize(t, string(pub))
	pem, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: srv, key: key, signer: signer}
}

// dial opens an x/crypto client connection to the server, closed when the test ends.
func (s *testServer) dial(t testing.TB) *ssh.Client {
	t.Helper()
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.HostKey))
	if err != nil {
		t.Fatal(err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	c, err := ssh.Dial("tcp", s.Addr(), &ssh.ClientConfig{
		User:            u.Username,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(s.signer)},
		HostKeyCallback: ssh.FixedHostKey(hostKey),
		Timeout:         30 * time.Second,
	})
	if err != nil {
		t.Fatalf("dial: %v\nsshd log:\n%s", err, s.Log())
	}
	t.Cleanup(func() { c.Close() })
	return c
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

// ssh is an OpenSSH ssh command logging in to the server with its key, args being the
// options, the destination and the command; the test fails (or is skipped outside CI)
// without ssh.
func (s *testServer) ssh(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ssh not installed")
		}
		t.Skip("ssh not installed")
	}
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, []byte(s.KnownHostsLine("127.0.0.1")), 0o600); err != nil {
		t.Fatal(err)
	}
	return exec.Command("ssh", append([]string{"-F", "none", "-i", s.key, "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + known, "-o", "GlobalKnownHostsFile=/dev/null",
		"-p", strconv.Itoa(s.Port)}, args...)...)
}
