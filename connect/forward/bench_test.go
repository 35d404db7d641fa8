package forward

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"os"
	"os/user"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect"
)

// benchBytes is what BenchmarkLocalForward moves through each forward per iteration,
// in benchRounds connections that alternate between the two forwards (so a change in
// the machine's load during the run weighs on both alike).
const (
	benchBytes  = 1 << 30
	benchRounds = 8
	roundBytes  = benchBytes / benchRounds
)

// BenchmarkLocalForward moves benchBytes through a LocalForward set up by Start on a
// connection of connect.Dial (sshcfg connect's whole client side) and through OpenSSH's
// `ssh -N -L` to the same sshd, with the same cipher, and reports both throughputs and
// their ratio (sshcfg/ssh, higher is better). Run it once:
//
//	go test ./connect/forward -run '^$' -bench LocalForward -benchtime 1x
func BenchmarkLocalForward(b *testing.B) {
	srv := startServer(b)
	sink := sinkServer(b)
	for _, cipher := range []string{"aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com"} {
		b.Run(cipher, func(b *testing.B) {
			ours := freePort(b)
			client := srv.connectDial(b, cipher)
			set, err := Start(context.Background(), client, resolveOptions(b,
				"LocalForward 127.0.0.1:"+itoa(ours)+" 127.0.0.1:"+itoa(sink)), Options{Warn: os.Stderr})
			if err != nil {
				b.Fatal(err)
			}
			defer set.Close()
			theirs := srv.sshForward(b, cipher, "127.0.0.1:"+itoa(sink))
			var oursTime, theirsTime time.Duration
			b.ResetTimer()
			for i := 0; i < b.N*benchRounds; i++ {
				oursTime += push(b, ours)
				theirsTime += push(b, theirs)
			}
			b.StopTimer()
			mbps := func(d time.Duration) float64 { return float64(benchBytes) * float64(b.N) / d.Seconds() / 1e6 }
			b.ReportMetric(mbps(oursTime), "sshcfg-MB/s")
			b.ReportMetric(mbps(theirsTime), "ssh-MB/s")
			b.ReportMetric(mbps(oursTime)/mbps(theirsTime), "ratio")
			b.Logf("%s: sshcfg %.0f MB/s, ssh %.0f MB/s, ratio %.2f", cipher, mbps(oursTime), mbps(theirsTime), mbps(oursTime)/mbps(theirsTime))
		})
	}
}

// connectDial opens a connection to the server with connect.Dial, as sshcfg connect
// does, with cipher as the only one offered; it is closed when the benchmark ends.
func (s *testServer) connectDial(b *testing.B, cipher string) *ssh.Client {
	b.Helper()
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.HostKey))
	if err != nil {
		b.Fatal(err)
	}
	u, err := user.Current()
	if err != nil {
		b.Fatal(err)
	}
	res := resolveOptions(b, "HostName 127.0.0.1", "Port "+itoa(s.Port), "User "+u.Username,
		"IdentityFile "+s.Key, "IdentitiesOnly yes", "BatchMode yes", "Ciphers "+cipher)
	c, err := connect.Dial(context.Background(), res, connect.Options{HostKeyCallback: ssh.FixedHostKey(hostKey)})
	if err != nil {
		b.Fatalf("dial: %v\nsshd log:\n%s", err, s.Log())
	}
	b.Cleanup(func() { c.Close() })
	return c
}

// sshForward starts `ssh -N -L` to the server with target as the forward's far end
// and returns the local port, once it accepts connections.
func (s *testServer) sshForward(b *testing.B, cipher, target string) int {
	b.Helper()
	port := freePort(b)
	cmd := s.SSH(b, "-N", "-c", cipher, "-o", "ExitOnForwardFailure=yes",
		"-L", "127.0.0.1:"+itoa(port)+":"+target, "127.0.0.1")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	b.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	for i := 0; ; i++ {
		select {
		case <-exited:
			b.Fatal("ssh -N -L exited")
		default:
		}
		if c, err := net.Dial("tcp", "127.0.0.1:"+itoa(port)); err == nil {
			c.Close()
			return port
		}
		if i == 400 {
			b.Fatal("ssh -L not listening after 20 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// push sends roundBytes to the forward at port and waits for the sink to confirm it
// got them all; it returns the time taken.
func push(b *testing.B, port int) time.Duration {
	b.Helper()
	buf := make([]byte, 1<<20)
	start := time.Now()
	c, err := net.Dial("tcp", "127.0.0.1:"+itoa(port))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	for sent := 0; sent < roundBytes; sent += len(buf) {
		if _, err := c.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
	if err := c.(*net.TCPConn).CloseWrite(); err != nil {
		b.Fatal(err)
	}
	var got [8]byte
	if _, err := io.ReadFull(c, got[:]); err != nil {
		b.Fatal(err)
	}
	if n := binary.BigEndian.Uint64(got[:]); n != roundBytes {
		b.Fatalf("sink got %d bytes, want %d", n, roundBytes)
	}
	return time.Since(start)
}

// sinkServer reads each connection to its end and answers with the byte count.
func sinkServer(b *testing.B) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	serve(b, l, func(c net.Conn) {
		n, _ := io.CopyBuffer(io.Discard, c, make([]byte, 1<<20))
		_, _ = c.Write(binary.BigEndian.AppendUint64(nil, uint64(n)))
	})
	return l.Addr().(*net.TCPAddr).Port
}
