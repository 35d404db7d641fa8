// Package gencfg generates large, realistic ssh_config files for benchmarks.
package gencfg

import (
	"fmt"
	"strings"
)

// Config returns a config with n Host blocks (aliases host0 … host{n-1}), comments,
// indentation, a few wildcard blocks and a final Host * block, deterministically.
func Config(n int) []byte {
	var b strings.Builder
	b.WriteString("# generated benchmark config\nIgnoreUnknown UseKeychain\n\n")
	for i := 0; i < n; i++ {
		if i%50 == 0 {
			fmt.Fprintf(&b, "# --- group %d ---\nHost *.group%d.example\n  User group%d\n  ProxyJump bastion%d.example\n\n", i/50, i/50, i/50, i/50)
		}
		fmt.Fprintf(&b, "Host host%d host%d.example.com\n", i, i)
		fmt.Fprintf(&b, "  HostName 10.%d.%d.%d\n", i>>16&255, i>>8&255, i&255)
		fmt.Fprintf(&b, "  User user%d\n", i%97)
		fmt.Fprintf(&b, "  Port %d\n", 2200+i%50)
		if i%3 == 0 {
			fmt.Fprintf(&b, "  IdentityFile ~/.ssh/id_host%d # key for host%d\n", i, i)
		}
		if i%7 == 0 {
			b.WriteString("  LocalForward 8080 localhost:80\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("Host *\n  ServerAliveInterval 60\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%r@%h:%p\n  SendEnv LANG LC_*\n")
	return []byte(b.String())
}
