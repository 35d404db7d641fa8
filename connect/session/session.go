// Package session runs the session part of an SSH connection as ssh does: a remote
// command or a shell, with or without a pseudo-terminal (RequestTTY, raw mode, window
// size changes), SendEnv and SetEnv, agent forwarding, and the remote exit status.
package session

import (
	"context"
	"errors"
	"io"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/resolve"
)

// Options is what the command line adds to the resolved configuration.
type Options struct {
	// Command is the remote command ("" for a login shell).
	Command string
	// Subsystem runs Command as a subsystem (ssh -s).
	Subsystem bool
	// Stdin, Stdout and Stderr are the local ends; a terminal Stdin (an *os.File) is put
	// in raw mode while a pseudo-terminal is in use.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// AgentSocket, when not "", is the local agent socket forwarded to the server
	// (ForwardAgent).
	AgentSocket string
	// Getenv reads local environment variables for SendEnv; nil uses the process's.
	Getenv func(string) (string, bool)
}

// Run opens a session on client and runs it to the end; the result is the remote exit
// status (ssh's 255 conventions for a session that ends without one are the caller's).
func Run(ctx context.Context, client *ssh.Client, res *resolve.Result, opts Options) (int, error) {
	return 255, errors.New("session: not implemented")
}
