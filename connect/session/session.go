// Package session runs the session part of an SSH connection as ssh does: a remote
// command or a shell, with or without a pseudo-terminal (RequestTTY, raw mode, window
// size changes), SendEnv and SetEnv, agent forwarding, and the remote exit status.
package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Options is what the command line adds to the resolved configuration.
type Options struct {
	// Command is the remote command ("" for a login shell).
	Command string
	// Subsystem runs Command as a subsystem (ssh -s).
	Subsystem bool
	// Stdin, Stdout and Stderr are the local ends; a terminal Stdin (an *os.File) is put
	// in raw mode while a pseudo-terminal is in use.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// AgentSocket, when not "", is the local agent socket forwarded to the server
	// (ForwardAgent).
	AgentSocket string
	// Getenv reads local environment variables for SendEnv; nil uses the process's.
	Getenv func(string) (string, bool)
	// Environ is the local environment ("NAME=value" entries, in order) whose names
	// SendEnv patterns are matched against, as ssh walks its environ; nil means the
	// process's. When Getenv is set it supplies the values.
	Environ []string
	// PTYNotice makes Run print ssh's "Pseudo-terminal will not be allocated because
	// stdin is not a terminal." on Stderr when it refuses a PTY. Leave it off when the
	// caller prints Result.Warnings of a resolution made with Env.StdinTerminal true to
	// this Stdin's nature: the resolver already put the notice there.
	PTYNotice bool
	// Channel is the number ssh gives the session channel, which its messages show
	// ("exec request failed on channel 2"): 0, or forward.Set.SessionChannel when
	// forwards were set up first.
	Channel int
}

// Log levels as ssh numbers them (LogLevel).
const (
	levelError = 2
	levelInfo  = 3
)

// SessionType values as OpenSSH numbers them.
const (
	sessionNone      = 0
	sessionSubsystem = 1
	sessionDefault   = 2
)

// Run opens a session on client and runs it to the end; the result is the remote exit
// status (ssh's 255 conventions for a session that ends without one are the caller's).
//
// Run decides on a pseudo-terminal as ssh does from RequestTTY (which holds the -t and
// -T counts), the command and whether Stdin is a terminal; with one, it sends the local
// TERM (or SetEnv's), window size and terminal modes, puts a terminal Stdin in raw mode
// until the session ends, passes window size changes (SIGWINCH) on, and acts on ssh's
// escape sequences typed after a newline (EscapeChar: ~. ends the session, ~B sends a
// BREAK, ~? lists them). SendEnv and SetEnv variables are sent before the command; the
// end of Stdin is passed on.
//
// A session ended by a signal, without an exit status, or by ~. gives 255 and a nil
// error, as ssh exits 255 without a word; an error is a session that could not run
// (ssh's fatal messages, such as "exec request failed on channel 0", numbered by
// Options.Channel). A cancelled ctx ends Run at once with ctx's error. A read of Stdin
// still pending when Run returns ends with the next input or end of file, whose data
// is dropped.
//
// With SessionType none (-N) Run opens nothing and waits for the connection to end or
// for ctx (ssh -N then exits 0 for SIGTERM, 255 for other signals: the caller's call).
func Run(ctx context.Context, client *ssh.Client, res *resolve.Result, opts Options) (int, error) {
	command := remoteCommand(res, opts.Command)
	level := logLevel(res)
	stderr := opts.Stderr
	if stderr == nil {
		stderr = io.Discard
	}
	stdout := opts.Stdout
	if stdout == nil {
		stdout = io.Discard
	}
	stdin := opts.Stdin
	stdinNull := res.Flag(keyword.StdinNull)
	if stdin == nil || stdinNull {
		stdin = strings.NewReader("")
	}
	fd, isTerminal := terminalFd(opts.Stdin)
	isTerminal = isTerminal && !stdinNull
	sessionType, ok := res.Int(keyword.SessionType)
	if !ok {
		sessionType = sessionDefault
	}
	rt := res.RequestTTY()
	wantTTY, notice := ttyDecision(rt, command, sessionType == sessionNone, isTerminal)
	if notice && opts.PTYNotice && level >= levelInfo {
		_, _ = io.WriteString(stderr, resolve.LogText(ptyNotice))
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.LookupEnv
	}

	if sessionType == sessionNone {
		return waitConnection(ctx, client)
	}

	ch, reqs, err := client.OpenChannel("session", nil)
	if err != nil {
		return 255, err
	}
	defer ch.Close()
	// runCtx also ends when the user types the escape sequence that terminates.
	runCtx, terminate := context.WithCancel(ctx)
	defer terminate()
	stopOnCancel := context.AfterFunc(runCtx, func() { _ = ch.Close() })
	defer stopOnCancel()
	exit := make(chan exitInfo, 1)
	go serveRequests(reqs, exit)

	if opts.AgentSocket != "" {
		forwardAgent(client, ch, opts.AgentSocket)
	}
	set := setEnv(res)
	if wantTTY {
		if wantTTY, err = requestPTY(ch, opts.Channel, rt, termName(set, getenv), fd, isTerminal, level, stderr); err != nil {
			return 255, err
		}
	}
	for _, v := range append(sendEnv(res, opts), set...) {
		payload := ssh.Marshal(struct{ Name, Value string }{v.name, v.value})
		if _, err := ch.SendRequest("env", false, payload); err != nil {
			return 255, err
		}
	}

	announce := false
	defer func() {
		// ssh says so once the terminal is back in its own mode.
		if announce {
			_, _ = io.WriteString(stderr, resolve.LogText("Connection to "+res.Hostname+" closed."))
		}
	}()
	if wantTTY && isTerminal {
		if restore, err := rawMode(fd); err == nil {
			defer restore()
		}
		stopWinch := watchWindow(ch, fd)
		defer stopWinch()
	}
	if err := start(ch, opts.Channel, command, opts.Subsystem || sessionType == sessionSubsystem); err != nil {
		return 255, err
	}
	if esc := escapeChar(res); wantTTY && esc != escapeNone {
		sendBreak := func() { _, _ = ch.SendRequest("break", false, ssh.Marshal(struct{ Millis uint32 }{1000})) }
		stdin = newEscapeFilter(stdin, byte(esc), stderr, sendBreak, terminate)
	}

	result, err := pump(runCtx, ch, stdin, stdout, stderr, exit)
	if err != nil {
		if ctx.Err() != nil {
			return 255, ctx.Err()
		}
		// The escape sequence ended the session: ssh's status without an exit status.
		announce = level >= levelInfo
		return 255, nil
	}
	announce = wantTTY && level >= levelInfo
	return result.status(), nil
}

