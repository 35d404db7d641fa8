package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
)

// TestExplainGolden pins the text layout of `sshcfg explain` on the demo config
// (testdata/cli/explain-<host>.golden; -update rewrites them).
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
		golden.CheckFile(t, filepath.Join("..", "..", "testdata", "cli", "explain-"+host+".golden"), []byte(out))
	}
}
