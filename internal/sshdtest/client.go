package sshdtest

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// NewKey makes an unencrypted ed25519 key in a temporary directory, authorizes its
// public half on s and returns the private key file (the public line is file+".pub")
// and a signer for it.
func (s *Server) NewKey(t testing.TB) (file string, signer ssh.Signer) {
	t.Helper()
	file = filepath.Join(t.TempDir(), "id_ed25519")
	Keygen(t, file, "ed25519", "")
	pub, err := os.ReadFile(file + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	s.Authorize(t, string(pub))
	pem, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	signer, err = ssh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	return file, signer
}

// Dial opens an x/crypto client connection to s as the current user, logging in with
// signer and accepting only the server's own host key; ciphers, when given, are the only
// ciphers offered. The connection is closed when the test ends.
func (s *Server) Dial(t testing.TB, signer ssh.Signer, ciphers ...string) *ssh.Client {
	t.Helper()
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.HostKey))
	if err != nil {
		t.Fatal(err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ClientConfig{
		User:            u.Username,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(hostKey),
		Timeout:         30 * time.Second,
	}
	cfg.Ciphers = ciphers
	c, err := ssh.Dial("tcp", s.Addr(), cfg)
	if err != nil {
		t.Fatalf("dial: %v\nsshd log:\n%s", err, s.Log())
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// SSH is an OpenSSH ssh command logging in to s on 127.0.0.1 with the private key file
// key only, in batch mode, trusting only the server's host key; args are the options,
// the destination and the command. The test fails (or is skipped outside CI) without
// ssh.
func (s *Server) SSH(t testing.TB, key string, args ...string) *exec.Cmd {
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
	return exec.Command("ssh", append([]string{"-F", "none", "-i", key, "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + known, "-o", "GlobalKnownHostsFile=/dev/null",
		"-p", strconv.Itoa(s.Port)}, args...)...)
}
