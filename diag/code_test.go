package diag_test

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
)

// registerOnce registers the test's codes unless an earlier run of the same test binary
// (go test -count N) did: the registry lives as long as the process.
func registerOnce(codes ...diag.Code) {
	for _, c := range codes {
		if _, ok := diag.LookupCode(c.ID); !ok {
			diag.Register(c)
		}
	}
}

// TestRegisterRefusesDuplicates checks that a second code with a registered id or slug,
// or a malformed one, panics at registration.
func TestRegisterRefusesDuplicates(t *testing.T) {
	registerOnce(diag.Code{ID: "SC9001", Slug: "test-only-code", Severity: diag.Info, Doc: "Test.", Since: "0.1"})
	for name, c := range map[string]diag.Code{
		"same id":   {ID: "SC9001", Slug: "test-other-slug", Severity: diag.Info, Doc: "Test.", Since: "0.1"},
		"same slug": {ID: "SC9002", Slug: "test-only-code", Severity: diag.Info, Doc: "Test.", Since: "0.1"},
		"bad id":    {ID: "X1", Slug: "test-bad-id", Severity: diag.Info, Doc: "Test.", Since: "0.1"},
		"bad slug":  {ID: "SC9003", Slug: "Bad Slug", Severity: diag.Info, Doc: "Test.", Since: "0.1"},
		"no doc":    {ID: "SC9004", Slug: "test-no-doc", Severity: diag.Info, Since: "0.1"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%+v) did not panic", c)
				}
			}()
			diag.Register(c)
		})
	}
	for _, key := range []string{"SC9001", "test-only-code"} {
		if c, ok := diag.LookupCode(key); !ok || c.ID != "SC9001" || c.Slug != "test-only-code" {
			t.Errorf("LookupCode(%q) = %+v, %t", key, c, ok)
		}
	}
	if _, ok := diag.LookupCode("SC9002"); ok {
		t.Error("a refused code was registered")
	}
}

// TestAllCodesSorted checks that AllCodes lists codes by id, each with a unique id and
// slug and a doc.
func TestAllCodesSorted(t *testing.T) {
	registerOnce(diag.Code{ID: "SC9102", Slug: "test-b", Severity: diag.Warning, Doc: "B.", Since: "0.1"},
		diag.Code{ID: "SC9101", Slug: "test-a", Severity: diag.Warning, Doc: "A.", Since: "0.1"})
	all := diag.AllCodes()
	ids, slugs := map[string]bool{}, map[string]bool{}
	for i, c := range all {
		if i > 0 && all[i-1].ID >= c.ID {
			t.Errorf("AllCodes not sorted by id: %s before %s", all[i-1].ID, c.ID)
		}
		if ids[c.ID] || slugs[c.Slug] {
			t.Errorf("duplicate id or slug: %+v", c)
		}
		ids[c.ID], slugs[c.Slug] = true, true
		if strings.TrimSpace(c.Doc) == "" {
			t.Errorf("%s has no doc", c.ID)
		}
	}
	if !ids["SC9101"] || !ids["SC9102"] {
		t.Errorf("registered codes missing from AllCodes: %v", ids)
	}
}

// TestNewUsesDefaultSeverity checks that New fills the severity from the registry.
func TestNewUsesDefaultSeverity(t *testing.T) {
	registerOnce(diag.Code{ID: "SC9201", Slug: "test-new", Severity: diag.Warning, Doc: "N.", Since: "0.1"})
	d := diag.New("test-new", diag.Span{Start: 1, End: 2}, "m")
	if d.Severity != diag.Warning || d.Code != "test-new" || d.Span != (diag.Span{Start: 1, End: 2}) || d.Message != "m" {
		t.Errorf("New = %+v", d)
	}
}

// TestZeroSeverityIsUnset checks that a diagnostic without a severity does not read as a
// hint or anything else.
func TestZeroSeverityIsUnset(t *testing.T) {
	var d diag.Diagnostic
	if d.Severity == diag.Hint || d.Severity == diag.Info || d.Severity == diag.Warning || d.Severity == diag.Error {
		t.Errorf("the zero Severity equals a named severity: %v", d.Severity)
	}
	if got := d.Severity.String(); got != "unset" {
		t.Errorf("zero Severity prints %q, want unset", got)
	}
	if !(diag.Hint < diag.Info && diag.Info < diag.Warning && diag.Warning < diag.Error) {
		t.Error("severities are not ordered from hint to error")
	}
}
