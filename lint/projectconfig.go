package lint

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// ProjectFile is the name of the project configuration FindProject looks for.
const ProjectFile = ".sshcfg.toml"

// Project is a project configuration (.sshcfg.toml):
//
//	target-openssh = "9.2"           # as --target-openssh
//	fail-level = "error"             # as --fail-level
//	disable = ["SC4001", "all"]      # ids or slugs; "all" is every rule of the linter
//	enable = ["forward-agent"]       # run these even if disable names them (or "all")
//	[severity]
//	unused-suppression = "note"      # note, warning or error
//
// Command-line flags win over the file: --target-openssh and --fail-level replace its
// values and --disable adds to what it disables. Any code can be disabled or given a
// level, the parser's and the resolver's too; "all" covers only the linter's rules, never
// what ssh itself rejects.
type Project struct {
	// Path is the file it was read from.
	Path string
	// TargetOpenSSH is the dialect name ("" when unset).
	TargetOpenSSH string
	// FailLevel is the lowest failing level (0 when unset).
	FailLevel Level
	// Disabled holds the slugs of the codes the file turns off, enable already applied.
	Disabled map[string]bool
	// Severity maps slugs to the severity their findings get.
	Severity map[string]diag.Severity
}

// projectFile is the file's syntax; unknown keys are errors.
type projectFile struct {
	TargetOpenSSH string            `toml:"target-openssh"`
	FailLevel     string            `toml:"fail-level"`
	Disable       []string          `toml:"disable"`
	Enable        []string          `toml:"enable"`
	Severity      map[string]string `toml:"severity"`
}

// FindProject returns the project configuration that applies to files in dir: the first
// .sshcfg.toml in dir or a parent directory, else xdgConfigHome/sshcfg/config.toml (the
// caller passes $XDG_CONFIG_HOME, or ~/.config when it is unset or not absolute), else "".
func FindProject(dir, xdgConfigHome string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	for {
		if p := filepath.Join(dir, ProjectFile); isRegular(p) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if xdgConfigHome != "" {
		if p := filepath.Join(xdgConfigHome, "sshcfg", "config.toml"); isRegular(p) {
			return p
		}
	}
	return ""
}

func isRegular(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// projectLimit bounds the size of a project configuration.
const projectLimit = 1 << 20

// LoadProject reads and checks a project configuration. Errors name the file and, for
// unknown keys and syntax errors, the line and column.
func LoadProject(path string) (*Project, error) {
	src, _, err := safefile.ReadRegular(path, projectLimit)
	if err != nil {
		return nil, err
	}
	return parseProject(path, src)
}

func parseProject(path string, src []byte) (*Project, error) {
	var raw projectFile
	dec := toml.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		var strict *toml.StrictMissingError
		var de *toml.DecodeError
		switch {
		case errors.As(err, &strict) && len(strict.Errors) > 0:
			e := strict.Errors[0]
			row, col := e.Position()
			return nil, fmt.Errorf("%s:%d:%d: unknown key %q (known: target-openssh, fail-level, disable, enable, [severity])", path, row, col, strings.Join(e.Key(), "."))
		case errors.As(err, &de):
			row, col := de.Position()
			return nil, fmt.Errorf("%s:%d:%d: %v", path, row, col, de)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	p := &Project{Path: path, TargetOpenSSH: raw.TargetOpenSSH, Disabled: map[string]bool{}, Severity: map[string]diag.Severity{}}
	if raw.TargetOpenSSH != "" {
		if _, err := keyword.DialectNamed(raw.TargetOpenSSH); err != nil {
			return nil, fmt.Errorf("%s: target-openssh: %v", path, err)
		}
	}
	if raw.FailLevel != "" {
		l, err := ParseLevel(raw.FailLevel)
		if err != nil {
			return nil, fmt.Errorf("%s: fail-level: %v", path, err)
		}
		p.FailLevel = l
	}
	disable, err := slugsOf(path, "disable", raw.Disable)
	if err != nil {
		return nil, err
	}
	enable, err := slugsOf(path, "enable", raw.Enable)
	if err != nil {
		return nil, err
	}
	for _, s := range disable {
		p.Disabled[s] = true
	}
	for _, s := range enable {
		delete(p.Disabled, s)
	}
	keys := make([]string, 0, len(raw.Severity))
	for k := range raw.Severity {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error is the same on every run
	for _, k := range keys {
		c, ok := diag.LookupCode(k)
		if !ok {
			return nil, fmt.Errorf("%s: [severity] %s: unknown code", path, k)
		}
		l, err := ParseLevel(raw.Severity[k])
		if err != nil {
			return nil, fmt.Errorf("%s: [severity] %s: %v", path, k, err)
		}
		p.Severity[c.Slug] = severityOf[l]
	}
	return p, nil
}

// severityOf is the severity a finding gets for a level.
var severityOf = map[Level]diag.Severity{LevelNote: diag.Info, LevelWarning: diag.Warning, LevelError: diag.Error}

// slugsOf turns a list of ids, slugs and "all" into slugs.
func slugsOf(path, key string, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		if n == "all" {
			for _, r := range Rules() {
				out = append(out, r.Code.Slug)
			}
			continue
		}
		c, ok := diag.LookupCode(n)
		if !ok {
			return nil, fmt.Errorf("%s: %s: unknown code %q", path, key, n)
		}
		out = append(out, c.Slug)
	}
	return out, nil
}

// disabledCodes returns the slugs a run leaves out: the project's and the command line's.
func (o *Options) disabledCodes() map[string]bool {
	out := map[string]bool{}
	if o.Project != nil {
		for s := range o.Project.Disabled {
			out[s] = true
		}
	}
	for _, d := range o.Disabled {
		if c, ok := diag.LookupCode(d); ok {
			out[c.Slug] = true
		}
	}
	return out
}

// applyProject drops the findings whose code is disabled (rules that did not run made
// none; this covers the parser's and the resolver's codes) and gives the rest the
// project's severity overrides.
func applyProject(findings diag.Diagnostics, disabled map[string]bool, p *Project) diag.Diagnostics {
	out := findings[:0]
	for _, d := range findings {
		if disabled[d.Code] {
			continue
		}
		if p != nil {
			if s, ok := p.Severity[d.Code]; ok {
				d.Severity = s
			}
		}
		out = append(out, d)
	}
	return out
}
