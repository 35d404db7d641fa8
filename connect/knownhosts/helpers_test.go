package knownhosts

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// fixture is a home directory with keys made by ssh-keygen.
type fixture struct {
	t    *testing.T
	home string
	dir  string // where keys and known_hosts files go
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	sshdtest.Require(t)
	home := t.TempDir()
	return &fixture{t: t, home: home, dir: t.TempDir()}
}

// key makes a key pair of type typ named name and returns its public key.
func (f *fixture) key(name, typ string) ssh.PublicKey {
	f.t.Helper()
	p := filepath.Join(f.dir, name)
	sshdtest.Keygen(f.t, p, typ, "")
	return f.pub(p + ".pub")
}

// pub reads a public key (or certificate) file.
func (f *fixture) pub(path string) ssh.PublicKey {
	f.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		f.t.Fatal(err)
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// keygen runs ssh-keygen with args in f.dir.
func (f *fixture) keygen(args ...string) string {
	f.t.Helper()
	cmd := exec.Command("ssh-keygen", args...)
	cmd.Dir = f.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		f.t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// file writes a known_hosts file in f.dir and returns its path.
func (f *fixture) file(name string, lines ...string) string {
	f.t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		f.t.Fatal(err)
	}
	return p
}

// line is a known_hosts line for key under hosts.
func line(hosts string, key ssh.PublicKey) string {
	return hosts + " " + keyText(key) + "\n"
}

// resolveHost resolves host with config (and extra ssh arguments) for f's home.
func (f *fixture) resolveHost(config, host string, args ...string) *resolve.Result {
	f.t.Helper()
	env := &resolve.Env{
		FS:       resolve.MapFS{"/test/config": []byte(config)},
		User:     resolve.User{Name: "tester", UID: os.Getuid(), Home: f.home},
		Hostname: "localbox",
		Getenv:   func(string) (string, bool) { return "", false },
	}
	r := resolve.New(env, keyword.Debian92)
	req, err := resolve.ParseArgs(append(append([]string{"-F", "/test/config"}, args...), host), keyword.Debian92)
	if err != nil {
		f.t.Fatal(err)
	}
	res, err := r.Resolve(req)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

// session is one checker with what it printed and what it was asked.
type session struct {
	*Checker
	warn    bytes.Buffer
	asked   []string
	answers []string
}

// checker makes a Checker for host; answers (if any) are the terminal's replies, nil
// means no terminal.
func (f *fixture) checker(config, host string, answers []string, args ...string) *session {
	f.t.Helper()
	s := &session{answers: answers}
	in := Interaction{Warn: &s.warn}
	if answers != nil {
		in.Prompt = func(q string) (string, error) {
			s.asked = append(s.asked, q)
			if len(s.answers) == 0 {
				return "", os.ErrClosed
			}
			a := s.answers[0]
			s.answers = s.answers[1:]
			return a, nil
		}
	}
	c, err := New(f.resolveHost(config, host, args...), in)
	if err != nil {
		f.t.Fatal(err)
	}
	s.Checker = c
	return s
}

// remote is a server address that is not loopback, so that CheckHostIP applies.
var remote = &net.TCPAddr{IP: net.ParseIP("192.0.2.10"), Port: 22}

func (s *session) verify(key ssh.PublicKey) error {
	return s.HostKeyCallback()("ignored:22", remote, key)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
