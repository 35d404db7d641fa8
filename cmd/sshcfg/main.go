// Command sshcfg parses, resolves, explains and formats OpenSSH client configuration.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// sshcfg's commands are short-lived and allocate the syntax trees of whole configs at
	// once: collecting garbage less often makes them markedly faster (see bench/).
	debug.SetGCPercent(400)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
