package forward

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// socksCases are SOCKS requests and what readSocks makes of them; a zero port means
// the request is refused.
var socksCases = []struct {
	name    string
	in      string
	host    string
	port    int
	written string // the SOCKS5 negotiation answer and any early refusal
}{
	{"socks4", "\x04\x01\x00\x50\x0a\x00\x00\x01user\x00", "10.0.0.1", 80, ""},
	{"socks4a", "\x04\x01\x01\xbb\x00\x00\x00\x07\x00example.org\x00", "example.org", 443, ""},
	{"socks4 bind", "\x04\x02\x00\x50\x0a\x00\x00\x01\x00", "", 0, ""},
	{"socks4 user too long", "\x04\x01\x00\x50\x0a\x00\x00\x01" + strings.Repeat("u", 1100) + "\x00", "", 0, ""},
	{"socks4 truncated", "\x04\x01\x00\x50\x0a\x00\x00\x01user", "", 0, ""},
	{"socks5 ipv4", "\x05\x01\x00\x05\x01\x00\x01\x7f\x00\x00\x01\x00\x16", "127.0.0.1", 22, "\x05\x00"},
	{"socks5 domain", "\x05\x02\x02\x00\x05\x01\x00\x03\x04host\x1f\x90", "host", 8080, "\x05\x00"},
	{"socks5 ipv6", "\x05\x01\x00\x05\x01\x00\x04" + strings.Repeat("\x00", 15) + "\x01\x00\x50", "::1", 80, "\x05\x00"},
	{"socks5 auth only", "\x05\x01\x02", "", 0, "\x05\xff"},
	{"socks5 udp", "\x05\x01\x00\x05\x03\x00\x01\x7f\x00\x00\x01\x00\x16", "", 0, "\x05\x00\x05\x07\x00\x01\x00\x00\x00\x00\x00\x00"},
	{"socks5 bad address type", "\x05\x01\x00\x05\x01\x00\x09", "", 0, "\x05\x00\x05\x08\x00\x01\x00\x00\x00\x00\x00\x00"},
	{"socks5 reserved byte", "\x05\x01\x00\x05\x01\x01\x01\x7f\x00\x00\x01\x00\x16", "", 0, "\x05\x00"},
	{"http", "GET / HTTP/1.1\r\n", "", 0, ""},
}

func TestReadSocks(t *testing.T) {
	for _, tt := range socksCases {
		var w bytes.Buffer
		req, err := readSocks(bufio.NewReader(strings.NewReader(tt.in)), &w)
		if tt.port == 0 {
			if err == nil {
				t.Errorf("%s: accepted as %+v", tt.name, req)
			}
		} else if err != nil || req.host != tt.host || req.port != tt.port {
			t.Errorf("%s: %+v, %v; want %s port %d", tt.name, req, err, tt.host, tt.port)
		}
		if w.String() != tt.written {
			t.Errorf("%s: wrote %q, want %q", tt.name, w.String(), tt.written)
		}
	}
}

// FuzzReadSocks feeds readSocks any bytes: it must not panic, must not read more than a
// request can hold, and must name a destination whenever it accepts.
func FuzzReadSocks(f *testing.F) {
	for _, tt := range socksCases {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r := &countingReader{r: bytes.NewReader(in)}
		req, err := readSocks(bufio.NewReaderSize(r, 16), &bytes.Buffer{})
		if err == nil && (req.version != 4 && req.version != 5) {
			t.Fatalf("accepted %+v", req)
		}
		if r.n > 2*socksMaxString+600 {
			t.Fatalf("read %d bytes", r.n)
		}
	})
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
