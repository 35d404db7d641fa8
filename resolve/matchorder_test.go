package resolve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// A Match line with a bad criterion still has its earlier criteria evaluated first, in
// order, as match_cfg_line does: the commands before the bad criterion run (or, with
// commands disabled, are reported as not run), then the line fails with ssh's messages.
func TestMatchCriteriaBeforeBadOne(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, []byte("Match exec one exec two bogus x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, withExec := range []bool{true, false} {
		t.Run(fmt.Sprint("exec=", withExec), func(t *testing.T) {
			e := osTestEnv(OSFS{})
			var ran []string
			if withExec {
				e.Exec = func(_ context.Context, cmd string) (int, error) {
					ran = append(ran, cmd)
					return 0, nil
				}
			}
			req, err := ParseArgs([]string{"-F", cfg, "h"}, keyword.Debian92)
			if err != nil {
				t.Fatal(err)
			}
			if !withExec {
				// commands disabled: the first exec is reported as not run (and, not
				// matching, skips the second); tolerant mode keeps the diagnostics
				req.Tolerant = true
				res, err := New(e, keyword.Debian92).Resolve(req)
				if err != nil {
					t.Fatal(err)
				}
				var codes []string
				for _, d := range res.Diags {
					codes = append(codes, d.Code)
				}
				if got := strings.Join(codes, ","); got != CodeExecNotRun+",bad-match" {
					t.Errorf("diagnostics %s, want %s then bad-match", got, CodeExecNotRun)
				}
				return
			}
			_, err = New(e, keyword.Debian92).Resolve(req)
			var fe *FatalError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want ssh's fatal error", err)
			}
			before := fmt.Sprint(fe.Before)
			if !strings.Contains(before, "Unsupported Match attribute bogus") || !strings.Contains(before, "line 1: Bad Match condition") {
				t.Errorf("messages before the error %q lack ssh's words", before)
			}
			if strings.Join(ran, ",") != "one,two" {
				t.Errorf("commands run %q, want one then two", ran)
			}
		})
	}
}
