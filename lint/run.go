package lint

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
	"github.com/sshcfg/sshcfg/resolve"
)

// Options say what to lint and how.
type Options struct {
	// ConfigFile is the file to lint, as ssh -F names it; "" lints the default files the
	// way ssh reads them (the user's ~/.ssh/config and the system file), reporting only
	// what is not in the system file.
	ConfigFile string
	// Env is the environment to resolve in. Its Exec is ignored: the linter never runs a
	// command the configuration names.
	Env *resolve.Env
	// Dialect is the OpenSSH the configuration is checked for; the zero value means
	// keyword.Debian92.
	Dialect keyword.Dialect
	// Disabled lists rule ids or slugs not to run (any code's, to drop its findings).
	Disabled []string
	// Project is the project configuration (.sshcfg.toml) to apply; nil for none.
	Project *Project
	// Now is the time dates are judged against (certificate validity); the zero value
	// means the clock. Tests and --as-of set it for reproducible results.
	Now time.Time
}

// Result is what a run found.
type Result struct {
	// Findings are sorted by file and position, each once.
	Findings diag.Diagnostics
	// Files are the configuration files that were read.
	Files []*File
	// Hosts are the destinations that were resolved.
	Hosts []*Host
}

// unnamedHost is the destination resolved for what applies to hosts the configuration does
// not name (global lines, Host * blocks): a name no pattern of a real config matches.
const unnamedHost = "sshcfg-lint-unnamed.invalid"

// Run lints the configuration. It resolves every concrete Host alias, one name made up for
// each wildcard Host pattern and each Match host/originalhost pattern, and one name no
// block names, each tolerantly and with Match
// exec not run, then runs every rule. An error means the configuration could not be read
// at all (an -F file that cannot be opened).
func Run(ctx context.Context, opts Options) (*Result, error) {
	dia := opts.Dialect
	if dia.Version.Major == 0 {
		dia = keyword.Debian92
	}
	env := *opts.Env
	env.Exec = nil // never run what the configuration names
	r := resolve.New(&env, dia)
	aliases, _, err := r.Hosts(opts.ConfigFile)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	pass := &Pass{Dialect: dia, Env: &env, Now: now}
	var findings diag.Diagnostics
	seenFile := map[string]bool{}
	resolveHost := func(name, pat string) error {
		req := resolve.NewRequest(name)
		req.ConfigFile = opts.ConfigFile
		req.Tolerant = true
		res, err := r.ResolveContext(ctx, req)
		if err != nil {
			return err
		}
		pass.Hosts = append(pass.Hosts, &Host{Name: name, Pattern: pat, Result: res})
		findings = append(findings, res.Diags...)
		for _, fr := range res.Files {
			if seenFile[fr.Path] || fr.Missing {
				continue
			}
			tree, mode, uid, ok := r.Parsed(fr.Path)
			if !ok {
				continue
			}
			seenFile[fr.Path] = true
			pass.Files = append(pass.Files, &File{Path: fr.Path, Tree: tree, Mode: mode, UID: uid, IncludedBy: fr.IncludeBy})
		}
		return nil
	}
	if err := resolveHost(unnamedHost, ""); err != nil {
		return nil, err
	}
	for _, a := range aliases {
		if err := resolveHost(a.Name, ""); err != nil {
			return nil, err
		}
	}
	resolved := map[string]bool{unnamedHost: true}
	for _, a := range aliases {
		resolved[a.Name] = true
	}
	for _, pat := range namingPatterns(pass.Files) {
		if name, ok := nameMatching(pat); ok && !resolved[name] {
			resolved[name] = true
			if err := resolveHost(name, pat); err != nil {
				return nil, err
			}
		}
	}
	for _, f := range pass.Files {
		f.Tree.Lines(func(l *parser.Line) bool {
			for _, d := range l.Diags {
				// unknown keywords come from the resolutions, which skip those an
				// earlier IgnoreUnknown lists, as ssh does
				if d.Code != parser.CodeUnknownKeyword && d.Code != parser.CodeTooNew {
					findings = append(findings, d)
				}
			}
			return true
		})
	}
	disabled := opts.disabledCodes()
	for _, rule := range Rules() {
		if disabled[rule.Code.Slug] {
			continue
		}
		pass.rule, pass.findings = rule, &findings
		rule.Check(pass)
	}
	// After the rules: inline suppressions (suppress.go), then the project's disabled
	// codes and severities (projectconfig.go).
	findings = collectSuppressions(pass.Files).apply(findings, disabled)
	findings = applyProject(findings, disabled, opts.Project)
	if opts.ConfigFile == "" && env.SystemConfig != "" {
		findings = slices.DeleteFunc(findings, func(d diag.Diagnostic) bool { return d.File == env.SystemConfig })
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Result{Findings: dedupe(findings), Files: pass.Files, Hosts: pass.Hosts}, nil
}

// namingPatterns returns, each once, the patterns that name hosts beyond the concrete Host
// aliases: the positive wildcard patterns of Host lines, and every positive pattern of
// Match host and originalhost criteria (so that a block only a Match names is linted).
func namingPatterns(files []*File) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string, concreteToo bool) {
		if strings.HasPrefix(p, "!") || p == "" || p == "*" || seen[p] || !concreteToo && !strings.ContainsAny(p, "*?") {
			return
		}
		seen[p] = true
		out = append(out, p)
	}
	for _, f := range files {
		f.Tree.Lines(func(l *parser.Line) bool {
			switch {
			case l.Keyword == nil:
			case l.Keyword.ID == keyword.Host:
				pats, _ := l.Value.([]string)
				for _, p := range pats {
					add(p, false)
				}
			case l.Keyword.ID == keyword.Match:
				crits, _ := l.Value.([]parser.Criterion)
				for _, c := range crits {
					if !c.Negate && (c.Attr == "host" || c.Attr == "originalhost") {
						for _, p := range strings.Split(c.Arg, ",") {
							add(p, true)
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// nameMatching makes a host name the pattern matches: each '*' becomes "x" and each '?'
// an "x" too.
func nameMatching(pat string) (string, bool) {
	name := strings.NewReplacer("*", "x", "?", "x").Replace(pat)
	return name, pattern.Match(name, pat)
}

// dedupe sorts findings by file and position and drops repeats (the same finding seen
// while resolving several hosts).
func dedupe(ds diag.Diagnostics) diag.Diagnostics {
	ds.Sort()
	out := ds[:0]
	seen := map[[5]string]bool{}
	for _, d := range ds {
		k := [5]string{d.File, strconv.Itoa(d.Span.Start), strconv.Itoa(d.Span.End), d.Code, d.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}

// Failed reports whether any finding is at level min or above.
func (r *Result) Failed(min Level) bool {
	for _, d := range r.Findings {
		if LevelOf(d.Severity) >= min {
			return true
		}
	}
	return false
}
