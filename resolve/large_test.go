package resolve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser"
)

// TestLargeConfigs compares resolution with the live ssh -G on generated configs of
// 1,000, 10,000 and 100,000 Host blocks: large enough for the parser to cut them into
// chunks parsed at once, with a long Host block cut in two (gencfg.StraddleConfig). A
// handful of hosts is resolved from each — the first block's, the long block's, the
// last block's, one a "prefix*" block names, one a "*suffix" block names, one only a
// final Match names and one nothing names — one-shot, whole-tree and by one warmed
// resolver reused across them all (so its block index serves every host after the
// first), at GOMAXPROCS 1, 2 and 8. The whole-tree resolvers share one tree, parsed at
// the GOMAXPROCS of the round; the one-shot ones parse for themselves. A variant with a bad line in the long block's
// second chunk must fail for every host, as in ssh.
func TestLargeConfigs(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	d := sshtest.Dialect(t, bin)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, n := range []int{1000, 10_000, 100_000} {
		s := gencfg.StraddleConfig(n)
		if mid := len(s.Src) / 2; mid < s.FillerStart+4096 || mid > s.FillerEnd-4096 {
			t.Fatalf("%d blocks: the middle of the file (%d) is not inside the long block's filler [%d, %d)", n, mid, s.FillerStart, s.FillerEnd)
		}
		variants := []struct {
			name  string
			src   []byte
			hosts []string
		}{{"", s.Src, s.Hosts}}
		if n == 100_000 {
			// the first and last blocks are covered by the smaller configs
			variants[0].hosts = s.Hosts[1:2:2]
			variants[0].hosts = append(variants[0].hosts, s.Hosts[3:]...)
		}
		if n == 1000 {
			bad := string(s.Src[:s.FillerEnd]) + "  Bogus yes\n" + string(s.Src[s.FillerEnd:])
			variants = append(variants, struct {
				name  string
				src   []byte
				hosts []string
			}{"-bad-line", []byte(bad), s.Hosts[:3]})
		}
		for _, v := range variants {
			t.Run(fmt.Sprintf("%d%s", n, v.name), func(t *testing.T) {
				work := t.TempDir()
				if err := os.MkdirAll(filepath.Join(work, "home"), 0o755); err != nil {
					t.Fatal(err)
				}
				cfg := filepath.Join(work, "config")
				if err := os.WriteFile(cfg, v.src, 0o644); err != nil {
					t.Fatal(err)
				}
				envm := map[string]string{"PATH": "/usr/bin:/bin", "HOME": filepath.Join(work, "home")}
				var envList []string
				for k, v := range envm {
					envList = append(envList, k+"="+v)
				}
				env := caseEnv(envm, work)
				want := map[string]outcome{}
				for _, h := range v.hosts {
					out, _, st, err := sshtest.RunG(bin, work, envList, []string{"-F", cfg, h})
					if err != nil {
						t.Fatal(err)
					}
					want[h] = outcome{out: out, status: st}
				}
				for _, procs := range []int{1, 2, 8} {
					runtime.GOMAXPROCS(procs)
					tree := parser.Parse(cfg, v.src, parser.Options{Dialect: d, Services: env.Services})
					whole := func() *Resolver {
						r := New(env, d)
						r.SetFile(cfg, tree)
						return r
					}
					warm := whole()
					for _, h := range v.hosts {
						got := modes(t, env, d, whole, warm, []string{"-F", cfg, h})
						if w := want[h]; got.status != w.status || got.out != w.out {
							t.Errorf("GOMAXPROCS %d, host %s: exit %d, ssh %d; output differs from ssh -G:\n%s", procs, h, got.status, w.status, sshtest.LineDiff(w.out, got.out))
						}
					}
				}
			})
		}
	}
}
