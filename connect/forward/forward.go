// Package forward runs the port forwardings of an SSH connection as ssh does:
// LocalForward, RemoteForward and DynamicForward (SOCKS4/4a/5), over TCP or Unix
// sockets, ExitOnForwardFailure, and -W stdio forwarding.
//
// Listeners bind where ssh binds them (loopback unless GatewayPorts or an explicit bind
// address says otherwise, every address of the family), remote forwards are asked for
// with tcpip-forward and streamlocal-forward@openssh.com, and the messages ssh prints
// about failed or allocated forwards go to Options.Warn in ssh's words, filtered by the
// resolved LogLevel.
package forward

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Options changes how forwards are set up.
type Options struct {
	// Warn receives ssh-like warnings about forwards that could not be set up.
	Warn io.Writer
	// Session says a session channel follows the forwards (ssh without -N). ssh numbers
	// its channels in one sequence (listeners, then the session, then each forwarded
	// connection in the lowest free number), and its messages show those numbers; the
	// session's is SessionChannel.
	Session bool
}

// Set is the running forwards of one connection.
type Set struct {
	client *ssh.Client
	log    *logger

	mu         sync.Mutex
	closed     bool
	listeners  []net.Listener
	conns      map[io.Closer]struct{}
	bound      []Bound
	ids        channelIDs
	remoteOpen openPermissions
	session    int
	wg         sync.WaitGroup
}

// Bound is one forward that is up, with the addresses it listens on: local sockets for
// LocalForward and DynamicForward, the server's address (the allocated port for a
// requested port 0) for RemoteForward.
type Bound struct {
	// Kind is keyword.LocalForward, keyword.RemoteForward or keyword.DynamicForward.
	Kind    keyword.ID
	Forward parser.Forward
	Addrs   []net.Addr
}

// Start sets up every LocalForward, RemoteForward and DynamicForward of res on client and
// returns once each listener is bound and each remote forward acknowledged (or has
// failed: an error when ExitOnForwardFailure is set, a warning otherwise).
func Start(ctx context.Context, client *ssh.Client, res *resolve.Result, opts Options) (*Set, error) {
	s := &Set{
		client:     client,
		log:        newLogger(opts.Warn, res),
		conns:      map[io.Closer]struct{}{},
		remoteOpen: newOpenPermissions(res),
	}
	exitOnFailure := res.Flag(keyword.ExitOnForwardFailure)
	if err := s.startLocal(ctx, res, exitOnFailure); err != nil {
		s.Close()
		return nil, err
	}
	s.session = s.ids.next()
	if opts.Session {
		s.session = s.ids.take()
	}
	if err := s.startRemote(ctx, res, exitOnFailure); err != nil {
		s.Close()
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// SessionChannel is the number ssh gives the session channel opened after these
// forwards (session.Options.Channel), in its messages.
func (s *Set) SessionChannel() int { return s.session }

// Bound lists the forwards that are up, in the order they were set up.
func (s *Set) Bound() []Bound {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Bound(nil), s.bound...)
}

// Close stops every listener and forwarded connection and waits for their goroutines.
func (s *Set) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	listeners := s.listeners
	s.listeners = nil
	conns := s.conns
	s.conns = map[io.Closer]struct{}{}
	s.mu.Unlock()
	for _, l := range listeners {
		_ = l.Close()
	}
	for c := range conns {
		_ = c.Close()
	}
	s.wg.Wait()
	return nil
}

// addListener records l, or closes it and reports false when the Set is closed.
func (s *Set) addListener(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		_ = l.Close()
		return false
	}
	s.listeners = append(s.listeners, l)
	return true
}

// track records c so that Close ends it; it reports false (and closes c) when the Set
// is already closed.
func (s *Set) track(c io.Closer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		_ = c.Close()
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Set) untrack(c io.Closer) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// serve runs accept on l in a goroutine of the Set, handing each connection to handle
// in its own goroutine, with the channel number ssh would give it, until l is closed.
func (s *Set) serve(l net.Listener, handle func(c net.Conn, id int)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		var pause time.Duration
		for {
			c, err := l.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) || s.isClosed() {
					return
				}
				// A socket listener's failure (out of descriptors) or an SSH channel that
				// could not be accepted does not end the forward; a growing pause keeps a
				// lasting failure from spinning.
				pause = min(max(2*pause, 5*time.Millisecond), time.Second)
				time.Sleep(pause)
				continue
			}
			pause = 0
			nc := s.number(c)
			if !s.track(nc) {
				continue
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer nc.Close()
				defer s.untrack(nc)
				handle(nc, nc.id)
			}()
		}
	}()
}

