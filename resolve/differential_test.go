package resolve

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// outcome is what one resolution gives: ssh -G's standard output and exit status, and
// the messages printed on standard error (warnings, or what came before a fatal error
// and the error itself).
type outcome struct {
	out    string
	status int
	stderr string
}

// resolveOutcome resolves the ssh arguments words with r, as a one-shot call if asked.
func resolveOutcome(t *testing.T, r *Resolver, words []string, oneShot bool) outcome {
	t.Helper()
	req, err := ParseArgs(words, r.Dialect)
	if err != nil {
		return outcome{status: 255, stderr: err.Error()}
	}
	req.OneShot = oneShot
	res, err := r.Resolve(req)
	if err != nil {
		fe, ok := err.(*FatalError)
		if !ok {
			t.Errorf("resolver error that is not an ssh fatal: %v", err)
			return outcome{status: 255, stderr: err.Error()}
		}
		return outcome{status: 255, stderr: fmt.Sprint(fe.Before, fe.Msg)}
	}
	return outcome{out: res.DumpG(), stderr: fmt.Sprint(res.Warnings)}
}

// modes resolves words three ways — with a fresh whole-tree resolver made by whole, with
// a fresh one-shot resolver (parser.Options.Keep) and with warm, a whole-tree resolver
// that has resolved before from the same files (so its block index is built and used) —
// and fails the test unless all three agree. It returns the whole-tree outcome.
func modes(t *testing.T, env *Env, d keyword.Dialect, whole func() *Resolver, warm *Resolver, words []string) outcome {
	t.Helper()
	w := resolveOutcome(t, whole(), words, false)
	oneShot := resolveOutcome(t, New(env, d), words, true)
	for name, o := range map[string]outcome{"one-shot": oneShot, "warmed": resolveOutcome(t, warm, words, false)} {
		if o != w {
			t.Errorf("%s resolution differs from the whole-tree one (exit %d, whole-tree %d):\n%s%s",
				name, o.status, w.status, sshtest.LineDiff(w.out, o.out), sshtest.LineDiff(w.stderr, o.stderr))
		}
	}
	return w
}

// caseEnv is the environment a case resolves in: this process's, with exactly the
// variables envm, work as the working directory, and Match exec run there.
func caseEnv(envm map[string]string, work string) *Env {
	env := OSEnv("", true)
	env.WorkDir = work
	env.Getenv = func(k string) (string, bool) { v, ok := envm[k]; return v, ok }
	env.Exec = ShellExec(env.Getenv, work)
	return env
}

// asRecorder makes env resolve as the account the goldens were recorded as
// (sshtest.Recorder), with the files of the running account shown as its own, so the
// comparison with the goldens does not depend on who runs the tests.
func asRecorder(env *Env) {
	env.User = User{Name: sshtest.Recorder.Name, UID: sshtest.Recorder.UID, Home: sshtest.Recorder.Home}
	env.FS = recorderFS{env.FS, os.Getuid()}
}

// recorderFS shows the files of one uid as owned by the recording account.
type recorderFS struct {
	FS
	uid int
}

func (r recorderFS) Open(name string) (File, error) {
	f, err := r.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return recorderFile{f, r.uid}, nil
}

type recorderFile struct {
	File
	uid int
}

func (f recorderFile) Stat() (fs.FileMode, int, error) {
	mode, uid, err := f.File.Stat()
	if uid == f.uid {
		uid = sshtest.Recorder.UID
	}
	return mode, uid, err
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

// differential compares every case with ssh -G (or its recorded output). Cases whose
// files and environment are the same, and whose Match exec commands cannot change the
// work directory, share one work directory and one warmed resolver: it is warmed with
// the first case's arguments and then resolves every case of the group.
func differential(t *testing.T, bin string, live bool, dialect keyword.Dialect, secOut string) {
	if live && *golden.Update {
		sshtest.RequireUpdateAsRecorder(t)
	}
	for _, g := range groupCases(sshtest.LoadCases(t, "../testdata/resolve")) {
		work := g[0].Setup(t)
		env := caseEnv(g[0].Environ(work), work)
		if !live {
			asRecorder(env)
		}
		warm, warmed := New(env, dialect), false
		for _, c := range g {
			t.Run(c.Name, func(t *testing.T) {
				if strings.Contains(string(c.Archive.Comment), "needs: system-config") && !live {
					t.Skip("needs the machine's own ssh_config, compared live only")
				}
				var want string
				var wantStatus int
				if live {
					out, _, st, err := sshtest.RunG(bin, work, c.EnvList(work), c.Words(t, work))
					if err != nil {
						t.Fatal(err)
					}
					want, wantStatus = strings.ReplaceAll(out, work, "$WORK"), st
					if *golden.Update {
						c.Record(t, secOut, want, wantStatus)
					}
				} else {
					if strings.HasPrefix(c.Name, "host-dependent") {
						t.Skip("depends on the recording machine's host name; compared live only")
					}
					want, wantStatus = c.Golden(t, secOut)
				}
				if !warmed {
					resolveOutcome(t, warm, c.Words(t, work), false)
					warmed = true
				}
				o := modes(t, env, dialect, func() *Resolver { return New(env, dialect) }, warm, c.Words(t, work))
				got := strings.ReplaceAll(o.out, work, "$WORK")
				if o.status != wantStatus {
					t.Errorf("exit status %d, ssh %d", o.status, wantStatus)
				}
				if got != want {
					t.Errorf("output differs from ssh -G:\n%s", sshtest.LineDiff(want, got))
				}
			})
		}
	}
}

// groupCases groups the cases that can share a work directory and a resolver: same
// files, same environment, and no Match exec (whose commands may write into the work
// directory and change what the next case sees). Groups keep the cases' order.
func groupCases(cases []*sshtest.Case) [][]*sshtest.Case {
	var groups [][]*sshtest.Case
	index := map[string]int{}
	for _, c := range cases {
		var key strings.Builder
		for _, f := range c.Archive.Files {
			if f.Name == sshtest.SecArgs || strings.HasPrefix(f.Name, sshtest.SecOutput) || strings.HasPrefix(f.Name, sshtest.SecExit) {
				continue
			}
			fmt.Fprintf(&key, "%q %q\n", f.Name, f.Data)
		}
		k := key.String()
		i, ok := index[k]
		if !ok || strings.Contains(strings.ToLower(k), "exec") {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], c)
	}
	return groups
}
