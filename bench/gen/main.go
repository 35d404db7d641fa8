// Command gen prints a generated ssh_config with N Host blocks (default 5000).
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

func main() {
	n := 5000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: gen [hosts]")
			os.Exit(2)
		}
		n = v
	}
	os.Stdout.Write(gencfg.Config(n))
}
