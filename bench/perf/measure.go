package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
	Out   []byte // standard output, when asked for
	Error string // why it has no figures (timeout, could not start)
}

// measure runs argv with standard input on /dev/null and returns its wall time and, from
// the rusage wait4 reports, its CPU time and peak RSS. Standard output is kept when keep
// is set; standard error is dropped. A run over timeout is killed.
func measure(timeout time.Duration, keep bool, argv ...string) Run {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var out bytes.Buffer
	if keep {
		cmd.Stdout = &out
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return Run{Error: err.Error()}
	}
	if ctx.Err() != nil {
		return Run{Error: fmt.Sprintf("killed after %s", timeout)}
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	r := Run{Wall: wall, Exit: cmd.ProcessState.ExitCode(), Out: out.Bytes()}
	if ru != nil {
		r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.RSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return r
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
