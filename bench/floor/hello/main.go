// Command hello is the floor of any Go command: a static binary that prints one line and
// exits. bench/run.sh times it next to `sshcfg resolve` and `ssh -G` (docs/performance.md,
// "Start-up floor").
package main

import "os"

func main() { os.Stdout.WriteString("hello\n") }
