package main

import (
	"path/filepath"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/resolve"
)

// TestGeneratedConfigsMatchSSH writes generated fleets (100 and 1,000 hosts) and the
// 10,000-file Include glob, and checks that ssh -G accepts them and that sshcfg resolves
// every sample host exactly as ssh -G does: one-shot (as `sshcfg resolve`) and whole-tree
// (as explain and the library default).
func TestGeneratedConfigsMatchSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	d := sshtest.Dialect(t, bin)
	type config struct {
		name  string
		fleet func(dir string) gencfg.Fleet
	}
	configs := []config{
		{"fleet-100", func(dir string) gencfg.Fleet { return gencfg.FleetConfig(100, dir) }},
		{"fleet-1000", func(dir string) gencfg.Fleet { return gencfg.FleetConfig(1000, dir) }},
		{"glob-10000", func(dir string) gencfg.Fleet { return gencfg.IncludeGlobConfig(10_000, dir) }},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			work := t.TempDir()
			f := c.fleet(filepath.Join(work, "fleet"))
			if err := f.Write(); err != nil {
				t.Fatal(err)
			}
			// ssh takes ~ from the password database, not $HOME: both resolve for the real user
			env := resolve.OSEnv("", false)
			envList := []string{"PATH=/usr/bin:/bin", "HOME=" + env.User.Home}
			h := f.Hosts
			for _, host := range []string{h.Plain, h.Bastion, h.Negated, h.Matched, h.Admin, h.FQDN, h.Unknown} {
				if host == "" {
					continue
				}
				args := []string{"-F", f.Main(), host}
				want, wantErr, status, err := sshtest.RunG(bin, work, envList, args)
				if err != nil || status != 0 {
					t.Fatalf("ssh -G %s: exit %d, %v: %s", host, status, err, wantErr)
				}
				for _, oneShot := range []bool{true, false} {
					req, err := resolve.ParseArgs(args, d)
					if err != nil {
						t.Fatal(err)
					}
					req.OneShot = oneShot
					res, err := resolve.New(env, d).Resolve(req)
					if err != nil {
						t.Fatalf("%s (one-shot %v): %v", host, oneShot, err)
					}
					if got := res.DumpG(); got != want {
						t.Errorf("%s (one-shot %v): output differs from ssh -G:\n%s", host, oneShot, sshtest.LineDiff(want, got))
					}
				}
			}
		})
	}
}
