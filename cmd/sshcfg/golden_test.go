package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the CLI goldens in testdata/cli")

// TestExplainGolden pins the text layout of `sshcfg explain` on the demo config.
func TestExplainGolden(t *testing.T) {
	abs, err := filepath.Abs(demo)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"targaryen", "martell"} {
		out, errOut, code := sshcfg(t, "", "--openssh", "debian-9.2", "explain", "-F", demo, host)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", host, code, errOut)
		}
		out = strings.ReplaceAll(out, abs, "$DEMO")
		golden := filepath.Join("..", "..", "testdata", "cli", "explain-"+host+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("%s: explain output differs from %s (run with -update to accept):\n%s", host, golden, out)
		}
	}
}
