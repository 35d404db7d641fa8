package session

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/resolve"
)

// run runs command on client with res, stdin as given, and returns the status, the
// outputs and Run's error.
func run(t *testing.T, srv *sshdtest.Login, res func() []string, opts Options) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	opts.Stdout, opts.Stderr = &stdout, &stderr
	status, err := Run(context.Background(), srv.Dial(t), resolveArgs(t, res()...), opts)
	if err != nil {
		t.Fatalf("Run(%q): %v\nstderr: %s\nsshd log:\n%s", opts.Command, err, stderr.String(), srv.Log())
	}
	return status, stdout.String(), stderr.String()
}

func args(a ...string) func() []string { return func() []string { return append(a, "sess") } }

// TestCommand runs a command and gets its output, its error output and its exit
// status; a command killed by a signal gives 255 and no message, as with ssh.
func TestCommand(t *testing.T) {
	srv := startServer(t)
	status, out, errOut := run(t, srv, args(), Options{Command: "echo out; echo err >&2; exit 3"})
	if status != 3 || out != "out\n" || errOut != "err\n" {
		t.Errorf("status %d, stdout %q, stderr %q; want 3, \"out\\n\", \"err\\n\"", status, out, errOut)
	}
	status, out, errOut = run(t, srv, args(), Options{Command: "kill -9 $$"})
	if status != 255 || out != "" || errOut != "" {
		t.Errorf("killed: status %d, stdout %q, stderr %q; want 255 and nothing", status, out, errOut)
	}
	for _, command := range []string{"echo out; echo err >&2; exit 3", "kill -9 $$", "kill -TERM $$"} {
		cmd := srv.SSH(t, "127.0.0.1", command)
		var sshOut, sshErr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &sshOut, &sshErr
		_ = cmd.Run()
		status, out, errOut := run(t, srv, args(), Options{Command: command})
		if status != cmd.ProcessState.ExitCode() || out != sshOut.String() || errOut != sshErr.String() {
			t.Errorf("%s: status %d, stdout %q, stderr %q; ssh: %d, %q, %q", command,
				status, out, errOut, cmd.ProcessState.ExitCode(), sshOut.String(), sshErr.String())
		}
	}
	// RemoteCommand from the configuration, its tokens expanded, when there is no command.
	status, out, _ = run(t, srv, args("-o", "RemoteCommand=echo %h %%"), Options{})
	if status != 0 || out != "sess %\n" {
		t.Errorf("RemoteCommand: status %d, stdout %q; want 0, \"sess %%\\n\"", status, out)
	}
}

// TestStdinEOF feeds a command a large input; the command sees its end.
func TestStdinEOF(t *testing.T) {
	srv := startServer(t)
	in := bytes.Repeat([]byte("0123456789abcdef"), 1<<16+3)
	status, out, _ := run(t, srv, args(), Options{Command: "wc -c", Stdin: bytes.NewReader(in)})
	if status != 0 || strings.TrimSpace(out) != strconv.Itoa(len(in)) {
		t.Errorf("wc -c: status %d, %q; want %d", status, out, len(in))
	}
	status, out, _ = run(t, srv, args("-n"), Options{Command: "wc -c", Stdin: bytes.NewReader(in)})
	if status != 0 || strings.TrimSpace(out) != "0" {
		t.Errorf("-n: wc -c: status %d, %q; want 0", status, out)
	}
}

