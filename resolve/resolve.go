package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// Resolver answers "what would ssh use for this host". It keeps parsed files, so resolving
// many hosts from the same files parses each file once.
type Resolver struct {
	Env     *Env
	Dialect keyword.Dialect
	// OneShot makes the resolver parse each file only as far as resolving the host at
	// hand needs (parser.Options.Keep): blocks whose Host patterns cannot match are
	// checked but not kept. It is fastest for resolving one host; leave it off for
	// explain (which shows every block) or for resolving many hosts from the same files.
	OneShot bool

	mu    sync.Mutex
	files map[string]*loadedFile
}

// loadedFile is a parsed file with the index that lets a resolution skip Host blocks
// that cannot match. The index is built when a file is resolved against a second time:
// a one-shot resolution is faster walking every block than indexing them first.
type loadedFile struct {
	file  *parser.File
	err   error
	mode  fs.FileMode
	uid   int
	index *blockIndex
	walks int // times a resolution read this file (passes and repeated Includes count)
}

// New returns a resolver for the environment and dialect.
func New(env *Env, dialect keyword.Dialect) *Resolver {
	if dialect.Version.Major == 0 {
		dialect = keyword.Debian92
	}
	e := *env
	if e.FS == nil {
		e.FS = MapFS{}
	}
	if e.LookupUser == nil {
		e.LookupUser = func(string) (User, bool) { return User{}, false }
	}
	if e.Getenv == nil {
		e.Getenv = func(string) (string, bool) { return "", false }
	}
	env = &e
	return &Resolver{Env: env, Dialect: dialect, files: map[string]*loadedFile{}}
}

// SetFile makes the resolver use an already parsed file for path instead of reading it.
func (r *Resolver) SetFile(path string, f *parser.File) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[path] = &loadedFile{file: f, mode: 0o644}
}

// Forget drops a cached file (after it changed on disk or in an editor).
func (r *Resolver) Forget(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.files, path)
}

// load returns the parsed file at path. host is the host Host lines will be matched
// against, used only by a OneShot resolver (whose trees depend on it).
func (r *Resolver) load(path, host string) *loadedFile {
	key := path
	var keep func(*parser.Line) bool
	if r.OneShot {
		key = path + "\x00" + host
		keep = func(h *parser.Line) bool { return mayMatch(h, host) }
	}
	r.mu.Lock()
	lf := r.files[key]
	r.mu.Unlock()
	if lf != nil {
		return lf
	}
	lf = &loadedFile{}
	src, err := r.Env.FS.ReadFile(path)
	if isDirErr(err) {
		src, err = nil, nil // ssh opens a directory and reads nothing from it
	}
	if err == nil {
		lf.mode, lf.uid, err = r.Env.FS.Stat(path)
	}
	if err != nil {
		lf.err = err
	} else {
		lf.file = parser.Parse(path, src, parser.Options{Dialect: r.Dialect, Services: r.Env.Services, Keep: keep})
	}
	r.mu.Lock()
	r.files[key] = lf
	r.mu.Unlock()
	return lf
}

// Request is what ssh was asked: the destination and the command-line options.
type Request struct {
	// Host is the destination as typed (without user@ and ssh:// parts).
	Host string
	// ConfigFile is -F: a path, "none", or "" for the default files.
	ConfigFile string
	// Command is the remote command, words joined by spaces ("" for none).
	Command string
	// cmdline holds the configuration-changing options in order.
	cmdline []cmdOpt
	// LogFile is -E: ssh appends its log messages to this file instead of standard error.
	LogFile    string
	syslog     bool   // -y, which ssh refuses together with -E
	muxCommand string // -O
	// Trace asks for every block's evaluation to be recorded, including blocks the fast
	// path would skip (for explain).
	Trace bool
}

