package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/lint/report"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// fixture lints the config section of testdata/formats.txtar as /home/me/.ssh/config and
// gives its StrictHostKeyChecking finding a related location (the Host * line), so that
// every format shows one.
func fixture(t *testing.T) (*golden.Archive, report.Findings) {
	t.Helper()
	a := golden.Load(t, "testdata/formats.txtar")[0]
	config := a.Want(t, "config")
	env := &resolve.Env{FS: resolve.MapFS{"/home/me/.ssh/config": config}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}, Hostname: "laptop"}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env, Dialect: keyword.Debian92})
	if err != nil {
		t.Fatal(err)
	}
	fs := report.Of(res)
	fs.Dir = "/home/me"
	hostStar := bytes.Index(config, []byte("Host *"))
	for i, d := range fs.List {
		if d.Code == "strict-host-key-checking-off" {
			fs.List[i].Related = []diag.Related{{File: d.File, Span: diag.Span{Start: hostStar, End: hostStar + 6}, Message: "the block it is in applies to every host"}}
		}
	}
	return a, fs
}

// TestFormats renders the fixture in every format and compares with the archive's
// section of that name ("terminal" is text for a terminal without colour).
func TestFormats(t *testing.T) {
	a, fs := fixture(t)
	for _, name := range report.FormatNames() {
		var b bytes.Buffer
		if err := report.Formats[name](&b, fs); err != nil {
			t.Fatal(err)
		}
		a.Check(t, name, b.Bytes())
	}
	fs.Terminal = true
	var b bytes.Buffer
	if err := report.Text(&b, fs); err != nil {
		t.Fatal(err)
	}
	a.Check(t, "terminal", b.Bytes())
}

// sgr matches an ANSI colour sequence, the only escape the terminal text may hold.
var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// TestTerminalText checks the coloured terminal text: colours present, the source line
// and caret shown, and no control byte of the configuration reaching the terminal.
func TestTerminalText(t *testing.T) {
	_, fs := fixture(t)
	fs.Terminal, fs.Color = true, true
	var b bytes.Buffer
	if err := report.Text(&b, fs); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"\x1b[1;31merror:\x1b[0m", "\x1b[1;31m^^\x1b[0m", "help:\x1b[0m Replace with ForwardAgent", `Forward\033]0;x\007Agnet`} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal text lacks %q:\n%s", want, out)
		}
	}
	for _, c := range sgr.ReplaceAllString(out, "") {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("raw control byte %q in terminal text:\n%q", c, out)
		}
	}
}

// validator compiles the vendored SARIF 2.1.0 schema.
func validator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestSARIFValidates validates the fixture's SARIF against the official schema and
// checks what GitHub code scanning needs beyond it: a level on every result, every
// registered rule in rules[], ruleIndex pointing at the result's rule, security-severity.
func TestSARIFValidates(t *testing.T) {
	_, fs := fixture(t)
	var b bytes.Buffer
	if err := report.SARIF(&b, fs); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := validator(t).Validate(inst); err != nil {
		t.Fatalf("SARIF output is not valid against the schema: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Properties map[string]any
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	ids := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		ids[r.ID] = true
		if rule, ok := lint.LookupRule(r.ID); ok && rule.SecuritySeverity != "" && r.Properties["security-severity"] != rule.SecuritySeverity {
			t.Errorf("%s: security-severity %v, want %s", r.ID, r.Properties["security-severity"], rule.SecuritySeverity)
		}
	}
	for _, r := range lint.Rules() {
		if !ids[r.Code.ID] {
			t.Errorf("rule %s missing from rules[]", r.Code.ID)
		}
	}
	if len(run.Results) != len(fs.List) {
		t.Errorf("%d results for %d findings", len(run.Results), len(fs.List))
	}
	for _, res := range run.Results {
		if res.Level == "" || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %+v: no level, or ruleIndex not its rule", res)
		}
	}
}

// TestSARIFSchemaRejects proves the validation can fail: broken documents are refused.
func TestSARIFSchemaRejects(t *testing.T) {
	_, fs := fixture(t)
	var b bytes.Buffer
	if err := report.SARIF(&b, fs); err != nil {
		t.Fatal(err)
	}
	sch := validator(t)
	for name, mutate := range map[string]func(map[string]any){
		"bad level":     func(m map[string]any) { result(m)["level"] = "fatal" },
		"line 0":        func(m map[string]any) { region(m)["startLine"] = 0 },
		"no message":    func(m map[string]any) { delete(result(m), "message") },
		"wrong version": func(m map[string]any) { m["version"] = "2.0.0" },
	} {
		var m map[string]any
		if err := json.Unmarshal(b.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		mutate(m)
		data, _ := json.Marshal(m)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Errorf("%s: the schema accepted an invalid document", name)
		}
	}
}