// waitConnection is a session of SessionType none (ssh -N): no channel, only the wait
// for the connection to end (255, as ssh exits when the server closes it) or for ctx.
func waitConnection(ctx context.Context, client *ssh.Client) (int, error) {
	closed := make(chan struct{})
	go func() { _ = client.Wait(); close(closed) }()
	select {
	case <-closed:
		return 255, nil
	case <-ctx.Done():
		return 255, ctx.Err()
	}
}

// requestPTY asks for a pseudo-terminal named termName with the size and modes of the
// terminal fd (none when isTerminal is false) and reports whether the session has one.
// A refusal is fatal when RequestTTY asked for one explicitly, as in ssh, and else
// reported on stderr.
func requestPTY(ch ssh.Channel, id int, rt resolve.RequestTTY, termName string, fd int, isTerminal bool, level int, stderr io.Writer) (bool, error) {
	sizeFd := -1
	if isTerminal {
		sizeFd = fd
	}
	ok, err := ch.SendRequest("pty-req", true, ptyRequest(termName, windowSize(sizeFd), localModes(fd, isTerminal)))
	if err != nil || ok {
		return ok, err
	}
	msg := fmt.Sprintf("PTY allocation request failed on channel %d", id)
	if rt == resolve.RequestTTYYes || rt == resolve.RequestTTYForce {
		return false, errors.New(msg)
	}
	if level >= levelError {
		_, _ = io.WriteString(stderr, resolve.LogText(msg))
	}
	return false, nil
}

// pump moves stdin to the channel (then its end of file) and the channel's output and
// error output to stdout and stderr until the channel closes, and returns how the
// remote side ended. When ctx ends first it returns ctx's error at once; output stops
// at its return even though the channel may stay open (a server keeps it while its
// command runs).
func pump(ctx context.Context, ch ssh.Channel, stdin io.Reader, stdout, stderr io.Writer, exit <-chan exitInfo) (exitInfo, error) {
	out, errOut := &gate{w: stdout}, &gate{w: stderr}
	defer out.shut()
	defer errOut.shut()
	go func() {
		_, _ = copyBuffer(ch, stdin)
		_ = ch.CloseWrite()
	}()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); _, _ = copyBuffer(out, ch) }()
	go func() { defer wg.Done(); _, _ = copyBuffer(errOut, ch.Stderr()) }()
	copied := make(chan struct{})
	go func() { wg.Wait(); close(copied) }()
	select {
	case <-copied:
	case <-ctx.Done():
		return exitInfo{}, ctx.Err()
	}
	// The channel's requests end when it closes; its exit status came before.
	select {
	case result := <-exit:
		return result, nil
	case <-ctx.Done():
		return exitInfo{}, ctx.Err()
	}
}

