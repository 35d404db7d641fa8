// Package forward runs the port forwardings of an SSH connection as ssh does:
// LocalForward, RemoteForward and DynamicForward (SOCKS4/4a/5), over TCP or Unix
// sockets, ExitOnForwardFailure, and -W stdio forwarding.
package forward

import (
	"context"
	"errors"
	"io"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/resolve"
)

// Options changes how forwards are set up.
type Options struct {
	// Warn receives ssh-like warnings about forwards that could not be set up.
	Warn io.Writer
}

// Set is the running forwards of one connection.
type Set struct{}

// Start sets up every LocalForward, RemoteForward and DynamicForward of res on client and
// returns once each listener is bound and each remote forward acknowledged (or has
// failed: an error when ExitOnForwardFailure is set, a warning otherwise).
func Start(ctx context.Context, client *ssh.Client, res *resolve.Result, opts Options) (*Set, error) {
	return nil, errors.New("forward: not implemented")
}

// Close stops every listener and forwarded connection.
func (s *Set) Close() error { return nil }

// Stdio connects local standard input and output to host:port through client (ssh -W)
// until either side ends.
func Stdio(ctx context.Context, client *ssh.Client, host string, port int, stdin io.Reader, stdout io.Writer) error {
	return errors.New("forward: not implemented")
}
