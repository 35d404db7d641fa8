package forward

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/internal/sshdtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// testServer is a real sshd with a key authorized for the current user.
type testServer struct{ *sshdtest.Login }

func startServer(t testing.TB) *testServer {
	t.Helper()
	return &testServer{sshdtest.Start(t, sshdtest.Options{}).NewLogin(t)}
}

// resolveOptions resolves host "fwd" with no configuration file and the given -o lines.
func resolveOptions(t testing.TB, options ...string) *resolve.Result {
	t.Helper()
	req := resolve.NewRequest("fwd")
	req.ConfigFile = "none"
	for _, o := range options {
		req.Option(o)
	}
	res, err := resolve.New(resolve.OSEnv(t.TempDir(), false), keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatalf("resolve %q: %v", options, err)
	}
	return res
}

// freePort is a TCP port of 127.0.0.1 nobody listens on just now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// serve calls handle on a goroutine of its own for every connection accepted on l, and
// closes l and waits for every handle to return when the test ends.
func serve(t testing.TB, l net.Listener, handle func(net.Conn)) {
	t.Helper()
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
}

// echoServer answers every connection on l with what it receives, half-closing after
// the client's end of file (so a forward that loses half-closes fails the test).
func echoServer(t testing.TB, l net.Listener) {
	t.Helper()
	serve(t, l, func(c net.Conn) {
		_, _ = io.Copy(c, c)
		if hc, ok := c.(interface{ CloseWrite() error }); ok {
			_ = hc.CloseWrite()
		}
	})
}

func tcpEcho(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	echoServer(t, l)
	return l.Addr().(*net.TCPAddr).Port
}

func unixEcho(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "echo.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	echoServer(t, l)
	return path
}

// roundTrip sends payload through c, half-closes, and checks that exactly payload comes
// back.
func roundTrip(t testing.TB, c net.Conn, payload []byte) {
	t.Helper()
	defer c.Close()
	errc := make(chan error, 1)
	go func() {
		_, err := c.Write(payload)
		if err == nil {
			err = c.(interface{ CloseWrite() error }).CloseWrite()
		}
		errc <- err
	}()
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got, payload) {
		t.Fatalf("echo: got %d bytes (sha256 %x), want %d bytes (sha256 %x)",
			len(got), sha256.Sum256(got), len(payload), sha256.Sum256(payload))
	}
}

// payload is n bytes of a repeating pattern that is not all zeros.
func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// checkGoroutines fails when goroutines started after base are still running once
// every goroutine that is about to end had ample time to.
func checkGoroutines(t testing.TB, base int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), base, buf[:n])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
