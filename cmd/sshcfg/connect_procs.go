package main

import (
	"os"
	"runtime"

	"github.com/sshcfg/sshcfg/resolve"
)

// limitProcs lets `sshcfg connect` run Go code on one thread per SSH connection of its
// chain (the destination and each ProxyJump hop), as ssh runs one single-threaded
// process per connection, and never on more than the machine gives it. x/crypto/ssh
// already encrypts a connection's packets one at a time and decrypts them in one
// goroutine; more threads than connections only add the scheduler's spinning and
// hand-offs between them: on a busy 2-core machine, a fifth of the CPU time a forward
// spends per byte. A GOMAXPROCS set in the environment is left as it is.
func limitProcs(res *resolve.Result) {
	if os.Getenv("GOMAXPROCS") != "" {
		return
	}
	runtime.GOMAXPROCS(min(runtime.GOMAXPROCS(0), 1+len(res.ProxyJump())))
}
