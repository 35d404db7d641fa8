package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// historyHeading starts the part of the page the script keeps: the measurements recorded
// before it, verbatim.
const historyHeading = "# History: earlier measurements, as recorded"

// page is everything one run measured.
type page struct {
	Machine machineInfo
	Quick   bool
	Sizes   []sizeResult
	Pairs   []pairResult
	Floor   floorResult
	Parse   parseResult
	Peers   peerResult
	Connect string // bench/connect.sh's output
	Took    time.Duration
	Missing []string // parts that failed, each with its error
}

func (p page) write(path string) error {
	history, err := readHistory(path)
	if err != nil {
		return err
	}
	var b strings.Builder
	p.render(&b)
	b.WriteString("\n" + history)
	tmp := path + ".tmp"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// readHistory returns the history section of the page at path: from historyHeading to the
// end; a page without that heading (written by hand) is kept whole below it, without its
// title line; no page, an empty history.
func readHistory(path string) (string, error) {
	old, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return historyHeading + "\n\nNone yet.\n", nil
	}
	if err != nil {
		return "", err
	}
	s := string(old)
	if i := strings.Index(s, "\n"+historyHeading+"\n"); i >= 0 {
		return s[i+1:], nil
	}
	if rest, ok := strings.CutPrefix(s, "# Performance\n"); ok {
		s = rest
	}
	return historyHeading + "\n\nWritten by hand before `bench/run.sh` existed; kept verbatim.\n" + s, nil
}

