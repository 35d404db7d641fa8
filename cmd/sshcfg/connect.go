package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"github.com/sshcfg/sshcfg/connect"
	"github.com/sshcfg/sshcfg/connect/forward"
	"github.com/sshcfg/sshcfg/connect/session"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func connectCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "connect [sshcfg flags] [ssh options] [user@]host [command...]",
		Short: "Connect as ssh would, from the configuration sshcfg resolves",
		Long: "connect takes ssh's command line (-F -o -l -p -J -i -L -R -D -N -f -T -t -v -q -A -E -W)\n" +
			"and opens the connection ssh would open, in Go, from exactly the configuration\n" +
			"`sshcfg resolve` prints: ProxyJump and ProxyCommand, host key checks, authentication\n" +
			"in ssh's order, the remote command or shell, forwards. -v first prints the explain\n" +
			"trace of the resolution. The exit status is the remote command's, or 255 when the\n" +
			"connection fails. Options it does not implement (ControlMaster, Tunnel, X11, …)\n" +
			"are named in one warning each. Match exec and ProxyCommand run, as in ssh, unless\n" +
			"--no-exec is given.",
		DisableFlagParsing: true,
		ValidArgsFunction:  completeSSHLine(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := g.takeLongFlags(args)
			if err != nil {
				return err
			}
			if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
				return cmd.Help()
			}
			c := &connection{g: g, cmd: cmd, args: args, stdin: cmd.InOrStdin(), stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr()}
			return c.run()
		},
	}
}

// connection is one `sshcfg connect` run.
type connection struct {
	g      *globals
	cmd    *cobra.Command
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logTo  io.Writer // ssh's log messages: standard error or the -E file

	dialect  keyword.Dialect
	req      *resolve.Request
	resolver *resolve.Resolver
	res      *resolve.Result
	flags    commandFlags
	// command, when set, is the remote command a subcommand runs (copy-id) when the
	// command line gives none.
	command string
	// warned holds the unsupported options already named (a hop shares lines with the
	// destination).
	warned map[string]bool
	// quietPrepare keeps the -f background process from printing again what its parent
	// printed while resolving.
	quietPrepare bool
}

// commandFlags are the options of ssh's command line that do not change the
// configuration (the resolver has the others).
type commandFlags struct {
	stdioForward string // -W host:port
	muxCommand   string // -O
	verbose      bool   // -v
}

// scanFlags walks ssh's options as its getopt does (before the destination and after it,
// up to the remote command), for -W, -O and -v.
func scanFlags(args []string, d keyword.Dialect) commandFlags {
	var f commandFlags
	hostSeen, terminated := false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if terminated || a == "" || a[0] != '-' || a == "-" {
			if hostSeen || terminated {
				break
			}
			hostSeen = true
			continue
		}
		if a == "--" {
			terminated = true
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			if c == 'v' {
				f.verbose = true
			}
			if !resolve.OptionTakesArg(c, d) {
				continue
			}
			v := a[j+1:]
			if v == "" && i+1 < len(args) {
				i++
				v = args[i]
			}
			switch c {
			case 'W':
				f.stdioForward = v
			case 'O':
				f.muxCommand = v
			}
			break
		}
	}
	return f
}

// backgroundEnv marks the process `connect -f` starts to go on in the background; fd 3 is
// then the pipe on which it says it is ready.
const backgroundEnv = "SSHCFG_CONNECT_BACKGROUND"

func (c *connection) run() error {
	background := os.Getenv(backgroundEnv) != ""
	if background {
		os.Unsetenv(backgroundEnv)
		// a ProxyCommand would inherit the pipe and hold it open: the parent would
		// never see it end
		syscall.CloseOnExec(readyFD)
		c.quietPrepare = true // the parent has printed the warnings and the trace
	}
	if err := c.prepare(); err != nil {
		return err
	}
	command, err := c.remoteCommand()
	if err != nil {
		return c.fatal(err.Error())
	}
	fork := c.res.Flag(keyword.ForkAfterAuthentication)
	noSession := c.sessionType() == sessionNone
	if fork && command == "" && !noSession && c.flags.stdioForward == "" {
		return c.fatal("Cannot fork into background without a command to execute.")
	}
	if fork && !background {
		return c.forkBackground()
	}
	return c.connectAndRun(command, background)
}

