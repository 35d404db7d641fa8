package connect

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// recordingConn records the writes that reach it; each one is signalled on wrote.
type recordingConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
	err    error
	wrote  chan struct{}
}

func newRecordingConn() *recordingConn { return &recordingConn{wrote: make(chan struct{}, 16)} }

func (r *recordingConn) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return 0, r.err
	}
	r.writes = append(r.writes, bytes.Clone(p))
	r.wrote <- struct{}{}
	return len(p), nil
}

func (r *recordingConn) Close() error { return nil }

func (r *recordingConn) got() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Join(r.writes, nil)
}

func fill(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }

// An AES-GCM packet comes as a full buffer of x/crypto's writer and then the rest: the
// first part is held until the rest comes, and both go out in order.
func TestCoalescingConnHoldsFullBufferForRest(t *testing.T) {
	defer func(d time.Duration) { heldWriteDelay = d }(heldWriteDelay)
	heldWriteDelay = time.Hour
	rec := newRecordingConn()
	c := newCoalescingConn(rec)
	defer c.Close()
	head, rest := fill(cryptoWriteBuffer, 'h'), fill(28000, 'r')
	if n, err := c.Write(head); n != len(head) || err != nil {
		t.Fatalf("Write(head) = %d, %v", n, err)
	}
	if got := rec.got(); len(got) != 0 {
		t.Fatalf("%d bytes written before the rest of the packet came", len(got))
	}
	if n, err := c.Write(rest); n != len(rest) || err != nil {
		t.Fatalf("Write(rest) = %d, %v", n, err)
	}
	if got, want := rec.got(), append(head, rest...); !bytes.Equal(got, want) {
		t.Fatalf("wrote %d bytes, want the %d of head and rest in order", len(got), len(want))
	}
	// Two full buffers in a row: the second completes the first, nothing stays held.
	if _, err := c.Write(head); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write(head); err != nil {
		t.Fatal(err)
	}
	if got := rec.got(); len(got) != 3*len(head)+len(rest) {
		t.Fatalf("wrote %d bytes, want %d", len(got), 3*len(head)+len(rest))
	}
}

// Writes of any other size go straight through.
func TestCoalescingConnPassesOtherWrites(t *testing.T) {
	rec := newRecordingConn()
	c := newCoalescingConn(rec)
	defer c.Close()
	for _, n := range []int{1, cryptoWriteBuffer - 1, cryptoWriteBuffer + 1, 32768} {
		before := len(rec.got())
		if _, err := c.Write(fill(n, 'x')); err != nil {
			t.Fatal(err)
		}
		if got := len(rec.got()) - before; got != n {
			t.Fatalf("Write of %d bytes passed %d on", n, got)
		}
	}
}

// A held write that nothing follows goes out on its own.
func TestCoalescingConnSendsLoneHeldWrite(t *testing.T) {
	rec := newRecordingConn()
	c := newCoalescingConn(rec)
	defer c.Close()
	head := fill(cryptoWriteBuffer, 'h')
	if _, err := c.Write(head); err != nil {
		t.Fatal(err)
	}
	<-rec.wrote
	if got := rec.got(); !bytes.Equal(got, head) {
		t.Fatalf("wrote %d bytes, want the %d held", len(got), len(head))
	}
}

// A write error is returned, also by the writes after it, and the error of a held write
// sent alone by the next Write.
func TestCoalescingConnWriteErrors(t *testing.T) {
	broken := errors.New("broken pipe")
	rec := newRecordingConn()
	rec.err = broken
	c := newCoalescingConn(rec)
	if _, err := c.Write(fill(10, 'x')); !errors.Is(err, broken) {
		t.Fatalf("Write = %v, want %v", err, broken)
	}
	defer func(d time.Duration) { heldWriteDelay = d }(heldWriteDelay)
	heldWriteDelay = time.Hour
	if _, err := c.Write(fill(cryptoWriteBuffer, 'h')); err != nil {
		t.Fatalf("held Write = %v", err)
	}
	if n, err := c.Write(fill(10, 'x')); !errors.Is(err, broken) || n != 0 {
		t.Fatalf("Write after a held one = %d, %v, want 0, %v", n, err, broken)
	}
	if _, err := c.Write(fill(10, 'x')); !errors.Is(err, broken) {
		t.Fatalf("Write after an error = %v, want %v", err, broken)
	}

	lone := newRecordingConn()
	lone.err = broken
	heldWriteDelay = time.Millisecond
	c = newCoalescingConn(lone)
	if _, err := c.Write(fill(cryptoWriteBuffer, 'h')); err != nil {
		t.Fatalf("held Write = %v", err)
	}
	for {
		c.mu.Lock()
		err := c.err
		c.mu.Unlock()
		if err != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := c.Write(fill(10, 'x')); !errors.Is(err, broken) {
		t.Fatalf("Write after a failed held write = %v, want %v", err, broken)
	}
}

// countingReader hands out data in reads as large as asked, counting them.
type countingReader struct {
	net.Conn
	data  []byte
	reads int
}

func (c *countingReader) Close() error { return nil }

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	n := copy(p, c.data)
	c.data = c.data[n:]
	return n, nil
}

// x/crypto reads each packet as a 4 KiB fill of its bufio.Reader and then the rest;
// several packets that are there at once come in with one read of the connection.
func TestCoalescingConnReadsPacketsTogether(t *testing.T) {
	const packet = 32 << 10
	src := &countingReader{data: fill(4*packet, 'p')}
	c := newCoalescingConn(src)
	defer c.Close()
	buf := make([]byte, packet)
	for i := 0; i < 4; i++ {
		if _, err := io.ReadFull(c, buf[:cryptoWriteBuffer]); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf[cryptoWriteBuffer:]); err != nil {
			t.Fatal(err)
		}
	}
	if src.reads != 1 {
		t.Fatalf("4 packets read in %d reads of the connection, want 1", src.reads)
	}
}
