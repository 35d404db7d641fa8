package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// TestResolveCLIMatchesSSH runs `sshcfg resolve` in-process on every case of
// testdata/resolve and compares standard output and the exit status with the live
// `ssh -G`, byte for byte. Standard error must say something whenever ssh's does on a
// failure; how many cases match ssh's standard error byte for byte is logged (ssh also
// prints debug lines and a few messages sshcfg words differently). Cases run one after
// another: the CLI reads the process's working directory and environment, as ssh does.
func TestResolveCLIMatchesSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	oldDir, _ := os.Getwd()
	oldEnv := os.Environ()
	defer func() {
		_ = os.Chdir(oldDir)
		os.Clearenv()
		for _, kv := range oldEnv {
			k, v, _ := strings.Cut(kv, "=")
			os.Setenv(k, v)
		}
	}()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	cases := sshtest.LoadCases(t, "../../testdata/resolve")
	sameStderr := 0
	for _, c := range cases {
		work := c.Setup(t)
		args := c.Words(t, work)
		want, wantErr, wantStatus, err := sshtest.RunG(bin, work, c.EnvList(work), args)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(work); err != nil {
			t.Fatal(err)
		}
		os.Clearenv()
		for k, v := range c.Environ(work) {
			os.Setenv(k, v)
		}
		var o, e bytes.Buffer
		status := run(append([]string{"resolve"}, args...), devnull, &o, &e) // the installed ssh's dialect
		if status != wantStatus || o.String() != want || (wantStatus != 0 && e.Len() == 0) {
			t.Errorf("%s: exit %d (ssh %d)\nstdout same: %v\nstderr: %q\nssh stderr: %q",
				c.Name, status, wantStatus, o.String() == want, e.String(), wantErr)
		}
		if e.String() == wantErr {
			sameStderr++
		} else if testing.Verbose() {
			t.Logf("%s: stderr differs:\n%q\n%q", c.Name, e.String(), wantErr)
		}
	}
	t.Logf("standard error identical to ssh's in %d of %d cases", sameStderr, len(cases))
}
