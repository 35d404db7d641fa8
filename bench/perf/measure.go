package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// Run is one measured process.
type Run struct {
	Wall  time.Duration
	CPU   time.Duration // user + system
	RSS   int64         // peak resident set size, bytes
	Exit  int
	Out   []byte `json:"-"` // standard output, when asked for
	Error string // why it has no figures (timeout, could not start)
}

// measure runs argv with standard input on /dev/null and returns its wall time and, from
// the rusage wait4 reports, its CPU time and peak RSS. Standard output is kept when keep
// is set; standard error is dropped. A run over timeout is killed.
//
// The command is started by a child of this process in its child mode (runChild), not by
// this process: Go starts commands with vfork, and a child started that way from a large
// parent inherits the parent's peak RSS as its own (Linux carries the old memory's
// high-water mark over exec), which would floor every figure at this process's peak (it
// generates the million-host fleet).
func measure(timeout time.Duration, keep bool, argv ...string) Run {
	self, err := os.Executable()
	if err != nil {
		return Run{Error: err.Error()}
	}
	out := os.DevNull
	if keep {
		f, err := os.CreateTemp("", "perf-out")
		if err != nil {
			return Run{Error: err.Error()}
		}
		f.Close()
		out = f.Name()
		defer os.Remove(out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	report, err := exec.CommandContext(ctx, self, append([]string{childMode, out, timeout.String()}, argv...)...).Output()
	if err != nil {
		return Run{Error: fmt.Sprintf("measuring %s: %v", argv[0], err)}
	}
	var r Run
	if err := json.Unmarshal(report, &r); err != nil {
		return Run{Error: fmt.Sprintf("measuring %s: %v", argv[0], err)}
	}
	if keep {
		if r.Out, err = os.ReadFile(out); err != nil {
			return Run{Error: err.Error()}
		}
	}
	return r
}

// childMode is the first argument that makes this command a measuring child:
// perf -child OUTFILE TIMEOUT ARGV…
const childMode = "-child"

// runChild runs args[2:] with standard output to the file args[0], standard input on
// /dev/null and standard error dropped, killed after the duration args[1], and prints
// the Run as JSON.
func runChild(args []string) error {
	if len(args) < 3 {
		return fmt.Errorf("usage: perf %s OUTFILE TIMEOUT ARGV…", childMode)
	}
	timeout, err := time.ParseDuration(args[1])
	if err != nil {
		return err
	}
	out, err := os.Create(args[0])
	if err != nil {
		return err
	}
	defer out.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	argv := args[2:]
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdout = out
	start := time.Now()
	err = cmd.Run()
	r := Run{Wall: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r = Run{Error: fmt.Sprintf("killed after %s", timeout)}
	case err != nil && !errors.As(err, &ee):
		r = Run{Error: err.Error()}
	default:
		r.Exit = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			r.RSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux (a 32-bit field on 32-bit systems)
		}
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// Stat is the summary of several runs of one command.
type Stat struct {
	Wall, CPU time.Duration // medians
	RSS       int64         // the largest peak
	Runs      int
	Error     string // set when a run failed: the figures are then missing
}

// OK reports whether the stat has figures.
func (s Stat) OK() bool { return s.Error == "" && s.Runs > 0 }

// summarise returns the medians of the runs' times and their largest peak RSS; a run
// with an error, or with an exit status not in okExits, makes the whole stat an error.
func summarise(runs []Run, okExits ...int) Stat {
	var s Stat
	var walls, cpus []time.Duration
	for _, r := range runs {
		if r.Error != "" {
			return Stat{Error: r.Error}
		}
		if !slices.Contains(okExits, r.Exit) {
			return Stat{Error: fmt.Sprintf("exit status %d", r.Exit)}
		}
		walls, cpus = append(walls, r.Wall), append(cpus, r.CPU)
		s.RSS = max(s.RSS, r.RSS)
	}
	s.Wall, s.CPU, s.Runs = median(walls), median(cpus), len(runs)
	return s
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