// TestEnv sends SendEnv's matching variables in the local environment's order and the
// SetEnv pairs; sshd accepts LANG, LC_* and SSHCFG_*.
func TestEnv(t *testing.T) {
	srv := startServer(t)
	environ := []string{"SSHCFG_B=2", "OTHER=no", "LC_CTYPE=C", "SSHCFG_A=1 a", "LANG=C.UTF-8"}
	status, out, _ := run(t, srv,
		args("-o", "SendEnv=SSHCFG_* LC_?TYPE", "-o", "SendEnv=LANG", "-o", "SendEnv=-LANG", "-o", "SetEnv=SSHCFG_SET=\"x y\" SSHCFG_B=3"),
		Options{Command: "env | grep -E '^(SSHCFG_|LANG=|LC_CTYPE=|OTHER=)' | sort", Environ: environ})
	want := "LC_CTYPE=C\nSSHCFG_A=1 a\nSSHCFG_B=3\nSSHCFG_SET=x y\n"
	if status != 0 || out != want {
		t.Errorf("status %d, remote environment:\n%s\nwant:\n%s", status, out, want)
	}
	// ssh, run with that environment, sends the same.
	cmd := srv.SSH(t, "-o", "SendEnv=SSHCFG_* LC_?TYPE", "-o", "SendEnv=LANG", "-o", "SendEnv=-LANG",
		"-o", "SetEnv=SSHCFG_SET=\"x y\" SSHCFG_B=3", "127.0.0.1", "env | grep -E '^(SSHCFG_|LANG=|LC_CTYPE=|OTHER=)' | sort")
	cmd.Env = append(environ, "PATH="+os.Getenv("PATH"))
	if sshOut, err := cmd.Output(); err != nil || string(sshOut) != want {
		t.Errorf("ssh: %v, remote environment:\n%s\nwant:\n%s", err, sshOut, want)
	}
	// Getenv gives the values, and variables a plain pattern names.
	getenv := func(name string) (string, bool) {
		v, ok := map[string]string{"SSHCFG_X": "from getenv", "SSHCFG_B": "b"}[name]
		return v, ok
	}
	status, out, _ = run(t, srv, args("-o", "SendEnv=SSHCFG_X SSHCFG_B"),
		Options{Command: "env | grep ^SSHCFG_ | sort", Environ: []string{"SSHCFG_B=2"}, Getenv: getenv})
	if want := "SSHCFG_B=b\nSSHCFG_X=from getenv\n"; status != 0 || out != want {
		t.Errorf("with Getenv: status %d, remote environment:\n%s\nwant:\n%s", status, out, want)
	}
}

