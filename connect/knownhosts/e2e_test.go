package knownhosts

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// e2e is a real sshd with a user key authorized, and a config that reaches it as "srv".
type e2e struct {
	*fixture
	srv     *sshdtest.Server
	userKey string // private key file
	signer  ssh.Signer
}

func newE2E(t *testing.T, opts sshdtest.Options) *e2e {
	t.Helper()
	f := newFixture(t)
	e := &e2e{fixture: f, srv: sshdtest.Start(t, opts)}
	e.userKey = filepath.Join(f.dir, "id_user")
	sshdtest.Keygen(t, e.userKey, "ed25519", "")
	pub, err := os.ReadFile(e.userKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Authorize(t, string(pub))
	priv, err := os.ReadFile(e.userKey)
	if err != nil {
		t.Fatal(err)
	}
	if e.signer, err = ssh.ParsePrivateKey(priv); err != nil {
		t.Fatal(err)
	}
	return e
}

// config reaches the server as "srv" with one known_hosts file.
func (e *e2e) config(known, mode string, extra ...string) string {
	return "Host srv\n  HostName 127.0.0.1\n  Port " + strconv.Itoa(e.srv.Port) + "\n  IdentitiesOnly yes\n  IdentityFile " + e.userKey +
		"\n  BatchMode yes\n" + config(known, mode, extra...)
}

// dial connects with x/crypto and the Checker's callback and algorithms, and runs a
// session to prove the connection works.
func (e *e2e) dial(config string) (*session, error) {
	e.t.Helper()
	s := e.checker(config, "srv", nil)
	u, err := user.Current()
	if err != nil {
		e.t.Fatal(err)
	}
	cfg := &ssh.ClientConfig{
		User:              u.Username,
		Auth:              []ssh.AuthMethod{ssh.PublicKeys(e.signer)},
		HostKeyCallback:   s.HostKeyCallback(),
		HostKeyAlgorithms: s.HostKeyAlgorithms(),
		Timeout:           30 * time.Second,
	}
	c, err := ssh.Dial("tcp", e.srv.Addr(), cfg)
	if err != nil {
		return s, err
	}
	defer c.Close()
	ss, err := c.NewSession()
	if err != nil {
		return s, err
	}
	defer ss.Close()
	return s, ss.Run("true")
}

// ssh runs the real ssh client with config (written to a file) to "srv"; it returns its
// standard error and whether it succeeded.
func (e *e2e) ssh(config string, args ...string) (string, bool) {
	e.t.Helper()
	bin := sshtest.RequireSSH(e.t)
	cfg := filepath.Join(e.dir, "ssh_config")
	if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
		e.t.Fatal(err)
	}
	cmd := exec.Command(bin, append(append([]string{"-F", cfg}, args...), "srv", "true")...)
	cmd.Env = append(os.Environ(), "HOME="+e.home, "SSH_ASKPASS="+filepath.Join(e.dir, "askpass"), "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0")
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, &stderr
	err := cmd.Run()
	return stderr.String(), err == nil
}

func TestDialKnownKey(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	kh := e.file("kh", e.srv.KnownHostsLine("127.0.0.1"))
	if _, err := e.dial(e.config(kh, "yes")); err != nil {
		t.Fatal(err)
	}
	if out, ok := e.ssh(e.config(kh, "yes")); !ok {
		t.Fatalf("ssh refused the same file: %s", out)
	}
}

func TestDialUnknownStrict(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	kh := e.file("kh", "other.example.com "+e.srv.HostKey+"\n")
	s, err := e.dial(e.config(kh, "yes"))
	if err == nil || !strings.Contains(err.Error(), "no ED25519 host key is known for [127.0.0.1]:"+strconv.Itoa(e.srv.Port)+" in "+kh) {
		t.Errorf("got %v", err)
	}
	out, ok := e.ssh(e.config(kh, "yes"))
	if w := s.warn.String(); ok || w == "" || !strings.Contains(strings.ReplaceAll(out, "\r\n", "\n"), w) {
		t.Errorf("warning\n%s\nis not in ssh's\n%s", w, out)
	}
}

