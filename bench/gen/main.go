// Command gen generates ssh_config files for benchmarks.
//
//	gen [hosts]                 print a config of hosts Host blocks (default 5000; gencfg.Config)
//	gen -fleet DIR [hosts]      write a fleet of hosts hosts into DIR (gencfg.FleetConfig)
//	gen -glob DIR [files]       write a config Including a glob of files files into DIR (gencfg.IncludeGlobConfig)
//
// With -fleet or -glob it prints the main config's path, then one line per sample host:
// its role and its name, separated by a tab.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

func main() {
	fleet := flag.String("fleet", "", "write a fleet config (main config and conf.d/) into `DIR`")
	glob := flag.String("glob", "", "write a config that Includes a glob of many small files into `DIR`")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: gen [hosts] | gen -fleet DIR [hosts] | gen -glob DIR [files]")
		flag.PrintDefaults()
	}
	flag.Parse()
	n := 5000
	if flag.NArg() > 1 || (*fleet != "" && *glob != "") {
		flag.Usage()
		os.Exit(2)
	}
	if flag.NArg() == 1 {
		v, err := strconv.Atoi(flag.Arg(0))
		if err != nil || v < 1 {
			flag.Usage()
			os.Exit(2)
		}
		n = v
	}
	var f gencfg.Fleet
	switch {
	case *fleet != "":
		f = gencfg.FleetConfig(max(n, 10), abs(*fleet))
	case *glob != "":
		f = gencfg.IncludeGlobConfig(n, abs(*glob))
	default:
		os.Stdout.Write(gencfg.Config(n))
		return
	}
	if err := f.Write(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Println(f.Main())
	h := f.Hosts
	for _, s := range [][2]string{{"plain", h.Plain}, {"bastion", h.Bastion}, {"negated", h.Negated},
		{"matched", h.Matched}, {"admin", h.Admin}, {"fqdn", h.FQDN}, {"unknown", h.Unknown}} {
		if s[1] != "" {
			fmt.Printf("%s\t%s\n", s[0], s[1])
		}
	}
}

// abs returns dir as an absolute path: Include lines must not depend on the working
// directory (ssh reads a relative Include path under ~/.ssh).
func abs(dir string) string {
	a, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	return a
}