// prepare reads the command line and resolves it, printing ssh's warnings, the -v
// trace and a warning for each option that is not implemented.
func (c *connection) prepare() error {
	d, err := c.g.dialect()
	if err != nil {
		return err
	}
	c.dialect = d
	if c.req, err = resolve.ParseArgs(c.args, d); err != nil {
		return c.fail(err)
	}
	c.flags = scanFlags(c.args, d)
	if c.req.Command == "" {
		c.req.Command = c.command
	}
	if c.flags.muxCommand != "" {
		return c.fatal("sshcfg connect: -O (multiplexing commands) is not supported: there is no master connection")
	}
	c.req.Trace = c.flags.verbose
	c.req.OneShot = true
	env := c.g.env(true)
	env.StdinTerminal = isTerminal(c.stdin)
	c.resolver = resolve.New(env, d)
	c.res, err = c.resolver.Resolve(c.req)
	if err != nil {
		return c.fail(err)
	}
	logTo, err := logTarget(c.stderr, c.req)
	if err != nil {
		fmt.Fprintf(c.stderr, "Couldn't open logfile %s: %s\n", c.req.LogFile, strerror(err))
		return &exitError{exitSSH}
	}
	c.logTo = logTo
	notes, logNotes := c.stderr, c.logTo
	if c.quietPrepare {
		notes, logNotes = io.Discard, io.Discard
	}
	if c.flags.verbose {
		x := newExplainer(c.resolver, c.req, c.res)
		x.write(logNotes, explainOptions{})
	}
	writeMessages(notes, logNotes, c.res.Warnings)
	for _, dg := range c.res.Diags {
		fmt.Fprintf(notes, "sshcfg: %s: %s\n", resolve.EscapeText(dg.File), resolve.EscapeText(dg.Message))
	}
	c.warnUnsupported(c.res, notes)
	if _, ok := c.res.String(keyword.ProxyCommand); ok && c.g.noExec {
		return c.fatal("sshcfg connect: ProxyCommand is not run with --no-exec")
	}
	return nil
}

// warnUnsupported names on w, once each, the options of res that sshcfg connect does
// not implement (the -f background process discards those its parent named, and
// remembers them: a jump host's configuration shares lines with the destination's).
func (c *connection) warnUnsupported(res *resolve.Result, w io.Writer) {
	for _, u := range connect.UnsupportedOptions(res) {
		key := u.Keyword.Keyword().Name + " " + u.Source.String()
		if c.warned[key] {
			continue
		}
		if c.warned == nil {
			c.warned = map[string]bool{}
		}
		c.warned[key] = true
		fmt.Fprintf(w, "sshcfg: warning: %s (%s) is not supported by sshcfg connect: %s\n",
			u.Keyword.Keyword().Name, resolve.EscapeText(u.Source.String()), u.Effect)
	}
}

// debug says -v was given (LogLevel DEBUG1 or more).
func (c *connection) debug() bool {
	lvl, _ := c.res.Int(keyword.LogLevel)
	return lvl >= logLevelDebug1
}

// OpenSSH's log levels (SYSLOG_LEVEL_QUIET, SYSLOG_LEVEL_DEBUG1).
const (
	logLevelQuiet  = 0
	logLevelDebug1 = 5
)

// SessionType values as OpenSSH numbers them.
const (
	sessionNone      = 0
	sessionSubsystem = 1
	sessionDefault   = 2
)

func (c *connection) sessionType() int {
	if v, ok := c.res.Int(keyword.SessionType); ok {
		return v
	}
	return sessionDefault
}

// remoteCommand is the command-line command, or RemoteCommand expanded; ssh refuses both.
func (c *connection) remoteCommand() (string, error) {
	rc, ok := c.res.String(keyword.RemoteCommand)
	if !ok {
		return c.req.Command, nil
	}
	if c.req.Command != "" {
		return "", errors.New("Cannot execute command-line and remote command.")
	}
	return c.res.Expand(keyword.RemoteCommand, rc, nil)
}

// fail reports an error of the arguments or the configuration as ssh does.
func (c *connection) fail(err error) error {
	var fe *resolve.FatalError
	if errors.As(err, &fe) {
		return sshFailure(c.cmd, err)
	}
	return err
}

// fatal prints one of ssh's fatal messages (not with LogLevel QUIET) and exits 255.
func (c *connection) fatal(msg string) error {
	w := c.logTo
	if w == nil {
		w = c.stderr
	}
	if !c.quiet() {
		fmt.Fprint(w, resolve.LogText(msg))
	}
	return &exitError{exitSSH}
}

