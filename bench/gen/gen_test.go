package main

import (
	"fmt"
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

// TestFleetShape checks what the generator promises: deterministic output, the file
// split, and sample hosts that take the paths they are named for.
func TestFleetShape(t *testing.T) {
	a, b := gencfg.FleetConfig(10_000, "/x"), gencfg.FleetConfig(10_000, "/x")
	if len(a.Files) != len(b.Files) || a.Size() != b.Size() || a.Hosts != b.Hosts {
		t.Fatal("FleetConfig is not deterministic")
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || string(a.Files[i].Src) != string(b.Files[i].Src) {
			t.Fatalf("FleetConfig is not deterministic: %s", a.Files[i].Name)
		}
	}
	if want := 2 + 20; len(a.Files) != want { // config, bastions and 10,000/500 host files
		t.Errorf("%d files, want %d", len(a.Files), want)
	}
	if got := fmt.Sprintf("%s %s", a.Hosts.Negated[len(a.Hosts.Negated)-1:], a.Hosts.Matched[len(a.Hosts.Matched)-1:]); got != "9 5" {
		t.Errorf("negated and matched hosts end in %s, want 9 and 5", got)
	}
}
