package connect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// clientConfig prepares the x/crypto configuration for res before anything is dialled,
// as ssh checks its options before connecting: the algorithms (a configured one x/crypto
// lacks fails here) and the authenticator. The host key check comes once connected
// (withHostKeys).
func (d *dialer) clientConfig(res *resolve.Result) (*ssh.ClientConfig, *hostKeyCheck, *authenticator, error) {
	hk := &hostKeyCheck{}
	cfg := &ssh.ClientConfig{
		User:            res.User(),
		HostKeyCallback: hk.callback,
		ClientVersion:   "SSH-2.0-sshcfg",
	}
	if err := transportAlgorithms(res, cfg); err != nil {
		return nil, nil, nil, err
	}
	if lvl, ok := res.Int(keyword.LogLevel); !ok || lvl >= logLevelInfo {
		cfg.BannerCallback = func(msg string) error {
			fmt.Fprint(d.stderr(), escapeLines(msg))
			return nil
		}
	}
	auth := newAuthenticator(d, res)
	cfg.AuthCallback = auth.next
	return cfg, hk, auth, nil
}

// withHostKeys sets up the host key check of res and offers the host key algorithms in
// the checker's order (keys already known for the host first).
func (d *dialer) withHostKeys(res *resolve.Result, cfg *ssh.ClientConfig, hk *hostKeyCheck) error {
	check, algs, err := d.hostKeyCallback(res)
	if err != nil {
		return err
	}
	hk.check = check
	l := listFor(keyword.HostKeyAlgorithms)
	got, err := mapAlgorithms(res, l, algs)
	if err != nil {
		return err
	}
	l.set(cfg, got)
	return nil
}

// hostKeyCheck remembers the first host key failure, so that it is reported as it is
// and not as a failed handshake.
type hostKeyCheck struct {
	check ssh.HostKeyCallback
	once  sync.Once
	err   error
}

func (h *hostKeyCheck) callback(hostname string, remote net.Addr, key ssh.PublicKey) error {
	err := h.check(hostname, remote, key)
	if err != nil {
		h.once.Do(func() { h.err = err })
	}
	return err
}

// handshake runs the SSH protocol over the transport: version exchange (bounded by
// ConnectTimeout), key exchange with the configured algorithms, the host key check and
// authentication.
func (d *dialer) handshake(ctx context.Context, res *resolve.Result, tr *transport, cfg *ssh.ClientConfig, hk *hostKeyCheck, auth *authenticator) (*ssh.Client, error) {
	defer auth.close()
	if err := d.withHostKeys(res, cfg, hk); err != nil {
		return nil, err
	}
	d.debugf("%s", describeAlgorithms(cfg))
	timeout, _ := res.Duration(keyword.ConnectTimeout)
	var conn net.Conn = newCoalescingConn(tr.conn)
	watch := watchHandshake(conn, res)
	if watch != nil {
		conn = watch
		d.watch = watch
		defer func() { watch.stop(); d.watch = nil }()
	}
	conn = newBannerConn(conn, timeout)
	stop := context.AfterFunc(ctx, func() { tr.conn.Close() })
	addr := net.JoinHostPort(res.Hostname, strconv.Itoa(res.Port()))
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	stopped := stop()
	switch {
	case err == nil:
	case !stopped:
		return nil, ctx.Err()
	case watch != nil && watch.timedOut():
		return nil, errorf(err, "Connection to %s port %d timed out", tr.host, tr.port)
	case hk.err != nil:
		var e *Error
		if errors.As(hk.err, &e) {
			return nil, e
		}
		return nil, errorf(hk.err, "%s", hk.err.Error())
	default:
		return nil, d.handshakeError(err, auth, tr, conn)
	}
	d.debugf("Authenticated to %s ([%s]:%d) using \"%s\".", res.Hostname, tr.host, tr.port, auth.last)
	auth.finish()
	return ssh.NewClient(c, chans, reqs), nil
}

// handshakeError words a failed handshake as ssh does.
func (d *dialer) handshakeError(err error, auth *authenticator, tr *transport, conn net.Conn) *Error {
	var neg *ssh.AlgorithmNegotiationError
	var ne net.Error
	banner, waiting := conn.(*bannerConn)
	switch {
	case errors.As(err, &neg):
		return errorf(err, "Unable to negotiate with %s port %d: no matching %s found. Their offer: %s",
			tr.host, tr.port, negotiationWhat(neg.What), strings.Join(neg.RequestedAlgorithms, ","))
	case waiting && banner.waiting && (errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded)):
		return errorf(err, "Connection timed out during banner exchange\nConnection to %s port %d timed out", tr.host, tr.port)
	case auth.last != "" || auth.allowed != nil:
		return auth.denied()
	case errors.Is(err, syscall.ECONNRESET):
		return errorf(err, "Connection reset by %s port %d", tr.host, tr.port)
	case closedByPeer(err) && waiting && banner.waiting:
		return errorf(err, "kex_exchange_identification: Connection closed by remote host\nConnection closed by %s port %d", tr.host, tr.port)
	case closedByPeer(err):
		return errorf(err, "Connection closed by %s port %d", tr.host, tr.port)
	}
	return errorf(err, "Connection to %s port %d: %s", tr.host, tr.port, strings.TrimPrefix(err.Error(), "ssh: handshake failed: "))
}

// closedByPeer says the connection ended under the handshake: the server closed it (a
// read sees EOF, a write a broken pipe, and x/crypto then closes its end).
func closedByPeer(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.EPIPE)
}

// negotiationWhat maps x/crypto's names of the negotiated lists onto ssh's.
func negotiationWhat(what string) string {
	for _, w := range []struct{ suffix, ssh string }{
		{"key exchange", "key exchange method"},
		{"host key", "host key type"},
		{"cipher", "cipher"},
		{"MAC", "MAC"},
	} {
		if strings.HasSuffix(what, w.suffix) {
			return w.ssh
		}
	}
	return what
}

// escapeLines escapes text from the server line by line, keeping its line ends, so it
// cannot drive the terminal.
func escapeLines(text string) string {
	var b strings.Builder
	for line := range strings.Lines(text) {
		body, nl := strings.CutSuffix(line, "\n")
		b.WriteString(resolve.EscapeText(strings.TrimSuffix(body, "\r")))
		if nl {
			b.WriteString("\r\n")
		}
	}
	return b.String()
}
