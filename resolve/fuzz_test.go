package resolve

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/internal/tuning"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// FuzzResolve resolves arbitrary configs (held in memory, commands never run) for one
// host, several ways that must agree exactly: whole-tree with the file parsed by one
// goroutine and by eight, one-shot (parser.Options.Keep) with the file parsed by one,
// three and eight goroutines, and by a resolver warmed by resolving another host first
// (so its block index serves this host). Resolution must not panic, and every fatal
// error must be a FatalError (what ssh reports with exit 255).
//
// To reach the parallel parse with small inputs, the target lowers
// tuning.ParallelLines to 2 (restored afterwards): every config of two lines or more is
// cut into GOMAXPROCS chunks. The seeds are the configs of the resolver's differential
// cases, and gencfg.StraddleConfig(100) (whose long block the cut falls in) for each of
// its hosts: of that block, of prefix and suffix Host blocks, of none.
func FuzzResolve(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/resolve/*.txtar")
	for _, p := range paths {
		a, err := golden.Read(p)
		if err != nil {
			continue
		}
		for _, file := range a.Files {
			if file.Name == "config" {
				f.Add(file.Data, "h")
			}
		}
	}
	s := gencfg.StraddleConfig(100)
	for _, h := range s.Hosts {
		f.Add(s.Src, h)
	}
	defer func(n int) { tuning.ParallelLines = n }(tuning.ParallelLines)
	tuning.ParallelLines = 2
	f.Fuzz(func(t *testing.T, src []byte, host string) {
		if host == "" || strings.HasPrefix(host, "-") {
			return
		}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		env := &Env{
			FS:       MapFS{"/f/config": src},
			User:     User{Name: "root", UID: 0, Home: "/root"},
			Hostname: "fuzz.example",
		}
		resolve := func(r *Resolver, host string, oneShot bool) string {
			req, err := ParseArgs([]string{"-F", "/f/config", host}, keyword.Debian92)
			if err != nil {
				return "usage: " + err.Error()
			}
			req.OneShot = oneShot
			res, err := r.Resolve(req)
			if err != nil {
				fe, ok := err.(*FatalError)
				if !ok {
					t.Fatalf("error is not a FatalError: %v", err)
				}
				return strings.Join(messages(fe.Before), "\n") + "\nfatal: " + fe.Msg
			}
			return strings.Join(messages(res.Warnings), "\n") + "\n" + res.DumpG()
		}
		runtime.GOMAXPROCS(1)
		want := resolve(New(env, keyword.Debian92), host, false)
		check := func(how, got string) {
			if got != want {
				t.Fatalf("%s differs from the whole-tree resolution by one goroutine:\n%s", how, sshtest.LineDiff(want, got))
			}
		}
		for _, procs := range []int{1, 3, 8} {
			runtime.GOMAXPROCS(procs)
			check(fmt.Sprintf("one-shot resolution at GOMAXPROCS %d", procs), resolve(New(env, keyword.Debian92), host, true))
		}
		check("whole-tree resolution at GOMAXPROCS 8", resolve(New(env, keyword.Debian92), host, false))
		warm := New(env, keyword.Debian92)
		resolve(warm, "warm-up.example", false)
		check("resolution by a warmed resolver", resolve(warm, host, false))
	})
}

// messages returns the texts of ms.
func messages(ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Text
	}
	return out
}
