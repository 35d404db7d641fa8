package forward_test

import (
	"context"
	"log"
	"os"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect/forward"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Set up the forwards a host's configuration asks for (plus one from the command line,
// as -L adds it) on a connection made from the same resolution, and keep them until the
// connection ends.
func ExampleStart() {
	req := resolve.NewRequest("targaryen").Option("LocalForward 8080 localhost:8080")
	res, err := resolve.New(resolve.OSEnv("", false), keyword.Debian92).Resolve(req)
	if err != nil {
		log.Fatal(err)
	}
	var client *ssh.Client // dialled from res (package connect)
	set, err := forward.Start(context.Background(), client, res, forward.Options{Warn: os.Stderr})
	if err != nil {
		log.Fatal(err) // ExitOnForwardFailure: ssh's message, e.g. "Could not request local forwarding."
	}
	defer set.Close()
	_ = client.Wait()
}
