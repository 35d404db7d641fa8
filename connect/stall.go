package connect

import (
	"net"
	"sync"
	"time"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// handshakeWatch ends a key exchange or authentication in which the server stays silent
// for ServerAliveInterval × ServerAliveCountMax, as ssh's packet timeout does
// (ssh_packet_set_timeout, set once connected): each wait for the server's data is
// bounded by it. Time spent asking the user (a passphrase, a host key question) does
// not count, since ssh is not reading then.
type handshakeWatch struct {
	net.Conn
	timeout time.Duration

	mu      sync.Mutex
	timer   *time.Timer
	asking  int
	expired bool
	stopped bool
}

// watchHandshake wraps c when res sets a ServerAliveInterval and a ServerAliveCountMax
// above zero; otherwise it returns nil (ssh then waits for ever).
func watchHandshake(c net.Conn, res *resolve.Result) *handshakeWatch {
	interval, ok := res.Duration(keyword.ServerAliveInterval)
	count, _ := res.Int(keyword.ServerAliveCountMax)
	if !ok || interval <= 0 || count <= 0 {
		return nil
	}
	w := &handshakeWatch{Conn: c, timeout: interval * time.Duration(count)}
	w.timer = time.AfterFunc(w.timeout, w.expire)
	return w
}

func (w *handshakeWatch) Read(p []byte) (int, error) {
	n, err := w.Conn.Read(p)
	if n > 0 {
		w.mu.Lock()
		if w.asking == 0 && !w.expired && !w.stopped {
			w.timer.Reset(w.timeout)
		}
		w.mu.Unlock()
	}
	return n, err
}

// expire closes the connection unless the user is being asked something.
func (w *handshakeWatch) expire() {
	w.mu.Lock()
	fire := w.asking == 0 && !w.stopped
	w.expired = w.expired || fire
	w.mu.Unlock()
	if fire {
		w.Conn.Close()
	}
}

// timedOut says the watch closed the connection.
func (w *handshakeWatch) timedOut() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

// pause stops the clock while the user is asked; the returned function starts it again.
func (w *handshakeWatch) pause() (resume func()) {
	w.mu.Lock()
	w.asking++
	w.timer.Stop()
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.asking--
		if w.asking == 0 && !w.expired && !w.stopped {
			w.timer.Reset(w.timeout)
		}
		w.mu.Unlock()
	}
}

// stop ends the watch once the handshake is over (keepAlive takes over).
func (w *handshakeWatch) stop() {
	w.mu.Lock()
	w.stopped = true
	w.timer.Stop()
	w.mu.Unlock()
}
