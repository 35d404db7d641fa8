// Package knownhosts checks SSH host keys the way ssh does, from a resolved
// configuration: UserKnownHostsFile and GlobalKnownHostsFile (hashed names,
// @cert-authority, @revoked, [host]:port), HostKeyAlias, CheckHostIP and
// StrictHostKeyChecking yes / ask / accept-new / no.
package knownhosts

import (
	"errors"
	"io"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/resolve"
)

// Interaction is how a Checker talks to the user.
type Interaction struct {
	// Prompt asks a question on the terminal and returns the answer; nil means no terminal
	// (as BatchMode): questions are answered "no".
	Prompt func(question string) (string, error)
	// Warn receives ssh's warnings (a key added, an IP address mismatch).
	Warn io.Writer
}

// Checker verifies the host keys of the destination one resolved configuration describes.
type Checker struct{}

// New prepares the checks for the destination res describes.
func New(res *resolve.Result, in Interaction) (*Checker, error) {
	return nil, errors.New("knownhosts: not implemented")
}

// HostKeyCallback verifies a server's host key (or certificate) for x/crypto/ssh.
func (c *Checker) HostKeyCallback() ssh.HostKeyCallback { return nil }

// HostKeyAlgorithms is the host key algorithm preference to offer: ssh's configured list,
// with the algorithms of keys already known for this host first, as ssh orders them.
func (c *Checker) HostKeyAlgorithms() []string { return nil }
