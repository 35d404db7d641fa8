package connect

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect/knownhosts"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Options is what Dial needs beyond the resolved configuration: how to reach the user
// and how to resolve the jump hosts of ProxyJump.
type Options struct {
	// ResolveHop resolves the configuration of a ProxyJump hop the way ssh resolves the
	// command line it builds for it: `ssh [-l user] [-p port] [-J via] [-F config] host`
	// (the -F and -v of the original command line carry over; nothing else does).
	// Nil refuses ProxyJump.
	ResolveHop func(ctx context.Context, hop Jump) (*resolve.Result, error)
	// Prompt asks the user a question on the terminal (passphrases, passwords,
	// keyboard-interactive, host key questions); echo says whether the answer may be
	// shown. Nil means there is no terminal: nothing is asked. BatchMode never asks.
	Prompt func(prompt string, echo bool) (string, error)
	// Stderr receives ssh's messages and warnings and the standard error of ProxyCommand;
	// nil discards them.
	Stderr io.Writer
	// Debug, when not nil, receives a trace of what Dial does (ssh -v).
	Debug io.Writer
	// Getenv reads the environment (SSH_AUTH_SOCK, SHELL); nil uses the process's.
	Getenv func(string) (string, bool)
	// Stdin and Stdout are the transport of `ProxyCommand -`; nil uses the process's.
	Stdin  io.Reader
	Stdout io.Writer
	// HostKeyCallback, when not nil, replaces the known_hosts checks of package
	// knownhosts (for programs that pin host keys themselves, and for tests).
	HostKeyCallback ssh.HostKeyCallback
}

// Jump is one ProxyJump hop as ssh hands it to the ssh it runs for the hop: the last hop
// of the chain, with the hops before it as its own -J.
type Jump struct {
	// Host is the destination of the hop (-l and -p aside).
	Host string
	// User and Port are the -l and -p ssh passes: "" and 0 when the ProxyJump entry did
	// not give them (the hop's configuration then decides).
	User string
	Port int
	// Via is the -J of the hop: the hops before it, comma-separated, "" for none.
	Via string
}

// Request is the resolution request for the hop, as ssh builds the command line of the ssh
// it runs for it: the same -F configFile, -l, -p and -J from the jump specification, and
// what that ssh's -W sets (no session, so no pseudo-terminal and no notice about one).
// It is one-shot: one host is resolved.
func (j Jump) Request(configFile string) *resolve.Request {
	req := resolve.NewRequest(j.Host)
	req.ConfigFile = configFile
	req.OneShot = true
	if j.User != "" {
		req.Login(j.User)
	}
	if j.Port > 0 {
		req.Port(strconv.Itoa(j.Port))
	}
	if j.Via != "" {
		req.Jump(j.Via)
	}
	return req.Option("RequestTTY=no").Option("SessionType=none")
}

// maxHops bounds a ProxyJump chain in which hops name each other through their own
// configuration (ssh would start processes without end).
const maxHops = 32

// Error is a failure with ssh's wording; ssh exits 255 on it.
type Error struct {
	// Msg is the message as ssh prints it (one or more lines, without the final newline).
	Msg string
	// Err is the underlying error, if any.
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

func errorf(cause error, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), Err: cause}
}

// Dial connects to the destination res describes, through its ProxyJump hops or
// ProxyCommand, checks its host key and authenticates as ssh does. Closing the client
// also closes the hops and ends the ProxyCommand. Failures are *Error values with ssh's
// wording.
func Dial(ctx context.Context, res *resolve.Result, opts Options) (*ssh.Client, error) {
	d := &dialer{opts: opts}
	return d.dial(ctx, res, 0)
}

// dialer is one Dial call and its options.
type dialer struct {
	opts Options
	// watch bounds the silence of the server in the handshake under way (nil when
	// ServerAlive is off); hops are dialled one after the other.
	watch *handshakeWatch
}

// prompt asks the user through Options.Prompt, with the handshake's clock stopped.
func (d *dialer) prompt(q string, echo bool) (string, error) {
	if d.watch != nil {
		defer d.watch.pause()()
	}
	return d.opts.Prompt(q, echo)
}

func (d *dialer) getenv(name string) (string, bool) {
	if d.opts.Getenv != nil {
		return d.opts.Getenv(name)
	}
	return lookupEnv(name)
}

// lookupEnv reads the process's environment.
var lookupEnv = os.LookupEnv

func (d *dialer) stderr() io.Writer {
	if d.opts.Stderr == nil {
		return io.Discard
	}
	return d.opts.Stderr
}

// log writes one of ssh's messages to Stderr as ssh's logger writes it.
func (d *dialer) log(format string, args ...any) {
	fmt.Fprint(d.stderr(), resolve.LogText(fmt.Sprintf(format, args...)))
}

// debugf writes a trace line when Debug is set.
func (d *dialer) debugf(format string, args ...any) {
	if d.opts.Debug != nil {
		fmt.Fprint(d.opts.Debug, resolve.LogText("debug1: "+fmt.Sprintf(format, args...)))
	}
}

