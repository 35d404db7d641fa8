package resolve

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// apply stores a decoded value the way process_config_line does: most options keep the
// first value obtained; the exceptions are handled here. It returns false for a line ssh
// counts as bad.
func (st *run) apply(k *keyword.Keyword, v any, active bool, src Source, flags int) bool {
	o := st.o
	name := k.ID
	if k.Inactive == keyword.InactiveApplies { // stored whatever the Host/Match state
		if k.Multi == keyword.LastWins {
			o.setAlways(name, v, src)
		} else {
			o.setFirst(name, v, src)
		}
		return true
	}
	if !active {
		return true
	}
	switch k.Kind {
	case keyword.KindPath:
		if k.Multi == keyword.Accumulate {
			return st.addFile(k, v.(string), flagClass(flags), src)
		}
	case keyword.KindForward, keyword.KindDynamicForward:
		fs := v.(parser.ForwardSpec)
		f, ok := st.forwardOf(fs)
		if !ok {
			return false
		}
		if fs.Remote {
			o.remoteForwards = o.addForward(o.remoteForwards, f, true, src)
		} else {
			o.localForwards = o.addForward(o.localForwards, f, false, src)
		}
		return true
	case keyword.KindSendEnv:
		for _, e := range v.([]string) {
			if strings.HasPrefix(e, "-") {
				keep := o.sendEnv[:0]
				for _, x := range o.sendEnv {
					if pattern.Match(x.Value, e[1:]) {
						by := src
						o.drop(keyword.SendEnv, x.Value, x.Source, DropRemoved, &by)
						continue
					}
					keep = append(keep, x)
				}
				o.sendEnv = keep
				continue
			}
			o.sendEnv = append(o.sendEnv, entry{Value: e, Source: src})
		}
		return true
	case keyword.KindSetEnv:
		if o.isSet(name) {
			o.lose(name, src)
			return true
		}
		var out []string
		seen := map[string]bool{}
		for _, e := range v.([]string) {
			n, _, _ := strings.Cut(e, "=")
			if seen[n] {
				continue
			}
			seen[n] = true
			out = append(out, e)
		}
		o.setFirst(name, out, src)
		return true
	case keyword.KindList, keyword.KindPathList:
		if lim := k.LimitFor(st.dia); lim.Max > 0 && len(v.([]string)) > lim.Max && !o.isSet(name) {
			st.refuseEntry(CodeListLimit, lim.Max, lim.Message)
			return false
		}
		if k.ID == keyword.LogVerbose { // ssh keeps only the first pattern
			l := v.([]string)
			if len(l) > 0 {
				o.setFirst(name, l[:1], src)
			}
			return true
		}
		if k.ID == keyword.CanonicalizePermittedCNAMEs && len(v.([]string)) == 0 {
			return true
		}
	case keyword.KindForwardAgent:
		fa := v.(parser.ForwardAgent)
		o.setFirst(name, fa.Flag, src)
		if fa.Path != "" {
			o.setFirst(slotForwardAgentPath, fa.Path, src)
		}
		return true
	case keyword.KindRekeyLimit:
		rl := v.(parser.RekeyLimit)
		o.setFirst(name, rl.Bytes, src)
		if rl.HasInterval {
			o.setFirst(slotRekeyInterval, rl.Interval, src)
		}
		return true
	case keyword.KindTime:
		if v.(int) == parser.TimeNone {
			// "none" leaves the option unset, so a later line may still set it
			if o.isSet(name) {
				o.lose(name, src)
			}
			return true
		}
	case keyword.KindProxyJump:
		j := v.(parser.Jump)
		if o.isSet(keyword.ProxyCommand) || o.isSet(keyword.ProxyJump) {
			st.lose(name, keyword.ProxyCommand, src)
			return true
		}
		o.setFirst(name, j, src)
		if !j.None {
			o.setFirst(keyword.ProxyCommand, "none", Source{Kind: FromComputed})
		}
		return true
	case keyword.KindCommand:
		if k.ID == keyword.ProxyCommand && o.isSet(keyword.ProxyJump) && st.proxyJumpBlocks() {
			st.lose(name, keyword.ProxyJump, src)
			return true
		}
	}
	o.setFirst(name, v, src)
	return true
}

