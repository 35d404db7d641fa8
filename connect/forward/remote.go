package forward

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// startRemote asks the server for every RemoteForward, one after the other, and waits
// for each answer. A refusal is ssh's warning, or its error with ExitOnForwardFailure.
func (s *Set) startRemote(ctx context.Context, res *resolve.Result, exitOnFailure bool) error {
	for _, f := range res.Forwards(keyword.RemoteForward) {
		if err := ctx.Err(); err != nil {
			return err
		}
		l, err := s.listenRemote(f)
		if err != nil {
			what := fmt.Sprintf("listen port %d", f.ListenPort)
			if f.ListenPath != "" {
				what = "listen path " + f.ListenPath
			}
			if exitOnFailure {
				return fmt.Errorf("Error: remote port forwarding failed for %s", what)
			}
			s.log.printf(levelInfo, "Warning: remote port forwarding failed for %s", what)
			continue
		}
		if !s.addListener(l) {
			return net.ErrClosed
		}
		if f.ListenPath == "" && f.ListenPort == 0 {
			s.log.printf(levelInfo, "Allocated port %d for remote forward to %s:%d",
				l.Addr().(*net.TCPAddr).Port, remoteTarget(f), f.ConnectPort)
		}
		s.mu.Lock()
		s.bound = append(s.bound, Bound{Kind: keyword.RemoteForward, Forward: f, Addrs: []net.Addr{l.Addr()}})
		s.mu.Unlock()
		s.serve(l, func(c net.Conn, _ int) { s.remote(c, f) })
	}
	return nil
}

// listenRemote sends the global request for f: streamlocal-forward@openssh.com for a
// socket path, tcpip-forward for a port, with the bind address ssh sends
// (channel_rfwd_bind_host: "localhost" when none is given, "" for "" and "*").
func (s *Set) listenRemote(f parser.Forward) (net.Listener, error) {
	if f.ListenPath != "" {
		return s.client.ListenUnix(f.ListenPath)
	}
	host := "localhost"
	if f.HasListenHost {
		host = f.ListenHost
		if host == "*" {
			host = ""
		}
	}
	return s.client.Listen("tcp", hostPort(host, f.ListenPort))
}

// remoteTarget is the local end of a remote forward as ssh names it in messages.
func remoteTarget(f parser.Forward) string {
	if f.ConnectPath != "" {
		return f.ConnectPath
	}
	return f.ConnectHost
}

// remote connects one forwarded channel of a RemoteForward to its local target. The
// channel is already accepted (x/crypto answers the open), so a target that cannot be
// reached closes it, after ssh's message.
func (s *Set) remote(ch net.Conn, f parser.Forward) {
	if isRemoteSocks(f) {
		s.remoteSocks(ch)
		return
	}
	network, addr, port := "tcp", hostPort(f.ConnectHost, f.ConnectPort), f.ConnectPort
	if f.ConnectPath != "" {
		network, addr, port = "unix", f.ConnectPath, parser.PortStreamLocal
	}
	var d net.Dialer
	c, err := d.Dial(network, addr)
	if err != nil {
		s.logDialFailure(remoteTarget(f), port, err)
		_ = ch.Close()
		return
	}
	if !s.track(c) {
		_ = ch.Close()
		return
	}
	defer s.untrack(c)
	st, ok := ch.(stream)
	if !ok {
		_ = ch.Close()
		_ = c.Close()
		return
	}
	pipe(c, c, st)
}

// isRemoteSocks reports whether a RemoteForward has no target: ssh then serves SOCKS on
// the forwarded connections itself.
func isRemoteSocks(f parser.Forward) bool {
	return f.ConnectPath == "" && f.ConnectHost == "socks" && f.ConnectPort == 0
}

// logDialFailure words a failed connection to a forward's local target as ssh does.
func (s *Set) logDialFailure(target string, port int, err error) {
	var de *net.DNSError
	if errors.As(err, &de) {
		s.log.printf(levelError, "connect_to %s: unknown host (%s)", target, lookupError(err))
		return
	}
	s.log.printf(levelError, "connect_to %s port %d: failed.", target, port)
}
