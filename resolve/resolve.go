package resolve

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// run is the state of one resolution.
type run struct {
	ctx       context.Context
	r         *Resolver
	req       *Request
	o         *options
	res       *Result
	env       *Env
	dia       keyword.Dialect
	hostArg   string
	matchHost string // what Host lines match in this pass
	finalPass bool
	wantFinal bool
	pass      int
	// includeHist is the chain of Include lines that led to the file being read. The
	// provenance of lines shares it: it is replaced, never changed in place.
	includeHist []Source
	// includesStopped is set, in tolerant mode, once an Include went deeper than ssh
	// allows (where ssh stops): no Include is read after, in this pass. depthReported
	// says that Include was reported (once, though each pass meets it).
	includesStopped, depthReported bool
	cmdArg                         string // the command-line option being applied, for provenance
	// badLine is ssh's message for the last line the resolver (not the parser) refused;
	// badReported says the message was already printed.
	badLine     string
	badReported bool
	// bad is the diagnostic for the line the resolver refused, for tolerant mode.
	bad *refusal
	// logStarted is set once ssh is past its arguments: its log then goes where -E and
	// -y say.
	logStarted bool
	// fillAborted is set when assembling an algorithm list failed in 9.x: ssh then skips
	// the rest of fill_default_options and its later expansions.
	fillAborted bool
	// dumpTokens is the default token set while expandForDump runs: the options it is
	// made of are final by then, so it is built once.
	dumpTokens tokens
	// expandedHost is HostName expandedFrom with %h expanded: what Match host compares
	// in the first pass.
	expandedFrom, expandedHost string
}

// flags of read_config_file
const (
	flagUserConf   = 1 << iota // user configuration (relative Include under ~/.ssh)
	flagCheckPerm              // ownership and mode are checked
	flagNeverMatch             // parse only: every Host/Match is false
)

// Resolve computes the effective configuration for req; it is ResolveContext with a
// background context.
func (r *Resolver) Resolve(req *Request) (*Result, error) {
	return r.ResolveContext(context.Background(), req)
}

// ResolveContext computes the effective configuration for req. A *FatalError says ssh
// would fail; its Before field holds what ssh would print first. ctx reaches the Match
// exec runner and DNS lookups; once it is done, the resolution stops (between lines,
// between files, or by killing a running command) and returns ctx.Err().
func (r *Resolver) ResolveContext(ctx context.Context, req *Request) (*Result, error) {
	st := &run{ctx: ctx, r: r, req: req, o: newOptions(), env: r.Env, dia: r.Dialect, pass: 1}
	res, err := st.resolve()
	if ctxErr := ctx.Err(); ctxErr != nil {
		// a lookup or command cut short may have changed the outcome
		return nil, ctxErr
	}
	var fe *FatalError
	if errors.As(err, &fe) && req.Tolerant {
		return st.res, st.giveUp(fe)
	}
	if errors.As(err, &fe) {
		fe.Early = !st.logStarted
		fe.Before = append(st.res.Warnings, fe.Before...)
	}
	return res, err
}

// startLog marks the point where ssh, done with its arguments, points its logger at the
// -E file or syslog: every message so far was written to standard error.
func (st *run) startLog() {
	for i := range st.res.Warnings {
		st.res.Warnings[i].Early = true
	}
	st.logStarted = true
}

func (st *run) resolve() (*Result, error) {
	req := st.req
	st.res = &Result{opts: st.o, dialect: st.dia, command: req.Command}
	st.hostArg = req.Host
	if err := st.applyCommandLine(); err != nil {
		return nil, err
	}
	if err := checkDestination(req.Host, st.dia); err != nil {
		return nil, err
	}
	if req.Command == "" && st.o.num(keyword.SessionType, -1) == 1 {
		return nil, plainf("You must specify a subsystem to invoke.\n%s", usage(st.dia).Error())
	}
	if j, ok := st.o.get(keyword.ProxyJump).(parser.Jump); ok && st.dia.Behaves("10.3", 10) && !j.None && !validHostname(j.Host, true) {
		tail := "Invalid -J argument"
		if src := st.o.setting(keyword.ProxyJump).Source; strings.HasPrefix(src.Arg, "-o") {
			tail = fmt.Sprintf("command-line line 0: Invalid ProxyJump \"%s\"", j.Raw)
		}
		if err := st.settingFailed(keyword.ProxyJump, nil, fatalf("parse_jump: invalid hostname \"%s\"\n%s", j.Host, tail)); err != nil {
			return nil, err
		}
	}
	if u, ok := st.o.str(keyword.User); ok && (st.dia.Debian || st.dia.Version.AtLeast("9.6")) && !validUser(u) {
		if err := st.settingFailed(keyword.User, nil, fatalf("remote username contains invalid characters")); err != nil {
			return nil, err
		}
	}
	st.startLog()
	st.res.HostArg = req.Host
	st.matchHost = req.Host
	if err := st.readConfigFiles(); err != nil {
		return nil, err
	}
	st.fillCanonicalizationDefaults()
	host, err := st.finishHostname()
	if err != nil {
		return nil, err
	}
	if st.wantFinal {
		if st.o.isSet(keyword.Hostname) {
			st.o.setValue(keyword.Hostname, host) // keep the provenance of the HostName line
		} else {
			st.o.put(keyword.Hostname, &Setting{Value: host, Source: Source{Kind: FromComputed}})
		}
		st.finalPass, st.pass, st.matchHost = true, 2, host
		st.includesStopped = false // the final pass reads the files from the start again
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
	st.res.env, st.res.tokens = st.env, st.defaultTokens(host)
	return st.res, nil
}

func (st *run) readConfigFiles() error {
	req := st.req
	switch {
	case req.configGiven || req.ConfigFile != "":
		if strings.EqualFold(req.ConfigFile, "none") {
			return nil
		}
		path := st.env.abs(req.ConfigFile)
		active := true
		err := st.readFile(req.ConfigFile, path, flagUserConf, &active, 0)
		var oe *openError
		if errors.As(err, &oe) && req.Tolerant {
			st.problem(CodeConfigUnreadable, path, diag.Span{}, "%s", oe.Error())
			return nil
		}
		if errors.As(err, &oe) {
			return fatalf("%s", oe.Error())
		}
		return err
	}
	user := st.env.UserConfigPath()
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