// BlockEval records how one Host/Match line was evaluated.
type BlockEval struct {
	File    string    `json:"file"`
	Line    int       `json:"line"`
	Span    diag.Span `json:"-"`
	Header  string    `json:"header"` // the keyword and its arguments as written
	Pass    int       `json:"pass"`
	Matched bool      `json:"matched"`
	Reason  string    `json:"reason"`
	// ParseOnly is true for headers in files included from an inactive block.
	ParseOnly bool `json:"parse_only,omitempty"`
}

// FileRead records one configuration file ssh opened.
type FileRead struct {
	Path      string  `json:"path"`
	Pass      int     `json:"pass"`
	Depth     int     `json:"depth"`
	IncludeBy *Source `json:"include_by,omitempty"` // the Include line that read it, nil for top-level files
	ParseOnly bool    `json:"parse_only,omitempty"`
	Missing   bool    `json:"missing,omitempty"`
}

// Result is the outcome of resolving one host.
type Result struct {
	// HostArg is the destination as typed; Hostname the final host name ssh connects to.
	HostArg, Hostname string
	opts              *options
	dialect           keyword.Dialect
	Files             []FileRead
	Blocks            []BlockEval
	// Diags are sshcfg's own findings made while resolving (e.g. Match exec not run).
	Diags diag.Diagnostics
	// Warnings are the messages ssh prints on standard error while it succeeds.
	Warnings []Message
	// command is the remote command given on the command line.
	command string
}

// Message is a line ssh writes to standard error. Plain marks fprintf output, which ssh
// writes as it is; other messages come from ssh's logger, which escapes them and ends
// lines with "\r\n" (see [LogText]). Text holds the bytes before escaping.
type Message struct {
	Text  string
	Plain bool
}

func (r *Result) warn(plain bool, format string, a ...any) {
	r.Warnings = append(r.Warnings, Message{Text: fmt.Sprintf(format, a...), Plain: plain})
}

// run is the state of one resolution.
type run struct {
	r           *Resolver
	req         *Request
	o           *options
	res         *Result
	env         *Env
	dia         keyword.Dialect
	hostArg     string
	matchHost   string // what Host lines match in this pass
	finalPass   bool
	wantFinal   bool
	pass        int
	includeHist []Source
	cmdArg      string // the command-line option being applied, for provenance
	// badLine is ssh's message for the last line the resolver (not the parser) refused;
	// badReported says the message was already printed.
	badLine     string
	badReported bool
	// fillAborted is set when assembling an algorithm list failed in 9.x: ssh then skips
	// the rest of fill_default_options and its later expansions.
	fillAborted bool
}

// flags of read_config_file
const (
	flagUserConf   = 1 << iota // user configuration (relative Include under ~/.ssh)
	flagCheckPerm              // ownership and mode are checked
	flagNeverMatch             // parse only: every Host/Match is false
)

// Resolve computes the effective configuration for req. A *FatalError says ssh would
// fail; its Before field holds what ssh would print first.
func (r *Resolver) Resolve(req *Request) (*Result, error) {
	st := &run{r: r, req: req, o: newOptions(), env: r.Env, dia: r.Dialect, pass: 1}
	res, err := st.resolve()
	var fe *FatalError
	if errors.As(err, &fe) {
		fe.Before = append(st.res.Warnings, fe.Before...)
	}
	return res, err
}

