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

// Straddle is a generated config built to be cut by the parallel parse inside one Host
// block, with the hosts worth resolving against it.
type Straddle struct {
	Src []byte
	// Hosts are, in this order: the first Host block's alias, the long middle block's,
	// the last Host block's, a host only a "prefix*" block names, one only a "*suffix"
	// block names, one only the final Match block names, and one no block names.
	Hosts []string
	// FillerStart and FillerEnd are the byte offsets (each at a line start) of the
	// middle block's filler: comment and SendEnv lines between its first setting and its
	// last ones. The middle of the file lies inside the filler, at least 4 KiB from
	// either end, so a file cut into 2 or 8 chunks of equal size is cut inside the block,
	// and the block's last settings are in a chunk that does not have its header.
	FillerStart, FillerEnd int
}

// StraddleConfig returns a Straddle of n Host blocks (n ≥ 100) h000000 … around a long
// middle block "Host mid": blocks of 4 to 6 lines, a "Host web…-*" block every 50 and a
// "Host *.g….example" block every 50, then a Match block that runs `test %p = 22` and a
// final Host * block. Numbers have fixed widths, so the halves before and after the
// middle block have about the same size.
func StraddleConfig(n int) Straddle {
	block := func(b *strings.Builder, i int) {
		switch i % 50 {
		case 0:
			fmt.Fprintf(b, "Host *.g%06d.example\n  User group\n  ProxyJump bastion%06d.example\n", i, i)
		case 25:
			fmt.Fprintf(b, "Host web%06d-*\n  User web\n  Port %04d\n", i, 3000+i%1000)
		}
		fmt.Fprintf(b, "Host h%06d h%06d.example.com\n", i, i)
		fmt.Fprintf(b, "  HostName 10.%03d.%03d.%03d\n  User u%02d\n  Port %04d\n", i>>16&255, i>>8&255, i&255, i%97, 2200+i%50)
		if i%3 == 0 {
			fmt.Fprintf(b, "  IdentityFile ~/.ssh/id_h%06d\n", i)
		}
		if i%7 == 0 {
			b.WriteString("  LocalForward 8080 localhost:80\n")
		}
	}
	var before, after strings.Builder
	before.WriteString("# generated: Host blocks around a long middle block\nIgnoreUnknown UseKeychain\nSendEnv LANG\n")
	for i := 0; i < n/2; i++ {
		block(&before, i)
	}
	for i := n / 2; i < n; i++ {
		block(&after, i)
	}
	after.WriteString("Match host tail-*,nomatch.* exec \"test %p = 22\"\n  User portok\nHost *\n  ServerAliveInterval 60\n  ControlPath ~/.ssh/cm-%r@%h:%p\n")
	const early = "Host mid mid.example\n  SendEnv MID_EARLY\n"
	const late = "  HostName mid.internal\n  User mid\n  Port 2999\n  LocalForward 9999 localhost:22\n  ProxyCommand nc %h %p\n"
	// The file's middle is (B + E + F + L + A) / 2; it lies 8 KiB into the filler when
	// F = |A − B| + E + L + 16 KiB, give or take a filler line.
	want := before.Len() - after.Len()
	want = max(want, -want) + len(early) + len(late) + 16<<10
	var filler strings.Builder
	for i := 0; filler.Len() < want; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&filler, "  SendEnv MID_%06d\n", i)
		} else {
			fmt.Fprintf(&filler, "  # filler %06d\n", i)
		}
	}
	s := Straddle{FillerStart: before.Len() + len(early)}
	s.FillerEnd = s.FillerStart + filler.Len()
	s.Src = []byte(before.String() + early + filler.String() + late + after.String())
	web := (n-1)/50*50 + 25
	if web >= n {
		web -= 50
	}
	s.Hosts = []string{"h000000", "mid", fmt.Sprintf("h%06d", n-1), fmt.Sprintf("web%06d-x", web),
		fmt.Sprintf("db.g%06d.example", n/2/50*50), "tail-1", "nomatch.invalid"}
	return s
}
