package resolve

import "github.com/sshcfg/sshcfg/diag"

// Diagnostic codes produced by the resolver (ids SC2xxx; see package diag).
const (
	// CodeExecNotRun marks a Match exec criterion that was not evaluated because running
	// commands is disabled.
	CodeExecNotRun = "exec-not-run"
)

// codes documents every code above. Ids are never reused: a retired code keeps its id.
var codes = []diag.Code{
	{ID: "SC2001", Slug: CodeExecNotRun, Severity: diag.Info, Since: "0.1",
		Doc: "Commands are disabled (--no-exec, or no exec runner was given), so a Match " +
			"exec criterion was not run and counts as not matching. The options of that " +
			"block may be missing from the result; run with commands allowed to see what " +
			"ssh would do."},
}

func init() { diag.Register(codes...) }
