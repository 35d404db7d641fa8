package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// openError is a config file that could not be opened (or fstat'ed).
type openError struct {
	path string
	err  error
}

func (e *openError) Error() string {
	return fmt.Sprintf("Can't open user config file %s: %s", clip(e.path, 100), clip(errText(e.err), 100))
}

func isOpenError(err error) bool {
	var oe *openError
	return errors.As(err, &oe)
}

// readFile processes one file like read_config_file_depth. display is the name used in
// messages (as given); path is where it is read.
func (st *run) readFile(display, path string, flags int, active *bool, depth int) error {
	if depth > 0 && st.includesStopped {
		return nil
	}
	if depth > 16 {
		if st.req.Tolerant {
			// ssh stops here. Going on would read a cycle again at every level it has
			// left (an Include of ~/.ssh/* in ~/.ssh/config: as many times as files match,
			// to the power of 16), so no Include is read after this one.
			if !st.depthReported {
				file, span := st.includeSite()
				st.problem(CodeIncludeDepth, file, span, "Include nests deeper than ssh allows (16 levels): %s is not read, nor any Include after it", display)
			}
			st.includesStopped, st.depthReported = true, true
			return nil
		}
		return fatalf("Too many recursive configuration includes")
	}
	if err := st.ctx.Err(); err != nil {
		return err
	}
	kind := wholeTree
	switch {
	case st.req.OneShot && st.req.Trace:
		kind = traceTree
	case st.req.OneShot:
		kind = oneShotTree
	}
	lf, f := st.r.load(path, st.matchHost, flags&flagCheckPerm != 0, kind)
	fr := FileRead{Path: path, Pass: st.pass, Depth: depth, ParseOnly: flags&flagNeverMatch != 0}
	if n := len(st.includeHist); n > 0 {
		// the chain is never changed in place: every file an Include reads shares its line
		fr.IncludeBy = &st.includeHist[n-1]
	}
	switch {
	case errors.Is(lf.err, errBadPermissions) && st.req.Tolerant:
		file, span := st.includeSite()
		if file == "" {
			file = path
		}
		st.problem(CodeIncludeRefused, file, span, "Bad owner or permissions on %s: ssh refuses to read it", display)
		return nil
	case errors.Is(lf.err, errBadPermissions):
		return fatalf("Bad owner or permissions on %s", display)
	case errors.Is(lf.err, errTooLarge) && st.req.Tolerant:
		file, span := st.includeSite()
		if file == "" {
			file = path
		}
		st.problem(CodeConfigUnreadable, file, span, "%s: %v", display, lf.err)
		return nil
	case errors.Is(lf.err, errTooLarge):
		return fatalf("%s: %v", display, lf.err)
	case lf.err != nil:
		if errors.Is(lf.err, fs.ErrNotExist) {
			fr.Missing = true
			st.res.Files = append(st.res.Files, fr)
		}
		return &openError{path: display, err: lf.err}
	}
	st.res.Files = append(st.res.Files, fr)
	bad := 0
	visit := func(l *parser.Line) error {
		if err := st.ctx.Err(); err != nil {
			return err
		}
		ok, err := st.processLine(display, f, l, flags, active, depth)
		if err != nil {
			return err
		}
		if !ok {
			bad++
			st.badLineDiags(f, l)
			st.reportBad(display, l.Number(), l)
		}
		return nil
	}
	st.r.mu.Lock()
	lf.walks++
	if lf.walks >= 2 && lf.index == nil { // FocusFS may have built it already
		lf.index = buildIndex(f)
	}
	index := lf.index
	st.r.mu.Unlock()
	if st.req.Trace || index == nil {
		for _, b := range f.Blocks {
			if err := visitBlock(b, visit); err != nil {
				return err
			}
		}
	} else {
		names := walkNames{host: st.matchHost, originalHost: pattern.LowerASCII(st.hostArg), currentHost: st.matchCurrentHost, user: st.matchUser}
		err := index.walk(f, names, flags&flagNeverMatch != 0, active, visit)
		if err != nil {
			return err
		}
	}
	if bad > 0 && !st.req.Tolerant {
		return fatalf("%s: terminating, %d bad configuration options", display, bad)
	}
	return nil
}

