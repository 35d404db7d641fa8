//go:build !race

package textdiff

// raceEnabled reports whether the race detector is on: it instruments allocations, so
// the bounds on bytes allocated per input byte are not checked under it.
const raceEnabled = false
