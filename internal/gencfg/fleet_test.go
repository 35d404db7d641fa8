package gencfg

import (
	"fmt"
	"testing"
)

// TestFleetShape checks what the generator promises: deterministic output, the file
// split, and sample hosts that take the paths they are named for.
func TestFleetShape(t *testing.T) {
	a, b := FleetConfig(10_000, "/x"), FleetConfig(10_000, "/x")
	if len(a.Files) != len(b.Files) || a.Size() != b.Size() || a.Hosts != b.Hosts {
		t.Fatal("FleetConfig is not deterministic")
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || string(a.Files[i].Src) != string(b.Files[i].Src) {
			t.Fatalf("FleetConfig is not deterministic: %s", a.Files[i].Name)
		}
	}
	if want := 3 + 20; len(a.Files) != want { // config, bastions, 10,000/500 host files and the defaults
		t.Errorf("%d files, want %d", len(a.Files), want)
	}
	if got := fmt.Sprintf("%s %s", a.Hosts.Negated[len(a.Hosts.Negated)-1:], a.Hosts.Matched[len(a.Hosts.Matched)-1:]); got != "9 5" {
		t.Errorf("negated and matched hosts end in %s, want 9 and 5", got)
	}
}

// TestIncludeGlobShape checks the glob config: one main file whose only line Includes
// every file by an absolute glob, and a middle host.
func TestIncludeGlobShape(t *testing.T) {
	f := IncludeGlobConfig(4, "/x")
	if got := string(f.Files[0].Src); got != "Include /x/conf.d/*\n" {
		t.Errorf("main config %q", got)
	}
	if len(f.Files) != 5 || f.Files[4].Name != "conf.d/h00003" || f.Hosts.Plain != "h00002" {
		t.Errorf("%d files, last %s, plain host %s", len(f.Files), f.Files[len(f.Files)-1].Name, f.Hosts.Plain)
	}
	if f.Main() != "/x/config" {
		t.Errorf("Main() = %s", f.Main())
	}
}
