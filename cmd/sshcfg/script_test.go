package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/sshcfg/sshcfg/internal/golden"
)

// TestMain lets the test binary stand in for the sshcfg program in the scripts of
// TestScripts: testscript runs it under that name, and it then runs the CLI.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sshcfg": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts testdata/script/*.txtar (testscript syntax):
// `exec sshcfg ...` runs the CLI, other programs (bash) are the real ones. With -update,
// cmp against a file of the archive rewrites that file. Each script has its own cache
// directory (the `ssh -V` cache), $DEMO (the demo configuration) and $TESTDATA.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *golden.Update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			env.Setenv("TESTDATA", testdata)
			env.Setenv("DEMO", filepath.Join(testdata, "demo", "config"))
			return nil
		},
	})
}
