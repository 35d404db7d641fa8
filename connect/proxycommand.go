package connect

import (
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// proxyCommand starts ProxyCommand as ssh does — its tokens expanded, run by the user's
// shell as `$SHELL -c "exec command"` — and returns its standard input and output as the
// connection. Its standard error is Stderr. `ProxyCommand -` uses Dial's own Stdin and
// Stdout.
func (d *dialer) proxyCommand(res *resolve.Result, command string) (net.Conn, error) {
	if command == "-" {
		var in io.Reader = os.Stdin
		var out io.Writer = os.Stdout
		if d.opts.Stdin != nil {
			in = d.opts.Stdin
		}
		if d.opts.Stdout != nil {
			out = d.opts.Stdout
		}
		return &pipeConn{r: io.NopCloser(in), w: nopWriteCloser{out}}, nil
	}
	expanded, err := res.Expand(keyword.ProxyCommand, command, nil)
	if err != nil {
		return nil, errorf(err, "%s", err.Error())
	}
	shell, _ := d.getenv("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	d.debugf("Executing proxy command: exec %s", expanded)
	cmd := exec.Command(shell, "-c", "exec "+expanded)
	cmd.Stderr = d.opts.Stderr
	cmd.WaitDelay = time.Second // a child left holding its standard error must not hold us
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, errorf(err, "%s", err.Error())
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, errorf(err, "%s", err.Error())
	}
	if err := cmd.Start(); err != nil {
		return nil, errorf(err, "Couldn't execute %s -c \"%s\": %s", shell, expanded, err)
	}
	c := &pipeConn{r: stdout, w: stdin}
	c.stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	return c, nil
}

// pipeConn is a net.Conn over a pair of pipes; stop runs once when it is closed.
type pipeConn struct {
	r    io.ReadCloser
	w    io.WriteCloser
	stop func()
	once sync.Once
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

func (c *pipeConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *pipeConn) Write(p []byte) (int, error) { return c.w.Write(p) }

func (c *pipeConn) Close() error {
	c.once.Do(func() {
		c.w.Close()
		c.r.Close()
		if c.stop != nil {
			c.stop()
		}
	})
	return nil
}

// pipeAddr names the far end of a pipe as ssh does ("UNKNOWN port 65535").
type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "UNKNOWN:65535" }

func (c *pipeConn) LocalAddr() net.Addr  { return pipeAddr{} }
func (c *pipeConn) RemoteAddr() net.Addr { return pipeAddr{} }

// SetDeadline and its kin apply to the read side when it supports them (an *os.File
// pipe does), as ConnectTimeout's banner wait needs.
func (c *pipeConn) SetDeadline(t time.Time) error { return c.SetReadDeadline(t) }

func (c *pipeConn) SetReadDeadline(t time.Time) error {
	if f, ok := c.r.(interface{ SetReadDeadline(time.Time) error }); ok {
		return f.SetReadDeadline(t)
	}
	return nil
}

func (c *pipeConn) SetWriteDeadline(time.Time) error { return nil }
