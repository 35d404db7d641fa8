package resolve

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// fillCanonicalizationDefaults follows fill_default_options_for_canonicalization, which ssh
// runs between the passes: settings of these three in the final pass come too late.
func (st *run) fillCanonicalizationDefaults() {
	for name, v := range map[string]int{"canonicalizemaxdots": 1, "canonicalizefallbacklocal": 1, "canonicalizehostname": 0} {
		if !st.o.isSet(name) {
			st.o.slots[name] = &Setting{Value: v, Source: Source{Kind: FromDefault}}
		}
	}
}

// fillDefaults follows fill_default_options: unset options get their defaults, algorithm
// lists are assembled against the build's lists, and "none" clears some strings.
func (st *run) fillDefaults() error {
	o, dia := st.o, st.dia
	def := Source{Kind: FromDefault}
	set := func(name string, v any) {
		if !o.isSet(name) {
			o.slots[name] = &Setting{Value: v, Source: def}
		}
	}
	stdio := st.req.stdioForward()
	set("forwardagent", 0)
	set("forwardx11", 0)
	if dia.Debian {
		set("forwardx11trusted", 1)
	} else {
		set("forwardx11trusted", 0)
	}
	set("forwardx11timeout", 1200)
	set("exitonforwardfailure", b2i(stdio))
	set("clearallforwardings", b2i(stdio))
	if o.num("clearallforwardings", 0) == 1 {
		o.localForwards, o.remoteForwards = nil, nil
		o.setAlways("tunnel", 0, Source{Kind: FromComputed})
		o.slots["tunnel"].Lost = nil
	}
	set("xauthlocation", "/usr/bin/xauth")
	set("gatewayports", 0)
	set("streamlocalbindmask", 0o177)
	set("streamlocalbindunlink", 0)
	set("pubkeyauthentication", 3)
	set("gssapiauthentication", 0)
	set("gssapidelegatecredentials", 0)
	if dia.Debian {
		set("gssapikeyexchange", 0)
		set("gssapitrustdns", 0)
		set("gssapirenewalforcesrekey", 0)
		set("gssapikexalgorithms", "gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-")
	}
	set("passwordauthentication", 1)
	set("kbdinteractiveauthentication", 1)
	set("hostbasedauthentication", 0)
	set("batchmode", 0)
	set("checkhostip", 0)
	set("stricthostkeychecking", 3)
	set("compression", 0)
	set("tcpkeepalive", 1)
	set("addressfamily", 0)
	set("connectionattempts", 1)
	set("numberofpasswordprompts", 3)
	set("addkeystoagent", parser.AddKeysToAgent{})
	if len(o.identityFiles) == 0 {
		for _, n := range defaultIdentities(dia) {
			o.identityFiles = append(o.identityFiles, entry{Value: "~/" + n, Source: def})
		}
	}
	set("escapechar", int('~'))
	set("globalknownhostsfile", []string{"/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"})
	if !o.isSet("updatehostkeys") {
		uk, _ := o.strs("userknownhostsfile")
		v := 0
		if o.num("verifyhostkeydns", 0) <= 0 && (len(uk) == 0 || (len(uk) == 1 && uk[0] == "~/.ssh/known_hosts")) {
			v = 1
		}
		o.slots["updatehostkeys"] = &Setting{Value: v, Source: Source{Kind: FromComputed}}
	}
	set("userknownhostsfile", []string{"~/.ssh/known_hosts", "~/.ssh/known_hosts2"})
	set("loglevel", 3)
	set("syslogfacility", 1)
	set("nohostauthenticationforlocalhost", 0)
	set("identitiesonly", 0)
	set("enablesshkeysign", 0)
	set("rekeylimit", int64(0))
	set("rekeylimit.interval", 0)
	set("verifyhostkeydns", 0)
	if dia.Debian && o.num("batchmode", 0) == 1 {
		set("serveraliveinterval", 300)
	}
	set("serveraliveinterval", 0)
	set("serveralivecountmax", 3)
	set("controlmaster", 0)
	set("controlpersist", parser.ControlPersist{})
	set("hashknownhosts", 0)
	set("tunnel", 0)
	set("tunneldevice", parser.TunnelDevice{Local: parser.TunnelAny, Remote: parser.TunnelAny})
	set("permitlocalcommand", 0)
	set("visualhostkey", 0)
	switch {
	case dia.Debian:
		set("ipqos", parser.IPQoS{Interactive: 0x10, Bulk: 0x08})
	case dia.Version.AtLeast("10.1"):
		set("ipqos", parser.IPQoS{Interactive: 0xb8, Bulk: 0x00})
	default:
		set("ipqos", parser.IPQoS{Interactive: 0x48, Bulk: 0x20})
	}
	set("requesttty", 0)
	set("sessiontype", 2)
	set("stdinnull", 0)
	set("forkafterauthentication", 0)
	set("proxyusefdpass", 0)
	set("fingerprinthash", 2)
	if dia.Debian {
		set("securitykeyprovider", "internal")
	} else {
		set("securitykeyprovider", "$SSH_SK_PROVIDER")
	}
	set("requiredrsasize", 1024)
	set("enableescapecommandline", 0)
	if dia.Version.AtLeast("10.1") {
		set("warnweakcrypto", 1)
	}
	if dia.Version.AtLeast("9.5") {
		set("obscurekeystroketiming", 20)
	}
	algs := dia.Algorithms()
	for _, a := range []struct {
		slot     string
		def, all []string
	}{
		{"ciphers", algs.DefaultCiphers, algs.Ciphers},
		{"macs", algs.DefaultMACs, algs.MACs},
		{"kexalgorithms", algs.DefaultKex, algs.Kex},
		{"hostbasedacceptedalgorithms", algs.DefaultKeys, algs.Keys},
		{"pubkeyacceptedalgorithms", algs.DefaultKeys, algs.Keys},
		{"casignaturealgorithms", algs.DefaultSigs, algs.Sigs},
	} {
		if !st.assemble(a.slot, a.def, a.all) {
			st.res.warn(false, "fill_default_options: %s: invalid argument", sshFieldName[a.slot])
			if dia.Version.AtLeast("10.4") {
				return fatalf("%s: invalid algorithm list", a.slot)
			}
			st.fillAborted = true
			return nil
		}
	}
	for _, n := range []string{"localcommand", "remotecommand", "proxycommand", "controlpath",
		"revokedhostkeys", "pkcs11provider", "securitykeyprovider", "knownhostscommand"} {
		if v, ok := o.str(n); ok && strings.EqualFold(v, "none") {
			delete(o.slots, n)
		}
	}
	if l, ok := o.strs("revokedhostkeys"); ok && len(l) == 1 && strings.EqualFold(l[0], "none") {
		if dia.Version.AtLeast("10.3") {
			o.slots["revokedhostkeys"].Value = []string{}
		} else {
			delete(o.slots, "revokedhostkeys")
		}
	}
	if j, ok := o.get("proxyjump").(parser.Jump); ok && j.None {
		delete(o.slots, "proxyjump")
	}
	if l, ok := o.strs("canonicalizepermittedcnames"); ok && len(l) == 1 && strings.EqualFold(l[0], "none") {
		delete(o.slots, "canonicalizepermittedcnames")
	}
	return nil
}

