package knownhosts_test

import (
	"os"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect/knownhosts"
	"github.com/sshcfg/sshcfg/resolve"
)

// Check the server's host key as ssh would for a resolved destination.
func Example() {
	var res *resolve.Result // from resolve.Resolver.Resolve
	if res == nil {
		return
	}
	c, err := knownhosts.New(res, knownhosts.Interaction{Warn: os.Stderr})
	if err != nil {
		panic(err)
	}
	config := &ssh.ClientConfig{
		User:              res.User(),
		HostKeyCallback:   c.HostKeyCallback(),
		HostKeyAlgorithms: c.HostKeyAlgorithms(),
	}
	_ = config // ssh.Dial("tcp", address, config)
}
