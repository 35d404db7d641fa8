package resolve

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestCodesRegistered resolves every case of testdata/resolve with commands disabled
// and checks that each diagnostic the resolver adds has a registered SC2xxx code, and
// that the registry's codes are unique and documented.
func TestCodesRegistered(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range sshtest.LoadCases(t, "../testdata/resolve") {
		work := c.Setup(t)
		envm := c.Environ(work)
		env := OSEnv("", true)
		env.WorkDir = work
		env.Getenv = func(k string) (string, bool) { v, ok := envm[k]; return v, ok }
		env.Exec = nil
		req, err := ParseArgs(c.Words(t, work), keyword.Debian92)
		if err != nil {
			continue
		}
		res, err := New(env, keyword.Debian92).Resolve(req)
		if err != nil {
			continue
		}
		for _, d := range res.Diags {
			seen[d.Code] = true
			if d.Severity == 0 {
				t.Errorf("diagnostic without severity: %+v", d)
			}
		}
	}
	if !seen[CodeExecNotRun] {
		t.Errorf("no case produced %s; the scan proves nothing", CodeExecNotRun)
	}
	for slug := range seen {
		c, ok := diag.LookupCode(slug)
		if !ok {
			t.Errorf("the resolver emits code %q, which is not registered", slug)
		} else if !strings.HasPrefix(c.ID, "SC2") {
			t.Errorf("resolver code %s has id %s; resolver ids are SC2xxx", slug, c.ID)
		}
	}
	for _, c := range diag.AllCodes() {
		if strings.TrimSpace(c.Doc) == "" || c.Since == "" {
			t.Errorf("%s (%s) lacks doc or version", c.ID, c.Slug)
		}
	}
}