// sshFieldName is how ssh's own messages name the algorithm options.
var sshFieldName = map[string]string{
	"ciphers": "ciphers", "macs": "macs", "kexalgorithms": "kex_algorithms",
	"hostbasedacceptedalgorithms": "hostbased_accepted_algos",
	"pubkeyacceptedalgorithms":    "pubkey_accepted_algos", "casignaturealgorithms": "ca_sign_algorithms",
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
func (st *run) assemble(slot string, def, all []string) bool {
	s := st.o.slots[slot]
	if s == nil {
		st.o.slots[slot] = &Setting{Value: strings.Join(def, ","), Source: Source{Kind: FromDefault}}
		return true
	}
	v, _ := s.Value.(string)
	out, ok := assembleList(v, def, all)
	if !ok {
		delete(st.o.slots, slot)
		return false
	}
	s.Value = out
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

// namesCat appends the names of b not already in a.
func namesCat(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		if x == "" {
			continue
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
	if !o.isSet("user") {
		o.slots["user"] = &Setting{Value: st.env.User.Name, Source: Source{Kind: FromComputed}}
	} else if src := o.slots["user"].Source; st.dia.Version.AtLeast("10.0") &&
		!(src.Kind == FromCommandLine && (src.Arg == "user@host" || strings.HasPrefix(src.Arg, "-l"))) {
		// 10.0 expands tokens (all but %r and %C) and ${VAR} in a User from a config file
		// or -o, not from -l or user@host, and checks what the expansion made
		u, _ := o.str("user")
		t := st.defaultTokens(host)
		delete(t, 'r')
		delete(t, 'C')
		exp, err := percentDollarExpand(u, t, st.env.Getenv)
		if err != nil {
			return asFatal(err)
		}
		if exp != u && !validUser(exp) {
			return fatalf("remote username contains invalid characters")
		}
		o.slots["user"].Value = exp
	}
	user, _ := o.str("user")
	port := o.num("port", 0)
	if j, ok := o.get("proxyjump").(parser.Jump); ok && !j.None {
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
		if j.Host == host && p == jp && user == ju {
			return fatalf("jumphost loop via %s", j.Host)
		}
		// before 10.3 ProxyJump also stored ProxyCommand "none", which survives when
		// fill_default_options stopped early
		if pc, ok := o.str("proxycommand"); ok && !(pc == "none" && !st.fillAborted) && !st.dia.Behaves("10.3", 10) {
			return fatalf("inconsistent options: ProxyCommand+ProxyJump")
		}
	}
	if j, ok := o.get("proxyjump").(parser.Jump); ok && !j.None {
		o.setAlways("proxyusefdpass", 0, Source{Kind: FromComputed})
	}
	if pc, ok := o.str("proxycommand"); ok && pc == "-" && o.num("proxyusefdpass", 0) == 1 {
		return fatalf("ProxyCommand=- and ProxyUseFDPass are incompatible")
	}
	if port <= 0 {
		o.setAlways("port", 22, Source{Kind: FromDefault})
		o.slots["port"].Lost = nil
	}
	if a, ok := o.str("hostkeyalias"); ok {
		o.slots["hostkeyalias"].Value = pattern.LowerASCII(a)
	}
	if o.num("updatehostkeys", 0) == 2 {
		_, cp := o.str("controlpath")
		cpers, _ := o.get("controlpersist").(parser.ControlPersist)
		_, rc := o.str("remotecommand")
		switch {
		case cpers.Enabled != 0 && cp:
			o.slots["updatehostkeys"].Value = 0
		case st.req.Command != "" || rc || o.num("requesttty", 0) == 1:
			o.slots["updatehostkeys"].Value = 0
		case o.num("loglevel", 3) < 3:
			o.slots["updatehostkeys"].Value = 0
		}
	}
	if o.num("connectionattempts", 1) <= 0 {
		return fatalf("Invalid number of ConnectionAttempts")
	}
	if _, rc := o.str("remotecommand"); rc && st.req.Command != "" {
		return fatalf("Cannot execute command-line and remote command.")
	}
	if o.num("forkafterauthentication", 0) == 1 && st.req.Command == "" && !o.isSet("remotecommand") && o.num("sessiontype", 2) != 0 {
		return fatalf("Cannot fork into background without a command to execute.")
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
func (st *run) defaultTokens(host string) tokens { return st.tokens(host, st.hostArg) }

// expandForDump applies the expansions ssh performs before printing its -G dump.
func (st *run) expandForDump(host string) error {
	o := st.o
	pathExpand := func(name string) error {
		v, ok := o.str(name)
		if !ok {
			return nil
		}
		if name == "identityagent" && (v == "none" || v == "SSH_AUTH_SOCK" || strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${")) {
			return nil
		}
		if name == "forwardagent.path" && strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${") {
			return nil
		}
		t, err := st.env.tildeExpand(v)
		if err != nil {
			return err
		}
		x, err := st.expandDefault(t, host, true)
		if err != nil {
			return err
		}
		o.slots[name].Value = x
		return nil
	}
	if v, ok := o.str("remotecommand"); ok {
		x, err := st.expandDefault(v, host, false)
		if err != nil {
			return err
		}
		o.slots["remotecommand"].Value = x
	}
	for _, n := range []string{"controlpath", "identityagent", "forwardagent.path"} {
		if err := pathExpand(n); err != nil {
			return err
		}
	}
	if p, ok := o.str("forwardagent.path"); ok && st.env.FileExists != nil && !st.env.FileExists(p) {
		msg := fmt.Sprintf("Cannot forward agent socket path \"%s\": No such file or directory", p)
		if o.num("exitonforwardfailure", 0) == 1 {
			return fatalf("%s", msg)
		}
		st.res.warn(false, "%s", msg)
	}
	for _, n := range []string{"globalknownhostsfile", "userknownhostsfile"} {
		l, _ := o.strs(n)
		if len(l) > 0 && strings.EqualFold(l[0], "none") {
			if len(l) > 1 {
				return fatalf("Invalid %ss: \"none\" appears with other entries", keyword.Lookup(n).Name)
			}
			o.slots[n].Value = []string{}
		}
	}
	lists := []string{"userknownhostsfile"}
	if st.dia.Version.AtLeast("9.4") {
		lists = append(lists, "revokedhostkeys")
	}
	for _, n := range lists {
		l, _ := o.strs(n)
		if len(l) == 0 {
			continue
		}
		out := make([]string, len(l))
		for i, p := range l {
			t, err := st.env.tildeExpand(p)
			if err != nil {
				return err
			}
			if out[i], err = st.expandDefault(t, host, true); err != nil {
				return err
			}
		}
		o.slots[n].Value = out
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
		if l, ok := o.strs("setenv"); ok {
			out := make([]string, len(l))
			for i, e := range l {
				name, val, _ := strings.Cut(e, "=")
				x, err := st.expandDefault(val, host, true) // only the value is expanded
				if err != nil {
					return err
				}
				out[i] = name + "=" + x
			}
			o.slots["setenv"].Value = out
		}
	}
	return nil
}

// ptyNotice reports whether ssh prints "Pseudo-terminal will not be allocated because
// stdin is not a terminal." here: a tty would be requested, standard input is not a
// terminal (or -n), RequestTTY is not force, and LogLevel shows INFO messages.
func (st *run) ptyNotice() bool {
	o := st.o
	const no, yes, force = 1, 2, 3
	tty := o.num("requesttty", 0)
	flag := tty == yes || tty == force
	_, remote := o.str("remotecommand")
	if st.req.Command == "" && !remote {
		flag = tty != no
	}
	if tty == no || o.num("sessiontype", 2) == 0 {
		flag = false
	}
	if (st.env.StdinTerminal && o.num("stdinnull", 0) == 0) || tty == force {
		return false
	}
	return flag && o.num("loglevel", 3) >= 3
}