func (s *Set) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Stdio connects local standard input and output to host:port through client (ssh -W)
// until either side ends. A port of parser.PortStreamLocal makes host a Unix socket
// path on the server (direct-streamlocal@openssh.com). When the server refuses the
// channel the error holds ssh's two lines ("channel 0: open failed: …" and "stdio
// forwarding failed"). Stdio returns when the server ends the channel; a read of stdin
// still pending then ends with the next input.
func Stdio(ctx context.Context, client *ssh.Client, host string, port int, stdin io.Reader, stdout io.Writer) error {
	var ch ssh.Channel
	var reqs <-chan *ssh.Request
	var err error
	if port == parser.PortStreamLocal {
		ch, reqs, err = client.OpenChannel(channelStreamLocal, streamLocalPayload(host))
	} else {
		ch, reqs, err = client.OpenChannel(channelDirectTCP, directTCPPayload(host, port, stdioOriginHost, stdioOriginPort))
	}
	if err != nil {
		return errors.Join(openFailure(0, err), errors.New("stdio forwarding failed"))
	}
	go ssh.DiscardRequests(reqs)
	stop := context.AfterFunc(ctx, func() { _ = ch.Close() })
	defer stop()

	go func() {
		_, _ = copyBuffer(ch, stdin)
		_ = ch.CloseWrite()
	}()
	_, err = copyBuffer(stdout, ch)
	_ = ch.Close()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return err
}

// openFailure words a refused channel as ssh does: "channel N: open failed: connect
// failed: Connection refused".
func openFailure(id int, err error) error {
	var oe *ssh.OpenChannelError
	if errors.As(err, &oe) {
		return fmt.Errorf("channel %d: open failed: %s: %s", id, openReason(oe.Reason), oe.Message)
	}
	return fmt.Errorf("channel %d: open failed: %w", id, err)
}

// openReasons are ssh's texts for the SSH2_MSG_CHANNEL_OPEN_FAILURE reason codes.
var openReasons = map[ssh.RejectionReason]string{
	ssh.Prohibited:         "administratively prohibited",
	ssh.ConnectionFailed:   "connect failed",
	ssh.UnknownChannelType: "unknown channel type",
	ssh.ResourceShortage:   "resource shortage",
}

// openReason is ssh's text for a channel open failure reason.
func openReason(r ssh.RejectionReason) string {
	if t, ok := openReasons[r]; ok {
		return t
	}
	return "unknown reason"
}

// channelIDs numbers channels as ssh does: each new one takes the lowest number not in
// use.
type channelIDs struct {
	mu   sync.Mutex
	used []bool
}

// next is the number take would return.
func (c *channelIDs) next() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, u := range c.used {
		if !u {
			return i
		}
	}
	return len(c.used)
}

func (c *channelIDs) take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, u := range c.used {
		if !u {
			c.used[i] = true
			return i
		}
	}
	c.used = append(c.used, true)
	return len(c.used) - 1
}

func (c *channelIDs) release(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[id] = false
}

// numberedConn is an accepted connection holding the channel number ssh would give it,
// until it is closed: closing it frees the number first, so that a client that sees the
// close and connects again gets the same number, as with ssh.
type numberedConn struct {
	net.Conn
	id      int
	release sync.Once
	ids     *channelIDs
}

// number gives c the lowest free channel number.
func (s *Set) number(c net.Conn) *numberedConn {
	return &numberedConn{Conn: c, id: s.ids.take(), ids: &s.ids}
}

func (c *numberedConn) Close() error {
	c.release.Do(func() { c.ids.release(c.id) })
	return c.Conn.Close()
}

// CloseWrite half-closes the connection (see pipe).
func (c *numberedConn) CloseWrite() error {
	if hc, ok := c.Conn.(halfCloser); ok {
		return hc.CloseWrite()
	}
	return c.Conn.Close()
}
