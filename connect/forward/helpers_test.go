package forward

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
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
func (s *testServer) dial(t testing.TB, ciphers ...string) *ssh.Client {
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
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(s.signer)},
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

// resolveOptions resolves host "fwd" with no configuration file and the given -o lines.
func resolveOptions(t testing.TB, options ...string) *resolve.Result {
	t.Helper()
	req := resolve.NewRequest("fwd")
	req.ConfigFile = "none"
	for _, o := range options {
		req.Option(o)
	}
	res, err := resolve.New(resolve.OSEnv(t.TempDir(), false), keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatalf("resolve %q: %v", options, err)
	}
	return res
}

// freePort is a TCP port of 127.0.0.1 nobody listens on just now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// echoServer answers every connection on l with what it receives, half-closing after
// the client's end of file (so a forward that loses half-closes fails the test).
func echoServer(t testing.TB, l net.Listener) {
	t.Helper()
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_, _ = io.Copy(c, c)
				if hc, ok := c.(interface{ CloseWrite() error }); ok {
					_ = hc.CloseWrite()
				}
			}()
		}
	}()
}

func tcpEcho(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	echoServer(t, l)
	return l.Addr().(*net.TCPAddr).Port
}

func unixEcho(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "echo.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	echoServer(t, l)
	return path
}

// roundTrip sends payload through c, half-closes, and checks that exactly payload comes
// back.
func roundTrip(t testing.TB, c net.Conn, payload []byte) {
	t.Helper()
	defer c.Close()
	errc := make(chan error, 1)
	go func() {
		_, err := c.Write(payload)
		if err == nil {
			err = c.(interface{ CloseWrite() error }).CloseWrite()
		}
		errc <- err
	}()
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got, payload) {
		t.Fatalf("echo: got %d bytes (sha256 %x), want %d bytes (sha256 %x)",
			len(got), sha256.Sum256(got), len(payload), sha256.Sum256(payload))
	}
}

// payload is n bytes of a repeating pattern that is not all zeros.
func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// checkGoroutines fails when goroutines started after base are still running once
// every goroutine that is about to end had ample time to.
func checkGoroutines(t testing.TB, base int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

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
		"-p", itoa(s.Port)}, args...)...)
}