func TestDialChangedKey(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	old := e.key("old", "ed25519")
	kh := e.file("kh", "# comment\n", line("["+"127.0.0.1]:"+strconv.Itoa(e.srv.Port), old))
	for _, mode := range []string{"yes", "accept-new", "no"} {
		s, err := e.dial(e.config(kh, mode))
		if err == nil || !strings.Contains(err.Error(), "offending ED25519 key in "+kh+":2") {
			t.Errorf("%s: got %v", mode, err)
		}
		if !strings.Contains(s.warn.String(), "Offending ED25519 key in "+kh+":2") {
			t.Errorf("%s: warning %q", mode, s.warn.String())
		}
	}
	// ssh names the same line, with the same warning
	out, ok := e.ssh(e.config(kh, "yes"))
	if ok || !strings.Contains(out, "Offending ED25519 key in "+kh+":2") {
		t.Errorf("ssh: %v %s", ok, out)
	}
	s, _ := e.dial(e.config(kh, "yes"))
	if w := s.warn.String(); !strings.Contains(strings.ReplaceAll(out, "\r\n", "\n"), w) {
		t.Errorf("warning\n%s\nis not in ssh's\n%s", w, out)
	}
}

// TestDialAcceptNewLikeSSH records a key with accept-new and compares the file with the
// one real ssh writes for the same server.
func TestDialAcceptNewLikeSSH(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	for _, alias := range []string{"", "  HostKeyAlias MyServer"} {
		ours := filepath.Join(e.dir, "ours")
		theirs := filepath.Join(e.dir, "theirs")
		os.Remove(ours)
		os.Remove(theirs)
		e.file("prior", "existing.example.com "+e.srv.HostKey+"\n")
		for _, p := range []string{ours, theirs} {
			if err := os.WriteFile(p, []byte("# kept\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s, err := e.dial(e.config(ours, "accept-new", alias))
		if err != nil {
			t.Fatal(err)
		}
		out, ok := e.ssh(e.config(theirs, "accept-new", alias))
		if !ok {
			t.Fatalf("ssh: %s", out)
		}
		got, want := readFile(t, ours), readFile(t, theirs)
		if got != want {
			t.Errorf("%q: recorded\n%q\nssh recorded\n%q", alias, got, want)
		}
		if w := strings.TrimSpace(s.warn.String()); !strings.Contains(out, w) || w == "" {
			t.Errorf("%q: warning %q, ssh's %q", alias, w, out)
		}
		// each accepts the other's file
		if _, err := e.dial(e.config(theirs, "yes", alias)); err != nil {
			t.Errorf("%q: ssh's line refused: %v", alias, err)
		}
		if out, ok := e.ssh(e.config(ours, "yes", alias)); !ok {
			t.Errorf("%q: ssh refused our line: %s", alias, out)
		}
	}

	// hashed: the salt differs, ssh accepts ours
	hashed := filepath.Join(e.dir, "hashed")
	if _, err := e.dial(e.config(hashed, "accept-new", "  HashKnownHosts yes")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, hashed); !strings.HasPrefix(got, "|1|") || !strings.HasSuffix(got, " "+e.srv.HostKey+"\n") {
		t.Errorf("hashed line %q", got)
	}
	if out, ok := e.ssh(e.config(hashed, "yes")); !ok {
		t.Errorf("ssh refused our hashed line: %s", out)
	}
}

// TestAskLikeSSH compares the question StrictHostKeyChecking ask puts with the one ssh
// puts (through SSH_ASKPASS), for a key also known under other names.
func TestAskLikeSSH(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	others := "old.example.com " + e.srv.HostKey + "\n"
	kh := e.file("kh", "# c\n", others, "@cert-authority * "+e.srv.HostKey+"\n")
	e.keygen("-H", "-f", e.file("hashed", others, others))
	kh = e.file("kh", readFile(t, kh), readFile(t, filepath.Join(e.dir, "hashed")))
	inHome := filepath.Join(e.home, "kh_home") // shown as ~/kh_home
	if err := os.WriteFile(inHome, []byte("home.example.com "+e.srv.HostKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, visual := range []string{"no", "yes"} {
		cfg := e.config(kh+" "+inHome, "ask", "  VisualHostKey "+visual)
		s := e.checker(cfg, "srv", []string{"no"}, "-o", "BatchMode=no")
		addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: e.srv.Port}
		if err := s.HostKeyCallback()(e.srv.Addr(), addr, hostPublicKey(t, e.srv)); err == nil || len(s.asked) != 1 {
			t.Fatalf("%v %q", err, s.asked)
		}
		question := filepath.Join(e.dir, "question")
		script := "#!/bin/sh\nprintf '%s' \"$1\" > " + question + "\necho no\n"
		if err := os.WriteFile(filepath.Join(e.dir, "askpass"), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
		if out, ok := e.ssh(cfg, "-o", "BatchMode=no"); ok {
			t.Fatalf("ssh connected: %s", out)
		}
		if want := readFile(t, question); s.asked[0] != want {
			t.Errorf("asked\n%s\nssh asked\n%s", s.asked[0], want)
		}
	}
}

func TestDialRevoked(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	kh := e.file("kh", e.srv.KnownHostsLine("127.0.0.1"), "@revoked * "+e.srv.HostKey+"\n")
	_, err := e.dial(e.config(kh, "no"))
	if err == nil || !strings.Contains(err.Error(), "revoked in "+kh+":2") {
		t.Errorf("got %v", err)
	}
	if out, ok := e.ssh(e.config(kh, "yes")); ok || !strings.Contains(out, "REVOKED HOST KEY") {
		t.Errorf("ssh: %v %s", ok, out)
	}

	// revoked under the bare name only: ssh 9.2 warns, then records the key for
	// [127.0.0.1]:port and connects; the Checker refuses (the package documents it; if
	// ssh starts refusing too, update the documentation)
	bare := e.file("kh_bare", "@revoked 127.0.0.1 "+e.srv.HostKey+"\n")
	if _, err := e.dial(e.config(bare, "accept-new")); err == nil || !strings.Contains(err.Error(), "revoked in "+bare+":1") {
		t.Errorf("bare name: got %v", err)
	}
	if got := readFile(t, bare); strings.Count(got, "\n") != 1 {
		t.Errorf("bare name: recorded %q", got)
	}
	if out, ok := e.ssh(e.config(bare, "accept-new")); !ok || !strings.Contains(out, "REVOKED HOST KEY") {
		t.Errorf("ssh no longer accepts a key revoked under the bare name: %v %s", ok, out)
	}
}

func TestDialRevokedHostKeys(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	kh := e.file("kh", e.srv.KnownHostsLine("127.0.0.1"))
	hostPub := e.file("host.pub", e.srv.HostKey+"\n")
	krl := filepath.Join(e.dir, "revoked.krl")
	e.keygen("-q", "-k", "-f", krl, hostPub)
	_, err := e.dial(e.config(kh, "yes", "  RevokedHostKeys "+krl))
	if err == nil || !strings.Contains(err.Error(), "revoked in "+krl) {
		t.Errorf("got %v", err)
	}
	if out, ok := e.ssh(e.config(kh, "yes", "  RevokedHostKeys "+krl)); ok || !strings.Contains(out, "revoked by file "+krl) {
		t.Errorf("ssh: %v %s", ok, out)
	}
}

func TestDialHostCertificate(t *testing.T) {
	f := newFixture(t)
	ca := f.key("ca", "ed25519")
	hostKey := filepath.Join(f.dir, "hostcert_key")
	sshdtest.Keygen(t, hostKey, "ed25519", "")
	f.keygen("-q", "-s", "ca", "-I", "test host", "-h", "-n", "127.0.0.1,srv.example.com", "-V", "-1h:+1h", hostKey+".pub")
	e := newE2E(t, sshdtest.Options{Config: []string{"HostKey " + hostKey, "HostCertificate " + hostKey + "-cert.pub"}})
	e.fixture = f
	for _, pattern := range []string{"127.0.0.1", "[127.0.0.1]:*", "*"} {
		kh := f.file("kh", "@cert-authority "+pattern+" "+keyText(ca)+"\n")
		s, err := e.dial(e.config(kh, "yes"))
		if err != nil {
			t.Errorf("%s: %v", pattern, err)
			continue
		}
		if algs := s.HostKeyAlgorithms(); algs[0] != ssh.CertAlgoED25519v01 {
			t.Errorf("algorithms %v", algs)
		}
		if out, ok := e.ssh(e.config(kh, "yes")); !ok {
			t.Errorf("%s: ssh refused: %s", pattern, out)
		}
	}
	// a principal that does not name the host: the plain key is checked, and is unknown
	kh := f.file("kh", "@cert-authority * "+keyText(ca)+"\n")
	_, err := e.dial(e.config(kh, "yes", "  HostKeyAlias other.example.com"))
	if err == nil || !strings.Contains(err.Error(), "name is not a listed principal") {
		t.Errorf("got %v", err)
	}
}

// TestHostKeyAlgorithmsLikeSSH compares the host key algorithms offered with those ssh
// proposes (its -vvv "host key algorithms" line) for the same known_hosts files, less
// the algorithms x/crypto lacks.
func TestHostKeyAlgorithmsLikeSSH(t *testing.T) {
	e := newE2E(t, sshdtest.Options{})
	rsa := e.key("rsa", "rsa -b 2048")
	ecdsa := e.key("ecdsa", "ecdsa -b 521")
	ca := e.key("ca", "ed25519")
	name := "[127.0.0.1]:" + strconv.Itoa(e.srv.Port)
	supported := append(ssh.SupportedAlgorithms().HostKeys, ssh.InsecureAlgorithms().HostKeys...)
	cases := []struct{ lines, extra string }{
		{"", ""},
		{line(name, rsa), ""},
		{line(name, ecdsa), ""},
		{line(name, ecdsa) + line(name, rsa), "  HostKeyAlgorithms +ssh-rsa"},
		{"@cert-authority * " + keyText(ca) + "\n", ""},
		{line(name, rsa), "  HostKeyAlgorithms rsa-sha2-256,ssh-ed25519"},
		{line(name, rsa), "  HostKeyAlgorithms ^ssh-ed25519"},
		{e.srv.KnownHostsLine("127.0.0.1"), ""},
	}
	for i, c := range cases {
		kh := e.file("kh_algs"+strconv.Itoa(i), c.lines)
		cfg := e.config(kh, "yes", c.extra)
		got := e.checker(cfg, "srv", nil).HostKeyAlgorithms()
		out, _ := e.ssh(cfg, "-vvv")
		var theirs []string
		for _, l := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(strings.TrimRight(l, "\r"), "debug2: host key algorithms: "); ok {
				for _, a := range strings.Split(v, ",") {
					if slices.Contains(supported, a) {
						theirs = append(theirs, a)
					}
				}
				break
			}
		}
		if !slices.Equal(got, theirs) {
			t.Errorf("case %d:\n got %v\nssh %v", i, got, theirs)
		}
	}
}

// hostPublicKey is the server's host key.
func hostPublicKey(t *testing.T, s *sshdtest.Server) ssh.PublicKey {
	k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.HostKey))
	if err != nil {
		t.Fatal(err)
	}
	return k
}