// permOK applies ssh's mode check to a config file: no group or world write bits
// (Debian tolerates the group bit).
func permOK(mode fs.FileMode, d keyword.Dialect) bool {
	if d.Debian {
		return mode.Perm()&0o002 == 0
	}
	return mode.Perm()&0o022 == 0
}

// srcOf returns the provenance of a config line; f is nil for -o lines.
func (st *run) srcOf(f *parser.File, l *parser.Line) Source {
	if f == nil {
		return Source{Kind: FromCommandLine, Arg: st.cmdArg}
	}
	s := Source{Kind: FromConfig, File: f.Name, Line: l.Number(), Span: l.Span(), ValueSpan: valueSpan(l), Pass: st.pass}
	s.Include = st.includeHist // never appended to in place: lines share it
	return s
}

// valueSpan is where the value of a directive is written.
func valueSpan(l *parser.Line) diag.Span {
	if len(l.Args()) == 0 || (l.Keyword() != nil && l.Keyword().Kind == keyword.KindCommand) {
		return l.Rest()
	}
	return diag.Span{Start: l.Args()[0].Span().Start, End: l.Args()[len(l.Args())-1].Span().End}
}

// processLine applies one line; ok is false when ssh counts it as a bad option.
func (st *run) processLine(display string, f *parser.File, l *parser.Line, flags int, active *bool, depth int) (bool, error) {
	if l.Kind != parser.LineDirective {
		return true, nil
	}
	if l.Keyword() != nil && l.Keyword().Kind == keyword.KindHost && onlyEmptyArgument(l) {
		// ssh reads the patterns in order and meets the empty one only if no earlier
		// negated pattern stopped it
		return st.evalHost(f, l, flags, active), nil
	}
	if f != nil {
		if crit, all, ok := f.MatchBeforeError(l); ok {
			return st.evalBadMatch(display, f, l, crit, all, flags, active)
		}
	}
	if len(l.Diags()) > 0 {
		for _, d := range l.Diags() {
			if d.Severity != diag.Error {
				continue
			}
			if (d.Code == parser.CodeUnknownKeyword || d.Code == parser.CodeTooNew) && st.ignoredUnknown(l.Name()) {
				continue // IgnoreUnknown silences the keyword, not its invalid quotes
			}
			if d.Code == parser.CodeBadPermitOpen && !st.req.Tolerant {
				// ssh stops at once on a bad PermitRemoteOpen entry (fatal, not a bad line)
				return false, fatalf("%s", d.SSH.Lines(display, l.Number()))
			}
			return false, nil
		}
	}
	if l.Keyword() == nil || (l.Value == nil && l.Keyword().Kind != keyword.KindMatch) {
		for _, d := range l.Diags() {
			if d.Code == parser.CodeUnsupported {
				n := l.Number()
				if f == nil {
					n = 0 // -o lines are "command-line line 0"
				}
				st.res.warn(false, "%s", d.SSH.Lines(display, n))
			}
		}
		return true, nil // deprecated, unsupported and similar lines
	}
	if !st.envValid(l) {
		return false, nil
	}
	src := st.srcOf(f, l)
	switch l.Keyword().Kind {
	case keyword.KindHost:
		return st.evalHost(f, l, flags, active), nil
	case keyword.KindMatch:
		return st.evalMatch(display, f, l, flags, active)
	case keyword.KindInclude:
		return st.include(display, l, flags, active, depth, src)
	}
	return st.apply(l.Keyword(), l.Value, *active, src, flags), nil
}

// envValid checks the ${VAR} references ssh expands while reading a line (forwardings,
// IdentityAgent, ForwardAgent): an unset variable makes the line bad even in an inactive
// block.
func (st *run) envValid(l *parser.Line) bool {
	var s string
	switch v := l.Value.(type) {
	case parser.ForwardSpec:
		_, ok := st.forwardOf(v)
		return ok
	case parser.ForwardAgent:
		s = v.Path
	case string:
		if !l.Keyword().EnvOnRead() {
			return true
		}
		s = v
	default:
		return true
	}
	if _, err := dollarExpand(s, st.env.Getenv); err != nil {
		var mv *missingVarError
		if errors.As(err, &mv) {
			st.res.warn(false, "%s", mv.Error())
		}
		st.refuse(CodeUnsetVariable, diag.Span{}, fmt.Sprintf("Invalid environment expansion %s.", s))
		return false
	}
	return true
}