// TestTTYWithoutTerminal asks for a PTY with standard input a pipe: refused with ssh's
// notice for -t, allocated anyway for -tt.
func TestTTYWithoutTerminal(t *testing.T) {
	srv := startServer(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	defer r.Close()
	status, out, errOut := run(t, srv, args("-t"), Options{Command: "tty", Stdin: r, PTYNotice: true})
	if status != 1 || out != "not a tty\n" || errOut != "Pseudo-terminal will not be allocated because stdin is not a terminal.\r\n" {
		t.Errorf("-t: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	status, out, errOut = run(t, srv, args("-t", "-t"), Options{Command: "tty", Stdin: r, PTYNotice: true})
	if status != 0 || !strings.HasPrefix(out, "/dev/pts/") || errOut != "Connection to sess closed.\r\n" {
		t.Errorf("-tt: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	status, _, errOut = run(t, srv, args("-q", "-t"), Options{Command: "tty", Stdin: r, PTYNotice: true})
	if status != 1 || errOut != "" {
		t.Errorf("-q -t: status %d, stderr %q", status, errOut)
	}
	// Without a terminal, -tt sends no modes, as ssh does: the remote terminal keeps the
	// server's defaults.
	const stty = "stty -a; exit 5"
	var theirs, theirsErr bytes.Buffer
	cmd := srv.SSH(t, "-tt", "127.0.0.1", stty)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r, &theirs, &theirsErr
	_ = cmd.Run()
	var ours, oursErr bytes.Buffer
	status, err = Run(context.Background(), srv.Dial(t), resolveArgs(t, "-tt", "127.0.0.1"),
		Options{Command: stty, Stdin: r, Stdout: &ours, Stderr: &oursErr})
	if err != nil || status != 5 || cmd.ProcessState.ExitCode() != 5 || ours.String() != theirs.String() || oursErr.String() != theirsErr.String() {
		t.Errorf("-tt without a terminal: status %d (%v), ssh's %d\nstdout %q\nssh's  %q\nstderr %q\nssh's  %q",
			status, err, cmd.ProcessState.ExitCode(), ours.String(), theirs.String(), oursErr.String(), theirsErr.String())
	}
}

// TestSubsystem starts sshd's internal sftp server and gets its version packet; the
// input stays open until the answer is in (sftp-server quits at once on end of file).
func TestSubsystem(t *testing.T) {
	srv := startServer(t)
	in, inW := io.Pipe()
	go func() {
		_, _ = inW.Write([]byte{0, 0, 0, 5, 1, 0, 0, 0, 3}) // SSH_FXP_INIT, version 3
	}()
	out := &closeAfter{n: 9, close: inW}
	status, err := Run(context.Background(), srv.Dial(t), resolveArgs(t, "-s", "sess", "sftp"),
		Options{Command: "sftp", Subsystem: true, Stdin: in, Stdout: out})
	got := out.buf.Bytes()
	if err != nil || status != 0 || len(got) < 9 || got[4] != 2 || got[8] != 3 {
		t.Errorf("sftp subsystem: status %d, %v, %q; want an SSH_FXP_VERSION 3 packet", status, err, got)
	}
}

// TestSubsystemRefused asks for a subsystem the server lacks: ssh's fatal message, with
// the session's channel number.
func TestSubsystemRefused(t *testing.T) {
	srv := startServer(t)
	_, err := Run(context.Background(), srv.Dial(t), resolveArgs(t, "-s", "127.0.0.1", "nosuch"),
		Options{Command: "nosuch", Subsystem: true, Channel: 2})
	if err == nil || err.Error() != "subsystem request failed on channel 2" {
		t.Fatalf("Run: %v", err)
	}
	cmd := srv.SSH(t, "-s", "127.0.0.1", "nosuch")
	sshErr, _ := cmd.CombinedOutput()
	_, err = Run(context.Background(), srv.Dial(t), resolveArgs(t, "-s", "127.0.0.1", "nosuch"),
		Options{Command: "nosuch", Subsystem: true})
	if cmd.ProcessState.ExitCode() != 255 || string(sshErr) != resolve.LogText(err.Error()) {
		t.Errorf("ssh: %d %q; Run: %v", cmd.ProcessState.ExitCode(), sshErr, err)
	}
}

// closeAfter keeps what is written to it and closes close once it holds n bytes.
type closeAfter struct {
	buf   bytes.Buffer
	n     int
	close io.Closer
}

func (c *closeAfter) Write(p []byte) (int, error) {
	c.buf.Write(p)
	if c.buf.Len() >= c.n && c.close != nil {
		c.close.Close()
		c.close = nil
	}
	return len(p), nil
}

// TestAgentForwarding forwards a real ssh-agent: ssh-add -l on the server lists its key.
func TestAgentForwarding(t *testing.T) {
	srv := startServer(t)
	for _, tool := range []string{"ssh-agent", "ssh-add"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal(tool + " not installed")
			}
			t.Skip(tool + " not installed")
		}
	}
	sock := sshdtest.StartAgent(t)
	add := exec.Command("ssh-add", srv.Key)
	add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add: %v\n%s", err, out)
	}
	fp, err := exec.Command("ssh-keygen", "-lf", srv.Key+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(string(fp))[1]
	status, out, _ := run(t, srv, args(), Options{Command: "ssh-add -l", AgentSocket: sock})
	if status != 0 || !strings.Contains(out, want) {
		t.Errorf("remote ssh-add -l: status %d, %q; want the key %s", status, out, want)
	}
	status, _, _ = run(t, srv, args(), Options{Command: "ssh-add -l"})
	if status != 2 {
		t.Errorf("remote ssh-add -l without forwarding: status %d, want 2 (no agent)", status)
	}
}

// TestNoGoroutineLeft checks that a finished session leaves nothing running once its
// connection is closed.
func TestNoGoroutineLeft(t *testing.T) {
	srv := startServer(t)
	base := runtime.NumGoroutine()
	client := srv.Dial(t)
	for _, command := range []string{"cat", "kill -9 $$", "exit 2"} {
		var out bytes.Buffer
		if _, err := Run(context.Background(), client, resolveArgs(t, "sess"),
			Options{Command: command, Stdin: strings.NewReader("in"), Stdout: &out}); err != nil {
			t.Fatalf("%s: %v", command, err)
		}
	}
	// A cancelled context ends a session that would not end by itself.
	ctx, cancel := context.WithCancel(context.Background())
	in, inW := io.Pipe()
	defer inW.Close()
	started := &closeAfter{n: 1, close: closerFunc(cancel)}
	status, err := Run(ctx, client, resolveArgs(t, "sess"), Options{Command: "echo up; exec sleep 600", Stdin: in, Stdout: started})
	if status != 255 || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: status %d, %v; want 255, context.Canceled", status, err)
	}
	inW.Close()
	client.Close()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type closerFunc func()

func (f closerFunc) Close() error { f(); return nil }

// TestNoSession runs -N: no channel, Run waits for the connection to end.
func TestNoSession(t *testing.T) {
	srv := startServer(t)
	client := srv.Dial(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if status, err := Run(ctx, client, resolveArgs(t, "-N", "sess"), Options{}); status != 255 || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %d, %v", status, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if status, err := Run(context.Background(), client, resolveArgs(t, "-N", "sess"), Options{}); status != 255 || err != nil {
			t.Errorf("connection closed: %d, %v", status, err)
		}
	}()
	client.Close()
	<-done
	if strings.Contains(srv.Log(), "session_new") {
		t.Errorf("a session was opened:\n%s", srv.Log())
	}
}
