package forward

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// defaultBindMask is StreamLocalBindMask's default: sockets only their owner can use.
const defaultBindMask = 0o177

// localSettings are the options that shape local listeners.
type localSettings struct {
	gatewayPorts bool
	family       resolve.AddressFamily
	bindMask     os.FileMode
	bindUnlink   bool
}

func newLocalSettings(res *resolve.Result) localSettings {
	mask := os.FileMode(defaultBindMask)
	if m, ok := res.Int(keyword.StreamLocalBindMask); ok {
		mask = os.FileMode(m) & os.ModePerm
	}
	return localSettings{
		gatewayPorts: res.Flag(keyword.GatewayPorts),
		family:       res.AddressFamily(),
		bindMask:     mask,
		bindUnlink:   res.Flag(keyword.StreamLocalBindUnlink),
	}
}

// startLocal binds every LocalForward and DynamicForward. As ssh, a forward is up when
// at least one of its addresses is bound; with ExitOnForwardFailure any forward that is
// not up is an error, without it only all of them failing is reported.
func (s *Set) startLocal(ctx context.Context, res *resolve.Result, exitOnFailure bool) error {
	set := newLocalSettings(res)
	kinds := []keyword.ID{keyword.LocalForward, keyword.DynamicForward}
	total, up := 0, 0
	for _, kind := range kinds {
		for _, f := range res.Forwards(kind) {
			total++
			ls := s.listenLocal(ctx, f, set)
			if len(ls) == 0 {
				continue
			}
			up++
			b := Bound{Kind: kind, Forward: f}
			for _, l := range ls {
				if !s.addListener(l) {
					return net.ErrClosed
				}
				s.ids.take() // a listener keeps its channel number until Close
				b.Addrs = append(b.Addrs, l.Addr())
				if kind == keyword.DynamicForward {
					s.serve(l, s.socks)
				} else {
					f := f
					s.serve(l, func(c net.Conn, id int) { s.local(c, id, f) })
				}
			}
			s.mu.Lock()
			s.bound = append(s.bound, b)
			s.mu.Unlock()
		}
	}
	if total > 0 && up != total && exitOnFailure {
		return errors.New("Could not request local forwarding.")
	}
	if total > 0 && up == 0 {
		s.log.printf(levelError, "Could not request local forwarding.")
	}
	return nil
}

// local forwards one accepted connection of a LocalForward.
func (s *Set) local(c net.Conn, id int, f parser.Forward) {
	ch, err := dialTarget(s.client, c, f.ConnectHost, f.ConnectPort, f.ConnectPath)
	if err != nil {
		s.log.printf(levelError, "%s", openFailure(id, err))
		_ = c.Close()
		return
	}
	if !s.track(ch) {
		_ = c.Close()
		return
	}
	defer s.untrack(ch)
	pipe(c, c, ch)
}

// listenLocal binds the listening side of f and returns its listeners, none when it
// failed (ssh's messages then went to the log).
func (s *Set) listenLocal(ctx context.Context, f parser.Forward, set localSettings) []net.Listener {
	if f.ListenPath != "" {
		l := s.listenUnix(f.ListenPath, set)
		if l == nil {
			return nil
		}
		return []net.Listener{l}
	}
	addrs, err := bindAddrs(ctx, f, set)
	if err != nil {
		s.log.printf(levelError, "%s", err)
		return nil
	}
	var out []net.Listener
	var lc net.ListenConfig
	for i, ip := range addrs {
		network := "tcp4"
		if ip.To4() == nil {
			network = "tcp6"
		}
		addr := hostPort(ip.String(), f.ListenPort)
		l, err := lc.Listen(ctx, network, addr)
		if err != nil {
			// ssh reports every failed address but the last one only in verbose mode.
			level := levelVerbose
			if i == len(addrs)-1 {
				level = levelError
			}
			s.log.printf(level, "bind [%s]:%d: %s", ip, f.ListenPort, strerror(err))
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		s.log.printf(levelError, "channel_setup_fwd_listener_tcpip: cannot listen to port: %d", f.ListenPort)
	}
	return out
}

// listenUnix creates a listening Unix socket at path with StreamLocalBindMask's
// permissions, removing an old socket first when StreamLocalBindUnlink is set. As ssh,
// the socket is left in place when the forward ends.
func (s *Set) listenUnix(path string, set localSettings) net.Listener {
	if set.bindUnlink {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.printf(levelError, "unlink(%s): %s", path, strerror(err))
		}
	}
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		s.log.printf(levelError, "unix_listener: cannot bind to path %s: %s", path, strerror(err))
		return nil
	}
	l.SetUnlinkOnClose(false)
	if err := os.Chmod(path, os.ModePerm&^set.bindMask); err != nil {
		s.log.printf(levelError, "unix_listener: cannot set mode of %s: %s", path, strerror(err))
	}
	return l
}

// Loopback and wildcard addresses in the order getaddrinfo gives them on Linux: IPv6
// first for loopback, IPv4 first for the passive (wildcard) lookup.
var (
	loopbackAddrs = []net.IP{net.IPv6loopback, net.IPv4(127, 0, 0, 1)}
	wildcardAddrs = []net.IP{net.IPv4zero, net.IPv6unspecified}
)

// bindAddrs is where a local forward listens, by ssh's rules (channels.c,
// channel_fwd_bind_addr, with the client's view): without a bind address, loopback
// unless GatewayPorts is set; "" and "*" mean every address; "localhost" means the
// loopback addresses of every family; any other address or name is used as given.
// AddressFamily keeps one family.
func bindAddrs(ctx context.Context, f parser.Forward, set localSettings) ([]net.IP, error) {
	var ips []net.IP
	switch {
	case !f.HasListenHost && set.gatewayPorts, f.HasListenHost && (f.ListenHost == "" || f.ListenHost == "*"):
		ips = wildcardAddrs
	case !f.HasListenHost, f.ListenHost == "localhost":
		ips = loopbackAddrs
	default:
		if ip := net.ParseIP(f.ListenHost); ip != nil {
			ips = []net.IP{ip}
			break
		}
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, f.ListenHost)
		if err != nil {
			return nil, fmt.Errorf("channel_setup_fwd_listener_tcpip: getaddrinfo(%s): %s", f.ListenHost, lookupError(err))
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	var out []net.IP
	for _, ip := range ips {
		if familyAllows(set.family, ip) {
			out = append(out, ip)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("channel_setup_fwd_listener_tcpip: getaddrinfo(%s): Address family for hostname not supported", f.ListenHost)
	}
	return out, nil
}

// familyAllows reports whether AddressFamily lets ssh use ip.
func familyAllows(af resolve.AddressFamily, ip net.IP) bool {
	switch af {
	case resolve.AddressFamilyInet:
		return ip.To4() != nil
	case resolve.AddressFamilyInet6:
		return ip.To4() == nil
	}
	return true
}

// lookupError is getaddrinfo's wording for a failed name lookup.
func lookupError(err error) string {
	var de *net.DNSError
	if errors.As(err, &de) && de.IsNotFound {
		return "Name or service not known"
	}
	return "Temporary failure in name resolution"
}

// strerror words a system call error as the C library's strerror does ("Address
// already in use"); Go's texts are the same words without the capital.
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		t := errno.Error()
		return strings.ToUpper(t[:1]) + t[1:]
	}
	return err.Error()
}
