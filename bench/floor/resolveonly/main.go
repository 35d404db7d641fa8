// Command resolveonly is `sshcfg resolve HOST` with nothing else linked in: the resolver
// library called directly, without the command line, lint, the language server or
// connect. bench/run.sh times it next to `sshcfg resolve` to show what the rest of the
// binary costs at start (docs/performance.md, "Start-up floor"); it handles only the
// arguments the benchmark gives it and is not a product.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/sshcfg/sshcfg/resolve"
)

func main() {
	debug.SetGCPercent(400) // as sshcfg's main does
	dialect := resolve.InstalledDialect()
	req, err := resolve.ParseArgs(os.Args[1:], dialect)
	if err != nil {
		fmt.Fprintln(os.Stderr, "resolveonly:", err)
		os.Exit(255)
	}
	req.OneShot = true
	res, err := resolve.New(resolve.OSEnv("", true), dialect).Resolve(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, "resolveonly:", err)
		os.Exit(255)
	}
	os.Stdout.WriteString(res.DumpG())
}
