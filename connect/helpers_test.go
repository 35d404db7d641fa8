package connect_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect"
	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/resolve"
)

// relayEnv makes the test binary a TCP relay between its standard input and output and
// the address the variable holds: the tests' ProxyCommand.
const relayEnv = "SSHCFG_CONNECT_TEST_RELAY"

func TestMain(m *testing.M) {
	if addr := os.Getenv(relayEnv); addr != "" {
		os.Exit(relay(addr))
	}
	os.Exit(m.Run())
}

// relayHoldEnv makes the relay keep its connection open after its standard input ends,
// so that only being killed ends it.
const relayHoldEnv = "SSHCFG_CONNECT_TEST_RELAY_HOLD"

// relay copies standard input to addr and addr to standard output until either ends.
func relay(addr string) int {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "relay:", err)
		return 1
	}
	go func() {
		_, _ = io.Copy(c, os.Stdin)
		if os.Getenv(relayHoldEnv) == "" {
			c.(*net.TCPConn).CloseWrite()
		}
	}()
	_, _ = io.Copy(os.Stdout, c)
	return 0
}

// fixture is a home directory, a configuration file and the host keys of the servers
// the tests reach.
type fixture struct {
	t        *testing.T
	dir      string
	home     string
	config   string
	stderr   bytes.Buffer
	mu       sync.Mutex
	hostKeys map[string]string // "127.0.0.1:port" → "type base64"
	prompts  []string
	answers  []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	sshdtest.Require(t)
	dir := t.TempDir()
	f := &fixture{t: t, dir: dir, home: filepath.Join(dir, "home"), config: filepath.Join(dir, "ssh_config"),
		hostKeys: map[string]string{}}
	if err := os.MkdirAll(filepath.Join(f.home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	return f
}

// server starts an sshd whose host key the fixture trusts.
func (f *fixture) server(opts sshdtest.Options) *sshdtest.Server {
	s := sshdtest.Start(f.t, opts)
	f.hostKeys[s.Addr()] = s.HostKey
	return s
}

// key makes a key pair under the fixture's directory and returns its path.
func (f *fixture) key(name, typ, passphrase string) string {
	p := filepath.Join(f.dir, name)
	sshdtest.Keygen(f.t, p, typ, passphrase)
	return p
}

func (f *fixture) pub(path string) string {
	b, err := os.ReadFile(path + ".pub")
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

func (f *fixture) writeConfig(text string) {
	if err := os.WriteFile(f.config, []byte(text), 0o600); err != nil {
		f.t.Fatal(err)
	}
}

// resolve resolves host from the fixture's configuration with -o options.
func (f *fixture) resolve(host string, options ...string) *resolve.Result {
	f.t.Helper()
	req := resolve.NewRequest(host)
	req.ConfigFile = f.config
	for _, o := range options {
		req.Option(o)
	}
	res, err := f.resolver().Resolve(req)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

func (f *fixture) resolver() *resolve.Resolver {
	env := resolve.OSEnv(f.home, false)
	getenv := env.Getenv
	env.Getenv = func(name string) (string, bool) {
		if name == "SSH_AUTH_SOCK" {
			return "", false // never the agent of whoever runs the tests
		}
		return getenv(name)
	}
	return resolve.New(env, resolve.InstalledDialect())
}

// resolveHop resolves a jump host as the CLI does.
func (f *fixture) resolveHop(ctx context.Context, j connect.Jump) (*resolve.Result, error) {
	return f.resolver().ResolveContext(ctx, j.Request(f.config))
}

// hostKey checks the server's key against the ones the fixture started.
func (f *fixture) hostKey(hostname string, _ net.Addr, key ssh.PublicKey) error {
	want, ok := f.hostKeys[hostname]
	if !ok {
		return fmt.Errorf("unknown test host %s", hostname)
	}
	if got := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))); got != want {
		return fmt.Errorf("host key of %s: got %s, want %s", hostname, got, want)
	}
	return nil
}

// options are Dial's options for the fixture; answers are given to prompts in order.
func (f *fixture) options(env map[string]string) connect.Options {
	return connect.Options{
		ResolveHop:      f.resolveHop,
		HostKeyCallback: f.hostKey,
		Stderr:          &lockedWriter{mu: &f.mu, w: &f.stderr},
		Getenv: func(name string) (string, bool) {
			v, ok := env[name]
			return v, ok
		},
		Prompt: func(prompt string, echo bool) (string, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.prompts = append(f.prompts, prompt)
			if len(f.answers) == 0 {
				return "", errors.New("no answer")
			}
			a := f.answers[0]
			f.answers = f.answers[1:]
			return a, nil
		},
	}
}

func (f *fixture) stderrText() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stderr.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// dial connects with a bounded context.
func dial(t *testing.T, res *resolve.Result, opts connect.Options) (*ssh.Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := connect.Dial(ctx, res, opts)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// run runs a command in a new session and returns its output and exit status.
func run(t *testing.T, c *ssh.Client, command string) (string, int) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out, err := s.CombinedOutput(command)
	var ee *ssh.ExitError
	switch {
	case errors.As(err, &ee):
		return string(out), ee.ExitStatus()
	case err != nil:
		t.Fatalf("%s: %v", command, err)
	}
	return string(out), 0
}

// sshAdd runs ssh-add against the agent at sock.
func sshAdd(t *testing.T, sock string, args ...string) string {
	t.Helper()
	cmd := exec.Command("ssh-add", args...)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	out, err := cmd.CombinedOutput()
	if err != nil && !(len(args) > 0 && args[0] == "-L") {
		t.Fatalf("ssh-add %v: %v\n%s", args, err, out)
	}
	return string(out)
}