func (p page) render(b *strings.Builder) {
	m := p.Machine
	fmt.Fprintf(b, "# Performance\n\n")
	fmt.Fprintf(b, "Everything above the history is written by `bench/run.sh` (%s). ", "`bench/perf`, from the repository's root")
	b.WriteString("Reproduce with `bench/run.sh` (a few minutes on 2 cores, 20 at most; `bench/run.sh -quick` checks the script in seconds). ")
	b.WriteString("It builds `sshcfg`, generates the fleets with `bench/gen -fleet DIR HOSTS` (`internal/gencfg.FleetConfig`: a main config that " +
		"Includes a conf.d directory split per team and region, about 500 hosts a file, bastions and ProxyJump, Local/Remote/DynamicForward, " +
		"wildcard and negated Host blocks, `Match originalhost … user …` and `Match host … user …` blocks, CanonicalizeHostname no and a final `Host *`), " +
		"and measures every child process through its rusage: the wall time and CPU time (user + system) are medians over the rounds, " +
		"the memory is the largest peak RSS (each command is started by a small measuring process, so no figure includes the memory of the script itself). The machine is shared, so wall times swing; CPU times and memory swing less.\n\n")
	if p.Quick {
		b.WriteString("**Quick mode (`-quick`): a check of the script, not figures of record.**\n\n")
	}
	fmt.Fprintf(b, "Measured %s on %s CPUs (%s; load average %s at the start), Go %s, %s, commit %s; the run took %s.\n\n",
		m.Date, m.CPUs, m.CPU, m.Load, m.Go, m.OpenSSH, m.Commit, p.Took.Round(time.Second))

	for _, m := range p.Missing {
		m = strings.Join(strings.Fields(m), " ")
		if len(m) > 400 {
			m = m[:400] + "…"
		}
		fmt.Fprintf(b, "**Missing from this run:** %s\n\n", m)
	}
	b.WriteString("## Whole process: `sshcfg resolve` against `ssh -G`\n\n")
	b.WriteString("The same host at each size (in the middle of the fleet, reached through its region's bastion), the two commands alternating. " +
		"Ratio is sshcfg ÷ ssh -G. *Same* says whether the two printed identical bytes.\n\n")
	b.WriteString("| Hosts | Files | Input | sshcfg wall | ssh -G wall | ratio | sshcfg CPU | ssh -G CPU | ratio | sshcfg peak RSS | ssh -G peak RSS | rounds | same |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, s := range p.Sizes {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |\n",
			count(s.Hosts), count(s.Files), mb(s.Bytes), wall(s.Resolve), wall(s.SSH), ratio(s.Resolve.Wall, s.SSH.Wall, s.Resolve.OK() && s.SSH.OK()),
			cpu(s.Resolve), cpu(s.SSH), ratio(s.Resolve.CPU, s.SSH.CPU, s.Resolve.OK() && s.SSH.OK()), rss(s.Resolve), rss(s.SSH), s.Resolve.Runs, yes(s.Same))
	}

	b.WriteString("\nThe same on two more configs: the 5,000-host config of record (host2500; goal: ratio ≤ 0.25) and an `Include DIR/conf.d/*` " +
		"matching many files of one small Host block each (the middle file's host; goal: ratio ≤ 1.0).\n\n")
	b.WriteString("| Config | Files | Input | sshcfg wall | ssh -G wall | ratio | sshcfg CPU | ssh -G CPU | ratio | sshcfg peak RSS | ssh -G peak RSS | rounds | same |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, s := range p.Pairs {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |\n",
			s.Name, count(s.Files), mb(s.Bytes), wall(s.Resolve), wall(s.SSH), ratio(s.Resolve.Wall, s.SSH.Wall, s.Resolve.OK() && s.SSH.OK()),
			cpu(s.Resolve), cpu(s.SSH), ratio(s.Resolve.CPU, s.SSH.CPU, s.Resolve.OK() && s.SSH.OK()), rss(s.Resolve), rss(s.SSH), s.Resolve.Runs, yes(s.Same))
	}

	p.Floor.render(b)

	b.WriteString("\n## sshcfg commands at scale\n\n")
	b.WriteString("`sshcfg hosts -F CONFIG`, `sshcfg explain -F CONFIG HOST`, `sshcfg fmt --check` of every file of the fleet and `sshcfg lint CONFIG` " +
		"(every host, with its Includes); memory as a multiple of the input's bytes (goal: ≤ 10×; at small sizes the Go runtime's own few MB dominate).\n\n")
	b.WriteString("| Hosts | Input | Command | wall | CPU | peak RSS | RSS ÷ input | runs |\n|---:|---:|---|---:|---:|---:|---:|---:|\n")
	var lintStop string
	for _, s := range p.Sizes {
		for _, c := range commands {
			st, ok := s.Cmd[c]
			if !ok {
				if lintStop == "" {
					lintStop = fmt.Sprintf("lint stops before %s hosts: the run at the size before, extrapolated with the growth measured so far (at least linear), would take more than the lint budget (`-lint-budget`, 60 s by default).", count(s.Hosts))
				}
				continue
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %d |\n", count(s.Hosts), mb(s.Bytes), c, wall(st), cpu(st), rss(st), ratioN(float64(st.RSS), float64(s.Bytes)), st.Runs)
		}
	}
	if lintStop != "" {
		fmt.Fprintf(b, "\n%s\n", lintStop)
	}

	if p.Parse.Count > 0 {
		r := p.Parse
		b.WriteString("\n## Whole-tree parse\n\n")
		fmt.Fprintf(b, "`go test -run '^$' -bench '^BenchmarkParse(Copy)?$' -benchmem -count %d ./parser` (its generated 5,000-host config, %s lines), medians. "+
			"Bytes of tree per line is everything Parse allocates (B/op) ÷ the config's lines, as the benchmark reports it. "+
			"BenchmarkParse hands the source over to Parse (`Options.SourceGiven`), as every caller in sshcfg does (the resolver, the language server, fmt): "+
			"the tree shares the caller's bytes. BenchmarkParseCopy lets Parse copy the source first, so its bytes per line include one more copy of the input. "+
			"Goals: ≥ 200 MB/s, ≤ 100 B per line.\n\n", r.Count, count(int(r.Lines)))
		b.WriteString("| Benchmark | MB/s | B/op | bytes of tree per line | allocs/op | allocs/line |\n|---|---:|---:|---:|---:|---:|\n")
		for _, row := range []struct {
			name string
			r    parseRow
		}{{"Parse (source handed over)", r.parseRow}, {"ParseCopy (Parse copies the source)", r.Copy}} {
			fmt.Fprintf(b, "| %s | %.1f | %s | %.0f | %s | %.2f |\n", row.name, row.r.MBps, count(int(row.r.BytesPerOp)), row.r.BytesPerLine, count(int(row.r.AllocsPerOp)), row.r.AllocsPerLine)
		}
	}

	b.WriteString("\n## Growth with size\n\n")
	b.WriteString("The exponent k of cost ∝ hosts^k between consecutive sizes (1 is linear), and the least-squares fit over all sizes. " +
		"At small sizes process start-up dominates, so k is near 0 there; the last column is the one that tells how a cost scales.\n\n")
	b.WriteString("| Cost |")
	for i := 1; i < len(p.Sizes); i++ {
		fmt.Fprintf(b, " %s→%s |", count(p.Sizes[i-1].Hosts), count(p.Sizes[i].Hosts))
	}
	b.WriteString(" fit |\n|---|")
	b.WriteString(strings.Repeat("---:|", len(p.Sizes)))
	b.WriteString("\n")
	type series struct {
		name string
		cost func(sizeResult) float64
	}
	all := []series{
		{"resolve, wall", func(s sizeResult) float64 { return okf(s.Resolve, s.Resolve.Wall.Seconds()) }},
		{"resolve, CPU", func(s sizeResult) float64 { return okf(s.Resolve, s.Resolve.CPU.Seconds()) }},
		{"resolve, peak RSS", func(s sizeResult) float64 { return okf(s.Resolve, float64(s.Resolve.RSS)) }},
		{"ssh -G, wall", func(s sizeResult) float64 { return okf(s.SSH, s.SSH.Wall.Seconds()) }},
		{"ssh -G, CPU", func(s sizeResult) float64 { return okf(s.SSH, s.SSH.CPU.Seconds()) }},
		{"ssh -G, peak RSS", func(s sizeResult) float64 { return okf(s.SSH, float64(s.SSH.RSS)) }},
	}
	for _, c := range commands {
		all = append(all,
			series{c + ", CPU", func(s sizeResult) float64 { return okf(s.Cmd[c], s.Cmd[c].CPU.Seconds()) }},
			series{c + ", peak RSS", func(s sizeResult) float64 { return okf(s.Cmd[c], float64(s.Cmd[c].RSS)) }})
	}
	for _, se := range all {
		fmt.Fprintf(b, "| %s |", se.name)
		var xs, ys []float64
		for i, s := range p.Sizes {
			xs, ys = append(xs, float64(s.Hosts)), append(ys, se.cost(s))
			if i == 0 {
				continue
			}
			if k, ok := exponent(xs[i-1], xs[i], ys[i-1], ys[i]); ok {
				fmt.Fprintf(b, " %.2f |", k)
			} else {
				b.WriteString(" — |")
			}
		}
		if k, ok := fit(xs, ys); ok {
			fmt.Fprintf(b, " %.2f |\n", k)
		} else {
			b.WriteString(" — |\n")
		}
	}

	if len(p.Peers.Bench) > 0 || p.Peers.Answers != "" {
		b.WriteString("\n## kevinburke/ssh_config\n\n")
		b.WriteString("In-process, on the 5,000-host config of record (`bench/gen 5000`), from the separate module `bench/peers` " +
			"(`go test -bench . -benchmem -count 3`, medians). Decode: the whole tree (sshcfg's lossless `parser.Parse`). " +
			"Get: User, HostName and Port of three hosts from a decoded config (sshcfg resolves each host completely, as ssh -G). " +
			"DecodeAndGet: the three answers for one host from the bytes (sshcfg's one-shot resolution). Goal: sshcfg ≥ 10× faster.\n\n")
		b.WriteString("| Benchmark | sshcfg | kevinburke | sshcfg is faster by | sshcfg B/op | kevinburke B/op |\n|---|---:|---:|---:|---:|---:|\n")
		for _, pb := range p.Peers.Bench {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", pb.Name, dur(time.Duration(pb.Ours)), dur(time.Duration(pb.Theirs)),
				ratioN(pb.Theirs, pb.Ours), mb(int64(pb.OursBytes)), mb(int64(pb.TheirsBytes)))
		}
		if p.Peers.Answers != "" {
			b.WriteString("\n" + p.Peers.Answers)
		}
	}

	if p.Connect != "" {
		b.WriteString("\n## sshcfg connect against ssh\n\n")
		b.WriteString("`bench/connect.sh` (run by `bench/run.sh`): whole processes on loopback against temporary sshd processes, " +
			"ssh and sshcfg alternating; first in ssh's default cipher order (chacha20-poly1305 first), then both with " +
			"aes128-gcm@openssh.com. Goals: connect + `true` ≤ 1.2× ssh's time, direct and through one jump; " +
			"1 GiB through `-L` ≥ 1.0× ssh's throughput.\n\n```\n" + p.Connect + "\n```\n")
	}
}

