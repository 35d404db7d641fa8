// Package golden reads and writes the txtar golden files of sshcfg's tests and owns
// their one -update flag.
//
// An archive is a comment followed by sections, each introduced by a marker line
// "-- name --". [Parse] keeps every byte, and [Archive.Format] gives an unchanged
// archive back byte for byte, so rewriting a golden whose sections did not change
// leaves the file as it was. [Archive.Check] compares a section with what a test
// produced, or records it under -update ([Update]); [CheckFile] does the same for a
// whole file. A missing golden fails the test outside -update: goldens are never
// created on the fly.
//
// Sections may carry notes in the manner of gopls marker tests: whole comment lines
// `#@name(arg, …)` that annotate the next line ([Markers]). ssh reads them as
// comments, so a config with notes means what it means without them.
//
// A test compares its output with a section, and a marker test asserts at the lines
// the notes point to:
//
//	func TestDump(t *testing.T) {
//		for _, a := range golden.Load(t, "testdata/*.txtar") {
//			a.Check(t, "dump", dump(a.Want(t, "input")))
//		}
//	}
//
//	func TestNotes(t *testing.T) {
//		ms, err := golden.Markers([]byte("Host a\n#@diag(bad-port)\nPort x\n"))
//		// ms[0].Name == "diag", ms[0].Args == []string{"bad-port"},
//		// ms[0].TargetLine == 3: the note is about "Port x".
//	}
package golden
