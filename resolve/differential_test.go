package resolve

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

var update = flag.Bool("update", false, "record the real ssh -G output into testdata goldens")

// ours resolves the case in-process and returns stdout and the exit status.
func ours(t *testing.T, c *sshtest.Case, work string, d keyword.Dialect) (string, int) {
	envm := c.Environ(work)
	env := OSEnv("", true)
	env.WorkDir = work
	env.Getenv = func(k string) (string, bool) { v, ok := envm[k]; return v, ok }
	env.Exec = ShellExec(env.Getenv, work)
	var outs [2]string
	var codes [2]int
	for i, oneShot := range []bool{false, true} {
		req, err := ParseArgs(c.Words(t, work), d)
		if err != nil {
			return "", 255
		}
		r := New(env, d)
		r.OneShot = oneShot
		res, err := r.Resolve(req)
		if err != nil {
			if _, ok := err.(*FatalError); !ok {
				t.Errorf("resolver error that is not an ssh fatal: %v", err)
			}
			codes[i] = 255
			continue
		}
		outs[i] = res.DumpG()
	}
	if outs[0] != outs[1] || codes[0] != codes[1] {
		t.Errorf("one-shot resolution differs from the full one:\n%s", lineDiff(outs[0], outs[1]))
	}
	return outs[0], codes[0]
}

// TestDifferential compares sshcfg with the real ssh -G on every case in
// testdata/resolve. With ssh installed the comparison is live; without it, against the
// recorded goldens. -update records the goldens from the live ssh.
func TestDifferential(t *testing.T) {
	live := sshtest.Available()
	if !live && os.Getenv("CI") == "true" {
		t.Fatal("ssh is not installed, and CI=true requires the live comparison")
	}
	bin, _ := exec.LookPath("ssh")
	dialect := keyword.Debian92 // what the goldens were recorded with
	if live {
		dialect = sshtest.Dialect(t, bin)
	}
	differential(t, bin, live, dialect, sshtest.SecOutput)
}

// TestDifferentialUpstream compares the upstream dialects with upstream builds of ssh,
// found in $SSHCFG_UPSTREAM_SSH_DIR/<release>/ssh (built from openssh-portable outside
// the repository), or with goldens recorded from them.
func TestDifferentialUpstream(t *testing.T) {
	dir := os.Getenv("SSHCFG_UPSTREAM_SSH_DIR")
	for _, u := range []struct {
		release string
		d       keyword.Dialect
	}{{"9.2p1", keyword.Upstream92}, {"10.5p1", keyword.Upstream105}} {
		t.Run(u.release, func(t *testing.T) {
			bin := filepath.Join(dir, u.release, "ssh")
			_, err := os.Stat(bin)
			live := dir != "" && err == nil
			differential(t, bin, live, u.d, sshtest.SecOutput+" upstream-"+u.release)
		})
	}
}

func differential(t *testing.T, bin string, live bool, dialect keyword.Dialect, secOut string) {
	for _, c := range sshtest.LoadCases(t, "../testdata/resolve") {
		t.Run(c.Name, func(t *testing.T) {
			if strings.Contains(string(c.Archive.Comment), "needs: system-config") && !live {
				t.Skip("needs the machine's own ssh_config, compared live only")
			}
			work := c.Setup(t)
			var want string
			var wantStatus int
			if live {
				out, _, st, err := sshtest.RunG(bin, work, c.EnvList(work), c.Words(t, work))
				if err != nil {
					t.Fatal(err)
				}
				want, wantStatus = strings.ReplaceAll(out, work, "$WORK"), st
				if *update {
					c.Record(t, secOut, want, wantStatus)
				}
			} else {
				if strings.HasPrefix(c.Name, "host-dependent") {
					t.Skip("depends on the recording machine's host name; compared live only")
				}
				out, ok := c.Section(secOut)
				if !ok {
					t.Skip("no recorded output for this dialect")
				}
				st, _ := c.Section(strings.Replace(secOut, sshtest.SecOutput, sshtest.SecExit, 1))
				want = out
				wantStatus, _ = strconv.Atoi(strings.TrimSpace(st))
			}
			got, status := ours(t, c, work, dialect)
			got = strings.ReplaceAll(got, work, "$WORK")
			if status != wantStatus {
				t.Errorf("exit status %d, ssh %d", status, wantStatus)
			}
			if got != want {
				t.Errorf("output differs from ssh -G:\n%s", lineDiff(want, got))
			}
		})
	}
}

// lineDiff shows the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	in := func(l []string) map[string]int {
		m := map[string]int{}
		for _, x := range l {
			m[x]++
		}
		return m
	}
	wm, gm := in(w), in(g)
	var b strings.Builder
	for _, x := range w {
		if gm[x] == 0 {
			b.WriteString("- " + x + "\n")
		} else {
			gm[x]--
		}
	}
	for _, x := range g {
		if wm[x] == 0 {
			b.WriteString("+ " + x + "\n")
		} else {
			wm[x]--
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order)"
	}
	return b.String()
}