// forwardOf decodes a forwarding specification, expanding ${VAR} references first when the
// parser could not (it does not know the environment). On failure it prints what ssh
// prints and sets the bad-line message.
func (st *run) forwardOf(fs parser.ForwardSpec) (parser.Forward, bool) {
	if fs.Forward != nil {
		return *fs.Forward, true
	}
	spec, err := dollarExpand(fs.Spec, st.env.Getenv)
	var mv *missingVarError
	if errors.As(err, &mv) {
		st.res.warn(false, "%s", mv.Error())
	}
	if err == nil {
		if f, ok := parser.ParseForward(spec, fs.Dynamic, fs.Remote, st.portOf); ok {
			return f, true
		}
	}
	st.refuse(CodeBadForward, diag.Span{}, "Bad forwarding specification.")
	return parser.Forward{}, false
}

// proxyJumpBlocks reports whether an earlier ProxyJump stops a later ProxyCommand. Since
// OpenSSH 10.3 (and Debian's deb12u10) "ProxyJump none" no longer does.
func (st *run) proxyJumpBlocks() bool {
	j, _ := st.o.get(keyword.ProxyJump).(parser.Jump)
	return !(j.None && st.dia.Behaves("10.3", 10))
}

// lose records src as a losing assignment on the slot that blocked it.
func (st *run) lose(name, blocker keyword.ID, src Source) {
	if st.o.isSet(name) {
		st.o.lose(name, src)
	} else if st.o.isSet(blocker) {
		st.o.lose(blocker, src)
	}
}

func flagClass(flags int) int {
	if flags&flagUserConf != 0 {
		return 2
	}
	return 0
}

// addFile appends an IdentityFile or CertificateFile, dropping exact duplicates from the
// same class of source, with ssh's limit (Keyword.Limit).
func (st *run) addFile(k *keyword.Keyword, path string, class int, src Source) bool {
	list := &st.o.identityFiles
	if k.ID == keyword.CertificateFile {
		list = &st.o.certFiles
	}
	if lim := k.LimitFor(st.dia); lim.Max > 0 && len(*list) >= lim.Max {
		st.o.drop(k.ID, path, src, DropOverLimit, nil)
		st.refuse(CodeListLimit, src.ValueSpan, lim.Message)
		return false
	}
	for _, e := range *list {
		if e.Class == class && e.Value == path {
			by := e.Source
			st.o.drop(k.ID, path, src, DropDuplicate, &by)
			return true
		}
	}
	*list = append(*list, entry{Value: path, Class: class, Source: src})
	return true
}

// addForward appends a forward unless the same one is already in the list (ssh adds it
// once); the duplicate is recorded as dropped.
func (o *options) addForward(list []fwdEntry, f parser.Forward, remote bool, src Source) []fwdEntry {
	for _, e := range list {
		if e.Forward == f {
			by := e.Source
			o.drop(forwardKind(f, remote), f, src, DropDuplicate, &by)
			return list
		}
	}
	return append(list, fwdEntry{Forward: f, Source: src})
}

