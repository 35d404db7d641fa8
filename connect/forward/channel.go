package forward

import (
	"io"
	"net"
	"strconv"
	"sync"

	"golang.org/x/crypto/ssh"
)

// Channel types of forwarded connections (RFC 4254 section 7.2 and OpenSSH's PROTOCOL).
const (
	channelDirectTCP   = "direct-tcpip"
	channelStreamLocal = "direct-streamlocal@openssh.com"
)

// The originator ssh names for a connection without a peer address: stdio forwarding
// and Unix sockets ("appease peers that validate it", channels.c).
const (
	stdioOriginHost = "127.0.0.1"
	stdioOriginPort = 65535
)

// directTCPPayload is the open payload of a direct-tcpip channel: the target, then the
// originator.
func directTCPPayload(host string, port int, originHost string, originPort int) []byte {
	return ssh.Marshal(struct {
		Host       string
		Port       uint32
		OriginHost string
		OriginPort uint32
	}{host, uint32(port), originHost, uint32(originPort)})
}

// streamLocalPayload is the open payload of a direct-streamlocal@openssh.com channel.
func streamLocalPayload(path string) []byte {
	return ssh.Marshal(struct {
		Path      string
		Reserved  string
		Reserved2 uint32
	}{Path: path})
}

// origin is the originator address ssh reports for a local connection: the peer's IP
// and port for TCP, ssh's placeholder for a Unix socket.
func origin(c net.Conn) (string, int) {
	if a, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return a.IP.String(), a.Port
	}
	return stdioOriginHost, stdioOriginPort
}

// dialTarget opens the channel a local connection c is forwarded through: to host:port,
// or to the Unix socket path when path is not "".
func dialTarget(client *ssh.Client, c net.Conn, host string, port int, path string) (ssh.Channel, error) {
	var payload []byte
	typ := channelDirectTCP
	if path != "" {
		typ, payload = channelStreamLocal, streamLocalPayload(path)
	} else {
		oh, op := origin(c)
		payload = directTCPPayload(host, port, oh, op)
	}
	ch, reqs, err := client.OpenChannel(typ, payload)
	if err != nil {
		return nil, err
	}
	go ssh.DiscardRequests(reqs)
	return ch, nil
}

// copyBufferSize is the size of the buffers forwarded data moves through: large enough
// that a busy forward reads its socket in few system calls and fills SSH packets.
const copyBufferSize = 256 << 10

var bufferPool = sync.Pool{New: func() any { b := make([]byte, copyBufferSize); return &b }}

// Both sides of copyBuffer are wrapped so that io.CopyBuffer uses the pooled buffer
// rather than a ReadFrom or WriteTo that would bring its own small one.
type onlyReader struct{ io.Reader }
type onlyWriter struct{ io.Writer }

// copyBuffer copies src to dst until EOF or an error, through a pooled large buffer.
func copyBuffer(dst io.Writer, src io.Reader) (int64, error) {
	bp := bufferPool.Get().(*[]byte)
	defer bufferPool.Put(bp)
	return io.CopyBuffer(onlyWriter{dst}, onlyReader{src}, *bp)
}

// halfCloser is a connection whose sending side can be shut on its own.
type halfCloser interface {
	CloseWrite() error
}

// stream is the SSH side of a forwarded connection: a channel, which passes an end of
// file on with CloseWrite.
type stream interface {
	io.ReadWriteCloser
	halfCloser
}

// pipe moves data both ways between a local connection and a channel until both
// directions have ended, passing each end of file on as a half-close (so a peer that
// stops sending still receives the answer), then closes both. A write error in one
// direction closes both at once. local may be a reader that holds bytes already read
// from conn (a SOCKS client's first data).
func pipe(conn net.Conn, local io.Reader, ch stream) {
	done := make(chan struct{}, 2)
	go func() {
		_, err := copyBuffer(ch, local)
		if err != nil {
			_ = ch.Close()
			_ = conn.Close()
		} else {
			_ = ch.CloseWrite()
		}
		done <- struct{}{}
	}()
	go func() {
		_, err := copyBuffer(conn, ch)
		if hc, ok := conn.(halfCloser); ok && err == nil {
			if hc.CloseWrite() != nil {
				_ = conn.Close()
			}
		} else {
			_ = conn.Close()
			_ = ch.Close()
		}
		done <- struct{}{}
	}()
	<-done
	<-done
	_ = ch.Close()
	_ = conn.Close()
}

// hostPort joins a host and a port for messages and dialling.
func hostPort(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}
