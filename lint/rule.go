package lint

import (
	"fmt"
	"sort"
	"sync"

	"github.com/sshcfg/sshcfg/diag"
)

// Rule is one check of the linter: its code in diag's registry, its documentation and the
// function that looks for the problem. Each rule lives in a file of its own
// (rule_<slug>.go) and adds itself to the table with register.
type Rule struct {
	// Code is the rule's id (SC3xxx and up), slug, default severity, one-paragraph doc
	// and first release; it is registered in diag's registry.
	Code diag.Code
	// Docs is the longer documentation generated into docs/rules.md, `sshcfg lint
	// --explain ID`, SARIF rules[] and the language server's codeDescription.
	Docs Docs
	// Security marks a rule about security, with the SARIF security-severity
	// ("0.1"–"10.0") GitHub code scanning ranks it by; "" for other rules.
	SecuritySeverity string
	// Check reports the rule's findings through the pass, once every host is resolved.
	Check func(*Pass)
	// Watch is set instead of Check by a rule that judges the resolved hosts. The linter
	// keeps no host's resolution: it calls Watch before resolving, then host with each
	// destination as soon as it is resolved (in the order Run describes, Pass.Files then
	// holding every file read so far), then check (which may be nil) once the last one
	// is; what check needs of the hosts, host keeps. Findings host reports are made
	// once per position and message, however many hosts they apply to.
	Watch func(*Pass) (host func(*Host), check func())
}

// Docs is a rule's documentation.
type Docs struct {
	// Title is a short phrase ("StrictHostKeyChecking disabled").
	Title string
	// Why explains what ssh does and why it matters.
	Why string
	// Bad and Good are config snippets: one that triggers the rule and one that does not.
	Bad, Good string
	// Sources are the references behind the rule (OpenSSH source or manual, guides).
	Sources []string
}

// The table of rules is built when it is first needed, not at start-up: every command
// of the binary pays for package initialisation, and `sshcfg resolve` never lints. Each
// rule file's init function hands its registering function to onFirstUse; tableReady
// runs them all once, in file order, from Rules, LookupRule, AuditKeys and diag's
// registry (which then holds the rules' codes too).
var (
	rules      = map[string]*Rule{} // by slug
	ruleFiles  []func()
	rulesBuilt sync.Once
)

func init() { diag.RegisterLazily(tableReady) }

// onFirstUse defers a rule file's registering function until the table is first needed.
func onFirstUse(registerFile func()) { ruleFiles = append(ruleFiles, registerFile) }

// tableReady builds the table of rules if it is not built yet.
func tableReady() {
	rulesBuilt.Do(func() {
		for _, registerFile := range ruleFiles {
			registerFile()
		}
	})
}

// register adds rules to the table and their codes to diag's registry. It is called by
// the registering functions of the rule files; a malformed or duplicate rule panics.
func register(rs ...*Rule) {
	for _, r := range rs {
		if (r.Check == nil) == (r.Watch == nil) || r.Docs.Title == "" || r.Docs.Why == "" {
			panic(fmt.Sprintf("lint: rule %s needs Check or Watch (one of them), Title and Why", r.Code.ID))
		}
		if r.Code.ID < "SC3000" {
			panic(fmt.Sprintf("lint: rule %s: lint rules take ids from SC3000 on", r.Code.ID))
		}
		diag.Register(r.Code)
		rules[r.Code.Slug] = r
	}
}

// Rules returns every rule, sorted by id.
func Rules() []*Rule {
	tableReady()
	out := make([]*Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code.ID < out[j].Code.ID })
	return out
}

// LookupRule finds a rule by id ("SC4001") or slug ("strict-host-key-checking-off").
func LookupRule(idOrSlug string) (*Rule, bool) {
	tableReady()
	if r, ok := rules[idOrSlug]; ok {
		return r, true
	}
	for _, r := range rules {
		if r.Code.ID == idOrSlug {
			return r, true
		}
	}
	return nil, false
}

// Level is how much a finding matters to a run: notes never fail it.
type Level int

// Levels, from least to most severe.
const (
	LevelNote Level = iota + 1
	LevelWarning
	LevelError
)

var levelNames = [...]string{"", "note", "warning", "error"}

// String returns "note", "warning" or "error".
func (l Level) String() string {
	if l > 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "level?"
}

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, error) {
	for i, n := range levelNames {
		if i > 0 && n == s {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown level %q (want note, warning or error)", s)
}

// LevelOf maps a diagnostic's severity to a level: Error is error, Warning warning, Info
// and Hint note.
func LevelOf(s diag.Severity) Level {
	switch s {
	case diag.Error:
		return LevelError
	case diag.Warning:
		return LevelWarning
	}
	return LevelNote
}