// quiet says LogLevel is QUIET (-q): ssh then prints no message, fatal ones included.
func (c *connection) quiet() bool {
	if c.res == nil {
		return false
	}
	lvl, ok := c.res.Int(keyword.LogLevel)
	return ok && lvl == logLevelQuiet
}

// dialOptions are connect's Options for this command line.
func (c *connection) dialOptions() connect.Options {
	opts := connect.Options{
		ResolveHop: c.resolveHop,
		Stderr:     c.logTo,
		Stdin:      c.stdin,
		Stdout:     c.stdout,
	}
	if c.debug() {
		opts.Debug = c.logTo
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		tty.Close()
		opts.Prompt = ttyPrompt
	}
	return opts
}

// resolveHop resolves a ProxyJump hop as ssh resolves the command it runs for it
// (Jump.Request), with the same resolver.
func (c *connection) resolveHop(ctx context.Context, j connect.Jump) (*resolve.Result, error) {
	req := j.Request(c.req.ConfigFile)
	res, err := c.resolver.ResolveContext(ctx, req)
	if err != nil {
		var fe *resolve.FatalError
		if errors.As(err, &fe) {
			return nil, &connect.Error{Msg: strings.TrimRight(fe.Msg, "\r\n"), Err: err}
		}
		return nil, err
	}
	writeMessages(c.stderr, c.logTo, res.Warnings)
	c.warnUnsupported(res, c.stderr)
	if _, ok := res.String(keyword.ProxyCommand); ok && c.g.noExec {
		return nil, &connect.Error{Msg: "sshcfg connect: ProxyCommand is not run with --no-exec"}
	}
	return res, nil
}