func (st *run) ignoredUnknown(name string) bool {
	pat, ok := st.o.str(keyword.IgnoreUnknown)
	return ok && pattern.MatchList(name, pat, true) == 1
}

// onlyEmptyArgument reports whether the one error of a line is an empty argument.
func onlyEmptyArgument(l *parser.Line) bool {
	found := false
	for _, d := range l.Diags() {
		if d.Severity != diag.Error {
			continue
		}
		if d.Code != parser.CodeEmptyArgument {
			return false
		}
		found = true
	}
	return found
}

// evalHost evaluates a Host line like process_config_line: the block is switched off,
// then the patterns are read in order until a negated one matches. An empty argument met
// on the way makes the line bad (false) and leaves the state as it was at that point;
// tolerant resolution then keeps the block off. In a file included from an inactive
// block ssh looks only at the first argument.
func (st *run) evalHost(f *parser.File, l *parser.Line, flags int, active *bool) bool {
	*active = false
	trace := st.req.Trace // the reasons are for a trace only
	var reason string
	if trace {
		reason = "no pattern matched " + strconv.Quote(st.matchHost)
	}
	for _, a := range l.Args() {
		if a.Value == "" {
			if st.req.Tolerant {
				*active = false
			}
			if trace {
				reason += "; then an empty argument"
			}
			st.trace(f, l, *active, reason, flags)
			return false
		}
		if flags&flagNeverMatch != 0 {
			if trace {
				reason = "parse only (included from an inactive block)"
			}
			break
		}
		p := a.Value
		neg := strings.HasPrefix(p, "!")
		if neg {
			p = p[1:]
		}
		if pattern.Match(st.matchHost, p) {
			if neg {
				*active = false
				if trace {
					reason = fmt.Sprintf("negated pattern !%s matched %q", p, st.matchHost)
				}
				st.trace(f, l, false, reason, flags)
				if f != nil {
					st.res.Blocks[len(st.res.Blocks)-1].NearMiss = st.positiveMatch(l)
				}
				return true
			}
			if !*active && trace {
				reason = fmt.Sprintf("pattern %s matched %q", p, st.matchHost)
			}
			*active = true
		}
	}
	st.trace(f, l, *active, reason, flags)
	return true
}

// positiveMatch reports whether a pattern of a Host line that is not negated matches the
// host: the line would have applied without its negations.
func (st *run) positiveMatch(l *parser.Line) bool {
	for _, a := range l.Args() {
		if !strings.HasPrefix(a.Value, "!") && a.Value != "" && pattern.Match(st.matchHost, a.Value) {
			return true
		}
	}
	return false
}

func (st *run) trace(f *parser.File, l *parser.Line, matched bool, reason string, flags int) {
	if f == nil {
		return
	}
	st.res.Blocks = append(st.res.Blocks, BlockEval{
		File: f.Name, Line: l.Number(), Span: l.Span(), Header: strings.TrimSpace(f.Text(diag.Span{Start: l.KeySpan().Start, End: l.Rest().End})),
		Pass: st.pass, Matched: matched, Reason: reason, ParseOnly: flags&flagNeverMatch != 0,
	})
}

// includeArgSpan is the span of argument i of an Include line (the rest of the line
// when the parser has no argument spans).
func includeArgSpan(l *parser.Line, i int) diag.Span {
	if i < len(l.Args()) {
		return l.Args()[i].Span()
	}
	return l.Rest()
}

