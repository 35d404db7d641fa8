package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// TestConnectStdioToSocket: -W with a path forwards standard input and output to that
// Unix socket on the server (direct-streamlocal), as ssh -W does. The server runs on
// this machine, so the test's own listener is the server's socket.
func TestConnectStdioToSocket(t *testing.T) {
	s := newConnectSite(t)
	srv, _ := s.serverWithKey("id_ed25519", "ed25519", "")
	s.writeBox(srv.Port)
	dir, err := os.MkdirTemp("", "w") // a socket path must stay under 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		fmt.Fprint(c, "hello from the socket\n")
	}()
	out, errOut, code := s.sshcfg("", "connect", "-W", sock, "box")
	if out != "hello from the socket\n" || code != 0 {
		t.Errorf("got %q, exit %d; want the socket's line, 0\nstderr: %s", out, code, errOut)
	}
}
