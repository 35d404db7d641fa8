package connect_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect"
)

// faultServer is an in-process SSH server on 127.0.0.1 whose behaviour a test chooses
// for each accepted connection.
type faultServer struct {
	l    net.Listener
	addr *net.TCPAddr
	wg   sync.WaitGroup
	mu   sync.Mutex
	open []net.Conn
}

func startFaultServer(t *testing.T, serve func(c net.Conn)) *faultServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &faultServer{l: l, addr: l.Addr().(*net.TCPAddr)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.open = append(s.open, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() { defer s.wg.Done(); serve(c) }()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		s.mu.Lock()
		for _, c := range s.open {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// serverConfig accepts any public key and has a fresh host key the fixture trusts.
func serverConfig(t *testing.T, f *fixture, addr string) *ssh.ServerConfig {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	f.hostKeys[addr] = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))
	cfg := &ssh.ServerConfig{
		PublicKeyCallback: func(ssh.ConnMetadata, ssh.PublicKey) (*ssh.Permissions, error) { return nil, nil },
	}
	cfg.AddHostKey(signer)
	return cfg
}

func (f *fixture) faultConfig(s *faultServer, extra string) {
	key := f.key(fmt.Sprintf("id%d", s.addr.Port), "ed25519", "")
	f.writeConfig(fmt.Sprintf("Host box\n  HostName 127.0.0.1\n  Port %d\n  User root\n  IdentityFile %s\n%s", s.addr.Port, key, extra))
}

// wantDialError dials box, configured for s with the extra lines (see faultConfig), and
// checks that it fails with a *connect.Error whose message is format with s's port.
func (f *fixture) wantDialError(s *faultServer, extra, format string) {
	f.t.Helper()
	f.faultConfig(s, extra)
	_, err := dial(f.t, f.resolve("box"), f.options(nil))
	var e *connect.Error
	want := fmt.Sprintf(format, s.addr.Port)
	if !errors.As(err, &e) || e.Msg != want {
		f.t.Errorf("got %v, want %s", err, want)
	}
}

// TestDialStalledServer gives up after ConnectTimeout when the server never sends its
// identification.
func TestDialStalledServer(t *testing.T) {
	f := newFixture(t)
	s := startFaultServer(t, func(c net.Conn) { _, _ = io.Copy(io.Discard, c) })
	f.faultConfig(s, "  ConnectTimeout 1\n")
	_, err := dial(t, f.resolve("box"), f.options(nil))
	want := fmt.Sprintf("Connection timed out during banner exchange\nConnection to 127.0.0.1 port %d timed out", s.addr.Port)
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestDialStalledHandshake gives up, as ssh's packet timeout does, when the server goes
// silent after its identification for ServerAliveInterval × ServerAliveCountMax.
func TestDialStalledHandshake(t *testing.T) {
	f := newFixture(t)
	s := startFaultServer(t, func(c net.Conn) {
		_, _ = io.WriteString(c, "SSH-2.0-fault\r\n")
		_, _ = io.Copy(io.Discard, c)
	})
	f.wantDialError(s, "  ServerAliveInterval 1\n  ServerAliveCountMax 1\n", "Connection to 127.0.0.1 port %d timed out")
}

// TestDialDroppedConnection reports a server that closes the connection after its
// identification.
func TestDialDroppedConnection(t *testing.T) {
	f := newFixture(t)
	s := startFaultServer(t, func(c net.Conn) {
		_, _ = io.WriteString(c, "SSH-2.0-fault\r\n")
		// end our side and read what the client sends until it leaves: a close with
		// unread data would be a reset, not a drop
		_ = c.(*net.TCPConn).CloseWrite()
		_, _ = io.Copy(io.Discard, c)
		c.Close()
	})
	f.wantDialError(s, "", "Connection closed by 127.0.0.1 port %d")
}

// TestDialKeepaliveTimeout ends the connection when the server stops answering
// keepalive@openssh.com, with ssh's message.
func TestDialKeepaliveTimeout(t *testing.T) {
	f := newFixture(t)
	var cfg *ssh.ServerConfig
	cfgSet := make(chan struct{}) // cfg is written after the listener exists
	stalled := make(chan struct{})
	s := startFaultServer(t, func(c net.Conn) {
		<-cfgSet
		sc, chans, reqs, err := ssh.NewServerConn(c, cfg)
		if err != nil {
			return
		}
		defer sc.Close()
		go func() {
			for ch := range chans {
				_ = ch.Reject(ssh.Prohibited, "no")
			}
		}()
		// reqs is never read: the keepalives go unanswered until the client leaves
		_ = reqs
		close(stalled)
		_ = sc.Wait()
	})
	cfg = serverConfig(t, f, s.addr.String())
	close(cfgSet)
	f.faultConfig(s, "  ServerAliveInterval 1\n  ServerAliveCountMax 2\n")
	c, err := dial(t, f.resolve("box"), f.options(nil))
	if err != nil {
		t.Fatal(err)
	}
	<-stalled
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the connection outlived ServerAliveCountMax unanswered keepalives")
	}
	want := "Timeout, server 127.0.0.1 not responding.\r\n"
	if got := f.stderrText(); got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}

// TestDialPasswordAndKeyboardInteractive answers the server's password and
// keyboard-interactive questions through the prompter, in PreferredAuthentications
// order, and never in BatchMode.
func TestDialPasswordAndKeyboardInteractive(t *testing.T) {
	f := newFixture(t)
	var cfg *ssh.ServerConfig
	cfgSet := make(chan struct{}) // cfg is written after the listener exists
	s := startFaultServer(t, func(c net.Conn) {
		<-cfgSet
		sc, chans, reqs, err := ssh.NewServerConn(c, cfg)
		if err != nil {
			return
		}
		defer sc.Close()
		go ssh.DiscardRequests(reqs)
		go func() {
			for ch := range chans {
				_ = ch.Reject(ssh.Prohibited, "no")
			}
		}()
		_ = sc.Wait()
	})
	cfg = serverConfig(t, f, s.addr.String())
	cfg.PublicKeyCallback = nil
	cfg.PasswordCallback = func(_ ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
		if string(pw) == "valar morghulis" {
			return nil, nil
		}
		return nil, errors.New("wrong")
	}
	cfg.KeyboardInteractiveCallback = func(_ ssh.ConnMetadata, ask ssh.KeyboardInteractiveChallenge) (*ssh.Permissions, error) {
		ans, err := ask("", "", []string{"Which house? "}, []bool{true})
		if err == nil && len(ans) == 1 && ans[0] == "stark" {
			return nil, nil
		}
		return nil, errors.New("wrong")
	}
	close(cfgSet)
	f.faultConfig(s, "  PreferredAuthentications password,keyboard-interactive\n")

	f.answers = []string{"hodor", "valar morghulis"}
	if _, err := dial(t, f.resolve("box"), f.options(nil)); err != nil {
		t.Fatalf("password: %v", err)
	}
	if want := "root@127.0.0.1's password: "; len(f.prompts) != 2 || f.prompts[0] != want {
		t.Errorf("prompts %q, want %q twice", f.prompts, want)
	}
	if !strings.Contains(f.stderrText(), "Permission denied, please try again.") {
		t.Errorf("no retry message: %q", f.stderrText())
	}

	f.prompts, f.answers = nil, []string{"stark"}
	if _, err := dial(t, f.resolve("box", "PreferredAuthentications=keyboard-interactive,password"), f.options(nil)); err != nil {
		t.Fatalf("keyboard-interactive: %v", err)
	}
	if len(f.prompts) != 1 || f.prompts[0] != "Which house? " {
		t.Errorf("prompts %q", f.prompts)
	}

	f.prompts, f.answers = nil, []string{"valar morghulis"}
	_, err := dial(t, f.resolve("box", "BatchMode=yes"), f.options(nil))
	var e *connect.Error
	if !errors.As(err, &e) || e.Msg != "root@127.0.0.1: Permission denied (password,keyboard-interactive)." || len(f.prompts) != 0 {
		t.Errorf("BatchMode: %v, prompts %q", err, f.prompts)
	}
}