func (st *run) portOf(s string) int {
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 65535 && s != "" && s[0] != '+' {
		return n
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 && n <= 65535 {
		return int(n)
	}
	if st.env.Services != nil {
		if p, ok := st.env.Services(s); ok {
			return p
		}
	} else if p, ok := parser.DefaultServices(s); ok {
		return p
	}
	return -1
}

// matchTokens returns the tokens Match exec (and, from 9.9, Include) may use, computed
// from the options read so far.
func (st *run) matchTokens() tokens {
	h := st.currentHost()
	return st.tokens(h, h)
}

// tokens builds the %-token set from the options so far: the port and remote user fall
// back to 22 and the local user, %k to HostKeyAlias or else keyalias.
func (st *run) tokens(host, keyalias string) tokens {
	port := st.o.num(keyword.Port, 0)
	if port <= 0 {
		port = 22
	}
	ruser, ok := st.o.str(keyword.User)
	if !ok {
		ruser = st.env.User.Name
	}
	if a, ok := st.o.str(keyword.HostKeyAlias); ok {
		keyalias = a
	}
	ps := strconv.Itoa(port)
	t := tokens{
		'L': shortHost(st.env.Hostname), 'd': st.env.User.Home, 'h': host, 'k': keyalias,
		'l': st.env.Hostname, 'n': st.hostArg, 'p': ps, 'r': ruser, 'u': st.env.User.Name,
		'i': strconv.Itoa(st.env.User.UID),
	}
	if st.dia.Version.AtLeast("9.6") {
		j := st.jumpHost()
		t['j'] = j
		t['C'] = connectionHash(st.env.Hostname, host, ps, ruser, j)
	} else {
		t['C'] = connectionHash(st.env.Hostname, host, ps, ruser)
	}
	return t
}

func (st *run) jumpHost() string {
	if j, ok := st.o.get(keyword.ProxyJump).(parser.Jump); ok && !j.None {
		return j.Host
	}
	return ""
}

// currentHost is the host Match host compares with: the final host name in the final
// pass, else HostName (with %h expanded) if set so far, else the destination.
func (st *run) currentHost() string {
	h, ok := st.o.str(keyword.Hostname)
	if st.finalPass {
		return h
	}
	if !ok {
		return st.hostArg
	}
	if h != st.expandedFrom || st.expandedHost == "" {
		// HostName is set once per pass: expand it once, not for every Match host
		st.expandedFrom, st.expandedHost = h, h
		if exp, err := percentExpand(h, tokens{'h': st.hostArg}); err == nil {
			st.expandedHost = exp
		}
	}
	return st.expandedHost
}

// matchUser is the user Match user compares: User so far, else the local user.
func (st *run) matchUser() string {
	if u, ok := st.o.str(keyword.User); ok {
		return u
	}
	return st.env.User.Name
}

// matchCurrentHost is currentHost lower-cased, as Match host compares it.
func (st *run) matchCurrentHost() string { return pattern.LowerASCII(st.currentHost()) }

// evalMatch evaluates a Match line with the criteria the parser decoded.
func (st *run) evalMatch(display string, f *parser.File, l *parser.Line, flags int, active *bool) (bool, error) {
	crit, _ := l.Value.([]parser.Criterion)
	ev, err := st.evalCriteria(display, f, l, crit)
	if err != nil {
		return false, err
	}
	st.setMatchState(f, l, flags, active, ev)
	return true, nil
}

// evalBadMatch handles a Match line in error as match_cfg_line does: the criteria before
// the bad one are evaluated first, in order (their commands run); the block's state is
// set only when the error comes after all of them (all). The line is bad either way.
func (st *run) evalBadMatch(display string, f *parser.File, l *parser.Line, crit []parser.Criterion, all bool, flags int, active *bool) (bool, error) {
	ev, err := st.evalCriteria(display, f, l, crit)
	if err != nil {
		return false, err
	}
	if all {
		st.setMatchState(f, l, flags, active, ev)
	}
	return false, nil
}

// matchEval is the outcome of a Match line's criteria.
type matchEval struct {
	result   bool
	reasons  []string // one per criterion, built only for a trace (Request.Trace)
	criteria int      // criteria evaluated
	unknown  bool     // a Match exec was not run
	failed   int      // criteria that did not hold
}

// setMatchState sets the block's state from ev and records it.
func (st *run) setMatchState(f *parser.File, l *parser.Line, flags int, active *bool, ev matchEval) {
	if flags&flagNeverMatch != 0 {
		ev.result = false
	}
	*active = ev.result
	var reason string
	if st.req.Trace {
		if flags&flagNeverMatch != 0 {
			ev.reasons = append(ev.reasons, "parse only (included from an inactive block)")
		}
		reason = strings.Join(ev.reasons, "; ")
		if ev.unknown {
			reason += " (result unknown: treated as not matching)"
		}
	}
	st.trace(f, l, ev.result, reason, flags)
	if f != nil && !ev.result && flags&flagNeverMatch == 0 && ev.failed == 1 && ev.criteria > 1 {
		st.res.Blocks[len(st.res.Blocks)-1].NearMiss = true
	}
}

// evalCriteria evaluates criteria in order, like match_cfg_line: a Match exec runs only
// while every earlier criterion held. The reasons of a trace are built only when the
// request asks for one: resolving every host of a large configuration evaluates
// millions of criteria.
func (st *run) evalCriteria(display string, f *parser.File, l *parser.Line, crit []parser.Criterion) (matchEval, error) {
	trace := st.req.Trace
	ev := matchEval{result: true, criteria: len(crit)}
	for _, c := range crit {
		ok := true
		// the trace says "what subject against c.Arg", or why when set
		var what, subject, why string
		switch c.Attr {
		case "all":
			why = "all"
		case "canonical", "final":
			if c.Attr == "final" && (!c.Negate || !st.dia.Version.AtLeast("10.1")) {
				st.wantFinal = true
			}
			ok = st.finalPass
			if trace {
				why = fmt.Sprintf("%s: pass %d", c.Attr, st.pass)
			}
		case "host":
			subject = st.currentHost()
			ok = pattern.MatchHostname(subject, c.Arg) == 1
			what = "host"
		case "originalhost":
			subject = st.hostArg
			ok = pattern.MatchHostname(subject, c.Arg) == 1
			what = "originalhost"
		case "user":
			u := st.matchUser()
			ok = pattern.MatchList(u, c.Arg, false) == 1
			what, subject = "user", u
		case "localuser":
			ok = pattern.MatchList(st.env.User.Name, c.Arg, false) == 1
			what, subject = "localuser", st.env.User.Name
		case "tagged":
			tag, _ := st.o.str(keyword.Tag)
			if tag == "" { // no tag matches only an empty argument
				ok = c.Arg == ""
			} else {
				ok = pattern.MatchList(tag, c.Arg, false) == 1
			}
			what, subject = "tag", tag
		case "version":
			ok = pattern.MatchList(st.dia.Release, c.Arg, false) == 1
			what, subject = "version", st.dia.Release
		case "command":
			if st.req.Command == "" { // no command matches only an empty argument
				ok = c.Arg == ""
			} else {
				ok = pattern.MatchList(st.req.Command, c.Arg, false) == 1
			}
			what, subject = "command", st.req.Command
		case "sessiontype":
			t := st.sessionType()
			ok = pattern.MatchList(t, c.Arg, false) == 1
			what, subject = "sessiontype", t
		case "localnetwork":
			ok = st.inLocalNetwork(c.Arg)
			if trace {
				why = "local addresses against " + c.Arg
			}
		case "exec":
			cmd, err := percentExpand(c.Arg, st.matchTokens())
			if err != nil {
				return matchEval{}, err
			}
			if !ev.result {
				why = "exec skipped: an earlier criterion failed"
				break
			}
			if st.env.Exec == nil {
				ok, ev.unknown = false, true
				why = fmt.Sprintf("exec %q not run (command execution disabled)", cmd)
				if f != nil {
					st.res.Diags = append(st.res.Diags, diag.Diagnostic{
						File: f.Name, Span: c.Span, Severity: diag.Info, Code: CodeExecNotRun,
						Message: fmt.Sprintf("Match exec %q not run (commands are disabled): treated as not matching", cmd),
					})
				}
				break
			}
			status, err := st.env.Exec(st.ctx, cmd)
			if ctxErr := st.ctx.Err(); ctxErr != nil {
				return matchEval{}, ctxErr
			}
			var fe *FatalError
			if errors.As(err, &fe) {
				return matchEval{}, fe
			}
			if err != nil {
				if msg := err.Error(); msg != "" {
					st.res.warn(false, "%s", msg)
				}
				return matchEval{}, fatalf("%s line %d: match exec '%s' error", clip(display, 200), l.Number(), clip(cmd, 100))
			}
			ok = status == 0
			why = fmt.Sprintf("exec %q exited %d", cmd, status)
		}
		if c.Negate {
			ok = !ok
		}
		if !ok {
			ev.result = false
			ev.failed++
		}
		if trace {
			if what != "" {
				why = fmt.Sprintf("%s %q against %s", what, subject, c.Arg)
			}
			if c.Negate {
				why = "!" + why
			}
			ev.reasons = append(ev.reasons, fmt.Sprintf("%s: %v", why, ok))
		}
	}
	return ev, nil
}

// sessionType is what Match sessiontype sees.
func (st *run) sessionType() string {
	switch st.o.num(keyword.SessionType, -1) {
	case 1:
		return "subsystem"
	case 0:
		return "none"
	}
	if st.req.Command != "" {
		return "exec"
	}
	return "shell"
}

// inLocalNetwork reports whether an address of a local interface lies in one of the
// comma-separated CIDR blocks of list.
func (st *run) inLocalNetwork(list string) bool {
	if st.env.LocalAddrs == nil {
		return false
	}
	for _, a := range st.env.LocalAddrs() {
		for _, c := range strings.Split(list, ",") {
			if !strings.Contains(c, "/") {
				if ip := net.ParseIP(c); ip != nil && ip.Equal(a) {
					return true
				}
				continue
			}
			if _, n, err := net.ParseCIDR(c); err == nil && n.Contains(a) {
				return true
			}
		}
	}
	return false
}
