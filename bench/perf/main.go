// Command perf runs sshcfg's performance comparisons side by side and writes
// docs/performance.md; bench/run.sh builds what it needs and runs it.
//
// For each fleet size (gencfg.FleetConfig) it times the whole process of `sshcfg resolve`
// against `ssh -G` for the same host, alternating the two, and `sshcfg hosts`, `explain`,
// `fmt --check` and `lint` (lint until a run would pass the lint budget); then the
// 10,000-file Include glob against ssh -G, the parser's whole-tree benchmark, and the
// kevinburke/ssh_config comparison (bench/peers). Times are medians, CPU is user+system
// and memory is the peak RSS, from the rusage of each child.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// options are the command's flags.
type options struct {
	sshcfg, ssh string        // binaries
	out         string        // the page to write
	sizes       []int         // fleet sizes
	rounds      func(int) int // rounds of resolve against ssh -G at a size
	cmdRounds   func(int) int // rounds of each other command at a size
	globFiles   int
	lintBudget  time.Duration
	timeout     time.Duration
	parseBench  string // -benchtime of the parser benchmark; "" skips it
	peers       bool
	repo        string // the repository's root
	work        string // scratch directory
	connect     string // bench/connect.sh's output, shown as it is; "" for none
	hello       string // bench/floor/hello, the floor of a Go process; "" skips the floor
	resolveOnly string // bench/floor/resolveonly, the resolver without the rest of sshcfg
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == childMode {
		if err := runChild(os.Args[2:]); err != nil {
			fail(err)
		}
		return
	}
	var o options
	var sizes string
	quick := flag.Bool("quick", false, "sizes 100 and 1000, one round, a 1,000-file glob, parser benchmark once, no peers (for tests)")
	flag.StringVar(&o.sshcfg, "sshcfg", "", "the sshcfg binary to measure (required)")
	flag.StringVar(&o.ssh, "ssh", "ssh", "the ssh binary to compare with")
	flag.StringVar(&o.out, "out", "docs/performance.md", "the page to (re)write; its history section is kept")
	flag.StringVar(&sizes, "sizes", "100,1000,10000,100000,1000000", "fleet sizes, in hosts")
	flag.IntVar(&o.globFiles, "glob", 10_000, "files matched by the Include glob")
	flag.DurationVar(&o.lintBudget, "lint-budget", 60*time.Second, "lint stops at the size where a run would take longer")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Minute, "a single run is killed after this long")
	flag.StringVar(&o.repo, "repo", ".", "the repository's root")
	flag.StringVar(&o.connect, "connect", "", "a file holding bench/connect.sh's output, shown on the page as it is")
	flag.StringVar(&o.hello, "hello", "", "bench/floor/hello, built: times the start-up floor with -resolve-only")
	flag.StringVar(&o.resolveOnly, "resolve-only", "", "bench/floor/resolveonly, built")
	flag.Parse()
	if o.sshcfg == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			fail(fmt.Errorf("bad size %q (at least 10 hosts)", s))
		}
		o.sizes = append(o.sizes, n)
	}
	o.rounds = func(n int) int {
		switch {
		case n <= 10_000:
			return 21
		case n <= 100_000:
			return 7
		}
		return 3
	}
	o.cmdRounds = func(n int) int {
		if n <= 10_000 {
			return 3
		}
		return 1
	}
	o.parseBench, o.peers = "1s", true
	if *quick {
		o.sizes = []int{100, 1000}
		o.rounds = func(int) int { return 1 }
		o.cmdRounds = o.rounds
		o.globFiles = 1000
		o.parseBench, o.peers = "1x", false
	}
	var err error
	if o.work, err = os.MkdirTemp("", "sshcfg-perf"); err != nil {
		fail(err)
	}
	defer os.RemoveAll(o.work)
	if err := run(o); err != nil {
		os.RemoveAll(o.work)
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "perf:", err)
	os.Exit(1)
}

// logf reports progress on standard error.
func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, time.Now().UTC().Format("15:04:05 ")+format+"\n", a...)
}

