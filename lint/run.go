package lint

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
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
}

// unnamedHost is the destination resolved for what applies to hosts the configuration does
// not name (global lines, Host * blocks): a name no pattern of a real config matches.
const unnamedHost = "sshcfg-lint-unnamed.invalid"

// Run lints the configuration. It resolves one name no block names, every concrete Host
// alias, then one name made up for each wildcard Host pattern and each Match
// host/originalhost pattern, each tolerantly and with Match exec not run; when the
// configuration has Match exec lines it resolves them all again with every exec
// criterion taken as matching (still without running anything), so that the settings
// of exec blocks are checked too. Each resolution goes to the rules that watch hosts
// as soon as it is made, and is dropped (memory grows with the configuration, not with
// its hosts); then every rule's check runs, in the order of Rules. Files ssh refuses for their owner or mode are
// read all the same (the permission rules report them). An error means the
// configuration could not be read at all (an -F file that cannot be opened, a
// directory).
func Run(ctx context.Context, opts Options) (*Result, error) {
	dia := opts.Dialect
	if dia.Version.Major == 0 {
		dia = keyword.Debian92
	}
	env := *opts.Env
	env.Exec = nil // never run what the configuration names
	if env.WorkDir == "" {
		// the resolver makes a relative -F path absolute for every host: ask the
		// process's working directory once (a getcwd and two stats each time)
		if wd, err := os.Getwd(); err == nil {
			env.WorkDir = wd
		}
	}
	if err := readOnce(&env, opts.ConfigFile); err != nil {
		return nil, err
	}
	focus := resolve.NewFocusFS(env.FS)
	perms := newPermissiveFS(focus, env.User.UID)
	resolveEnv := env
	resolveEnv.FS = perms
	r := resolve.New(&resolveEnv, dia)
	r.LimitTrees(treeBudget)
	aliases, _, err := r.Hosts(opts.ConfigFile)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	pass := &Pass{Dialect: dia, Env: &env, Now: now, byPath: map[string]*File{}, made: map[findingKey]bool{}}
	var findings diag.Diagnostics
	disabled := opts.disabledCodes()
	w := pass.watch(disabled)
	// Each resolver's first resolution (the unnamed host's) reads every file; the others
	// read only the included files that can apply to their host (FocusFS.Resolve).
	resolveHost := func(r *resolve.Resolver, d destination, exec bool) error {
		req := resolve.NewRequest(d.name)
		req.ConfigFile = opts.ConfigFile
		req.Tolerant = true
		name := d.name
		if name == unnamedHost {
			name = ""
		}
		res, err := focus.Resolve(ctx, r, req, name)
		if err != nil {
			return err
		}
		pass.findings = &findings
		for _, dg := range res.Diags {
			if dg.File == "" {
				dg = pass.locate(d, dg)
			}
			pass.add(dg)
		}
		for _, fr := range res.Files {
			if pass.byPath[fr.Path] != nil || fr.Missing {
				continue
			}
			mode, uid, ok := r.Opened(fr.Path)
			if !ok {
				continue
			}
			if st, ok := perms.stat(fr.Path); ok {
				mode, uid = st.mode, st.uid
			}
			f := &File{Path: fr.Path, resolver: r, Mode: mode, UID: uid, IncludedBy: fr.IncludeBy}
			pass.byPath[fr.Path] = f
			pass.Files = append(pass.Files, f)
		}
		unnamed := d.name == unnamedHost && !exec
		if unnamed {
			pass.unnamed = res
		}
		w.host(&Host{Name: d.name, Pattern: d.pattern, Result: res, Exec: exec})
		if unnamed {
			// kept for forEveryHost, which reads its settings only; the blocks of the
			// first resolution are every block of the configuration
			res.Blocks, res.Diags, res.Warnings, res.Files = nil, nil, nil, nil
		}
		return nil
	}
	resolveAll := func(r *resolve.Resolver, madeUp []destination, exec bool) error {
		if err := resolveHost(r, destination{name: unnamedHost}, exec); err != nil {
			return err
		}
		for _, a := range aliases {
			if err := resolveHost(r, destination{name: a.Name, file: a.File, line: a.Line}, exec); err != nil {
				return err
			}
		}
		for _, d := range madeUp {
			if err := resolveHost(r, d, exec); err != nil {
				return err
			}
		}
		return nil
	}
	if err := resolveAll(r, nil, false); err != nil {
		return nil, err
	}
	madeUp, exec := madeUpDestinations(pass.Files, aliases)
	read := len(pass.Files)
	for _, d := range madeUp {
		if err := resolveHost(r, d, false); err != nil {
			return nil, err
		}
	}
	if exec || hasMatchExec(pass.Files[read:]) {
		execEnv := resolveEnv
		execEnv.Exec = func(context.Context, string) (int, error) { return 0, nil } // matches; runs nothing
		re := resolve.New(&execEnv, dia)
		re.LimitTrees(treeBudget)
		if err := resolveAll(re, madeUp, true); err != nil {
			return nil, err
		}
	}
	pass.made = nil
	// every host is resolved: the rules' checks read whole files, each several times; the
	// resolvers, their indexes and caches go (pass.unnamed keeps focus, through its
	// environment)
	focus.Release()
	// The resolutions' garbage is collected and its memory returned before the trees come
	// back: the trees are allocated in large pieces that the small objects freed cannot
	// hold, so the process would grow by them again (100,000 hosts: 98 → 96 MB peak, about
	// 20 ms).
	debug.FreeOSMemory()
	for _, f := range pass.Files {
		f.Tree, f.resolver = f.tree(), nil
	}
	for _, f := range pass.Files {
		f.tree().Lines(func(l *parser.Line) bool {
			for _, d := range l.Diags() {
				// unknown keywords come from the resolutions, which skip those an
				// earlier IgnoreUnknown lists, as ssh does
				if d.Code != parser.CodeUnknownKeyword && d.Code != parser.CodeTooNew {
					findings = append(findings, d)
				}
			}
			return true
		})
	}
	pass.findings = &findings
	w.check()
	// After the rules: inline suppressions (suppress.go), then the project's disabled
	// codes and severities (projectconfig.go).
	findings = collectSuppressions(pass.Files).apply(findings, disabled)
	findings = applyProject(findings, disabled, opts.Project)
	// a parser or resolver finding a rule's finding replaced comes back when that one
	// was suppressed or disabled: what ssh rejects is never hidden
	findings = pass.dropReplaced(findings)
	if opts.ConfigFile == "" && env.SystemConfig != "" {
		findings = slices.DeleteFunc(findings, func(d diag.Diagnostic) bool { return d.File == env.SystemConfig })
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Result{Findings: dedupe(findings), Files: pass.Files}, nil
}

// treeBudget is the source, in bytes, of the files whose whole trees a run's resolver
// keeps while hosts are resolved (Resolver.LimitTrees): a host reads a few files, and
// the hosts are resolved in file order, so the trees of the files of the latest hosts
// are enough; the others are parsed again when needed.
var treeBudget = 256 << 10

// destination is a name the linter resolves, with the line that named it (none for the
// unnamed host).
type destination struct {
	name    string
	pattern string // the wildcard or Match pattern the name was made from; "" for an alias
	file    string
	line    int
	span    diag.Span // of the pattern on its line; zero: the line's start
}

// madeUpDestinations returns the destinations namingDestinations makes for the files
// whose names are not aliases (nor the unnamed host's), each name once, and whether a
// file has a Match exec criterion.
func madeUpDestinations(files []*File, aliases []resolve.HostAlias) (out []destination, exec bool) {
	named := map[string]bool{unnamedHost: true}
	candidates, exec := namingDestinations(files)
	for _, d := range candidates {
		if _, ok := named[d.name]; !ok {
			named[d.name] = false
		}
	}
	for _, a := range aliases {
		if _, ok := named[a.Name]; ok {
			named[a.Name] = true
		}
	}
	for _, d := range candidates {
		if !named[d.name] {
			named[d.name] = true
			out = append(out, d)
		}
	}
	return out, exec
}

// namingDestinations returns, each once, the names to resolve for the patterns that name
// hosts beyond the concrete Host aliases: the positive wildcard patterns of Host lines,
// and every positive pattern of Match host and originalhost criteria (so that a block
// only a Match names is linted). exec reports whether a Match line has an exec
// criterion (hasMatchExec, in the same walk: while hosts are resolved, a walk of every
// file may parse each again).
func namingDestinations(files []*File) (out []destination, exec bool) {
	seen := map[string]bool{}
	add := func(f *File, l *parser.Line, p string, span diag.Span, concreteToo bool) {
		if strings.HasPrefix(p, "!") || p == "" || p == "*" || seen[p] || !concreteToo && !strings.ContainsAny(p, "*?") {
			return
		}
		name, ok := NameMatching(p)
		if !ok {
			return
		}
		seen[p] = true
		out = append(out, destination{name: name, pattern: p, file: f.Path, line: l.Number(), span: span})
	}
	for _, f := range files {
		f.tree().Lines(func(l *parser.Line) bool {
			switch {
			case l.Keyword() == nil:
			case l.Keyword().ID == keyword.Host:
				for _, a := range l.Args() {
					add(f, l, a.Value, a.Span(), false)
				}
			case l.Keyword().ID == keyword.Match:
				crits, _ := l.Value.([]parser.Criterion)
				for _, c := range crits {
					exec = exec || c.Attr == "exec"
					if !c.Negate && (c.Attr == "host" || c.Attr == "originalhost") {
						for _, p := range strings.Split(c.Arg, ",") {
							add(f, l, p, c.Span, true)
						}
					}
				}
			}
			return true
		})
		f.release()
	}
	return out, exec
}

// hasMatchExec reports whether any file has a Match exec criterion.
func hasMatchExec(files []*File) bool {
	found := false
	for _, f := range files {
		f.tree().Lines(func(l *parser.Line) bool {
			if l.Keyword() != nil && l.Keyword().ID == keyword.Match {
				crits, _ := l.Value.([]parser.Criterion)
				found = found || slices.ContainsFunc(crits, func(c parser.Criterion) bool { return c.Attr == "exec" })
			}
			return !found
		})
		f.release()
	}
	return found
}

// locate places a problem of destination d itself (a resolver diagnostic without a file:
// ssh rejects the name) on the line that named d; a problem of the unnamed host, at the
// start of the first file.
func (p *Pass) locate(d destination, dg diag.Diagnostic) diag.Diagnostic {
	if d.file == "" {
		if len(p.Files) > 0 {
			dg.File, dg.Span = p.Files[0].Path, diag.Span{}
		}
		return dg
	}
	dg.File, dg.Span = d.file, d.span
	if d.span == (diag.Span{}) {
		dg.Span = p.nameSpan(d.file, d.line, d.name)
	}
	dg.Message = fmt.Sprintf("ssh rejects %s as a destination: %s", d.name, strings.TrimPrefix(dg.Message, "ssh stops resolving: "))
	return dg
}

// nameSpan returns the span of the argument arg on line number n of file, or of the
// line's keyword.
func (p *Pass) nameSpan(file string, n int, arg string) diag.Span {
	var span diag.Span
	if f := p.FileOf(file); f != nil {
		f.tree().Lines(func(l *parser.Line) bool {
			if l.Number() != n {
				return true
			}
			span = l.KeySpan()
			for _, a := range l.Args() {
				if a.Value == arg {
					span = a.Span()
					break
				}
			}
			return false
		})
	}
	return span
}

// NameMatching makes up a host name the pattern matches, to resolve what a wildcard
// block applies to: each '*' and each '?' becomes "x". ok reports that the name does
// match the pattern. Lint and the language server's hovers make up names the same way.
func NameMatching(pat string) (name string, ok bool) {
	name = wildcardFiller.Replace(pat)
	return name, pattern.Match(name, pat)
}

var wildcardFiller = strings.NewReplacer("*", "x", "?", "x")

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
