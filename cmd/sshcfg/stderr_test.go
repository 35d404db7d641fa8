package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// strictStderrCases are cases of testdata/resolve whose standard error, exit status,
// standard output and -E log file ($WORK/log) sshcfg reproduces byte for byte.
var strictStderrCases = []string{
	"host-empty-after-user",
	"host-empty-destination",
	"host-empty-then-command",
	"include-dev-zero",
	"keyword-ignoreunknown-invalid-quotes",
	"keyword-unknown-invalid-quotes",
	"match-exec-killed-by-signal",
	"match-exec-shell-directory",
	"match-exec-shell-empty",
	"match-exec-shell-not-executable",
	"match-exec-shell-relative",
	"opt-E-bad-o-on-stderr",
	"opt-F-empty",
	"opt-F-long-path-clipped",
	"opt-F-none-mixed-case",
	"opt-F-none-uppercase",
	"opt-y-bad-o-on-stderr",
}

// cliOnlyCases are cases about what the command does with -E and -y (opening the log
// file, writing nothing on standard error), which the resolver library does not do, in
// the format of testdata/resolve.
var cliOnlyCases = map[string]string{
	"opt-E-config-error-in-log": `-- args --
-E $WORK/log -F config x
-- config --
Foo bar
`,
	"opt-y-config-error-silent": `-- args --
-y -F config x
-- config --
Foo bar
`,
	"opt-E-unopenable": `-- args --
-E $WORK/nodir/log -F /dev/null x
`,
	"opt-E-unopenable-after-bad-o": `-- args --
-E $WORK/nodir/log -o 'Foo bar' x
`,
	"opt-E-bad-user": `-- args --
-E $WORK/log -l -x x
`,
	"opt-E-match-exec-abnormal": `-- args --
-E $WORK/log -F config x
-- config --
Match exec "kill -9 $$"
`,
	"opt-y-no-tty-notice": `-- args --
-y -F /dev/null x
`,
}

// TestStderrMatchesSSH runs `sshcfg resolve` in-process and the live `ssh -G` on the
// cases above, each in a work directory of its own, and requires the same standard
// output, standard error, exit status and -E log file.
func TestStderrMatchesSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	var cases []*sshtest.Case
	for _, c := range sshtest.LoadCases(t, "../../testdata/resolve") {
		for _, name := range strictStderrCases {
			if c.Name == name {
				cases = append(cases, c)
			}
		}
	}
	if len(cases) != len(strictStderrCases) {
		t.Fatalf("found %d of the %d listed cases", len(cases), len(strictStderrCases))
	}
	for name, text := range cliOnlyCases {
		c := &sshtest.Case{Name: name, Archive: golden.Parse([]byte(text))}
		args, _ := c.Section(sshtest.SecArgs)
		c.Args = strings.TrimSpace(args)
		cases = append(cases, c)
	}
	restore := saveProcessState(t)
	defer restore()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			workSSH := c.Setup(t)
			out, errOut, status, err := sshtest.RunG(bin, workSSH, c.EnvList(workSSH), c.Words(t, workSSH))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{out, errOut, readLog(workSSH)}
			for i := range want {
				want[i] = strings.ReplaceAll(want[i], workSSH, "$WORK")
			}

			work := c.Setup(t)
			if err := os.Chdir(work); err != nil {
				t.Fatal(err)
			}
			os.Clearenv()
			for k, v := range c.Environ(work) {
				os.Setenv(k, v)
			}
			var o, e bytes.Buffer
			gotStatus := run(append([]string{"resolve"}, c.Words(t, work)...), devnull, &o, &e)
			got := []string{o.String(), e.String(), readLog(work)}
			for i := range got {
				got[i] = strings.ReplaceAll(got[i], work, "$WORK")
			}
			if gotStatus != status {
				t.Errorf("exit status %d, ssh %d", gotStatus, status)
			}
			for i, what := range []string{"standard output", "standard error", "-E log"} {
				if got[i] != want[i] {
					t.Errorf("%s differs:\nsshcfg: %q\nssh:    %q", what, got[i], want[i])
				}
			}
		})
	}
}

// readLog returns the -E log file of a case, or "(none)" when there is none.
func readLog(work string) string {
	b, err := os.ReadFile(filepath.Join(work, "log"))
	if err != nil {
		return "(none)"
	}
	return string(b)
}

// saveProcessState returns a function that restores the working directory and the
// environment, which the in-process CLI reads as ssh does.
func saveProcessState(t *testing.T) func() {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	env := os.Environ()
	return func() {
		_ = os.Chdir(dir)
		os.Clearenv()
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			os.Setenv(k, v)
		}
	}
}