func (st *run) resolve() (*Result, error) {
	req := st.req
	st.res = &Result{opts: st.o, dialect: st.dia, command: req.Command}
	st.hostArg = req.Host
	if err := st.applyCommandLine(); err != nil {
		return nil, err
	}
	if req.Command == "" && st.o.num(keyword.SessionType, -1) == 1 {
		return nil, plainf("You must specify a subsystem to invoke.\n%s", usage(st.dia).Error())
	}
	if j, ok := st.o.get(keyword.ProxyJump).(parser.Jump); ok && st.dia.Behaves("10.3", 10) && !j.None && !validHostname(j.Host, true) {
		tail := "Invalid -J argument"
		if src := st.o.slots[keyword.ProxyJump].Source; strings.HasPrefix(src.Arg, "-o") {
			tail = fmt.Sprintf("command-line line 0: Invalid ProxyJump \"%s\"", j.Raw)
		}
		return nil, fatalf("parse_jump: invalid hostname \"%s\"\n%s", j.Host, tail)
	}
	if u, ok := st.o.str(keyword.User); ok && (st.dia.Debian || st.dia.Version.AtLeast("9.6")) && !validUser(u) {
		return nil, fatalf("remote username contains invalid characters")
	}
	st.res.HostArg = req.Host
	st.matchHost = req.Host
	if err := st.readConfigFiles(); err != nil {
		return nil, err
	}
	host, err := st.finishHostname()
	if err != nil {
		return nil, err
	}
	if st.wantFinal {
		if s := st.o.slots[keyword.Hostname]; s != nil {
			s.Value = host // keep the provenance of the HostName line
		} else {
			st.o.slots[keyword.Hostname] = &Setting{Value: host, Source: Source{Kind: FromComputed}}
		}
		st.finalPass, st.pass, st.matchHost = true, 2, host
		if err := st.readConfigFiles(); err != nil {
			return nil, err
		}
	}
	st.res.Hostname = host
	if err := st.fillDefaults(); err != nil {
		return nil, err
	}
	if err := st.postProcess(host); err != nil {
		return nil, err
	}
	return st.res, nil
}

func (st *run) readConfigFiles() error {
	req := st.req
	switch {
	case req.ConfigFile == "none":
		return nil
	case req.ConfigFile != "":
		path := st.env.abs(req.ConfigFile)
		lf := st.r.load(path, st.matchHost)
		if lf.err != nil {
			return fatalf("Can't open user config file %s: %s", req.ConfigFile, errText(lf.err))
		}
		active := true
		return st.readFile(req.ConfigFile, path, flagUserConf, &active, 0)
	}
	user := st.env.userConfigPath()
	// ssh ignores a default file it cannot open, whatever the reason
	active := true
	if err := st.readFile(user, user, flagUserConf|flagCheckPerm, &active, 0); err != nil && !isOpenError(err) {
		return err
	}
	if st.env.SystemConfig != "" {
		active = true
		if err := st.readFile(st.env.SystemConfig, st.env.SystemConfig, 0, &active, 0); err != nil && !isOpenError(err) {
			return err
		}
	}
	return nil
}

// openError is a config file that exists but cannot be opened.
type openError struct {
	path string
	err  error
}

func (e *openError) Error() string {
	return fmt.Sprintf("Can't open user config file %s: %s", e.path, errText(e.err))
}

func isOpenError(err error) bool {
	var oe *openError
	return errors.As(err, &oe)
}

func errText(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "Permission denied"
	}
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-32) + msg[1:] // strerror style
	}
	return msg
}

// readFile processes one file like read_config_file_depth. display is the name used in
// messages (as given); path is where it is read.
func (st *run) readFile(display, path string, flags int, active *bool, depth int) error {
	if depth > 16 {
		return fatalf("Too many recursive configuration includes")
	}
	lf := st.r.load(path, st.matchHost)
	fr := FileRead{Path: path, Pass: st.pass, Depth: depth, ParseOnly: flags&flagNeverMatch != 0}
	if n := len(st.includeHist); n > 0 {
		inc := st.includeHist[n-1]
		fr.IncludeBy = &inc
	}
	if lf.err != nil {
		if errors.Is(lf.err, fs.ErrNotExist) {
			fr.Missing = true
			st.res.Files = append(st.res.Files, fr)
			return nil
		}
		return &openError{path: display, err: lf.err}
	}
	if flags&flagCheckPerm != 0 {
		if (lf.uid != 0 && lf.uid != st.env.User.UID) || !permOK(lf.mode, st.dia) {
			return fatalf("Bad owner or permissions on %s", display)
		}
	}
	st.res.Files = append(st.res.Files, fr)
	f := lf.file
	bad := 0
	visit := func(l *parser.Line) error {
		ok, err := st.processLine(display, f, l, flags, active, depth)
		if err != nil {
			return err
		}
		if !ok {
			bad++
			st.reportBad(display, l.Number, l)
		}
		return nil
	}
	st.r.mu.Lock()
	lf.walks++
	if lf.walks == 2 {
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
		err := index.walk(f, st.matchHost, flags&flagNeverMatch != 0, active, visit)
		if err != nil {
			return err
		}
	}
	if bad > 0 {
		return fatalf("%s: terminating, %d bad configuration options", display, bad)
	}
	return nil
}