// ttyPrompt asks on the terminal (/dev/tty, as ssh's read_passphrase does), with echo
// off unless echo is set. A SIGINT, SIGTERM or SIGHUP while it waits restores the
// terminal and ends the process by that signal, as readpassphrase does: the read cannot
// be interrupted, and a terminal left without echo would outlive us.
func ttyPrompt(prompt string, echo bool) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", err
	}
	defer tty.Close()
	fd := int(tty.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	defer dieOnSignal(func() {
		_ = term.Restore(fd, state)
		fmt.Fprint(tty, "\n")
	})()
	if !echo {
		// echo goes off before the prompt shows, as in readpassphrase: an answer typed
		// as soon as the prompt appears must not be echoed
		tio, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
		if err != nil {
			return "", err
		}
		tio.Lflag &^= unix.ECHO | unix.ECHONL
		if err := unix.IoctlSetTermios(fd, ioctlSetTermios, tio); err != nil {
			return "", err
		}
		defer func() {
			_ = term.Restore(fd, state)
			fmt.Fprint(tty, "\n")
		}()
	}
	fmt.Fprint(tty, resolve.EscapeText(prompt))
	line, err := bufio.NewReader(tty).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

// dieOnSignal, until the function it returns is called, answers SIGINT, SIGTERM and
// SIGHUP by calling restore and then ending the process by the same signal.
func dieOnSignal(restore func()) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			restore()
			signal.Reset(sig)
			_ = syscall.Kill(os.Getpid(), sig.(syscall.Signal))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// connectAndRun dials, sets up the forwards and runs the session or -W; in the
// background process it says it is ready once authentication and forwards are done.
func (c *connection) connectAndRun(command string, background bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	limitProcs(c.res)
	client, err := connect.Dial(ctx, c.res, c.dialOptions())
	if err != nil {
		return c.connectFailure(err)
	}
	defer client.Close()
	if c.flags.stdioForward != "" {
		return c.stdioForward(ctx, client, background)
	}
	var set *forward.Set
	if c.hasForwards() {
		set, err = forward.Start(ctx, client, c.res, forward.Options{Warn: c.logTo, Session: c.sessionType() != sessionNone})
		if err != nil {
			return c.connectFailure(err)
		}
		defer set.Close()
	}
	if background {
		notifyReady()
	}
	if c.sessionType() == sessionNone {
		go func() { _ = client.Wait(); stop() }()
		<-ctx.Done()
		return nil
	}
	stdin := c.stdin
	if c.res.Flag(keyword.StdinNull) {
		stdin = strings.NewReader("")
	}
	channel := 0
	if set != nil {
		channel = set.SessionChannel()
	}
	status, err := session.Run(ctx, client, c.res, session.Options{
		Channel:     channel,
		Command:     command,
		Subsystem:   c.sessionType() == sessionSubsystem,
		Stdin:       stdin,
		Stdout:      c.stdout,
		Stderr:      c.stderr,
		AgentSocket: c.agentSocket(),
	})
	if err != nil {
		return c.connectFailure(err)
	}
	if status != 0 {
		return &exitError{status}
	}
	return nil
}

// hasForwards says whether res asks for any port forwarding.
func (c *connection) hasForwards() bool {
	for _, id := range []keyword.ID{keyword.LocalForward, keyword.RemoteForward, keyword.DynamicForward} {
		if len(c.res.Forwards(id)) > 0 {
			return true
		}
	}
	return false
}

// stdioForward runs -W host:port.
func (c *connection) stdioForward(ctx context.Context, client *ssh.Client, background bool) error {
	f, ok := parser.ParseForward(c.flags.stdioForward, true, false, func(s string) int {
		p, err := strconv.Atoi(s)
		if err != nil {
			return -1
		}
		return p
	})
	if !ok {
		return c.fatal(fmt.Sprintf("Bad stdio forwarding specification '%s'", c.flags.stdioForward))
	}
	if background {
		notifyReady()
	}
	host := f.ListenHost
	if f.ListenPort == parser.PortStreamLocal {
		host = f.ListenPath
	}
	if err := forward.Stdio(ctx, client, host, f.ListenPort, c.stdin, c.stdout); err != nil {
		return c.connectFailure(err)
	}
	return nil
}

// agentSocket is the agent ForwardAgent forwards ("" when off).
func (c *connection) agentSocket() string {
	s, err := connect.ForwardAgentSocket(c.res, nil)
	if err != nil {
		fmt.Fprint(c.logTo, resolve.LogText(err.Error()))
	}
	return s
}

// connectFailure prints a connection or session failure and exits 255.
func (c *connection) connectFailure(err error) error {
	if errors.Is(err, context.Canceled) || c.quiet() {
		return &exitError{exitSSH}
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprint(c.logTo, resolve.LogText(line))
	}
	return &exitError{exitSSH}
}

// forkBackground runs this command line again as a child that goes on in the
// background (Go cannot fork); it returns once the child says it is ready, with its
// status when it fails first.
func (c *connection) forkBackground() error {
	exe, err := os.Executable()
	if err != nil {
		return c.fatal("fork: " + err.Error())
	}
	r, w, err := os.Pipe()
	if err != nil {
		return c.fatal("pipe: " + err.Error())
	}
	args := append([]string{"sshcfg", "connect"}, c.g.longFlags()...)
	args = append(args, c.args...)
	child := &exec.Cmd{
		Path:       exe,
		Args:       args,
		Env:        append(os.Environ(), backgroundEnv+"=1"),
		Stdin:      nil, // -f implies -n
		Stdout:     c.stdout,
		Stderr:     c.stderr,
		ExtraFiles: []*os.File{w},
	}
	if err := child.Start(); err != nil {
		r.Close()
		w.Close()
		return c.fatal("fork: " + err.Error())
	}
	w.Close()
	ready, _ := io.ReadAll(r)
	r.Close()
	if string(ready) == readyMessage {
		_ = child.Process.Release()
		return nil
	}
	err = child.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() > 0 {
		return &exitError{ee.ExitCode()}
	}
	return &exitError{exitSSH}
}

// readyMessage is what the background process writes once it is ready, on the pipe it
// has as descriptor readyFD.
const (
	readyMessage = "ready\n"
	readyFD      = 3
)

// notifyReady tells the waiting parent that authentication and forwards are done, and
// leaves the parent's session so that the terminal's hang-up does not end this process.
func notifyReady() {
	f := os.NewFile(readyFD, "ready")
	if f == nil {
		return
	}
	_, _ = io.WriteString(f, readyMessage)
	f.Close()
	_, _ = syscall.Setsid()
	signal.Ignore(syscall.SIGHUP)
}

// longFlags gives the sshcfg long flags again (for the background process).
func (g *globals) longFlags() []string {
	var out []string
	if g.home != "" {
		out = append(out, "--home", g.home)
	}
	if g.openssh != "" {
		out = append(out, "--openssh", g.openssh)
	}
	if g.noExec {
		out = append(out, "--no-exec")
	}
	return out
}