// include processes an Include line like OpenSSH: the files are read even from an
// inactive block (parse only), each starting in the includer's state, which is restored
// afterwards.
func (st *run) include(display string, l *parser.Line, flags int, active *bool, depth int, src Source) (bool, error) {
	ok := true
	for i, arg := range l.Value.([]string) {
		if st.includesStopped {
			break // ssh stopped at an Include too deep (tolerant mode)
		}
		pattern := arg
		if st.dia.Version.AtLeast("9.9") {
			exp, err := percentDollarExpand(arg, st.matchTokens(), st.env.Getenv)
			var mv *missingVarError
			if errors.As(err, &mv) {
				st.res.warn(false, "%s line %d: Unable to expand user config file '%s'", display, l.Number(), arg)
				continue
			}
			if err != nil {
				return false, err
			}
			pattern = exp
		}
		if strings.HasPrefix(pattern, "~") && flags&flagUserConf == 0 {
			st.refuseEntry(CodeIncludePath, i, "bad include path "+pattern+".")
			return false, nil
		}
		pattern = st.env.includeGlob(pattern, flags&flagUserConf != 0)
		matches, err := st.env.FS.Glob(pattern)
		if err != nil {
			st.refuseEntry(CodeIncludeUnreadable, i, "glob failed for "+pattern+".")
			return false, nil
		}
		if len(matches) == 0 && st.req.Tolerant && st.req.Trace && st.pass == 1 {
			st.res.Diags = append(st.res.Diags, diag.Diagnostic{
				File: src.File, Span: includeArgSpan(l, i), Severity: diag.Info, Code: CodeIncludeNoMatch,
				Message: fmt.Sprintf("Include %s matched no file (looked for %s)", arg, pattern),
			})
		}
		oactive := *active
		st.res.Files = slices.Grow(st.res.Files, len(matches)) // one FileRead per match, at most
		// the Include chain of the files read: one copy, which the provenance of every
		// line they set shares (clipped, so a nested Include appends to a copy)
		outer := st.includeHist
		chain := slices.Clip(append(outer[:len(outer):len(outer)], src))
		for _, m := range matches {
			nf := flags | flagCheckPerm
			if !oactive {
				nf |= flagNeverMatch
			}
			st.includeHist = chain
			err := st.readFile(m, m, nf, active, depth+1)
			st.includeHist = outer
			var oe *openError
			if errors.As(err, &oe) && errors.Is(oe.err, fs.ErrNotExist) {
				// a match that is gone when ssh opens it (a dangling link) is skipped: ssh
				// marks the line bad, but the success path of the line resets that
				*active = oactive
				continue
			}
			if errors.As(err, &oe) {
				// ssh prints the open error and counts the Include line as bad
				st.res.warn(false, "%s", oe.Error())
				st.badReported = true
				st.refuseEntry(CodeIncludeUnreadable, i, oe.Error())
				st.badLine = "" // printed above
				*active = oactive
				return false, nil
			}
			if err != nil {
				return false, err
			}
			*active = oactive
		}
	}
	return ok, nil
}

// includeGlob anchors an Include argument the way ssh does — relative paths live in
// ~/.ssh for user configurations and /etc/ssh for the system one — and expands a leading
// ~ as glob(3) does.
func (e *Env) includeGlob(arg string, userConf bool) string {
	if !strings.HasPrefix(arg, "/") && !strings.HasPrefix(arg, "~") {
		if userConf {
			arg = "~/.ssh/" + arg
		} else {
			arg = "/etc/ssh/" + arg
		}
	}
	return e.globTilde(arg)
}

// IncludePattern returns the glob pattern ssh expands for an argument of an Include line
// in a user configuration: a relative path is anchored in ~/.ssh and a leading ~ is
// expanded as glob(3) does.
func (e *Env) IncludePattern(arg string) string { return e.includeGlob(arg, true) }

// UserConfigPath is the per-user config file ssh reads when there is no -F: UserConfig,
// or ~/.ssh/config in the home of the password database.
func (e *Env) UserConfigPath() string {
	if e.UserConfig != "" {
		return e.UserConfig
	}
	return strings.TrimSuffix(e.User.Home, "/") + "/.ssh/config"
}

// globTilde expands a leading ~ the way glob(3) with GLOB_TILDE does: ~ and ~/ use $HOME.
func (e *Env) globTilde(p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	name, tail, _ := strings.Cut(p[1:], "/")
	var home string
	if name == "" {
		h, ok := e.Getenv("HOME")
		if !ok {
			h = e.User.Home
		}
		home = h
	} else if u, ok := e.LookupUser(name); ok {
		home = u.Home
	} else {
		return p
	}
	// glob(3) inserts the home directory after it has read the pattern's backslashes,
	// so a backslash in it is literal
	home = strings.ReplaceAll(strings.TrimSuffix(home, "/"), `\`, `\\`)
	return home + "/" + tail
}