func okf(s Stat, v float64) float64 {
	if !s.OK() {
		return 0
	}
	return v
}

func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func mb(n int64) string {
	switch {
	case n >= 10e6:
		return fmt.Sprintf("%.0f MB", float64(n)/1e6)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func dur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.3g ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.3g µs", float64(d)/1e3)
}

func wall(s Stat) string {
	if !s.OK() {
		return "failed: " + s.Error
	}
	return dur(s.Wall)
}

func cpu(s Stat) string {
	if !s.OK() {
		return "—"
	}
	return dur(s.CPU)
}

func rss(s Stat) string {
	if !s.OK() {
		return "—"
	}
	return mb(s.RSS)
}

func ratio(a, b time.Duration, ok bool) string {
	if !ok {
		return "—"
	}
	return ratioN(float64(a), float64(b))
}

func ratioN(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "—"
	}
	r := a / b
	if r >= 10 {
		return fmt.Sprintf("%.0f×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

// render writes the start-up floor section, when it was measured.
func (fl floorResult) render(b *strings.Builder) {
	if fl.Host == "" {
		return
	}
	b.WriteString("\n## Start-up floor\n\n")
	b.WriteString("Where the time of the whole process goes, on the 5,000-host config of record (" + fl.Host + "), " +
		"the four commands alternating: `bench/floor/hello` (a static Go program that prints one line: the floor of any Go command), " +
		"`bench/floor/resolveonly` (the resolver library called directly: the same resolution without the command line, lint, " +
		"the language server and connect linked in), `sshcfg resolve` and `ssh -G`. Ratio is to ssh -G. " +
		"*Same* says whether resolveonly printed what sshcfg printed.\n\n")
	b.WriteString("| Command | wall | ratio | CPU | ratio | peak RSS | rounds |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range []struct {
		name string
		st   Stat
	}{
		{"`bench/floor/hello`", fl.Hello},
		{"`bench/floor/resolveonly -F CONFIG " + fl.Host + "`", fl.ResolveOnly},
		{"`sshcfg resolve -F CONFIG " + fl.Host + "`", fl.Resolve},
		{"`ssh -G -F CONFIG " + fl.Host + "`", fl.SSH},
	} {
		ok := r.st.OK() && fl.SSH.OK()
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %d |\n", r.name, wall(r.st), ratio(r.st.Wall, fl.SSH.Wall, ok),
			cpu(r.st), ratio(r.st.CPU, fl.SSH.CPU, ok), rss(r.st), r.st.Runs)
	}
	fmt.Fprintf(b, "\nSame: %s.\n", yes(fl.Same))
}