func (d *dialer) dial(ctx context.Context, res *resolve.Result, depth int) (*ssh.Client, error) {
	if depth > maxHops {
		return nil, errorf(nil, "ProxyJump: more than %d jump hosts (a hop's configuration leads back into the chain?)", maxHops)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg, hk, auth, err := d.clientConfig(res)
	if err != nil {
		return nil, err
	}
	tr, err := d.transport(ctx, res, depth)
	if err != nil {
		return nil, err
	}
	client, err := d.handshake(ctx, res, tr, cfg, hk, auth)
	if err != nil {
		tr.close()
		return nil, err
	}
	go func() {
		_ = client.Wait()
		tr.close()
	}()
	d.keepAlive(client, res)
	return client, nil
}

// transport is the byte stream an SSH connection runs over, and what must be released
// with it (the jump client, the ProxyCommand process).
type transport struct {
	conn     net.Conn
	host     string // for messages: the host name ssh names in them
	port     int
	once     sync.Once
	releases []func()
}

func (t *transport) close() {
	t.once.Do(func() {
		t.conn.Close()
		for _, r := range t.releases {
			r()
		}
	})
}

// transport opens the stream to the destination: through the last ProxyJump hop, a
// ProxyCommand, or a direct TCP connection.
func (d *dialer) transport(ctx context.Context, res *resolve.Result, depth int) (*transport, error) {
	host, port := res.Hostname, res.Port()
	if hops := res.ProxyJump(); len(hops) > 0 {
		return d.viaJump(ctx, res, hops, depth)
	}
	if cmd, ok := res.String(keyword.ProxyCommand); ok {
		conn, err := d.proxyCommand(res, cmd)
		if err != nil {
			return nil, err
		}
		return &transport{conn: conn, host: "UNKNOWN", port: 65535}, nil
	}
	conn, err := d.dialTCP(ctx, res)
	if err != nil {
		return nil, err
	}
	if a, ok := conn.RemoteAddr().(*net.TCPAddr); ok {
		host = a.IP.String()
	}
	return &transport{conn: conn, host: host, port: port}, nil
}

// viaJump connects to the last hop of the chain (which reaches the earlier hops through
// its own -J, as ssh's `ssh -J ... -W` does) and opens a direct-tcpip channel from it to
// the destination.
func (d *dialer) viaJump(ctx context.Context, res *resolve.Result, hops []resolve.Hop, depth int) (*transport, error) {
	if d.opts.ResolveHop == nil {
		return nil, errorf(nil, "ProxyJump is not available here")
	}
	last := hops[len(hops)-1]
	j := Jump{Host: last.Host, User: last.User, Port: last.Port}
	var via []string
	for _, h := range hops[:len(hops)-1] {
		via = append(via, hopText(h))
	}
	j.Via = strings.Join(via, ",")
	jumpUser := j.User
	if jumpUser == "" {
		jumpUser = res.User()
	}
	jumpPort := j.Port
	if jumpPort == 0 {
		jumpPort = 22
	}
	if j.Host == res.Hostname && jumpPort == res.Port() && jumpUser == res.User() {
		return nil, errorf(nil, "jumphost loop via %s", j.Host)
	}
	d.debugf("Setting implicit ProxyCommand from ProxyJump: %s", jumpCommandText(j))
	hopRes, err := d.opts.ResolveHop(ctx, j)
	if err != nil {
		return nil, err
	}
	jc, err := d.dial(ctx, hopRes, depth+1)
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort(res.Hostname, strconv.Itoa(res.Port()))
	conn, err := jc.Dial("tcp", addr)
	if err != nil {
		jc.Close()
		msg := fmt.Sprintf("channel 0: open failed: %s", openFailure(err))
		return nil, errorf(err, "%s\nstdio forwarding failed\nkex_exchange_identification: Connection closed by remote host\nConnection closed by UNKNOWN port 65535", msg)
	}
	return &transport{conn: conn, host: "UNKNOWN", port: 65535, releases: []func(){func() { jc.Close() }}}, nil
}

// openFailure words a refused channel open as ssh does.
func openFailure(err error) string {
	if oe, ok := err.(*ssh.OpenChannelError); ok {
		return fmt.Sprintf("%s: %s", reasonText(oe.Reason), oe.Message)
	}
	return err.Error()
}

func reasonText(r ssh.RejectionReason) string {
	switch r {
	case ssh.Prohibited:
		return "administratively prohibited"
	case ssh.ConnectionFailed:
		return "connect failed"
	case ssh.UnknownChannelType:
		return "unknown channel type"
	case ssh.ResourceShortage:
		return "resource shortage"
	}
	return "unknown reason"
}

// hopText writes a hop back in ProxyJump's syntax.
func hopText(h resolve.Hop) string {
	s := h.Host
	if strings.Contains(s, ":") {
		s = "[" + s + "]"
	}
	if h.User != "" {
		s = h.User + "@" + s
	}
	if h.Port > 0 {
		s += ":" + strconv.Itoa(h.Port)
	}
	return s
}

// jumpCommandText is the command line ssh would run for the hop (for the trace).
func jumpCommandText(j Jump) string {
	s := "ssh"
	if j.User != "" {
		s += " -l " + j.User
	}
	if j.Port > 0 {
		s += " -p " + strconv.Itoa(j.Port)
	}
	if j.Via != "" {
		s += " -J " + j.Via
	}
	return s + " -W '[%h]:%p' " + j.Host
}

// hostKeyCallback returns the host key checks for res and the host key algorithms to
// offer in preference order.
func (d *dialer) hostKeyCallback(res *resolve.Result) (ssh.HostKeyCallback, []string, error) {
	if d.opts.HostKeyCallback != nil {
		return d.opts.HostKeyCallback, res.Algorithms(keyword.HostKeyAlgorithms), nil
	}
	in := knownhosts.Interaction{Warn: d.stderr()}
	if d.opts.Prompt != nil && !res.Flag(keyword.BatchMode) {
		in.Prompt = func(q string) (string, error) { return d.prompt(q, true) }
	}
	c, err := knownhosts.New(res, in)
	if err != nil {
		return nil, nil, errorf(err, "%s", err.Error())
	}
	algs := c.HostKeyAlgorithms()
	if len(algs) == 0 {
		algs = res.Algorithms(keyword.HostKeyAlgorithms)
	}
	return c.HostKeyCallback(), algs, nil
}