func result(m map[string]any) map[string]any {
	return m["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
}

func region(m map[string]any) map[string]any {
	loc := result(m)["locations"].([]any)[0].(map[string]any)
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

// TestGitHubEscaping checks the workflow-command escapes: % CR LF in the message, and
// : , too in properties; other control bytes are shown, not sent.
func TestGitHubEscaping(t *testing.T) {
	fs := report.Findings{List: diag.Diagnostics{{File: "a,b:c%.conf", Severity: diag.Info, Code: "strict-host-key-checking-off", Message: "50%\r\nnext\x1b[2J: a, b"}}}
	var b bytes.Buffer
	if err := report.GitHub(&b, fs); err != nil {
		t.Fatal(err)
	}
	want := "::notice file=a%2Cb%3Ac%25.conf,line=0,col=0,endLine=0,endColumn=0,title=SC4001 strict-host-key-checking-off::50%25%0D%0Anext\\033[2J: a, b\n" +
		"sshcfg lint: 1 problem: 0 errors, 0 warnings, 1 note\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// TestCheckstyleRoundTrip parses the Checkstyle output back with encoding/xml: it must be
// well-formed and carry each finding's message (characters XML cannot hold as U+FFFD).
func TestCheckstyleRoundTrip(t *testing.T) {
	msg := "a <b> & \"c\" 'd'\nline\x1b"
	fs := report.Findings{List: diag.Diagnostics{
		{File: "x&y.conf", Severity: diag.Warning, Code: "strict-host-key-checking-off", Message: msg},
		{File: "x&y.conf", Severity: diag.Hint, Code: "unknown-keyword", Message: "n"},
	}}
	var b bytes.Buffer
	if err := report.Checkstyle(&b, fs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `xml:"version,attr"`
		Files   []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, b.String())
	}
	if len(doc.Files) != 1 || doc.Files[0].Name != "x&y.conf" || len(doc.Files[0].Errors) != 2 {
		t.Fatalf("got %+v", doc)
	}
	e := doc.Files[0].Errors
	if e[0].Message != strings.ReplaceAll(msg, "\x1b", "\uFFFD") || e[0].Severity != "warning" || e[0].Source != "sshcfg.SC4001" {
		t.Errorf("first error read back as %+v", e[0])
	}
	if e[1].Severity != "info" || e[1].Source != "sshcfg.SC1001" {
		t.Errorf("second error read back as %+v", e[1])
	}
}

// TestRulesDocFresh fails when docs/rules.md is not what the rules' docs generate
// (go test ./lint/report -update rewrites it).
func TestRulesDocFresh(t *testing.T) {
	golden.CheckFile(t, "../../docs/rules.md", report.Markdown())
}

// TestRulesDocCoversEveryCode checks that the reference has a section for every rule and
// every parser and resolver code, under the anchor SARIF's helpUri names.
func TestRulesDocCoversEveryCode(t *testing.T) {
	doc := string(report.Markdown())
	for _, c := range diag.AllCodes() {
		if !strings.Contains(doc, "\n### "+c.ID+" "+c.Slug+"\n") {
			t.Errorf("docs/rules.md has no section for %s %s", c.ID, c.Slug)
		}
	}
}

// TestExplain prints one rule's and one parser code's documentation, and refuses an
// unknown id.
func TestExplain(t *testing.T) {
	for id, want := range map[string]string{
		"SC4001":                       "Bad:\n\n```ssh-config\nHost *\n    StrictHostKeyChecking no\n```",
		"strict-host-key-checking-off": "### SC4001 strict-host-key-checking-off",
		"SC1001":                       "### SC1001 unknown-keyword\n\nDefault level: error.",
	} {
		var b bytes.Buffer
		if err := report.Explain(&b, id); err != nil || !strings.Contains(b.String(), want) {
			t.Errorf("Explain(%s) = %v\n%s", id, err, b.String())
		}
	}
	if err := report.Explain(&bytes.Buffer{}, "SC0000"); err == nil {
		t.Error("Explain of an unknown id did not fail")
	}
}

// TestSARIFColumnsCountCodePoints checks that SARIF columns count code points (the run's
// columnKind) while JSON columns count bytes: "é" is two bytes and one code point.
func TestSARIFColumnsCountCodePoints(t *testing.T) {
	src := []byte("Host wé x\n")
	span := diag.Span{Start: bytes.IndexByte(src, 'x'), End: bytes.IndexByte(src, 'x') + 1}
	fs := report.Findings{
		List:  diag.Diagnostics{{File: "/c", Span: span, Severity: diag.Warning, Code: "unknown-keyword", Message: "m"}},
		Files: map[string]report.Source{"/c": {Src: src, Index: diag.NewLineIndex(src)}},
	}
	var s, j bytes.Buffer
	if err := report.SARIF(&s, fs); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&j, fs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.String(), `"startColumn": 9,`) || !strings.Contains(s.String(), `"endColumn": 10`) {
		t.Errorf("SARIF columns are not code points:\n%s", s.String())
	}
	if !strings.Contains(j.String(), `"col": 10,`) || !strings.Contains(j.String(), `"endCol": 11,`) {
		t.Errorf("JSON columns are not bytes:\n%s", j.String())
	}
}