// remoteCommand is the command to run: the command line's, else RemoteCommand (whose
// tokens the resolver has expanded, as ssh does before it would print ssh -G).
func remoteCommand(res *resolve.Result, command string) string {
	if command != "" {
		return command
	}
	rc, _ := res.String(keyword.RemoteCommand)
	return rc
}

// start asks for the command, the subsystem or the shell and waits for the answer; a
// refusal is ssh's fatal message.
func start(ch ssh.Channel, id int, command string, subsystem bool) error {
	kind, payload := "exec", ssh.Marshal(struct{ Command string }{command})
	switch {
	case command == "":
		kind, payload = "shell", nil
	case subsystem:
		kind = "subsystem"
	}
	ok, err := ch.SendRequest(kind, true, payload)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s request failed on channel %d", kind, id)
	}
	return nil
}

// exitInfo is how the remote side ended: an exit status, a signal, or neither.
type exitInfo struct {
	code     int
	haveCode bool
	signal   string
}

// status is ssh's exit status for the session: the remote one, else 255.
func (e exitInfo) status() int {
	if e.haveCode && e.signal == "" {
		return e.code
	}
	return 255
}

// serveRequests answers the server's requests on the session channel until it closes,
// and then reports the exit status or signal it announced.
func serveRequests(reqs <-chan *ssh.Request, exit chan<- exitInfo) {
	var e exitInfo
	for req := range reqs {
		switch req.Type {
		case "exit-status":
			var msg struct{ Status uint32 }
			if ssh.Unmarshal(req.Payload, &msg) == nil {
				e.code, e.haveCode = int(msg.Status), true
			}
		case "exit-signal":
			var msg struct {
				Signal     string
				CoreDumped bool
				Message    string
				Lang       string
			}
			if ssh.Unmarshal(req.Payload, &msg) == nil {
				e.signal = msg.Signal
			}
		}
		if req.WantReply {
			_ = req.Reply(false, nil)
		}
	}
	exit <- e
}

// forwardAgent offers the agent at socket to the server for this session. As ssh, it
// does so only when the agent answers, and does not wait for the server's reply. A
// connection forwards to one agent: the first session's socket serves later ones.
func forwardAgent(client *ssh.Client, ch ssh.Channel, socket string) {
	c, err := net.Dial("unix", socket)
	if err != nil {
		return
	}
	_ = c.Close()
	_ = agent.ForwardToRemote(client, socket)
	_, _ = ch.SendRequest("auth-agent-req@openssh.com", false, nil)
}

// watchWindow sends a window-change request each time the terminal fd changes size
// (SIGWINCH), until the returned function is called.
func watchWindow(ch ssh.Channel, fd int) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-sig:
				_, _ = ch.SendRequest("window-change", false, windowChange(windowSize(fd)))
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
		<-finished
	}
}

// escapeChar is the resolved EscapeChar: a byte, or escapeNone.
func escapeChar(res *resolve.Result) int {
	if e, ok := res.Int(keyword.EscapeChar); ok {
		return e
	}
	return '~'
}

// logLevel is the resolved LogLevel, INFO when unset.
func logLevel(res *resolve.Result) int {
	if l, ok := res.Int(keyword.LogLevel); ok {
		return l
	}
	return levelInfo
}

// gate passes writes on to w until shut, and drops them after.
type gate struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return 0, io.ErrClosedPipe
	}
	return g.w.Write(p)
}

func (g *gate) shut() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// copyBufferSize is the size of the buffers session data moves through.
const copyBufferSize = 128 << 10

type onlyReader struct{ io.Reader }
type onlyWriter struct{ io.Writer }

// copyBuffer copies src to dst through a large buffer of its own.
func copyBuffer(dst io.Writer, src io.Reader) (int64, error) {
	return io.CopyBuffer(onlyWriter{dst}, onlyReader{src}, make([]byte, copyBufferSize))
}