// reportBad prints (as ssh does, in order with its other messages) why line n of file
// was counted as a bad option.
func (st *run) reportBad(file string, n int, l *parser.Line) {
	if st.badReported {
		st.badReported = false
		return
	}
	if st.badLine != "" {
		st.res.warn(false, "%s line %d: %s", file, n, st.badLine)
		st.badLine = ""
		return
	}
	st.res.warn(false, "%s", lineMessageAt(file, n, l))
}

func lineMessageAt(file string, n int, l *parser.Line) string {
	for _, d := range l.Diags {
		if d.Severity != diag.Error {
			continue
		}
		switch d.Code {
		case parser.CodeUnknownKeyword, parser.CodeTooNew:
			return fmt.Sprintf("%s: line %d: Bad configuration option: %s", file, n, l.Name)
		case parser.CodeNotOnCmdline:
			return d.Message
		case parser.CodeBadMatch:
			bad := fmt.Sprintf("%s line %d: Bad Match condition", file, n)
			for _, p := range []string{"Missing Match criteria", "Unsupported Match attribute", "One or more attributes", "addr_match_cidr_list", "Invalid network entry"} {
				if strings.HasPrefix(d.Message, p) {
					return d.Message + "\n" + bad
				}
			}
			return fmt.Sprintf("%s line %d: %s\n%s", file, n, d.Message, bad)
		}
		msg, _, _ := strings.Cut(d.Message, " (did you mean") // sshcfg's hint, not ssh's words
		return fmt.Sprintf("%s line %d: %s", file, n, msg)
	}
	return fmt.Sprintf("%s line %d: bad configuration option", file, n)
}

func isDirErr(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "is a directory")
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
	s := Source{Kind: FromConfig, File: f.Name, Line: l.Number, Span: l.Span, Pass: st.pass}
	if len(st.includeHist) > 0 {
		s.Include = append([]Source(nil), st.includeHist...)
	}
	return s
}

// processLine applies one line; ok is false when ssh counts it as a bad option.
func (st *run) processLine(display string, f *parser.File, l *parser.Line, flags int, active *bool, depth int) (bool, error) {
	if l.Kind != parser.LineDirective {
		return true, nil
	}
	if len(l.Diags) > 0 {
		for _, d := range l.Diags {
			if d.Severity != diag.Error {
				continue
			}
			if (d.Code == parser.CodeUnknownKeyword || d.Code == parser.CodeTooNew) && st.ignoredUnknown(l.Name) {
				return true, nil
			}
			if l.Name == "permitremoteopen" && strings.HasSuffix(d.Message, " in permitremoteopen") {
				// ssh stops at once on a bad PermitRemoteOpen entry (fatal, not a bad line)
				return false, fatalf("%s line %d: %s", display, l.Number, d.Message)
			}
			return false, nil
		}
	}
	if l.Keyword == nil || (l.Value == nil && l.Keyword.Kind != keyword.KindMatch) {
		for _, d := range l.Diags {
			if d.Code == parser.CodeUnsupported {
				n := l.Number
				if f == nil {
					n = 0 // -o lines are "command-line line 0"
				}
				st.res.warn(false, "%s line %d: Unsupported option \"%s\"", display, n, l.Name)
			}
		}
		return true, nil // deprecated, unsupported and similar lines
	}
	if !st.envValid(l) {
		return false, nil
	}
	src := st.srcOf(f, l)
	switch l.Keyword.Kind {
	case keyword.KindHost:
		st.evalHost(f, l, flags, active)
		return true, nil
	case keyword.KindMatch:
		return st.evalMatch(f, l, flags, active)
	case keyword.KindInclude:
		return st.include(display, l, flags, active, depth, src)
	}
	return st.apply(l.Keyword, l.Value, *active, src, flags), nil
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
		if !l.Keyword.EnvOnRead() {
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
		st.badLine = fmt.Sprintf("Invalid environment expansion %s.", s)
		return false
	}
	return true
}