func run(o options) error {
	start := time.Now()
	p := page{Machine: machine(o), Quick: len(o.sizes) == 2 && o.parseBench == "1x"}
	lintOn := true
	for _, n := range o.sizes {
		sz, err := measureSize(o, n, lintOn)
		if err != nil {
			return err
		}
		p.Sizes = append(p.Sizes, sz)
		if l := sz.Cmd["lint"]; !l.OK() || nextLintTooLong(o, p.Sizes) {
			lintOn = false
		}
	}
	rounds := o.rounds(10_000)
	for _, c := range []struct {
		name  string
		fleet gencfg.Fleet
	}{
		{"The 5,000-host config of record (`bench/gen 5000`, one file)", recordConfig(filepath.Join(o.work, "record"))},
		{fmt.Sprintf("Include of a glob matching %s files (`bench/gen -glob DIR %d`)", count(o.globFiles), o.globFiles),
			gencfg.IncludeGlobConfig(o.globFiles, filepath.Join(o.work, "glob"))},
	} {
		pr, err := measurePair(o, c.name, c.fleet, rounds)
		if err != nil {
			return err
		}
		p.Pairs = append(p.Pairs, pr)
	}
	if o.hello != "" && o.resolveOnly != "" {
		fl, err := measureFloor(o, rounds)
		if err != nil {
			return err
		}
		p.Floor = fl
	}
	var err error // a failure below leaves the other figures, with a note on the page
	if o.parseBench != "" {
		logf("parser benchmark")
		if p.Parse, err = parseBenchmark(o); err != nil {
			p.Missing = append(p.Missing, "the parser benchmark failed: "+err.Error())
			logf("%v", err)
		}
	}
	if o.peers {
		logf("kevinburke/ssh_config comparison")
		if p.Peers, err = peers(o); err != nil {
			p.Missing = append(p.Missing, "the kevinburke/ssh_config comparison (bench/peers) failed: "+err.Error())
			logf("%v", err)
		}
	}
	if o.connect != "" {
		data, err := os.ReadFile(o.connect)
		if err != nil {
			p.Missing = append(p.Missing, "bench/connect.sh's output: "+err.Error())
		}
		p.Connect = strings.TrimSpace(string(data))
	}
	p.Took = time.Since(start)
	return p.write(o.out)
}

// nextLintTooLong reports whether lint at the next size, extrapolated from the last two
// sizes (or linearly from one), would pass the budget.
func nextLintTooLong(o options, sizes []sizeResult) bool {
	last := sizes[len(sizes)-1]
	next := 0
	for i, n := range o.sizes {
		if n == last.Hosts && i+1 < len(o.sizes) {
			next = o.sizes[i+1]
		}
	}
	if next == 0 {
		return false
	}
	exp := 1.0
	if len(sizes) >= 2 {
		prev := sizes[len(sizes)-2]
		if e, ok := exponent(float64(prev.Hosts), float64(last.Hosts), prev.Cmd["lint"].Wall.Seconds(), last.Cmd["lint"].Wall.Seconds()); ok {
			exp = max(e, 1)
		}
	}
	predicted := last.Cmd["lint"].Wall.Seconds() * math.Pow(float64(next)/float64(last.Hosts), exp)
	return predicted > o.lintBudget.Seconds()
}

// sizeResult is what was measured on one fleet.
type sizeResult struct {
	Hosts, Files int
	Bytes, Lines int64
	Host         string
	Same         bool // sshcfg resolve printed exactly what ssh -G printed
	Resolve, SSH Stat
	Cmd          map[string]Stat // hosts, explain, fmt, lint
}

// commands are the sshcfg commands timed at every size, besides resolve.
var commands = []string{"hosts", "explain", "fmt", "lint"}

func measureSize(o options, n int, lint bool) (sizeResult, error) {
	dir := filepath.Join(o.work, fmt.Sprintf("fleet-%d", n))
	f := gencfg.FleetConfig(n, dir)
	if err := f.Write(); err != nil {
		return sizeResult{}, err
	}
	defer os.RemoveAll(dir)
	sz := sizeResult{Hosts: n, Files: len(f.Files), Bytes: f.Size(), Host: f.Hosts.Plain, Cmd: map[string]Stat{}}
	var paths []string
	for _, file := range f.Files {
		sz.Lines += int64(bytes.Count(file.Src, []byte("\n")))
		paths = append(paths, filepath.Join(dir, file.Name))
	}
	cfg := f.Main()
	f.Files = nil // the bytes are on disk now
	rounds := o.rounds(n)
	logf("%d hosts: %d files, %.1f MB; resolve against ssh -G, %d rounds", n, sz.Files, float64(sz.Bytes)/1e6, rounds)
	var ours, theirs []Run
	for i := range rounds {
		a := measure(o.timeout, i == 0, o.sshcfg, "resolve", "-F", cfg, sz.Host)
		b := measure(o.timeout, i == 0, o.ssh, "-G", "-F", cfg, sz.Host)
		if i == 0 {
			sz.Same = a.Error == "" && b.Error == "" && a.Exit == 0 && b.Exit == 0 && bytes.Equal(a.Out, b.Out)
			a.Out, b.Out = nil, nil
		}
		ours, theirs = append(ours, a), append(theirs, b)
	}
	sz.Resolve, sz.SSH = summarise(ours, 0), summarise(theirs, 0)
	argv := map[string][]string{
		"hosts":   {o.sshcfg, "hosts", "-F", cfg},
		"explain": {o.sshcfg, "explain", "-F", cfg, sz.Host},
		"fmt":     append([]string{o.sshcfg, "fmt", "--check"}, paths...),
		"lint":    {o.sshcfg, "lint", cfg},
	}
	okExits := map[string][]int{"hosts": {0}, "explain": {0}, "fmt": {0, 1}, "lint": {0, 1}}
	for _, c := range commands {
		if c == "lint" && !lint {
			continue
		}
		r := o.cmdRounds(n)
		logf("%d hosts: %s, %d rounds", n, c, r)
		var runs []Run
		for range r {
			runs = append(runs, measure(o.timeout, false, argv[c]...))
		}
		sz.Cmd[c] = summarise(runs, okExits[c]...)
	}
	return sz, nil
}

