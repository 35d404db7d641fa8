package resolve

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// fillCanonicalizationDefaults follows fill_default_options_for_canonicalization, which ssh
// runs between the passes: settings of these three in the final pass come too late.
func (st *run) fillCanonicalizationDefaults() {
	for i, s := range fillTableFor(st.dia).canonical {
		if id := canonicalSlots[i]; !st.o.isSet(id) {
			st.o.putShared(id, s)
		}
	}
}

// fillDefaults follows fill_default_options: unset options get their defaults, algorithm
// lists are assembled against the build's lists, and "none" clears some strings. The
// defaults are the dialect's shared fillTable; those that depend on other options are
// given first, before the options they read get their own defaults.
func (st *run) fillDefaults() error {
	o, dia := st.o, st.dia
	defs := fillTableFor(dia)
	set := func(name keyword.ID, s *Setting) {
		if !o.isSet(name) {
			o.putShared(name, s)
		}
	}
	stdio := b2i(st.req.stdioForward())
	set(keyword.ExitOnForwardFailure, defs.flag[stdio])
	set(keyword.ClearAllForwardings, defs.flag[stdio])
	if o.num(keyword.ClearAllForwardings, 0) == 1 {
		by := o.setting(keyword.ClearAllForwardings).Source
		for _, e := range o.localForwards {
			o.drop(forwardKind(e.Forward, false), e.Forward, e.Source, DropCleared, &by)
		}
		for _, e := range o.remoteForwards {
			o.drop(keyword.RemoteForward, e.Forward, e.Source, DropCleared, &by)
		}
		o.localForwards, o.remoteForwards = nil, nil
		o.setAlways(keyword.Tunnel, 0, Source{Kind: FromComputed})
		o.own(keyword.Tunnel).Lost = nil
	}
	if len(o.identityFiles) == 0 {
		o.identityFiles = append(o.identityFiles, defs.identities...)
	}
	if !o.isSet(keyword.UpdateHostKeys) { // before UserKnownHostsFile's default
		uk, _ := o.strs(keyword.UserKnownHostsFile)
		v := 0
		if o.num(keyword.VerifyHostKeyDNS, 0) <= 0 && (len(uk) == 0 || (len(uk) == 1 && uk[0] == "~/.ssh/known_hosts")) {
			v = 1
		}
		o.put(keyword.UpdateHostKeys, &Setting{Value: v, Source: Source{Kind: FromComputed}})
	}
	if dia.Debian && o.num(keyword.BatchMode, 0) == 1 {
		set(keyword.ServerAliveInterval, defs.batchAlive)
	}
	for i, s := range defs.plain {
		if s != nil && o.slots[i].s == nil {
			o.slots[i] = slot{s: s, shared: true}
		}
	}
	algs := dia.Algorithms()
	// in fill_default_options' order; each row's family says which lists it uses
	for _, id := range algorithmSlots {
		fam := id.Keyword().Algorithms
		var src Source
		if s := st.o.setting(id); s != nil {
			src = s.Source
		}
		ok := st.assemble(id, algs.Default(fam), algs.Supported(fam))
		if !ok && st.req.Tolerant && dia.Version.AtLeast("10.4") {
			// the slot is gone: assembling again gives ssh's default list
			st.problem(CodeInvalidSetting, src.File, src.ValueSpan, "%s: no valid algorithm list results (ssh: %s: invalid algorithm list); the default list is used instead",
				id.Keyword().Name, strings.ToLower(id.String()))
			st.assemble(id, algs.Default(fam), algs.Supported(fam))
			continue
		}
		if !ok {
			if st.req.Tolerant {
				// before 10.4 ssh goes on with an empty list and skips its later defaults;
				// a connection would fail
				st.problem(CodeInvalidSetting, src.File, src.ValueSpan, "%s: no valid algorithm list results; ssh drops it and skips the rest of its defaults",
					id.Keyword().Name)
				st.res.Diags[len(st.res.Diags)-1].Severity = diag.Warning // ssh -G still succeeds
			}
			st.res.warn(false, "fill_default_options: %s: invalid argument", id.Keyword().SSHField)
			if dia.Version.AtLeast("10.4") {
				return fatalf("%s: invalid algorithm list", strings.ToLower(id.String()))
			}
			st.fillAborted = true
			return nil
		}
	}
	for _, n := range []keyword.ID{keyword.LocalCommand, keyword.RemoteCommand, keyword.ProxyCommand, keyword.ControlPath,
		keyword.RevokedHostKeys, keyword.PKCS11Provider, keyword.SecurityKeyProvider, keyword.KnownHostsCommand} {
		if v, ok := o.str(n); ok && strings.EqualFold(v, "none") {
			o.unset(n)
		}
	}
	if l, ok := o.strs(keyword.RevokedHostKeys); ok && len(l) == 1 && strings.EqualFold(l[0], "none") {
		if dia.Version.AtLeast("10.3") {
			o.setValue(keyword.RevokedHostKeys, []string{})
		} else {
			o.unset(keyword.RevokedHostKeys)
		}
	}
	if j, ok := o.get(keyword.ProxyJump).(parser.Jump); ok && j.None {
		o.unset(keyword.ProxyJump)
	}
	if l, ok := o.strs(keyword.CanonicalizePermittedCNAMEs); ok && len(l) == 1 && strings.EqualFold(l[0], "none") {
		o.unset(keyword.CanonicalizePermittedCNAMEs)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func defaultIdentities(d keyword.Dialect) []string {
	if d.Version.AtLeast("10.1") {
		return []string{".ssh/id_rsa", ".ssh/id_ecdsa", ".ssh/id_ecdsa_sk", ".ssh/id_ed25519", ".ssh/id_ed25519_sk", ".ssh/id_mldsa44_ed25519"}
	}
	return []string{".ssh/id_rsa", ".ssh/id_ecdsa", ".ssh/id_ecdsa_sk", ".ssh/id_ed25519", ".ssh/id_ed25519_sk", ".ssh/id_xmss", ".ssh/id_dsa"}
}

// assemble expands an algorithm list option like kex_assemble_names: + appends to the
// default, - removes matching names from it, ^ puts names first, and every remaining
// element is a pattern matched against all supported names. It reports false when ssh
// fails (a '!' pattern or an empty result); the option is then left unset.
func (st *run) assemble(slot keyword.ID, def, all []string) bool {
	s := st.o.setting(slot)
	if s == nil {
		st.o.putShared(slot, fillTableFor(st.dia).algorithms[slotIndex(slot)])
		return true
	}
	v, _ := s.Value.(string)
	st.res.written = append(st.res.written, writtenList{slot, v})
	out, ok := assembleCached(st.dia, slot, v, def, all)
	if !ok {
		st.o.unset(slot)
		return false
	}
	st.o.setValue(slot, out)
	return true
}

func assembleList(v string, def, all []string) (string, bool) {
	if v == "" {
		return strings.Join(def, ","), true
	}
	var list []string
	switch v[0] {
	case '+':
		list = namesCat(def, strings.Split(v[1:], ","))
	case '-':
		var keep []string
		for _, d := range def {
			if pattern.MatchList(d, v[1:], false) != 1 {
				keep = append(keep, d)
			}
		}
		return strings.Join(keep, ","), true
	case '^':
		list = namesCat(strings.Split(v[1:], ","), def)
	default:
		list = strings.Split(v, ",")
	}
	var out []string
	for _, p := range list {
		if strings.HasPrefix(p, "!") {
			return "", false
		}
		var matching []string
		for _, a := range all {
			if pattern.MatchList(a, p, false) == 1 {
				matching = append(matching, a)
			}
		}
		out = namesCat(out, matching)
	}
	if len(out) == 0 {
		return "", false
	}
	return strings.Join(out, ","), true
}

// namesCat appends the names of b not already in a, up to b's first empty element.
func namesCat(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		if x == "" {
			break // kex_names_cat stops at an empty element: "+a,,b" adds a only
		}
		dup := false
		for _, y := range out {
			if x == y {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

// postProcess does what ssh's main does after filling defaults and before dumping:
// default user, ProxyJump checks, option consistency checks and token expansion.
func (st *run) postProcess(host string) error {
	o := st.o
	if !o.isSet(keyword.User) {
		o.put(keyword.User, &Setting{Value: st.env.User.Name, Source: Source{Kind: FromComputed}})
	} else if src := o.setting(keyword.User).Source; st.dia.Version.AtLeast("10.0") &&
		!(src.Kind == FromCommandLine && (src.Arg == "user@host" || strings.HasPrefix(src.Arg, "-l"))) {
		// 10.0 expands tokens (all but %r and %C) and ${VAR} in a User from a config file
		// or -o, not from -l or user@host, and checks what the expansion made
		u, _ := o.str(keyword.User)
		t := st.defaultTokens(host)
		delete(t, 'r')
		delete(t, 'C')
		exp, err := percentDollarExpand(u, t, st.env.Getenv)
		var fe *FatalError
		switch {
		case err != nil && errors.As(asFatal(err), &fe):
			err = st.settingFailed(keyword.User, st.env.User.Name, fe)
		case err != nil:
		case exp != u && !validUser(exp):
			err = st.settingFailed(keyword.User, st.env.User.Name, fatalf("remote username contains invalid characters"))
		default:
			o.setValue(keyword.User, exp)
		}
		if err != nil {
			return err
		}
	}
	user, _ := o.str(keyword.User)
	port := o.num(keyword.Port, 0)
	if j, ok := o.get(keyword.ProxyJump).(parser.Jump); ok && !j.None {
		p, jp := port, j.Port
		if p <= 0 {
			p = 22
		}
		if jp <= 0 {
			jp = 22
		}
		ju := j.User
		if ju == "" {
			ju = user
		}
		// before 10.3 ProxyJump also stored ProxyCommand "none", which survives when
		// fill_default_options stopped early
		pc, hasPC := o.str(keyword.ProxyCommand)
		var err error
		switch {
		case j.Host == host && p == jp && user == ju:
			err = st.settingFailed(keyword.ProxyJump, nil, fatalf("jumphost loop via %s", j.Host))
		case hasPC && !(pc == "none" && !st.fillAborted) && !st.dia.Behaves("10.3", 10):
			err = st.settingFailed(keyword.ProxyJump, nil, fatalf("inconsistent options: ProxyCommand+ProxyJump"))
		}
		if err != nil {
			return err
		}
	}
	if j, ok := o.get(keyword.ProxyJump).(parser.Jump); ok && !j.None {
		o.setAlways(keyword.ProxyUseFdpass, 0, Source{Kind: FromComputed})
	}
	if pc, ok := o.str(keyword.ProxyCommand); ok && pc == "-" && o.num(keyword.ProxyUseFdpass, 0) == 1 {
		if err := st.settingFailed(keyword.ProxyUseFdpass, 0, fatalf("ProxyCommand=- and ProxyUseFDPass are incompatible")); err != nil {
			return err
		}
	}
	if port <= 0 {
		o.setAlways(keyword.Port, 22, Source{Kind: FromDefault})
		o.own(keyword.Port).Lost = nil
	}
	if a, ok := o.str(keyword.HostKeyAlias); ok {
		o.setValue(keyword.HostKeyAlias, pattern.LowerASCII(a))
	}
	if o.num(keyword.UpdateHostKeys, 0) == 2 {
		_, cp := o.str(keyword.ControlPath)
		cpers, _ := o.get(keyword.ControlPersist).(parser.ControlPersist)
		_, rc := o.str(keyword.RemoteCommand)
		switch {
		case cpers.Enabled != 0 && cp:
			o.setValue(keyword.UpdateHostKeys, 0)
		case st.req.Command != "" || rc || o.num(keyword.RequestTTY, 0) == 1:
			o.setValue(keyword.UpdateHostKeys, 0)
		case o.num(keyword.LogLevel, 3) < 3:
			o.setValue(keyword.UpdateHostKeys, 0)
		}
	}
	if o.num(keyword.ConnectionAttempts, 1) <= 0 {
		if err := st.settingFailed(keyword.ConnectionAttempts, 1, fatalf("Invalid number of ConnectionAttempts")); err != nil {
			return err
		}
	}
	if _, rc := o.str(keyword.RemoteCommand); rc && st.req.Command != "" {
		if err := st.settingFailed(keyword.RemoteCommand, nil, fatalf("Cannot execute command-line and remote command.")); err != nil {
			return err
		}
	}
	if o.num(keyword.ForkAfterAuthentication, 0) == 1 && st.req.Command == "" && !o.isSet(keyword.RemoteCommand) && o.num(keyword.SessionType, 2) != 0 {
		if err := st.settingFailed(keyword.ForkAfterAuthentication, 0, fatalf("Cannot fork into background without a command to execute.")); err != nil {
			return err
		}
	}
	if st.ptyNotice() {
		st.res.warn(false, "Pseudo-terminal will not be allocated because stdin is not a terminal.")
	}
	return st.expandForDump(host)
}

// expandDefault expands the default token set (and ${VAR} when env is true) in s.
func (st *run) expandDefault(s, host string, env bool) (string, error) {
	if env {
		out, err := percentDollarExpand(s, st.defaultTokens(host), st.env.Getenv)
		return out, asFatal(err)
	}
	return percentExpand(s, st.defaultTokens(host))
}

// defaultTokens is ssh's default_client_percent_expand set.
func (st *run) defaultTokens(host string) tokens {
	if st.dumpTokens != nil {
		return st.dumpTokens
	}
	return st.tokens(host, st.hostArg)
}

// expandForDump applies the expansions ssh performs before printing its -G dump.
// expandPaths expands ~ and the tokens of every path of a list.
func (st *run) expandPaths(l []string, host string) ([]string, error) {
	out := make([]string, len(l))
	for i, p := range l {
		t, err := st.env.tildeExpand(p)
		if err != nil {
			return nil, err
		}
		if out[i], err = st.expandDefault(t, host, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (st *run) expandForDump(host string) error {
	o := st.o
	st.dumpTokens = st.tokens(host, st.hostArg)
	defer func() { st.dumpTokens = nil }()
	pathExpand := func(name keyword.ID) error {
		v, ok := o.str(name)
		if !ok {
			return nil
		}
		if name == keyword.IdentityAgent && (v == "none" || v == "SSH_AUTH_SOCK" || strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${")) {
			return nil
		}
		if name == slotForwardAgentPath && strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${") {
			return nil
		}
		t, err := st.env.tildeExpand(v)
		if err != nil {
			return st.expansionFailed(name, err)
		}
		x, err := st.expandDefault(t, host, true)
		if err != nil {
			return st.expansionFailed(name, err)
		}
		o.setValue(name, x)
		return nil
	}
	if v, ok := o.str(keyword.RemoteCommand); ok {
		x, err := st.expandDefault(v, host, false)
		if err == nil {
			o.setValue(keyword.RemoteCommand, x)
		} else if err := st.expansionFailed(keyword.RemoteCommand, err); err != nil {
			return err
		}
	}
	for _, n := range []keyword.ID{keyword.ControlPath, keyword.IdentityAgent, slotForwardAgentPath} {
		if err := pathExpand(n); err != nil {
			return err
		}
	}
	if p, ok := o.str(slotForwardAgentPath); ok && st.env.FileExists != nil && !st.env.FileExists(p) {
		msg := fmt.Sprintf("Cannot forward agent socket path \"%s\": No such file or directory", p)
		if o.num(keyword.ExitOnForwardFailure, 0) == 1 {
			return fatalf("%s", msg)
		}
		st.res.warn(false, "%s", msg)
	}
	for _, n := range []keyword.ID{keyword.GlobalKnownHostsFile, keyword.UserKnownHostsFile} {
		l, _ := o.strs(n)
		if len(l) > 0 && strings.EqualFold(l[0], "none") {
			if len(l) > 1 {
				if err := st.settingFailed(n, nil, fatalf("Invalid %ss: \"none\" appears with other entries", n.String())); err != nil {
					return err
				}
				continue
			}
			o.setValue(n, []string{})
		}
	}
	lists := []keyword.ID{keyword.UserKnownHostsFile}
	if st.dia.Version.AtLeast("9.4") {
		lists = append(lists, keyword.RevokedHostKeys)
	}
	for _, n := range lists {
		l, _ := o.strs(n)
		if len(l) == 0 {
			continue
		}
		out, err := st.expandPaths(l, host)
		if err != nil {
			if err := st.expansionFailed(n, err); err != nil {
				return err
			}
			continue
		}
		o.setValue(n, out)
	}
	for _, list := range [][]fwdEntry{o.localForwards, o.remoteForwards} {
		for i := range list {
			f := &list[i].Forward
			var err error
			if f.ListenPath != "" {
				if f.ListenPath, err = st.expandDefault(f.ListenPath, host, false); err != nil {
					return err
				}
			}
			if f.ConnectPath != "" {
				if f.ConnectPath, err = st.expandDefault(f.ConnectPath, host, false); err != nil {
					return err
				}
			}
		}
	}
	if st.dia.Version.AtLeast("10.0") {
		if l, ok := o.strs(keyword.SetEnv); ok {
			out := make([]string, len(l))
			for i, e := range l {
				name, val, _ := strings.Cut(e, "=")
				x, err := st.expandDefault(val, host, true) // only the value is expanded
				if err != nil {
					return err
				}
				out[i] = name + "=" + x
			}
			o.setValue(keyword.SetEnv, out)
		}
	}
	return nil
}

// ptyNotice reports whether ssh prints "Pseudo-terminal will not be allocated because
// stdin is not a terminal." here: a tty would be requested, standard input is not a
// terminal (or -n), RequestTTY is not force, and LogLevel shows INFO messages. A -O
// multiplexing command other than proxy never asks for a tty.
func (st *run) ptyNotice() bool {
	o := st.o
	const no, yes, force = 1, 2, 3
	tty := o.num(keyword.RequestTTY, 0)
	flag := tty == yes || tty == force
	_, remote := o.str(keyword.RemoteCommand)
	if st.req.Command == "" && !remote {
		flag = tty != no
	}
	mux := st.req.muxCommand
	if tty == no || (mux != "" && mux != "proxy") || o.num(keyword.SessionType, 2) == 0 {
		flag = false
	}
	if (st.env.StdinTerminal && o.num(keyword.StdinNull, 0) == 0) || tty == force {
		return false
	}
	return flag && o.num(keyword.LogLevel, 3) >= 3
}
