package forward

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"syscall"

	"golang.org/x/crypto/ssh"
)

// SOCKS protocol constants (SOCKS4, its 4a extension, RFC 1928).
const (
	socks4Version     = 4
	socks5Version     = 5
	socksConnect      = 1
	socks4Granted     = 90
	socks4Rejected    = 91
	socks5NoAuth      = 0
	socks5NoMethod    = 0xff
	socks5Succeeded   = 0
	socks5Failure     = 1
	socks5NotAllow    = 2
	socks5NetUnreach  = 3
	socks5HostUnreach = 4
	socks5Refused     = 5
	socks5TTLExpired  = 6
	socks5BadCmd      = 7
	socks5BadAddr     = 8
	socks5IPv4        = 1
	socks5Domain      = 3
	socks5IPv6        = 4
	// socksMaxString bounds the user and host strings of a SOCKS4 request, as ssh does
	// (it gives up after 1024 bytes).
	socksMaxString = 1024
)

// errSocks marks a request ssh's SOCKS server does not accept; the client is dropped.
var errSocks = errors.New("bad SOCKS request")

// errNotPermitted refuses a remote SOCKS destination PermitRemoteOpen does not list.
var errNotPermitted = errors.New("destination not permitted by PermitRemoteOpen")

// socksRequest is the destination a SOCKS client asks for.
type socksRequest struct {
	version int
	host    string
	port    int
}

// socks serves one connection of a DynamicForward: the SOCKS4, SOCKS4a or SOCKS5
// (no authentication, CONNECT) handshake, then a direct-tcpip channel to the
// destination. Unlike ssh, which answers "granted" before the server has opened the
// channel, the reply waits for the server and reports a refusal to the client.
func (s *Set) socks(c net.Conn, id int) {
	s.serveSocks(c, func(host string, port int) (stream, error) {
		oh, op := origin(c)
		ch, reqs, err := s.client.OpenChannel(channelDirectTCP, directTCPPayload(host, port, oh, op))
		if err != nil {
			s.log.printf(levelError, "%s", openFailure(id, err))
			return nil, err
		}
		go ssh.DiscardRequests(reqs)
		return ch, nil
	})
}

// remoteSocks serves one forwarded channel of a RemoteForward without a target (ssh
// -R port, a SOCKS proxy on the server's side): the same handshake, and a connection
// from here to the destination when PermitRemoteOpen allows it.
func (s *Set) remoteSocks(ch net.Conn) {
	s.serveSocks(ch, func(host string, port int) (stream, error) {
		if !s.remoteOpen.allows(host, port) {
			return nil, errNotPermitted
		}
		var d net.Dialer
		c, err := d.Dial("tcp", hostPort(host, port))
		if err != nil {
			s.logDialFailure(host, port, err)
			return nil, err
		}
		return c.(*net.TCPConn), nil
	})
}

// serveSocks reads a SOCKS request from c, opens the destination with open, answers,
// and moves the data.
func (s *Set) serveSocks(c net.Conn, open func(host string, port int) (stream, error)) {
	r := bufio.NewReader(c)
	req, err := readSocks(r, c)
	if err != nil {
		_ = c.Close()
		return
	}
	dst, err := open(req.host, req.port)
	if err != nil {
		_, _ = c.Write(socksReply(req.version, err))
		_ = c.Close()
		return
	}
	if !s.track(dst) {
		_ = c.Close()
		return
	}
	defer s.untrack(dst)
	if _, err := c.Write(socksReply(req.version, nil)); err != nil {
		_ = dst.Close()
		_ = c.Close()
		return
	}
	pipe(c, r, dst)
}

// readSocks reads a SOCKS request from r, answering SOCKS5's method negotiation on w.
func readSocks(r *bufio.Reader, w io.Writer) (socksRequest, error) {
	v, err := r.ReadByte()
	if err != nil {
		return socksRequest{}, err
	}
	switch v {
	case socks4Version:
		return readSocks4(r)
	case socks5Version:
		return readSocks5(r, w)
	}
	return socksRequest{}, errSocks
}

// readSocks4 reads the rest of a SOCKS4 request (after the version): command, port,
// IPv4 address, a NUL-ended user name and, for SOCKS4a (address 0.0.0.x, x not 0), a
// NUL-ended host name.
func readSocks4(r *bufio.Reader) (socksRequest, error) {
	var hdr [7]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return socksRequest{}, err
	}
	req := socksRequest{version: socks4Version, port: int(binary.BigEndian.Uint16(hdr[1:3]))}
	ip := net.IP(hdr[3:7])
	budget := socksMaxString
	if _, err := readCString(r, &budget); err != nil { // the user name, unused
		return socksRequest{}, err
	}
	if ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0 {
		host, err := readCString(r, &budget)
		if err != nil {
			return socksRequest{}, err
		}
		req.host = host
	} else {
		req.host = ip.String()
	}
	if hdr[0] != socksConnect {
		return socksRequest{}, errSocks
	}
	return req, nil
}

