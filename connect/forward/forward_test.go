package forward

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// TestLocalForward moves data both ways through -L forwards from TCP and Unix sockets
// to TCP and Unix targets, with half-closes, and leaves no goroutine behind.
func TestLocalForward(t *testing.T) {
	srv := startServer(t)
	echo, echoPath := tcpEcho(t), unixEcho(t)
	port := freePort(t)
	dir := t.TempDir()
	sock, sockToPath := filepath.Join(dir, "l.sock"), filepath.Join(dir, "p.sock")
	base := runtime.NumGoroutine()
	client := srv.Dial(t)
	res := resolveOptions(t,
		"LocalForward 127.0.0.1:"+itoa(port)+" 127.0.0.1:"+itoa(echo),
		"LocalForward "+sock+" 127.0.0.1:"+itoa(echo),
		"LocalForward "+sockToPath+" "+echoPath,
	)
	var warn bytes.Buffer
	set, err := Start(context.Background(), client, res, Options{Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	data := payload(3<<20 + 17)
	for _, target := range [][2]string{{"tcp", "127.0.0.1:" + itoa(port)}, {"unix", sock}, {"unix", sockToPath}} {
		c, err := net.Dial(target[0], target[1])
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, c, data)
	}
	if fi, err := os.Stat(sock); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket %s: mode %v, %v; want 0600 (StreamLocalBindMask 0177)", sock, fi.Mode(), err)
	}
	if b := set.Bound(); len(b) != 3 || b[0].Kind != keyword.LocalForward {
		t.Errorf("Bound() = %+v", b)
	}
	// A connection still open when the forwards close is ended too.
	open, err := net.Dial("tcp", "127.0.0.1:"+itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(open, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	set.Close()
	if _, err := io.ReadAll(open); err != nil {
		t.Errorf("open connection after Close: %v", err)
	}
	open.Close()
	if _, err := net.Dial("tcp", "127.0.0.1:"+itoa(port)); err == nil {
		t.Error("listener still accepting after Close")
	}
	if warn.Len() != 0 {
		t.Errorf("warnings: %q", warn.String())
	}
	client.Close()
	checkGoroutines(t, base)
}

// TestLocalForwardBindAddress checks where ssh's rules bind: loopback by default,
// every address with GatewayPorts or "*".
func TestLocalForwardBindAddress(t *testing.T) {
	tests := []struct {
		spec    string
		options []string
		want    []string
	}{
		{"8022 h:22", nil, []string{"::1", "127.0.0.1"}},
		{"localhost:8022 h:22", nil, []string{"::1", "127.0.0.1"}},
		{"8022 h:22", []string{"GatewayPorts yes"}, []string{"0.0.0.0", "::"}},
		{"*:8022 h:22", nil, []string{"0.0.0.0", "::"}},
		{"[]:8022 h:22", nil, []string{"0.0.0.0", "::"}},
		{"127.0.0.1:8022 h:22", []string{"GatewayPorts yes"}, []string{"127.0.0.1"}},
		{"8022 h:22", []string{"AddressFamily inet"}, []string{"127.0.0.1"}},
		{"*:8022 h:22", []string{"AddressFamily inet6"}, []string{"::"}},
	}
	for _, tt := range tests {
		res := resolveOptions(t, append(tt.options, "LocalForward "+tt.spec)...)
		f := res.Forwards(keyword.LocalForward)[0]
		ips, err := bindAddrs(context.Background(), f, newLocalSettings(res))
		if err != nil {
			t.Fatalf("%s %q: %v", tt.spec, tt.options, err)
		}
		var got []string
		for _, ip := range ips {
			got = append(got, ip.String())
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("LocalForward %s %q binds %v, want %v", tt.spec, tt.options, got, tt.want)
		}
	}
}

// TestRemoteForward asks the server for a fixed port, an allocated one (port 0,
// reported as ssh does) and a socket path, and uses each.
func TestRemoteForward(t *testing.T) {
	srv := startServer(t)
	echo, echoPath := tcpEcho(t), unixEcho(t)
	fixed := freePort(t)
	rsock := filepath.Join(t.TempDir(), "r.sock")
	base := runtime.NumGoroutine()
	client := srv.Dial(t)
	res := resolveOptions(t,
		"RemoteForward 127.0.0.1:"+itoa(fixed)+" 127.0.0.1:"+itoa(echo),
		"RemoteForward 0 127.0.0.1:"+itoa(echo),
		"RemoteForward "+rsock+" "+echoPath,
	)
	var warn bytes.Buffer
	set, err := Start(context.Background(), client, res, Options{Warn: &warn})
	if err != nil {
		t.Fatalf("%v\n%s", err, srv.Log())
	}
	m := regexp.MustCompile(`^Allocated port (\d+) for remote forward to 127\.0\.0\.1:` + itoa(echo) + "\r\n$").FindStringSubmatch(warn.String())
	if m == nil {
		t.Fatalf("warnings %q, want ssh's Allocated port line", warn.String())
	}
	// ssh reports its allocated port in the same words.
	sshErr, _ := srv.SSH(t, "-R", "0:127.0.0.1:"+itoa(echo), "127.0.0.1", "true").CombinedOutput()
	port := regexp.MustCompile(`port \d+ for`)
	if got, want := port.ReplaceAllString(warn.String(), "port N for"), port.ReplaceAllString(string(sshErr), "port N for"); got != want {
		t.Errorf("allocated port line %q, ssh's %q", got, want)
	}
	b := set.Bound()
	if len(b) != 3 || b[1].Addrs[0].(*net.TCPAddr).Port != atoi(t, m[1]) {
		t.Fatalf("Bound() = %+v, want the allocated port %s second", b, m[1])
	}
	data := payload(1<<20 + 5)
	for _, target := range [][2]string{{"tcp", "127.0.0.1:" + itoa(fixed)}, {"tcp", "127.0.0.1:" + m[1]}, {"unix", rsock}} {
		c, err := net.Dial(target[0], target[1])
		if err != nil {
			t.Fatalf("%s: %v\n%s", target[1], err, srv.Log())
		}
		roundTrip(t, c, data)
	}
	set.Close()
	client.Close()
	checkGoroutines(t, base)
}

// TestExitOnForwardFailure takes the port a forward wants: ssh's warnings without
// ExitOnForwardFailure, its error with it.
func TestExitOnForwardFailure(t *testing.T) {
	srv := startServer(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := itoa(busy.Addr().(*net.TCPAddr).Port)
	client := srv.Dial(t)
	bindLine := "bind [127.0.0.1]:" + port + ": Address already in use\r\n"
	tests := []struct {
		options  []string
		wantErr  string
		wantWarn string
	}{
		{[]string{"LocalForward 127.0.0.1:" + port + " 127.0.0.1:22"}, "",
			bindLine + "channel_setup_fwd_listener_tcpip: cannot listen to port: " + port + "\r\nCould not request local forwarding.\r\n"},
		{[]string{"ExitOnForwardFailure yes", "LocalForward 127.0.0.1:" + port + " 127.0.0.1:22"}, "Could not request local forwarding.",
			bindLine + "channel_setup_fwd_listener_tcpip: cannot listen to port: " + port + "\r\n"},
		{[]string{"ExitOnForwardFailure yes", "DynamicForward 127.0.0.1:" + port}, "Could not request local forwarding.",
			bindLine + "channel_setup_fwd_listener_tcpip: cannot listen to port: " + port + "\r\n"},
		// One of two loopback addresses is enough: ssh only reports the failed one.
		{[]string{"ExitOnForwardFailure yes", "LocalForward " + port + " 127.0.0.1:22", "AddressFamily any"}, "", bindLine},
		{[]string{"RemoteForward 127.0.0.1:" + port + " 127.0.0.1:22"}, "",
			"Warning: remote port forwarding failed for listen port " + port + "\r\n"},
		{[]string{"ExitOnForwardFailure yes", "RemoteForward 127.0.0.1:" + port + " 127.0.0.1:22"},
			"Error: remote port forwarding failed for listen port " + port, ""},
		{[]string{"LogLevel QUIET", "RemoteForward 127.0.0.1:" + port + " 127.0.0.1:22"}, "", ""},
	}
	for _, tt := range tests {
		if strings.Contains(strings.Join(tt.options, " "), "LocalForward "+port) && !ipv6Loopback() {
			continue
		}
		var warn bytes.Buffer
		set, err := Start(context.Background(), client, resolveOptions(t, tt.options...), Options{Warn: &warn})
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		} else {
			set.Close()
		}
		if gotErr != tt.wantErr || warn.String() != tt.wantWarn {
			t.Errorf("%q:\nerror %q, want %q\nwarnings %q, want %q", tt.options, gotErr, tt.wantErr, warn.String(), tt.wantWarn)
		}
		// OpenSSH says the same, its fatal error last, and exits 255 for it.
		var args []string
		for _, o := range tt.options {
			args = append(args, "-o", o)
		}
		cmd := srv.SSH(t, append(args, "127.0.0.1", "true")...)
		sshErr, _ := cmd.CombinedOutput()
		want := warn.String()
		wantStatus := 0
		if err != nil {
			want += resolve.LogText(err.Error())
			wantStatus = 255
		}
		if string(sshErr) != want || cmd.ProcessState.ExitCode() != wantStatus {
			t.Errorf("%q: ssh exits %d with\n%q\nwant %d with\n%q", tt.options, cmd.ProcessState.ExitCode(), sshErr, wantStatus, want)
		}
	}
}

// ipv6Loopback reports whether ::1 can be bound here.
func ipv6Loopback() bool {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// TestDynamicForward connects through -D, and through a remote SOCKS forward (-R with
// no target), with SOCKS4, SOCKS4a and SOCKS5 (IPv4, domain and IPv6 addresses)
// clients, and sees a refused target refused.
func TestDynamicForward(t *testing.T) {
	srv := startServer(t)
	echo := tcpEcho(t)
	echo6 := 0
	if l, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		echoServer(t, l)
		echo6 = l.Addr().(*net.TCPAddr).Port
	}
	closed := freePort(t)
	port, remotePort := freePort(t), freePort(t)
	base := runtime.NumGoroutine()
	client := srv.Dial(t)
	var warn bytes.Buffer
	set, err := Start(context.Background(), client, resolveOptions(t,
		"DynamicForward 127.0.0.1:"+itoa(port), "RemoteForward 127.0.0.1:"+itoa(remotePort)), Options{Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	p16 := func(p int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(p)) }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	socks4 := func(p int) []byte { return cat([]byte{4, 1}, p16(p), []byte{127, 0, 0, 1}, []byte("user\x00")) }
	socks4a := func(p int) []byte {
		return cat([]byte{4, 1}, p16(p), []byte{0, 0, 0, 1}, []byte("user\x00localhost\x00"))
	}
	socks5 := func(addr []byte, p int) []byte { return cat([]byte{5, 1, 0, 5, 1, 0}, addr, p16(p)) }
	granted4, granted5 := []byte{0, 90, 0, 0, 0, 0, 0, 0}, []byte{5, 0, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0}
	tests := []struct {
		name      string
		handshake []byte
		reply     []byte
	}{
		{"socks4", socks4(echo), granted4},
		{"socks4a", socks4a(echo), granted4},
		{"socks5 ipv4", socks5([]byte{1, 127, 0, 0, 1}, echo), granted5},
		{"socks5 domain", socks5(cat([]byte{3, 9}, []byte("localhost")), echo), granted5},
		{"socks5 ipv6", socks5(cat([]byte{4}, net.IPv6loopback), echo6), granted5},
		{"socks4 refused", socks4(closed), []byte{0, 91, 0, 0, 0, 0, 0, 0}},
		{"socks5 refused", socks5([]byte{1, 127, 0, 0, 1}, closed), []byte{5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0}},
	}
	data := payload(256<<10 + 3)
	for _, proxy := range []int{port, remotePort} {
		for _, tt := range tests {
			if strings.HasSuffix(tt.name, "ipv6") && echo6 == 0 {
				continue
			}
			c, err := net.Dial("tcp", "127.0.0.1:"+itoa(proxy))
			if err != nil {
				t.Fatal(err)
			}
			// The handshake and the first data go out together, as eager clients send them.
			first := data
			if tt.reply[1] != 90 && !(tt.reply[0] == 5 && tt.reply[3] == 0) {
				first = nil
			}
			if _, err := c.Write(cat(tt.handshake, first)); err != nil {
				t.Fatal(err)
			}
			reply := make([]byte, len(tt.reply))
			if _, err := io.ReadFull(c, reply); err != nil || !bytes.Equal(reply, tt.reply) {
				t.Fatalf("%s: reply %v (%v), want %v", tt.name, reply, err, tt.reply)
			}
			if first == nil {
				if n, _ := c.Read(make([]byte, 1)); n != 0 {
					t.Errorf("%s: data after a refusal", tt.name)
				}
				c.Close()
				continue
			}
			if err := c.(*net.TCPConn).CloseWrite(); err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(c)
			c.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("%s: echoed %d bytes (%v), want %d", tt.name, len(got), err, len(data))
			}
		}
	}
	set.Close()
	// The channel numbers depend on when the earlier connections' numbers were freed
	// (TestChannelNumbers checks them).
	want := "channel N: open failed: connect failed: Connection refused\r\n" +
		"channel N: open failed: connect failed: Connection refused\r\n" +
		"connect_to 127.0.0.1 port " + itoa(closed) + ": failed.\r\n" +
		"connect_to 127.0.0.1 port " + itoa(closed) + ": failed.\r\n"
	if got := regexp.MustCompile(`channel \d+:`).ReplaceAllString(warn.String(), "channel N:"); got != want {
		t.Errorf("warnings:\n%q\nwant\n%q", got, want)
	}
	client.Close()
	checkGoroutines(t, base)
}

// TestStdio forwards a reader and a writer to a TCP and a Unix target (ssh -W), and
// reports a refused target in ssh's words.
func TestStdio(t *testing.T) {
	srv := startServer(t)
	echo, echoPath := tcpEcho(t), unixEcho(t)
	base := runtime.NumGoroutine()
	client := srv.Dial(t)
	data := payload(2<<20 + 1)
	for _, target := range []struct {
		host string
		port int
	}{{"127.0.0.1", echo}, {echoPath, -2}} {
		var out bytes.Buffer
		if err := Stdio(context.Background(), client, target.host, target.port, bytes.NewReader(data), &out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Fatalf("%s: got %d bytes back, want %d", target.host, out.Len(), len(data))
		}
	}
	err := Stdio(context.Background(), client, "127.0.0.1", freePort(t), strings.NewReader(""), io.Discard)
	want := "channel 0: open failed: connect failed: Connection refused\nstdio forwarding failed"
	if err == nil || err.Error() != want {
		t.Fatalf("Stdio to a closed port: %v, want %q", err, want)
	}
	// ssh says the same and exits 255.
	cmd := srv.SSH(t, "-W", "127.0.0.1:"+itoa(freePort(t)), "127.0.0.1")
	sshErr, _ := cmd.CombinedOutput()
	if string(sshErr) != resolve.LogText(want) || cmd.ProcessState.ExitCode() != 255 {
		t.Errorf("ssh -W to a closed port: %d %q", cmd.ProcessState.ExitCode(), sshErr)
	}
	client.Close()
	checkGoroutines(t, base)
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	var n int
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestChannelNumbers refuses forwarded connections and compares the channel numbers in
// the messages with ssh's, with and without a session channel after the listeners.
func TestChannelNumbers(t *testing.T) {
	srv := startServer(t)
	closed := freePort(t)
	client := srv.Dial(t)
	for _, session := range []bool{false, true} {
		port := freePort(t)
		spec := itoa(port) + ":127.0.0.1:" + itoa(closed)
		refuse := func() {
			for i := 0; i < 2; i++ {
				c, err := net.Dial("tcp", "127.0.0.1:"+itoa(port))
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.ReadAll(c) // closed once the server refused the channel
				c.Close()
			}
		}
		var warn bytes.Buffer
		set, err := Start(context.Background(), client, resolveOptions(t, "LocalForward "+itoa(port)+" 127.0.0.1:"+itoa(closed)), Options{Warn: &warn, Session: session})
		if err != nil {
			t.Fatal(err)
		}
		refuse()
		set.Close()

		args := []string{"-N", "-L", spec, "127.0.0.1"}
		if session {
			args = []string{"-L", spec, "127.0.0.1", "exec sleep 600"}
		}
		cmd := srv.SSH(t, args...)
		var sshErr syncBuffer
		cmd.Stderr = &sshErr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitListening(t, port)
		refuse()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		// Waiting for ssh's listener made connections of its own: compare distinct lines.
		if got, want := distinctLines(warn.String()), distinctLines(sshErr.String()); got != want {
			t.Errorf("session %v: messages %q, ssh's %q", session, got, want)
		}
	}
}

// waitListening waits (at most 20 s) until something accepts connections on port.
func waitListening(t *testing.T, port int) {
	t.Helper()
	for i := 0; i < 400; i++ {
		if c, err := net.Dial("tcp", "127.0.0.1:"+itoa(port)); err == nil {
			_, _ = io.ReadAll(c)
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listening on port %d after 20 s", port)
}

func distinctLines(s string) string {
	var out []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// syncBuffer is a bytes.Buffer safe for a child process's output and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPermitRemoteOpen checks which destinations a remote SOCKS forward may reach.
func TestPermitRemoteOpen(t *testing.T) {
	tests := []struct {
		option string
		host   string
		port   int
		want   bool
	}{
		{"", "example.org", 80, true},
		{"PermitRemoteOpen any", "example.org", 80, true},
		{"PermitRemoteOpen none", "example.org", 80, false},
		{"PermitRemoteOpen example.org:80 [::1]:* *:22", "example.org", 80, true},
		{"PermitRemoteOpen example.org:80 [::1]:* *:22", "example.org", 443, false},
		{"PermitRemoteOpen example.org:80 [::1]:* *:22", "EXAMPLE.ORG", 80, false},
		{"PermitRemoteOpen example.org:80 [::1]:* *:22", "::1", 9, true},
		{"PermitRemoteOpen example.org:80 [::1]:* *:22", "10.0.0.1", 22, true},
		{"PermitRemoteOpen example.org:080", "example.org", 80, true},
	}
	for _, tt := range tests {
		var options []string
		if tt.option != "" {
			options = append(options, tt.option)
		}
		if got := newOpenPermissions(resolveOptions(t, options...)).allows(tt.host, tt.port); got != tt.want {
			t.Errorf("%q: %s port %d allowed %v, want %v", tt.option, tt.host, tt.port, got, tt.want)
		}
	}
	// Through a server: a SOCKS5 client of a remote SOCKS forward is refused as "not
	// allowed by ruleset".
	srv := startServer(t)
	echo, port := tcpEcho(t), freePort(t)
	set, err := Start(context.Background(), srv.Dial(t), resolveOptions(t,
		"RemoteForward 127.0.0.1:"+itoa(port), "PermitRemoteOpen 127.0.0.1:1"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	c, err := net.Dial("tcp", "127.0.0.1:"+itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := append([]byte{5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1}, byte(echo>>8), byte(echo))
	if _, err := c.Write(req); err != nil {
		t.Fatal(err)
	}
	reply, _ := io.ReadAll(c)
	if want := []byte{5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0, 0}; !bytes.Equal(reply, want) {
		t.Errorf("reply %v, want %v", reply, want)
	}
}