func (st *run) ignoredUnknown(name string) bool {
	pat, ok := st.o.str(keyword.IgnoreUnknown)
	return ok && pattern.MatchList(name, pat, true) == 1
}

func (st *run) evalHost(f *parser.File, l *parser.Line, flags int, active *bool) {
	*active = false
	reason := "no pattern matched " + strconv.Quote(st.matchHost)
	if flags&flagNeverMatch == 0 {
		for _, p := range l.Value.([]string) {
			neg := strings.HasPrefix(p, "!")
			if neg {
				p = p[1:]
			}
			if pattern.Match(st.matchHost, p) {
				if neg {
					*active = false
					reason = fmt.Sprintf("negated pattern !%s matched %q", p, st.matchHost)
					break
				}
				if !*active {
					reason = fmt.Sprintf("pattern %s matched %q", p, st.matchHost)
				}
				*active = true
			}
		}
	} else {
		reason = "parse only (included from an inactive block)"
	}
	st.trace(f, l, *active, reason, flags)
}

func (st *run) trace(f *parser.File, l *parser.Line, matched bool, reason string, flags int) {
	if f == nil {
		return
	}
	st.res.Blocks = append(st.res.Blocks, BlockEval{
		File: f.Name, Line: l.Number, Span: l.Span, Header: strings.TrimSpace(f.Text(diag.Span{Start: l.KeySpan.Start, End: l.Rest.End})),
		Pass: st.pass, Matched: matched, Reason: reason, ParseOnly: flags&flagNeverMatch != 0,
	})
}

// include processes an Include line like OpenSSH: the files are read even from an
// inactive block (parse only), each starting in the includer's state, which is restored
// afterwards.
func (st *run) include(display string, l *parser.Line, flags int, active *bool, depth int, src Source) (bool, error) {
	ok := true
	for _, arg := range l.Value.([]string) {
		pattern := arg
		if st.dia.Version.AtLeast("9.9") {
			exp, err := percentDollarExpand(arg, st.matchTokens(), st.env.Getenv)
			var mv *missingVarError
			if errors.As(err, &mv) {
				st.res.warn(false, "%s line %d: Unable to expand user config file '%s'", display, l.Number, arg)
				continue
			}
			if err != nil {
				return false, err
			}
			pattern = exp
		}
		if strings.HasPrefix(pattern, "~") && flags&flagUserConf == 0 {
			st.badLine = "bad include path " + pattern + "."
			return false, nil
		}
		pattern = st.env.includeGlob(pattern, flags&flagUserConf != 0)
		matches, err := st.env.FS.Glob(pattern)
		if err != nil {
			st.badLine = "glob failed for " + pattern + "."
			return false, nil
		}
		oactive := *active
		for _, m := range matches {
			nf := flags | flagCheckPerm
			if !oactive {
				nf |= flagNeverMatch
			}
			st.includeHist = append(st.includeHist, src)
			err := st.readFile(m, m, nf, active, depth+1)
			st.includeHist = st.includeHist[:len(st.includeHist)-1]
			var oe *openError
			if errors.As(err, &oe) {
				// ssh prints the open error and counts the Include line as bad
				st.res.warn(false, "%s", oe.Error())
				st.badReported = true
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

// userConfigPath is the per-user config file ssh reads when there is no -F.
func (e *Env) userConfigPath() string {
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
