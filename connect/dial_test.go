package connect_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/connect"
	"github.com/sshcfg/sshcfg/internal/sshdtest"
)

// TestDialCommandExitStatus logs in with an identity file and runs a command.
func TestDialCommandExitStatus(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	key := f.key("id_ed25519", "ed25519", "")
	s.Authorize(t, f.pub(key))
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  IdentityFile %s\n", s.Port, key))
	c, err := dial(t, f.resolve("box"), f.options(nil))
	if err != nil {
		t.Fatalf("Dial: %v\n%s", err, s.Log())
	}
	out, code := run(t, c, "echo hello; exit 3")
	if out != "hello\n" || code != 3 {
		t.Errorf("got %q, exit %d; want hello and 3", out, code)
	}
}

// TestDialPermissionDenied fails as ssh does when no key is accepted.
func TestDialPermissionDenied(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	key := f.key("id_ed25519", "ed25519", "")
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n", s.Port, key))
	_, err := dial(t, f.resolve("box"), f.options(nil))
	var e *connect.Error
	if !errors.As(err, &e) || e.Msg != "root@127.0.0.1: Permission denied (publickey)." {
		t.Fatalf("got %v, want ssh's Permission denied", err)
	}
}

// TestDialProxyJumpTwoHops reaches a server through two jump hosts, each resolved with
// its own configuration (port, user, key), and checks each hop forwarded to the next.
func TestDialProxyJumpTwoHops(t *testing.T) {
	f := newFixture(t)
	hop1, hop2, target := f.server(sshdtest.Options{}), f.server(sshdtest.Options{}), f.server(sshdtest.Options{})
	k1, k2, k3 := f.key("k1", "ed25519", ""), f.key("k2", "ecdsa", ""), f.key("k3", "ecdsa -b 521", "")
	hop1.Authorize(t, f.pub(k1))
	hop2.Authorize(t, f.pub(k2))
	target.Authorize(t, f.pub(k3))
	f.writeConfig(fmt.Sprintf(`Host hop1
  HostName 127.0.0.1
  Port %d
  IdentityFile %s
Host hop2
  HostName 127.0.0.1
  Port %d
  IdentityFile %s
Host target
  HostName 127.0.0.1
  Port %d
  IdentityFile %s
  ProxyJump hop1,root@hop2
Host *
  IdentitiesOnly yes
`, hop1.Port, k1, hop2.Port, k2, target.Port, k3))
	c, err := dial(t, f.resolve("target"), f.options(nil))
	if err != nil {
		t.Fatalf("Dial: %v\n%s", err, f.stderrText())
	}
	if out, code := run(t, c, "echo through"); out != "through\n" || code != 0 {
		t.Errorf("got %q, exit %d", out, code)
	}
	c.Close()
	for _, step := range []struct {
		hop  *sshdtest.Server
		next int
	}{{hop1, hop2.Port}, {hop2, target.Port}} {
		if want := fmt.Sprintf("target 127.0.0.1 port %d", step.next); !strings.Contains(step.hop.Log(), want) {
			t.Errorf("hop on port %d did not forward to %d:\n%s", step.hop.Port, step.next, step.hop.Log())
		}
	}
}

// TestDialProxyCommand runs the connection through a ProxyCommand with its tokens
// expanded (the test binary as a relay, started by a script that records its process),
// and kills the command when the connection ends (the relay would not end by itself).
func TestDialProxyCommand(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	key := f.key("id", "ed25519", "")
	s.Authorize(t, f.pub(key))
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(f.dir, "proxy.pid")
	script := filepath.Join(f.dir, "proxy.sh")
	body := fmt.Sprintf("#!/bin/sh\necho $$ > %s\nexec env %s=\"$1\" %s=1 %s\n", pidFile, relayEnv, relayHoldEnv, exe)
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  IdentityFile %s\n  ProxyCommand %s %%h:%%p\n",
		s.Port, key, script))
	c, err := dial(t, f.resolve("box"), f.options(map[string]string{"SHELL": "/bin/sh"}))
	if err != nil {
		t.Fatalf("Dial: %v\n%s", err, f.stderrText())
	}
	if out, code := run(t, c, "echo proxied"); out != "proxied\n" || code != 0 {
		t.Errorf("got %q, exit %d", out, code)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	proc := "/proc/" + strings.TrimSpace(string(b))
	if _, err := os.Stat(proc); err != nil {
		t.Fatalf("the ProxyCommand is not running during the connection: %v", err)
	}
	c.Close()
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(proc); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Error("the ProxyCommand outlived the connection")
}

