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

// Login is a running sshd with a key authorized on it for the current user.
type Login struct {
	*Server
	// Key is the private key file, unencrypted; Key+".pub" holds its public line.
	Key string
	// Signer signs with Key.
	Signer ssh.Signer
}

// NewLogin makes an ed25519 key in a temporary directory and authorizes it on s.
func (s *Server) NewLogin(t testing.TB) *Login {
	t.Helper()
	file := filepath.Join(t.TempDir(), "id_ed25519")
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
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	return &Login{Server: s, Key: file, Signer: signer}
}

// Dial opens an x/crypto client connection to the server as the current user, logging
// in with the key and accepting only the server's own host key; ciphers, when given,
// are the only ciphers offered. The connection is closed when the test ends.
func (l *Login) Dial(t testing.TB, ciphers ...string) *ssh.Client {
	t.Helper()
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte(l.HostKey))
	if err != nil {
		t.Fatal(err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ClientConfig{
		User:            u.Username,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(l.Signer)},
		HostKeyCallback: ssh.FixedHostKey(hostKey),
		Timeout:         30 * time.Second,
	}
	cfg.Ciphers = ciphers
	c, err := ssh.Dial("tcp", l.Addr(), cfg)
	if err != nil {
		t.Fatalf("dial: %v\nsshd log:\n%s", err, l.Log())
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// SSH is an OpenSSH ssh command logging in to the server on 127.0.0.1 with the key
// only, in batch mode, trusting only the server's host key; args are the options,
// the destination and the command. The test fails (or is skipped outside CI) without
// ssh.
func (l *Login) SSH(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ssh not installed")
		}
		t.Skip("ssh not installed")
	}
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, []byte(l.KnownHostsLine("127.0.0.1")), 0o600); err != nil {
		t.Fatal(err)
	}
	return exec.Command("ssh", append([]string{"-F", "none", "-i", l.Key, "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + known, "-o", "GlobalKnownHostsFile=/dev/null",
		"-p", strconv.Itoa(l.Port)}, args...)...)
}
