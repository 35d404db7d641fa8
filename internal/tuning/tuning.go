// Package tuning holds the sizes from which sshcfg takes its fast paths. They are
// variables only so that tests of any package can lower them, to reach those paths with
// small inputs; a test that changes one restores it, and changes it only while nothing
// else in its process parses or resolves.
package tuning

// ParallelLines is the line count from which parser.Parse cuts a file into chunks
// parsed by goroutines at once: one a GOMAXPROCS, at most MaxWorkers.
var ParallelLines = 4096

// MaxWorkers caps the goroutines that parse one file.
var MaxWorkers = 8
