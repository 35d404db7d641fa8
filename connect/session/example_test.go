package session_test

import (
	"context"
	"log"
	"os"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/connect/session"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Run a command (or, with none, a login shell on a PTY when standard input is a
// terminal) as `ssh host command` would, and exit with its status.
func ExampleRun() {
	req, err := resolve.ParseArgs([]string{"-t", "targaryen", "top"}, keyword.Debian92)
	if err != nil {
		log.Fatal(err)
	}
	res, err := resolve.New(resolve.OSEnv("", false), keyword.Debian92).Resolve(req)
	if err != nil {
		log.Fatal(err)
	}
	var client *ssh.Client // dialled from res (package connect)
	opts := session.Options{Command: req.Command, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if res.Flag(keyword.ForwardAgent) {
		opts.AgentSocket = os.Getenv("SSH_AUTH_SOCK") // or the socket ForwardAgent names
	}
	status, err := session.Run(context.Background(), client, res, opts)
	if err != nil {
		log.Print(err)
	}
	os.Exit(status)
}
