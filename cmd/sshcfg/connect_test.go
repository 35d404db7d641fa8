package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Tests of `sshcfg connect` and `sshcfg copy-id` against real sshd processes. Those that
// run a session or a forward need packages connect/session and connect/forward, and all
// of them connect/knownhosts (the other helpers' parts of issue 10).

// connectSite is a home directory, a known_hosts file and a configuration for tests of
// the CLI; SSH_AUTH_SOCK is cleared so that no agent of the caller is used.
type connectSite struct {
	t      *testing.T
	dir    string
	home   string
	known  string
	config string
}

func newConnectSite(t *testing.T) *connectSite {
	t.Helper()
	sshdtest.Require(t)
	t.Setenv("SSH_AUTH_SOCK", "")
	dir := t.TempDir()
	s := &connectSite{t: t, dir: dir, home: filepath.Join(dir, "home"), known: filepath.Join(dir, "known_hosts"),
		config: filepath.Join(dir, "config")}
	if err := os.MkdirAll(filepath.Join(s.home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	return s
}

// server starts an sshd and records its host key under 127.0.0.1.
func (s *connectSite) server(opts sshdtest.Options) *sshdtest.Server {
	srv := sshdtest.Start(s.t, opts)
	f, err := os.OpenFile(s.known, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(srv.KnownHostsLine("127.0.0.1")); err != nil {
		s.t.Fatal(err)
	}
	return srv
}

func (s *connectSite) key(name, typ, passphrase string) string {
	p := filepath.Join(s.home, ".ssh", name)
	sshdtest.Keygen(s.t, p, typ, passphrase)
	return p
}

func readPub(t *testing.T, key string) string {
	b, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// writeConfig writes the configuration with the known_hosts settings every host needs.
func (s *connectSite) writeConfig(text string) {
	text += fmt.Sprintf("Host *\n  UserKnownHostsFile %s\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  BatchMode yes\n", s.known)
	if err := os.WriteFile(s.config, []byte(text), 0o600); err != nil {
		s.t.Fatal(err)
	}
}

// serverWithKey starts an sshd (see server) and authorizes on it a new key made by
// key; it returns the server and the key's private file.
func (s *connectSite) serverWithKey(name, typ, passphrase string) (*sshdtest.Server, string) {
	s.t.Helper()
	srv := s.server(sshdtest.Options{})
	key := s.key(name, typ, passphrase)
	srv.Authorize(s.t, readPub(s.t, key))
	return srv, key
}

// writeBox writes a configuration (see writeConfig) whose host box is 127.0.0.1 on
// port, with the extra lines given under it.
func (s *connectSite) writeBox(port int, lines ...string) {
	text := fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n", port)
	for _, l := range lines {
		text += "  " + l + "\n"
	}
	s.writeConfig(text)
}

// sshcfg runs the CLI in-process with the site's home and configuration.
func (s *connectSite) sshcfg(stdin string, command string, args ...string) (string, string, int) {
	s.t.Helper()
	full := append([]string{command, "--home", s.home, "-F", s.config}, args...)
	return sshcfg(s.t, stdin, full...)
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestConnectCommandExitStatus(t *testing.T) {
	s := newConnectSite(t)
	srv, _ := s.serverWithKey("id_ed25519", "ed25519", "")
	s.writeBox(srv.Port)
	out, errOut, code := s.sshcfg("", "connect", "box", "echo", "hello;", "exit", "7")
	if out != "hello\n" || code != 7 {
		t.Errorf("got %q, exit %d; want hello, 7\nstderr: %s", out, code, errOut)
	}
}

func TestConnectPermissionDenied(t *testing.T) {
	s := newConnectSite(t)
	srv := s.server(sshdtest.Options{})
	s.key("id_ed25519", "ed25519", "")
	s.writeBox(srv.Port, "User root")
	out, errOut, code := s.sshcfg("", "connect", "box", "true")
	if code != exitSSH || out != "" || errOut != "root@127.0.0.1: Permission denied (publickey).\r\n" {
		t.Errorf("got exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestConnectRefused(t *testing.T) {
	checkRefused(t, "box", "true")
}

// checkRefused runs sshcfg connect with args (box being 127.0.0.1 on a port nobody
// listens on): it exits as ssh does, with ssh's message last.
func checkRefused(t *testing.T, args ...string) {
	t.Helper()
	s := newConnectSite(t)
	port := freePort(t)
	s.writeBox(port)
	_, errOut, code := s.sshcfg("", "connect", args...)
	want := fmt.Sprintf("ssh: connect to host 127.0.0.1 port %d: Connection refused\r\n", port)
	if code != exitSSH || !strings.HasSuffix(errOut, want) {
		t.Errorf("connect %q: exit %d, stderr %q; want %q", args, code, errOut, want)
	}
}

// TestConnectUnsupportedWarnings names each option it does not implement once, with its
// line, and goes on.
func TestConnectUnsupportedWarnings(t *testing.T) {
	s := newConnectSite(t)
	port := freePort(t)
	s.writeBox(port, "ControlMaster auto", "ControlPath /tmp/x-%C", "ForwardX11 yes", "Tunnel yes")
	_, errOut, code := s.sshcfg("", "connect", "box", "true")
	if code != exitSSH {
		t.Errorf("exit %d", code)
	}
	for _, kw := range []string{"ControlMaster", "ControlPath", "ForwardX11", "Tunnel"} {
		if n := strings.Count(errOut, "sshcfg: warning: "+kw+" ("); n != 1 {
			t.Errorf("%d warnings for %s:\n%s", n, kw, errOut)
		}
	}
	if !strings.Contains(errOut, "ControlMaster ("+s.config+":4) is not supported by sshcfg connect") {
		t.Errorf("the warning does not name the line:\n%s", errOut)
	}
}

func TestConnectNoExecRefusesProxyCommand(t *testing.T) {
	s := newConnectSite(t)
	s.writeConfig("Host box\n  ProxyCommand touch " + filepath.Join(s.dir, "ran") + "\n")
	_, errOut, code := sshcfg(t, "", "connect", "--no-exec", "--home", s.home, "-F", s.config, "box", "true")
	if code != exitSSH || !strings.Contains(errOut, "ProxyCommand is not run with --no-exec") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "ran")); err == nil {
		t.Error("the ProxyCommand ran")
	}
}

// TestConnectVerboseExplain prints the explain trace before connecting.
func TestConnectVerboseExplain(t *testing.T) {
	s := newConnectSite(t)
	port := freePort(t)
	s.writeBox(port)
	_, errOut, code := s.sshcfg("", "connect", "-v", "box", "true")
	explain, _, _ := s.sshcfg("", "explain", "-v", "box")
	if code != exitSSH || explain == "" || !strings.HasPrefix(errOut, explain) {
		t.Errorf("exit %d; stderr does not start with explain's output:\n%s\n---\n%s", code, errOut, explain)
	}
}

func TestConnectForkWithoutCommand(t *testing.T) {
	s := newConnectSite(t)
	s.writeConfig("Host box\n  Port 9\n")
	_, errOut, code := s.sshcfg("", "connect", "-f", "box")
	if code != exitSSH || errOut != "Cannot fork into background without a command to execute.\r\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestConnectJumpAndProxyCommand reaches a server through -J with two hops, and through
// a ProxyCommand that is sshcfg's own -W.
func TestConnectJumpAndProxyCommand(t *testing.T) {
	s := newConnectSite(t)
	hop1, hop2, target := s.server(sshdtest.Options{}), s.server(sshdtest.Options{}), s.server(sshdtest.Options{})
	key := s.key("id_ecdsa", "ecdsa", "")
	for _, srv := range []*sshdtest.Server{hop1, hop2, target} {
		srv.Authorize(t, readPub(t, key))
	}
	s.writeConfig(fmt.Sprintf(`Host hop1
  HostName 127.0.0.1
  Port %d
Host hop2
  HostName 127.0.0.1
  Port %d
Host target
  HostName 127.0.0.1
  Port %d
Host viaproxy
  HostName 127.0.0.1
  Port %d
  ProxyCommand sshcfg connect --home %s -F %s -W %%h:%%p hop1
`, hop1.Port, hop2.Port, target.Port, target.Port, s.home, s.config))
	out, errOut, code := s.sshcfg("", "connect", "-J", "hop1,hop2", "target", "echo", "jumped")
	if out != "jumped\n" || code != 0 || errOut != "" {
		// a hop runs no session (ssh's -W): no "Pseudo-terminal will not be allocated"
		t.Errorf("-J: got %q, exit %d, stderr %q", out, code, errOut)
	}
	if !strings.Contains(hop2.Log(), fmt.Sprintf("target 127.0.0.1 port %d", target.Port)) {
		t.Errorf("hop2 did not forward to the target:\n%s", hop2.Log())
	}
	out, errOut, code = s.sshcfg("", "connect", "viaproxy", "echo", "proxied")
	if out != "proxied\n" || code != 0 {
		t.Errorf("ProxyCommand: got %q, exit %d\n%s", out, code, errOut)
	}
}

// copyIDServer starts an sshd whose sessions see remoteHome as $HOME and which reads
// remoteHome/.ssh/authorized_keys besides its own file, so that copy-id installs keys
// in a temporary home.
func (s *connectSite) copyIDServer(remoteHome string) *sshdtest.Server {
	if err := os.MkdirAll(remoteHome, 0o755); err != nil {
		s.t.Fatal(err)
	}
	dir := s.t.TempDir()
	own := filepath.Join(dir, "bootstrap_keys")
	if err := os.WriteFile(own, nil, 0o600); err != nil {
		s.t.Fatal(err)
	}
	srv := s.server(sshdtest.Options{Config: []string{
		"SetEnv HOME=" + remoteHome,
		"AuthorizedKeysFile " + filepath.Join(remoteHome, ".ssh", "authorized_keys") + " " + own,
	}})
	srv.AuthorizedKeys = own
	return srv
}

// copyIDBox starts a copy-id server for remoteHome (see copyIDServer) with a new key
// "bootstrap" authorized on it, and writes a configuration whose host box is that
// server, with the extra lines given; it returns the bootstrap key.
func (s *connectSite) copyIDBox(remoteHome string, lines ...string) string {
	s.t.Helper()
	srv := s.copyIDServer(remoteHome)
	boot := s.key("bootstrap", "ed25519", "")
	srv.Authorize(s.t, readPub(s.t, boot))
	s.writeBox(srv.Port, lines...)
	return boot
}

// TestCopyIDThenLogin installs a key, skips it the second time, and logs in with it
// alone.
func TestCopyIDThenLogin(t *testing.T) {
	s := newConnectSite(t)
	remote := filepath.Join(s.dir, "remote")
	boot := s.copyIDBox(remote, "IdentitiesOnly yes")
	newKey := s.key("id_new", "ecdsa -b 521", "")

	out, errOut, code := s.sshcfg("", "copy-id", "-i", newKey, "-n", "-o", "IdentityFile="+boot, "box")
	if code != 0 || !strings.Contains(out, "Would have added the following key(s):") || !strings.Contains(out, strings.TrimSpace(readPub(t, newKey))) {
		t.Fatalf("-n: exit %d\n%s\n%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(remote, ".ssh")); err == nil {
		t.Fatal("-n created ~/.ssh")
	}
	out, errOut, code = s.sshcfg("", "copy-id", "-i", newKey, "-o", "IdentityFile="+boot, "box")
	if code != 0 || !strings.Contains(out, "Number of key(s) added: 1") {
		t.Fatalf("copy-id: exit %d\n%s\n%s", code, out, errOut)
	}
	for path, mode := range map[string]os.FileMode{filepath.Join(remote, ".ssh"): 0o700, filepath.Join(remote, ".ssh", "authorized_keys"): 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v, mode %v; want %v", path, err, st.Mode().Perm(), mode)
		}
	}
	b, _ := os.ReadFile(filepath.Join(remote, ".ssh", "authorized_keys"))
	if string(b) != readPub(t, newKey) {
		t.Errorf("authorized_keys = %q", b)
	}
	_, errOut, code = s.sshcfg("", "copy-id", "-i", newKey+".pub", "-o", "IdentityFile="+boot, "box")
	if code != 0 || !strings.Contains(errOut, "All keys were skipped") {
		t.Errorf("second copy-id: exit %d\n%s", code, errOut)
	}
	out, errOut, code = s.sshcfg("", "connect", "-i", newKey, "box", "echo", "newkey")
	if out != "newkey\n" || code != 0 {
		t.Errorf("login with the new key: %q, exit %d\n%s", out, code, errOut)
	}
}

// TestCopyIDRefusesPrivateKey never sends a private key, even named as .pub.
func TestCopyIDRefusesPrivateKey(t *testing.T) {
	s := newConnectSite(t)
	key := s.key("id_ed25519", "ed25519", "")
	if err := os.Rename(key, key+"-private.pub"); err != nil {
		t.Fatal(err)
	}
	s.writeConfig("Host box\n  Port 9\n")
	_, errOut, code := s.sshcfg("", "copy-id", "-i", key+"-private.pub", "box")
	if code != 1 || !strings.Contains(errOut, "is not a public key file") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestCopyIDRemoteFiles: copy-id refuses a remote authorized_keys that is not a
// regular file (it installed "into" /dev/null, and would wait on a named pipe), quotes
// the remote side's error, bounds what it reads, and follows a ~/.ssh that is a link to
// a directory, as ssh-copy-id does.
func TestCopyIDRemoteFiles(t *testing.T) {
	s := newConnectSite(t)
	remote := filepath.Join(s.dir, "remote")
	boot := s.copyIDBox(remote, "IdentitiesOnly yes")
	newKey := s.key("id_new", "ed25519", "")
	dotSSH := filepath.Join(remote, ".ssh")
	elsewhere := filepath.Join(s.dir, "elsewhere")
	for _, tc := range []struct {
		name    string
		setup   func() error
		args    []string
		code    int
		stderr  string
		written string // a file that must then hold the key
	}{
		{"authorized_keys links to /dev/null", func() error {
			return os.Symlink("/dev/null", filepath.Join(dotSSH, "authorized_keys"))
		}, nil, 1, "~/.ssh/authorized_keys is not a regular file", ""},
		{"the same with -f", func() error {
			return os.Symlink("/dev/null", filepath.Join(dotSSH, "authorized_keys"))
		}, []string{"-f"}, 1, "~/.ssh/authorized_keys is not a regular file", ""},
		{"~/.ssh is a dangling link", func() error {
			return os.Symlink(filepath.Join(s.dir, "missing"), dotSSH)
		}, []string{"-f"}, 1, "installing the key(s) failed: mkdir", ""},
		{"authorized_keys is too large", func() error {
			f := filepath.Join(dotSSH, "authorized_keys")
			if err := os.WriteFile(f, nil, 0o600); err != nil {
				return err
			}
			return os.Truncate(f, maxRemoteOutput+1)
		}, nil, 1, fmt.Sprintf("more than %d bytes", maxRemoteOutput), ""},
		{"~/.ssh links to a directory", func() error {
			if err := os.MkdirAll(elsewhere, 0o700); err != nil {
				return err
			}
			return os.Symlink(elsewhere, dotSSH)
		}, nil, 0, "", filepath.Join(elsewhere, "authorized_keys")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range []string{dotSSH, elsewhere} {
				if err := os.RemoveAll(p); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.MkdirAll(dotSSH, 0o700); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(tc.name, "~/.ssh") {
				if err := os.Remove(dotSSH); err != nil {
					t.Fatal(err)
				}
			}
			if err := tc.setup(); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"-i", newKey, "-o", "IdentityFile=" + boot}, tc.args...)
			_, errOut, code := s.sshcfg("", "copy-id", append(args, "box")...)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d, want %d; stderr %q, want %q", code, tc.code, errOut, tc.stderr)
			}
			if tc.written != "" {
				if b, _ := os.ReadFile(tc.written); string(b) != readPub(t, newKey) {
					t.Errorf("%s = %q", tc.written, b)
				}
			}
		})
	}
}

// TestCopyIDAgentCommentNewline installs an agent key whose comment holds a newline as
// one authorized_keys line: the newline must not start a line of its own.
func TestCopyIDAgentCommentNewline(t *testing.T) {
	s := newConnectSite(t)
	remote := filepath.Join(s.dir, "remote")
	boot := s.copyIDBox(remote, "IdentitiesOnly yes", "IdentityAgent none")
	key := filepath.Join(s.dir, "agentkey")
	comment := "me\ncommand=\"touch pwned\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	sock := sshdtest.StartAgent(t)
	t.Setenv("SSH_AUTH_SOCK", sock)
	if out, err := exec.Command("ssh-add", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
	_, errOut, code := s.sshcfg("", "copy-id", "-o", "IdentityFile="+boot, "box")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(remote, ".ssh", "authorized_keys"))
	if err != nil {
		t.Fatal(err)
	}
	pub := strings.Fields(readPub(t, key))
	want := pub[0] + " " + pub[1] + " " + strings.ReplaceAll(comment, "\n", " ") + "\n"
	if string(b) != want {
		t.Errorf("authorized_keys = %q\nwant %q", b, want)
	}
}

// TestConnectTutorialFlow is the classic tutorial: an ecdsa -b 521 key installed with
// copy-id on got-bastion and on targaryen (through the bastion), then `connect -fN
// got-bastion` holding a LocalForward to targaryen in the background.
func TestConnectTutorialFlow(t *testing.T) {
	s := newConnectSite(t)
	bastion := s.copyIDServer(filepath.Join(s.dir, "bastion-home"))
	targaryen := s.copyIDServer(filepath.Join(s.dir, "targaryen-home"))
	boot := s.key("bootstrap", "ed25519", "")
	bastion.Authorize(t, readPub(t, boot))
	targaryen.Authorize(t, readPub(t, boot))
	key := s.key("id_ecdsa", "ecdsa -b 521", "")
	local := freePort(t)
	s.writeConfig(fmt.Sprintf(`Host got-bastion
  HostName 127.0.0.1
  Port %d
  LocalForward %d 127.0.0.1:%d

Host targaryen
  HostName 127.0.0.1
  Port %d
  IdentityFile ~/.ssh/id_ecdsa
  ProxyJump got-bastion
`, bastion.Port, local, targaryen.Port, targaryen.Port))
	for _, host := range []string{"got-bastion", "targaryen"} {
		if out, errOut, code := s.sshcfg("", "copy-id", "-i", key, "-o", "IdentityFile="+boot, host); code != 0 {
			t.Fatalf("copy-id %s: exit %d\n%s\n%s", host, code, out, errOut)
		}
	}
	// from now on only the new key: the bootstrap key is gone
	os.Remove(boot)
	os.Remove(boot + ".pub")
	out, errOut, code := s.sshcfg("", "connect", "targaryen", "echo", "dracarys")
	if out != "dracarys\n" || code != 0 {
		t.Fatalf("targaryen: %q, exit %d\n%s", out, code, errOut)
	}
	_, errOut, code = s.sshcfg("", "connect", "-fN", "got-bastion")
	if code != 0 {
		t.Fatalf("-fN: exit %d\n%s", code, errOut)
	}
	pid := listenerPID(t, local)
	if pid == 0 {
		t.Fatal("no background process listens on the forward's port")
	}
	defer stopProcess(t, pid)
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(local)), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	banner := make([]byte, 8)
	if _, err := io.ReadFull(c, banner); err != nil || string(banner) != "SSH-2.0-" {
		t.Errorf("through the forward: %q, %v", banner, err)
	}
}

// listenerPID finds the process that listens on a TCP port of 127.0.0.1 (from /proc).
func listenerPID(t *testing.T, port int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("0100007F:%04X", port)
	inode := ""
	for _, line := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) > 9 && f[1] == want && f[3] == "0A" { // 0A: LISTEN
			inode = f[9]
		}
	}
	if inode == "" {
		return 0
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range procs {
		if l, err := os.Readlink(fd); err == nil && l == "socket:["+inode+"]" {
			pid, _ := strconv.Atoi(strings.Split(fd, "/")[2])
			return pid
		}
	}
	return 0
}

// stopProcess ends a process the test started and waits until it is gone (reaping it
// when it is this process's child, as the in-process -f parent's child is).
func stopProcess(t *testing.T, pid int) {
	_ = syscall.Kill(pid, syscall.SIGTERM)
	for i := 0; i < 200; i++ {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		if got == pid || err != nil && syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("process %d did not end on SIGTERM", pid)
}

// TestConnectForkWithProxyCommand: `connect -fN` through a ProxyCommand returns once
// the forward is up; the ProxyCommand must not inherit the pipe on which the background
// process says it is ready (the parent waited for the ProxyCommand to end).
func TestConnectForkWithProxyCommand(t *testing.T) {
	s := newConnectSite(t)
	srv, _ := s.serverWithKey("id_ed25519", "ed25519", "")
	local := freePort(t)
	s.writeConfig(fmt.Sprintf(`Host direct
  HostName 127.0.0.1
  Port %d
Host box
  HostName 127.0.0.1
  Port %d
  ProxyCommand sshcfg connect --home %s -F %s -W %%h:%%p direct
  LocalForward %d 127.0.0.1:%d
`, srv.Port, srv.Port, s.home, s.config, local, srv.Port))
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// standard error is a file: the background process keeps it
	stderr, err := os.Create(filepath.Join(s.dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd := &exec.Cmd{Path: exe, Args: []string{"sshcfg", "connect", "--home", s.home, "-F", s.config, "-fN", "box"},
		Env: os.Environ(), Stderr: stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Without the fix the parent would wait on: end it when the test gives up.
	timer := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	err = cmd.Wait()
	if pid := listenerPID(t, local); pid != 0 {
		defer stopProcess(t, pid)
	} else {
		t.Error("no background process listens on the forward's port")
	}
	if err != nil {
		b, _ := os.ReadFile(stderr.Name())
		t.Errorf("-fN: %v\n%s", err, b)
	}
}

// TestConnectPassphraseOnTerminal asks for an encrypted key's passphrase on the
// terminal (a pseudo-terminal here), with echo off.
func TestConnectPassphraseOnTerminal(t *testing.T) {
	s := newConnectSite(t)
	srv, key := s.serverWithKey("id_ecdsa", "ecdsa -b 521", "winter is coming")
	s.writeBox(srv.Port)
	term := s.startOnTerminal("-o", "BatchMode=no", "box", "echo", "unlocked")
	term.wantPrompt("Enter passphrase for key '" + key + "': ")
	// echo is off before the prompt shows (else an answer typed at once is echoed)
	if tio, err := unix.IoctlGetTermios(int(term.tty.Fd()), ioctlGetTermios); err != nil || tio.Lflag&unix.ECHO != 0 {
		t.Errorf("echo on when the prompt showed (%v)", err)
	}
	if _, err := io.WriteString(term.tty, "winter is coming\n"); err != nil {
		t.Fatal(err)
	}
	ok := term.readUntil("unlocked")
	if err := term.cmd.Wait(); err != nil || !ok {
		t.Errorf("exit %v; terminal showed %q", err, term.seen.String())
	}
	if strings.Contains(term.seen.String(), "winter") {
		t.Errorf("the passphrase was echoed: %q", term.seen.String())
	}
}

// terminal is an sshcfg process on a pseudo-terminal, and what the terminal has shown.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	seen strings.Builder
}

// startOnTerminal starts sshcfg connect with the site's home and configuration and
// args on a new pseudo-terminal, closed when the test ends.
func (s *connectSite) startOnTerminal(args ...string) *terminal {
	s.t.Helper()
	exe, err := os.Executable()
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := &exec.Cmd{Path: exe, Args: append([]string{"sshcfg", "connect", "--home", s.home, "-F", s.config}, args...),
		Env: os.Environ()}
	tty, err := pty.Start(cmd)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { tty.Close() })
	return &terminal{t: s.t, cmd: cmd, tty: tty}
}

// readUntil reads the terminal until it has shown want, for a minute at the most, and
// reports whether it has.
func (term *terminal) readUntil(want string) bool {
	buf := make([]byte, 4096)
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(term.seen.String(), want) && time.Now().Before(deadline) {
		_ = term.tty.SetReadDeadline(deadline)
		n, err := term.tty.Read(buf)
		term.seen.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return strings.Contains(term.seen.String(), want)
}

// wantPrompt reads the terminal until it shows prompt, and ends the process and the
// test when it does not.
func (term *terminal) wantPrompt(prompt string) {
	term.t.Helper()
	if !term.readUntil(prompt) {
		_ = term.cmd.Process.Kill()
		_ = term.cmd.Wait()
		term.t.Fatalf("no passphrase prompt; terminal showed %q", term.seen.String())
	}
}

// TestConnectInterruptAtPassphrasePrompt: ^C at the passphrase prompt ends the process
// by SIGINT, as ssh, and leaves the terminal's echo on again.
func TestConnectInterruptAtPassphrasePrompt(t *testing.T) {
	s := newConnectSite(t)
	srv, _ := s.serverWithKey("id_ecdsa", "ecdsa", "winter is coming")
	s.writeBox(srv.Port)
	term := s.startOnTerminal("-o", "BatchMode=no", "box", "true")
	term.wantPrompt("Enter passphrase")
	cmd, tty := term.cmd, term.tty
	if _, err := io.WriteString(tty, "\x03"); err != nil { // the terminal's VINTR
		t.Fatal(err)
	}
	// Without the fix the process would wait on: end it when the test gives up.
	timer := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGINT {
		t.Errorf("got %v, want the process ended by SIGINT", err)
	}
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), ioctlGetTermios)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ECHO == 0 {
		t.Error("the terminal was left with echo off")
	}
}

// TestConnectLogOptions: -E sends ssh's messages to the file, -q silences them.
func TestConnectLogOptions(t *testing.T) {
	s := newConnectSite(t)
	port := freePort(t)
	s.writeBox(port)
	log := filepath.Join(s.dir, "log")
	_, errOut, code := s.sshcfg("", "connect", "-E", log, "box", "true")
	b, _ := os.ReadFile(log)
	if code != exitSSH || errOut != "" || !strings.Contains(string(b), "Connection refused") {
		t.Errorf("-E: exit %d, stderr %q, log %q", code, errOut, b)
	}
	_, errOut, code = s.sshcfg("", "connect", "-q", "box", "true")
	if code != exitSSH || errOut != "" {
		t.Errorf("-q: exit %d, stderr %q", code, errOut)
	}
}

// TestConnectRemoteCommand runs RemoteCommand when the command line has none, and
// refuses both, as ssh does.
func TestConnectRemoteCommand(t *testing.T) {
	s := newConnectSite(t)
	srv, _ := s.serverWithKey("id_ed25519", "ed25519", "")
	s.writeBox(srv.Port, "RemoteCommand echo remote %h")
	out, errOut, code := s.sshcfg("", "connect", "box")
	if out != "remote 127.0.0.1\n" || code != 0 {
		t.Errorf("got %q, exit %d\n%s", out, code, errOut)
	}
	_, errOut, code = s.sshcfg("", "connect", "box", "true")
	if code != exitSSH || !strings.Contains(errOut, "Cannot execute command-line and remote command.") {
		t.Errorf("both: exit %d, stderr %q", code, errOut)
	}
}

// TestConnectForwardAgent forwards the agent with -A: the remote side lists its key.
func TestConnectForwardAgent(t *testing.T) {
	s := newConnectSite(t)
	srv, key := s.serverWithKey("id_ed25519", "ed25519", "")
	sock := sshdtest.StartAgent(t)
	add := exec.Command("ssh-add", key)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
	t.Setenv("SSH_AUTH_SOCK", sock)
	s.writeBox(srv.Port, "IdentitiesOnly yes")
	out, errOut, code := s.sshcfg("", "connect", "-A", "box", "ssh-add", "-L")
	if code != 0 || !strings.Contains(out, strings.Fields(readPub(t, key))[1]) {
		t.Errorf("exit %d, remote ssh-add -L %q\n%s", code, out, errOut)
	}
}

// TestConnectForkFailure: when the background process fails before it is ready, the
// parent exits with its status and its message.
func TestConnectForkFailure(t *testing.T) {
	checkRefused(t, "-fN", "box")
}

func TestConnectScanFlags(t *testing.T) {
	d, err := keyword.DialectNamed("debian-9.2")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want commandFlags
	}{
		{[]string{"-W", "h:22", "hop"}, commandFlags{stdioForward: "h:22"}},
		{[]string{"hop", "-Wh:22"}, commandFlags{stdioForward: "h:22"}},
		{[]string{"-vF", "cfg", "hop", "cmd", "-W", "x:1"}, commandFlags{verbose: true}},
		{[]string{"-o", "User=v", "hop"}, commandFlags{}},
		{[]string{"--", "hop", "-v"}, commandFlags{}},
	} {
		if got := scanFlags(c.args, d); got != c.want {
			t.Errorf("%q: got %+v, want %+v", c.args, got, c.want)
		}
	}
}

// TestConnectForkWarnsOnce: the background process does not repeat its parent's
// warnings.
func TestConnectForkWarnsOnce(t *testing.T) {
	s := newConnectSite(t)
	port := freePort(t)
	s.writeBox(port, "Compression yes")
	_, errOut, code := s.sshcfg("", "connect", "-fN", "box")
	if n := strings.Count(errOut, "sshcfg: warning: Compression"); code != exitSSH || n != 1 {
		t.Errorf("exit %d, %d warnings:\n%s", code, n, errOut)
	}
	// a jump host resolved by the background process shares the line with the
	// destination its parent warned about
	s.writeConfig(fmt.Sprintf("Host box\n  ProxyJump hop\nHost hop\n  HostName 127.0.0.1\n  Port %d\nHost *\n  Compression yes\n", port))
	_, errOut, code = s.sshcfg("", "connect", "-fN", "box")
	if n := strings.Count(errOut, "sshcfg: warning: Compression"); code != exitSSH || n != 1 {
		t.Errorf("through a jump: exit %d, %d warnings:\n%s", code, n, errOut)
	}
}