// pairResult is sshcfg resolve against ssh -G on one config.
type pairResult struct {
	Name         string // what the config is
	Files        int
	Bytes        int64
	Host         string
	Same         bool // both printed the same bytes
	Resolve, SSH Stat
}

// measurePair writes f and times sshcfg resolve against ssh -G for its plain host.
func measurePair(o options, name string, f gencfg.Fleet, rounds int) (pairResult, error) {
	if err := f.Write(); err != nil {
		return pairResult{}, err
	}
	defer os.RemoveAll(f.Dir)
	pr := pairResult{Name: name, Files: len(f.Files), Bytes: f.Size(), Host: f.Hosts.Plain}
	logf("%s: resolve against ssh -G, %d rounds", name, rounds)
	var ours, theirs []Run
	for i := range rounds {
		a := measure(o.timeout, i == 0, o.sshcfg, "resolve", "-F", f.Main(), pr.Host)
		b := measure(o.timeout, i == 0, o.ssh, "-G", "-F", f.Main(), pr.Host)
		if i == 0 {
			pr.Same = a.Error == "" && b.Error == "" && a.Exit == 0 && bytes.Equal(a.Out, b.Out)
		}
		ours, theirs = append(ours, a), append(theirs, b)
	}
	pr.Resolve, pr.SSH = summarise(ours, 0), summarise(theirs, 0)
	return pr, nil
}

// floorResult is the start-up floor on the config of record: the same resolution by
// sshcfg, by the resolver alone and by ssh -G, next to a Go program that only prints.
type floorResult struct {
	Host                             string
	Same                             bool // resolveonly printed what sshcfg printed
	Hello, ResolveOnly, Resolve, SSH Stat
}

// measureFloor times the four commands on the config of record, alternating.
func measureFloor(o options, rounds int) (floorResult, error) {
	f := recordConfig(filepath.Join(o.work, "floor"))
	if err := f.Write(); err != nil {
		return floorResult{}, err
	}
	defer os.RemoveAll(f.Dir)
	fl := floorResult{Host: f.Hosts.Plain}
	logf("start-up floor: %d rounds", rounds)
	var hello, only, ours, theirs []Run
	for i := range rounds {
		h := measure(o.timeout, false, o.hello)
		a := measure(o.timeout, i == 0, o.resolveOnly, "-F", f.Main(), fl.Host)
		b := measure(o.timeout, i == 0, o.sshcfg, "resolve", "-F", f.Main(), fl.Host)
		c := measure(o.timeout, false, o.ssh, "-G", "-F", f.Main(), fl.Host)
		if i == 0 {
			fl.Same = a.Error == "" && b.Error == "" && a.Exit == 0 && b.Exit == 0 && bytes.Equal(a.Out, b.Out)
		}
		hello, only, ours, theirs = append(hello, h), append(only, a), append(ours, b), append(theirs, c)
	}
	fl.Hello, fl.ResolveOnly, fl.Resolve, fl.SSH = summarise(hello, 0), summarise(only, 0), summarise(ours, 0), summarise(theirs, 0)
	return fl, nil
}

// recordConfig is the 5,000-host config of record (bench/gen 5000) as a fleet of one file.
func recordConfig(dir string) gencfg.Fleet {
	return gencfg.Fleet{Dir: dir, Files: []gencfg.File{{Name: "config", Src: gencfg.Config(5000)}},
		Hosts: gencfg.FleetHosts{Plain: "host2500"}}
}

// machineInfo describes where the figures were measured.
type machineInfo struct {
	CPUs, CPU, Go, OpenSSH, Commit, Date, Load string
}

func machine(o options) machineInfo {
	m := machineInfo{CPUs: fmt.Sprint(runtime.NumCPU()), Date: time.Now().UTC().Format("2006-01-02 15:04 UTC")}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.Load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	out := func(name string, args ...string) string {
		cmd := exec.Command(name, args...)
		cmd.Dir = o.repo
		b, err := cmd.CombinedOutput() // ssh -V prints on standard error
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	m.Go = strings.TrimPrefix(out("go", "env", "GOVERSION"), "go")
	m.OpenSSH, _, _ = strings.Cut(out(o.ssh, "-V"), ",")
	m.Commit = out("git", "rev-parse", "--short", "HEAD")
	if m.Commit == "" {
		m.Commit = "(unknown)"
	} else if out("git", "status", "--porcelain", "--untracked-files=no") != "" {
		m.Commit += " (with uncommitted changes)"
	}
	return m
}