// readCString reads a NUL-ended string, counting its bytes against budget.
func readCString(r *bufio.Reader, budget *int) (string, error) {
	var b []byte
	for {
		c, err := r.ReadByte()
		if err != nil {
			return "", err
		}
		if c == 0 {
			return string(b), nil
		}
		if *budget--; *budget < 0 {
			return "", errSocks
		}
		b = append(b, c)
	}
}

// readSocks5 negotiates "no authentication" and reads a CONNECT request to an IPv4,
// IPv6 or domain address (RFC 1928).
func readSocks5(r *bufio.Reader, w io.Writer) (socksRequest, error) {
	n, err := r.ReadByte()
	if err != nil {
		return socksRequest{}, err
	}
	methods := make([]byte, n)
	if _, err := io.ReadFull(r, methods); err != nil {
		return socksRequest{}, err
	}
	method := byte(socks5NoMethod)
	for _, m := range methods {
		if m == socks5NoAuth {
			method = socks5NoAuth
		}
	}
	if _, err := w.Write([]byte{socks5Version, method}); err != nil || method != socks5NoAuth {
		return socksRequest{}, errSocks
	}
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return socksRequest{}, err
	}
	if hdr[0] != socks5Version || hdr[2] != 0 {
		return socksRequest{}, errSocks
	}
	if hdr[1] != socksConnect {
		_, _ = w.Write(socks5Reply(socks5BadCmd))
		return socksRequest{}, errSocks
	}
	req := socksRequest{version: socks5Version}
	switch hdr[3] {
	case socks5IPv4, socks5IPv6:
		size := net.IPv4len
		if hdr[3] == socks5IPv6 {
			size = net.IPv6len
		}
		ip := make(net.IP, size)
		if _, err := io.ReadFull(r, ip); err != nil {
			return socksRequest{}, err
		}
		req.host = ip.String()
	case socks5Domain:
		l, err := r.ReadByte()
		if err != nil {
			return socksRequest{}, err
		}
		name := make([]byte, l)
		if _, err := io.ReadFull(r, name); err != nil {
			return socksRequest{}, err
		}
		req.host = string(name)
	default:
		_, _ = w.Write(socks5Reply(socks5BadAddr))
		return socksRequest{}, errSocks
	}
	var port [2]byte
	if _, err := io.ReadFull(r, port[:]); err != nil {
		return socksRequest{}, err
	}
	req.port = int(binary.BigEndian.Uint16(port[:]))
	return req, nil
}

// socksReply is the answer to a request of the given version: granted when err is nil,
// else the refusal that best names err.
func socksReply(version int, err error) []byte {
	if version == socks4Version {
		code := byte(socks4Granted)
		if err != nil {
			code = socks4Rejected
		}
		return []byte{0, code, 0, 0, 0, 0, 0, 0}
	}
	return socks5Reply(socks5Code(err))
}

// socks5Code is the SOCKS5 reply code that best names err: the server's refusal to open
// the channel, or the local connection's failure.
func socks5Code(err error) byte {
	var oe *ssh.OpenChannelError
	var de *net.DNSError
	var errno syscall.Errno
	switch {
	case err == nil:
		return socks5Succeeded
	case errors.As(err, &oe) && oe.Reason == ssh.Prohibited, errors.Is(err, errNotPermitted):
		return socks5NotAllow
	case errors.As(err, &oe) && oe.Reason == ssh.ConnectionFailed:
		return socks5Refused
	case errors.As(err, &de):
		return socks5HostUnreach
	case errors.As(err, &errno):
		if code, ok := socks5Errno[errno]; ok {
			return code
		}
	}
	return socks5Failure
}

// socks5Errno are the reply codes for failed local connections.
var socks5Errno = map[syscall.Errno]byte{
	syscall.ECONNREFUSED: socks5Refused,
	syscall.EHOSTUNREACH: socks5HostUnreach,
	syscall.ENETUNREACH:  socks5NetUnreach,
	syscall.ETIMEDOUT:    socks5TTLExpired,
}

// socks5Reply is a SOCKS5 reply with the given code and a zero IPv4 bound address, as
// ssh sends it.
func socks5Reply(code byte) []byte {
	return []byte{socks5Version, code, 0, socks5IPv4, 0, 0, 0, 0, 0, 0}
}
