package connect

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// networks maps AddressFamily onto Go's network names.
var networks = map[resolve.AddressFamily]string{
	resolve.AddressFamilyAny:   "tcp",
	resolve.AddressFamilyInet:  "tcp4",
	resolve.AddressFamilyInet6: "tcp6",
}

// dialTCP connects to HostName:Port as ssh_connect_direct does: ConnectionAttempts tries
// a second apart, each over every address of the host, each connect bounded by
// ConnectTimeout, from BindAddress when set.
func (d *dialer) dialTCP(ctx context.Context, res *resolve.Result) (net.Conn, error) {
	host, port := res.Hostname, res.Port()
	network := networks[res.AddressFamily()]
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, errorf(err, "ssh: Could not resolve hostname %s: %s", host, resolveFailure(err))
	}
	dl := net.Dialer{}
	if t, ok := res.Duration(keyword.ConnectTimeout); ok && t > 0 {
		dl.Timeout = t
	}
	if b, ok := res.String(keyword.BindAddress); ok {
		ip := net.ParseIP(b)
		if ip == nil {
			ips, err := net.DefaultResolver.LookupIPAddr(ctx, b)
			if err != nil || len(ips) == 0 {
				return nil, errorf(err, "getaddrinfo: %s: Name or service not known", b)
			}
			ip = ips[0].IP
		}
		dl.LocalAddr = &net.TCPAddr{IP: ip}
	}
	attempts, _ := res.Int(keyword.ConnectionAttempts)
	attempts = max(attempts, 1)
	var last error
	for a := 0; a < attempts; a++ {
		if a > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Second):
			}
		}
		for _, ip := range addrs {
			if network == "tcp4" && ip.IP.To4() == nil || network == "tcp6" && ip.IP.To4() != nil {
				continue
			}
			addr := net.JoinHostPort(ip.IP.String(), strconv.Itoa(port))
			d.debugf("Connecting to %s [%s] port %d.", host, ip.IP, port)
			c, err := dl.DialContext(ctx, network, addr)
			if err == nil {
				d.debugf("Connection established.")
				return c, nil
			}
			last = err
		}
	}
	if last == nil {
		return nil, errorf(nil, "ssh: Could not resolve hostname %s: Address family for hostname not supported", host)
	}
	return nil, errorf(last, "ssh: connect to host %s port %d: %s", host, port, connectFailure(last))
}

// connectFailure words a failed connect as C's strerror does.
func connectFailure(err error) string {
	var errno syscall.Errno
	var ne net.Error
	switch {
	case errors.As(err, &errno):
		return strerror(errno)
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		return "Connection timed out"
	}
	return err.Error()
}

// resolveFailure words a failed name lookup as getaddrinfo's gai_strerror does.
func resolveFailure(err error) string {
	var de *net.DNSError
	if errors.As(err, &de) && de.IsTemporary {
		return "Temporary failure in name resolution"
	}
	return "Name or service not known"
}

// strerror capitalises Go's errno text as C's strerror writes it.
func strerror(e syscall.Errno) string {
	s := e.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// bannerConn bounds the wait for the server's identification line by ConnectTimeout, as
// ssh bounds its banner exchange; once the line has arrived the deadline is lifted.
type bannerConn struct {
	net.Conn
	waiting bool
	timeout time.Duration
}

func newBannerConn(c net.Conn, timeout time.Duration) net.Conn {
	if timeout <= 0 {
		return c
	}
	_ = c.SetReadDeadline(time.Now().Add(timeout))
	return &bannerConn{Conn: c, waiting: true, timeout: timeout}
}

func (b *bannerConn) Read(p []byte) (int, error) {
	n, err := b.Conn.Read(p)
	if b.waiting && n > 0 {
		for _, c := range p[:n] {
			if c == '\n' {
				b.waiting = false
				_ = b.Conn.SetReadDeadline(time.Time{})
				break
			}
		}
	}
	return n, err
}
