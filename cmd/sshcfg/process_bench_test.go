package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// BenchmarkProcess times whole `sshcfg resolve` processes, start-up included, against
// `ssh -G` with the same arguments (skipped when ssh is not installed): -F none (start-up
// and defaults only) and one host of the generated 5,000-host config. Besides wall time
// per run it reports the child's CPU time (user+sys, cpu-ms/op), which varies less on a
// shared machine.
func BenchmarkProcess(b *testing.B) {
	dir := b.TempDir()
	bin := buildSshcfg(b, dir)
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, gencfg.Config(5000), 0o644); err != nil {
		b.Fatal(err)
	}
	cases := []struct{ name, config, host string }{{"none", "none", "x"}, {"5000", config, "host2500"}}
	for _, c := range cases {
		b.Run("sshcfg/"+c.name, func(b *testing.B) { runProcess(b, bin, "resolve", "-F", c.config, c.host) })
		b.Run("ssh/"+c.name, func(b *testing.B) {
			ssh, err := exec.LookPath("ssh")
			if err != nil {
				b.Skip("ssh is not installed")
			}
			runProcess(b, ssh, "-G", "-F", c.config, c.host)
		})
	}
}

// runProcess runs the command b.N times and reports its CPU time per run.
func runProcess(b *testing.B, name string, args ...string) {
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(name, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", name, err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