// TestDialAgent authenticates with a key only a real ssh-agent holds, found through
// IdentityAgent, and not at all with IdentityAgent none.
func TestDialAgent(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	sock := sshdtest.StartAgent(t)
	key := f.key("agentkey", "ecdsa", "")
	s.Authorize(t, f.pub(key))
	sshAdd(t, sock, key)
	if err := os.Remove(key); err != nil { // the agent's copy is the only one
		t.Fatal(err)
	}
	os.Remove(key + ".pub")
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\nHost box\n  IdentityAgent %s\nHost nobox\n  HostName 127.0.0.1\n  Port %d\n  IdentityAgent none\n",
		s.Port, sock, s.Port))
	c, err := dial(t, f.resolve("box"), f.options(nil))
	if err != nil {
		t.Fatalf("Dial: %v\n%s", err, s.Log())
	}
	if out, _ := run(t, c, "echo agent"); out != "agent\n" {
		t.Errorf("got %q", out)
	}
	// IdentityAgent none: SSH_AUTH_SOCK is ignored
	if _, err := dial(t, f.resolve("nobox"), f.options(map[string]string{"SSH_AUTH_SOCK": sock})); err == nil {
		t.Error("IdentityAgent none still used the agent")
	}
	// without IdentityAgent, SSH_AUTH_SOCK is the agent
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n", s.Port))
	if _, err := dial(t, f.resolve("box"), f.options(map[string]string{"SSH_AUTH_SOCK": sock})); err != nil {
		t.Errorf("SSH_AUTH_SOCK agent: %v", err)
	}
}

// TestDialEncryptedKey asks for the passphrase through the prompter, then
// AddKeysToAgent puts the key into the agent.
func TestDialEncryptedKey(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	sock := sshdtest.StartAgent(t)
	key := f.key("id_ecdsa", "ecdsa -b 521", "dracarys")
	s.Authorize(t, f.pub(key))
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  IdentityFile %s\n  AddKeysToAgent yes\n", s.Port, key))
	f.answers = []string{"wrong", "dracarys"}
	c, err := dial(t, f.resolve("box"), f.options(map[string]string{"SSH_AUTH_SOCK": sock}))
	if err != nil {
		t.Fatalf("Dial: %v\n%s", err, f.stderrText())
	}
	want := fmt.Sprintf("Enter passphrase for key '%s': ", key)
	if len(f.prompts) != 2 || f.prompts[0] != want || f.prompts[1] != want {
		t.Errorf("prompts %q, want twice %q", f.prompts, want)
	}
	if out, _ := run(t, c, "echo unlocked"); out != "unlocked\n" {
		t.Errorf("got %q", out)
	}
	pub := strings.Fields(f.pub(key))[1]
	if list := sshAdd(t, sock, "-L"); !strings.Contains(list, pub) {
		t.Errorf("AddKeysToAgent did not add the key; agent has:\n%s", list)
	}
}

// TestDialBatchModeNeverPrompts skips an encrypted key in BatchMode without asking.
func TestDialBatchModeNeverPrompts(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	key := f.key("id_ecdsa", "ecdsa", "secret")
	s.Authorize(t, f.pub(key))
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n  BatchMode yes\n", s.Port, key))
	f.answers = []string{"secret"}
	_, err := dial(t, f.resolve("box"), f.options(nil))
	var e *connect.Error
	if !errors.As(err, &e) || e.Msg != "root@127.0.0.1: Permission denied (publickey)." {
		t.Errorf("got %v, want Permission denied", err)
	}
	if len(f.prompts) != 0 {
		t.Errorf("BatchMode asked %q", f.prompts)
	}
}

// TestDialIdentitiesOnly uses only the agent keys that match configured files.
func TestDialIdentitiesOnly(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	sock := sshdtest.StartAgent(t)
	good, other := f.key("good", "ed25519", ""), f.key("other", "ed25519", "")
	s.Authorize(t, f.pub(good))
	sshAdd(t, sock, good)
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n", s.Port, other))
	env := map[string]string{"SSH_AUTH_SOCK": sock}
	if _, err := dial(t, f.resolve("box"), f.options(env)); err != nil {
		t.Fatalf("without IdentitiesOnly the agent key should log in: %v", err)
	}
	if _, err := dial(t, f.resolve("box", "IdentitiesOnly=yes"), f.options(env)); err == nil {
		t.Fatal("IdentitiesOnly used an agent key that matches no IdentityFile")
	}
	// the agent signs for a configured file it holds, even when the file is encrypted
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  IdentityFile %s\n", s.Port, good))
	if err := os.Remove(good); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(t, f.resolve("box", "IdentitiesOnly=yes"), f.options(env)); err != nil {
		t.Fatalf("IdentitiesOnly with the file's key in the agent: %v", err)
	}
}

