package connect

import (
	"bufio"
	"net"
	"sync"
	"time"
)

// cryptoWriteBuffer is the size of the bufio.Writer x/crypto/ssh writes its packets
// through (bufio's default). A packet larger than that reaches the connection in two
// writes: the full buffer (the packet's first bytes), then the rest.
const cryptoWriteBuffer = 4096

// heldWriteDelay is the longest a full-buffer write waits for the rest of its packet.
// With AES-GCM and chacha20-poly1305 the rest always follows at once (a packet's last
// write is never exactly cryptoWriteBuffer bytes long with them); only a packet of a
// MAC-and-stream cipher whose end falls on the buffer's end waits this long. A variable
// only so that a test can make the wait endless.
var heldWriteDelay = 200 * time.Microsecond

// readBuffer is the size of the buffer coalescingConn reads the transport through. x/crypto
// reads a packet in two or more system calls (a 4 KiB fill of its bufio.Reader, then
// the rest of the packet straight from the socket); through this buffer one system call
// takes in several 32 KiB packets of a bulk transfer, as ssh reads whatever is there.
const readBuffer = 256 << 10

// coalescingConn is the transport as x/crypto/ssh uses it: reads go through a buffer
// of readBuffer bytes, and writes are joined into whole packets. Each data packet of
// AES-GCM (the bulk of a forward) comes in two writes, the first exactly
// cryptoWriteBuffer bytes long; written as they come, they are two system calls and two
// TCP segments, and the server wakes up twice per packet, once for a packet it cannot
// decrypt yet. coalescingConn holds such a write back and sends it with the next one in
// a single writev, as ssh sends a whole packet at once. A held write that no other
// follows within heldWriteDelay goes out alone.
type coalescingConn struct {
	net.Conn
	r *bufio.Reader

	mu    sync.Mutex
	held  [cryptoWriteBuffer]byte
	nheld int         // bytes in held, 0 when nothing is held
	timer *time.Timer // sends a held write out alone
	err   error       // the error of a held write the timer sent, for the next Write
}

func newCoalescingConn(c net.Conn) *coalescingConn {
	cc := &coalescingConn{Conn: c, r: bufio.NewReaderSize(c, readBuffer)}
	cc.timer = time.AfterFunc(time.Hour, cc.flushHeld)
	cc.timer.Stop()
	return cc
}

// Read reads through a buffer of readBuffer bytes.
func (c *coalescingConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// Write sends p, after what is held; it holds p back instead when p is a full buffer of
// x/crypto's writer and nothing else is held.
func (c *coalescingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	if c.nheld == 0 {
		if len(p) == cryptoWriteBuffer {
			c.nheld = copy(c.held[:], p)
			c.timer.Reset(heldWriteDelay)
			return len(p), nil
		}
		return c.Conn.Write(p)
	}
	c.timer.Stop()
	held := c.nheld
	c.nheld = 0
	bufs := net.Buffers{c.held[:held], p}
	n, err := bufs.WriteTo(c.Conn)
	if err != nil {
		c.err = err
	}
	return max(int(n)-held, 0), err
}

// flushHeld sends what is held on its own.
func (c *coalescingConn) flushHeld() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nheld == 0 || c.err != nil {
		return
	}
	held := c.nheld
	c.nheld = 0
	if _, err := c.Conn.Write(c.held[:held]); err != nil {
		c.err = err
	}
}

// Close closes the connection; what is held then is part of a packet that will not be
// finished, and is dropped.
func (c *coalescingConn) Close() error {
	c.timer.Stop()
	return c.Conn.Close()
}
