// Package sshdtest starts real OpenSSH sshd processes on 127.0.0.1 for tests: each with
// its own configuration, host key, authorized_keys and log file in a temporary
// directory, stopped when the test ends.
package sshdtest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SSHDPath is where Debian's openssh-server installs sshd; sshd must be started by its
// absolute path.
const SSHDPath = "/usr/sbin/sshd"

// Require stops the test when sshd or ssh-keygen is missing: a skip normally, a failure
// when CI=true (CI must have them).
func Require(t testing.TB) {
	t.Helper()
	var missing []string
	if _, err := os.Stat(SSHDPath); err != nil {
		missing = append(missing, SSHDPath)
	}
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		missing = append(missing, "ssh-keygen")
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("%s not installed (Debian package openssh-server / openssh-client)", strings.Join(missing, ", "))
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Options changes how a server is started.
type Options struct {
	// Config holds extra sshd_config lines, appended after the defaults (sshd keeps the
	// first value of most keywords, so use it for keywords the defaults do not set).
	Config []string
	// HostKeyType is the ssh-keygen -t of the host key; "" means ed25519.
	HostKeyType string
}

// Server is one running sshd.
type Server struct {
	// Dir holds the server's files.
	Dir string
	// Port is the TCP port it listens on, on 127.0.0.1.
	Port int
	// HostKeyFile is the private host key; HostKey is its public line ("type base64").
	HostKeyFile, HostKey string
	// AuthorizedKeys is the authorized_keys file every user's logins are checked against.
	AuthorizedKeys string
	// LogFile is sshd's -E log.
	LogFile string

	cmd  *exec.Cmd
	done chan struct{}
}

// Addr is "127.0.0.1:port".
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)) }

// KnownHostsLine is a known_hosts line for the server's host key under the name host
// ("[host]:port" as ssh writes it for a port other than 22).
func (s *Server) KnownHostsLine(host string) string {
	return fmt.Sprintf("[%s]:%d %s\n", host, s.Port, s.HostKey)
}

// Authorize appends a public key line to the server's authorized_keys.
func (s *Server) Authorize(t testing.TB, publicKey string) {
	t.Helper()
	f, err := os.OpenFile(s.AuthorizedKeys, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(strings.TrimSpace(publicKey) + "\n"); err != nil {
		t.Fatal(err)
	}
}

// Log returns what sshd has logged so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.LogFile)
	return string(b)
}

// Stop ends the server and waits for it (tests end it themselves through Cleanup).
func (s *Server) Stop() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Start runs a new sshd on a free port of 127.0.0.1 that accepts public keys listed in
// its AuthorizedKeys for the current user (root included), with TCP, stream-local and
// agent forwarding allowed, and waits until it accepts connections.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	Require(t)
	if os.Geteuid() == 0 {
		// sshd's privilege-separation directory.
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	typ := opts.HostKeyType
	if typ == "" {
		typ = "ed25519"
	}
	s := &Server{
		Dir:            dir,
		HostKeyFile:    filepath.Join(dir, "host_key"),
		AuthorizedKeys: filepath.Join(dir, "authorized_keys"),
		LogFile:        filepath.Join(dir, "sshd.log"),
	}
	Keygen(t, s.HostKeyFile, typ, "")
	pub, err := os.ReadFile(s.HostKeyFile + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(pub))
	s.HostKey = f[0] + " " + f[1]
	if err := os.WriteFile(s.AuthorizedKeys, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// A port taken between Listen's release and sshd's bind gives a failed start: retry.
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		if lastErr = s.start(t, opts); lastErr == nil {
			t.Cleanup(s.Stop)
			return s
		}
	}
	t.Fatalf("sshd did not start: %v\n%s", lastErr, s.Log())
	return nil
}

func (s *Server) start(t testing.TB, opts Options) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	lines := []string{
		"ListenAddress " + s.Addr(),
		"HostKey " + s.HostKeyFile,
		"PidFile none",
		"UsePAM no",
		"StrictModes no",
		"PermitRootLogin yes",
		"AuthorizedKeysFile " + s.AuthorizedKeys,
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"AllowTcpForwarding yes",
		"AllowStreamLocalForwarding yes",
		"AllowAgentForwarding yes",
		"StreamLocalBindUnlink yes",
		"X11Forwarding no",
		"PrintMotd no",
		"AcceptEnv LANG LC_* SSHCFG_*",
		"LogLevel DEBUG1",
		"Subsystem sftp internal-sftp",
	}
	lines = append(opts.Config, lines...)
	cfg := filepath.Join(s.Dir, "sshd_config")
	if err := os.WriteFile(cfg, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return err
	}
	_ = os.Remove(s.LogFile)
	s.cmd = exec.Command(SSHDPath, "-D", "-e", "-f", cfg, "-E", s.LogFile)
	s.cmd.Stdin = nil
	var stderr bytes.Buffer
	s.cmd.Stdout, s.cmd.Stderr = &stderr, &stderr
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	for i := 0; i < 200; i++ { // up to 10 s
		select {
		case <-s.done:
			return fmt.Errorf("sshd exited: %s", stderr.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Stop()
	return fmt.Errorf("sshd not accepting connections on %s after 10 s", s.Addr())
}

// Keygen makes a key pair with ssh-keygen at path (and path.pub): type as -t, an
// optional "-b bits" suffix in typ ("ecdsa -b 521"), passphrase "" for none.
func Keygen(t testing.TB, path, typ, passphrase string) {
	t.Helper()
	args := []string{"-q", "-f", path, "-N", passphrase, "-C", "sshdtest@" + filepath.Base(path)}
	f := strings.Fields(typ)
	args = append(args, "-t", f[0])
	args = append(args, f[1:]...)
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
}

// StartAgent runs a real ssh-agent on a socket of its own until the test ends and returns
// the socket's path once the agent accepts connections there (the socket file appears at
// bind, before listen: a client that only waits for the file can be refused).
func StartAgent(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("ssh-agent"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ssh-agent not installed (Debian package openssh-client)")
		}
		t.Skip("ssh-agent not installed")
	}
	// Not t.TempDir: a Unix socket path must stay under 108 bytes.
	dir, err := os.MkdirTemp("", "agent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "sock")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for i := 0; i < 400; i++ { // up to 10 s
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return sock
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("ssh-agent did not accept connections on its socket in 10 s")
	return ""
}