// TestDialUnsupportedAlgorithm names a configured algorithm x/crypto lacks and where it
// was set; the defaults x/crypto lacks are dropped quietly (every other test).
func TestDialUnsupportedAlgorithm(t *testing.T) {
	f := newFixture(t)
	f.writeConfig("Host box\n  HostName 127.0.0.1\n  Port 9\n  Ciphers aes128-ctr,aes256-cbc\n")
	_, err := dial(t, f.resolve("box"), f.options(nil))
	want := "Ciphers aes256-cbc is not supported by sshcfg connect (golang.org/x/crypto/ssh); set at " + f.config + ":4"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestDialCertificate logs in with a user certificate signed by a CA the server trusts:
// the identity file's -cert.pub, and a CertificateFile found elsewhere.
func TestDialCertificate(t *testing.T) {
	f := newFixture(t)
	ca := f.key("ca", "ed25519", "")
	s := f.server(sshdtest.Options{Config: []string{"TrustedUserCAKeys " + ca + ".pub"}})
	key := f.key("id_user", "ecdsa", "")
	out, err := exec.Command("ssh-keygen", "-q", "-s", ca, "-I", "test", "-n", "root", key+".pub").CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen -s: %v\n%s", err, out)
	}
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n", s.Port, key))
	c, err := dial(t, f.resolve("box"), f.options(nil))
	if err != nil {
		t.Fatalf("IdentityFile with -cert.pub: %v\n%s", err, s.Log())
	}
	c.Close()
	if !strings.Contains(s.Log(), "Accepted publickey for root from 127.0.0.1") || !strings.Contains(s.Log(), "ECDSA-CERT") {
		t.Errorf("sshd did not accept the certificate:\n%s", s.Log())
	}
	moved := filepath.Join(f.dir, "elsewhere-cert.pub")
	if err := os.Rename(key+"-cert.pub", moved); err != nil {
		t.Fatal(err)
	}
	if _, err := dial(t, f.resolve("box"), f.options(nil)); err == nil {
		t.Fatal("logged in without the certificate: the server should accept only it")
	}
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n  CertificateFile %s\n", s.Port, key, moved))
	if _, err := dial(t, f.resolve("box"), f.options(nil)); err != nil {
		t.Fatalf("CertificateFile: %v", err)
	}
}

// TestDialIdentityFileNotRegular refuses identity files that are not small regular
// files without reading them: a named pipe (reading would wait for a writer for ever),
// and a file over the size limit (a symbolic link to /dev/zero or a huge file would fill
// memory). The too large file holds a valid key followed by padding, which a plain read
// would accept.
func TestDialIdentityFileNotRegular(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	key := f.key("id_ed25519", "ed25519", "")
	s.Authorize(t, f.pub(key))
	huge := filepath.Join(f.dir, "huge")
	b, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(huge, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 4<<20); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(f.dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// A writer that gets in each time something opens the pipe for reading (and then
	// closes, ending that reader's read); the test opens it itself at the end to
	// release the writer.
	var released atomic.Bool
	opened := make(chan bool, 1)
	go func() {
		readers := false
		for {
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err == nil {
				w.Close()
			}
			if err != nil || released.Load() {
				opened <- readers
				return
			}
			readers = true
		}
	}()
	for _, tc := range []struct{ file, want string }{
		{huge, "no such identity: " + huge + ": File too large"},
		{fifo, "no such identity: " + fifo + ": Not a regular file"},
	} {
		f.stderr.Reset()
		f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n", s.Port, tc.file))
		_, err := dial(t, f.resolve("box"), f.options(nil))
		if err == nil || !strings.Contains(err.Error(), "Permission denied") {
			t.Errorf("%s: got %v, want Permission denied", tc.file, err)
		}
		if got := f.stderrText(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: messages %q, want %q", tc.file, got, tc.want)
		}
	}
	released.Store(true)
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if <-opened {
		t.Error("the named pipe was opened for reading")
	}
}

// TestDialUnprotectedKey ignores a private key file its owner left open to others, with
// ssh's warning, as sshkey_perm_ok does.
func TestDialUnprotectedKey(t *testing.T) {
	f := newFixture(t)
	s := f.server(sshdtest.Options{})
	key := f.key("id_ed25519", "ed25519", "")
	s.Authorize(t, f.pub(key))
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n", s.Port, key))
	_, err := dial(t, f.resolve("box"), f.options(nil))
	if err == nil || !strings.Contains(err.Error(), "Permission denied") {
		t.Errorf("got %v, want Permission denied", err)
	}
	for _, want := range []string{
		"@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\r\n",
		fmt.Sprintf("Permissions 0644 for '%s' are too open.\r\n", key),
		fmt.Sprintf("Load key \"%s\": bad permissions\r\n", key),
	} {
		if got := f.stderrText(); !strings.Contains(got, want) {
			t.Errorf("messages %q lack %q", got, want)
		}
	}
}
