package resolve

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// DumpG renders the result exactly as `ssh -G` prints it for the dialect.
func (r *Result) DumpG() string {
	var b strings.Builder
	for _, o := range r.render() {
		b.WriteString(o.Name)
		b.WriteByte(' ')
		b.WriteString(o.Value)
		b.WriteByte('\n')
	}
	return b.String()
}

// Options returns the effective configuration in ssh -G order, each line with its
// provenance: the config line or command-line option that set it, or the default, and the
// assignments that did not take effect.
func (r *Result) Options() []Option { return r.render() }

// render produces the ssh -G lines, each with the source of its value.
func (r *Result) render() []Option {
	var out []Option
	o, dia := r.opts, r.dialect
	lineFrom := func(k, v string, src Source, lost []Source) {
		out = append(out, Option{Name: k, Value: v, Source: src, Lost: lost})
	}
	line := func(k, v string) {
		slot := k
		if k == "forwardagent" && o.isSet("forwardagent.path") {
			slot = "forwardagent.path"
		}
		if s := o.slots[slot]; s != nil {
			lineFrom(k, v, s.Source, s.Lost)
		} else {
			lineFrom(k, v, Source{Kind: FromDefault}, nil)
		}
	}
	str := func(k string) {
		if v, ok := o.str(k); ok {
			line(k, v)
		}
	}
	num := func(k string) { line(k, strconv.Itoa(o.num(k, 0))) }
	flag := func(k string) {
		kw := keyword.Lookup(k)
		v := o.num(k, 0)
		if kw.Kind == keyword.KindEnum && k != "compression" && k != "warnweakcrypto" {
			if w := kw.Word(v); w != "" {
				line(k, w)
				return
			}
			line(k, "UNKNOWN")
			return
		}
		if k == "compression" && v == 1 && dia.Version.AtLeast("9.9") {
			line(k, "UNKNOWN") // -C stores 1, which newer releases cannot name
		} else if v == 0 {
			line(k, "no")
		} else if v == 1 || k == "compression" {
			line(k, "yes")
		} else {
			line(k, "UNKNOWN")
		}
	}
	// hostkeyalgorithms is assembled only here, as in dump_client_config
	hka := strings.Join(dia.Algorithms().DefaultHostKeys, ",")
	if v, ok := o.str("hostkeyalgorithms"); ok {
		hka, _ = assembleList(v, dia.Algorithms().DefaultHostKeys, dia.Algorithms().Keys)
	}

	lineFrom("host", r.HostArg, Source{Kind: FromCommandLine, Arg: "destination"}, nil)
	str("user")
	if s := o.slots["hostname"]; s != nil {
		lineFrom("hostname", r.Hostname, s.Source, s.Lost)
	} else {
		lineFrom("hostname", r.Hostname, Source{Kind: FromCommandLine, Arg: "destination"}, nil)
	}
	num("port")
	for _, k := range []string{"addressfamily", "batchmode", "canonicalizefallbacklocal",
		"canonicalizehostname", "checkhostip", "compression", "controlmaster",
		"enablesshkeysign", "clearallforwardings", "exitonforwardfailure"} {
		flag(k)
	}
	line("fingerprinthash", keyword.Lookup("FingerprintHash").Word(o.num("fingerprinthash", 2)))
	for _, k := range []string{"forwardx11", "forwardx11trusted", "gatewayports"} {
		flag(k)
	}
	if dia.GSSAPI {
		flag("gssapiauthentication")
		if dia.Debian {
			flag("gssapikeyexchange")
		}
		flag("gssapidelegatecredentials")
		if dia.Debian {
			flag("gssapitrustdns")
			flag("gssapirenewalforcesrekey")
			str("gssapiclientidentity")
			str("gssapiserveridentity")
			str("gssapikexalgorithms")
		}
	}
	for _, k := range []string{"hashknownhosts", "hostbasedauthentication", "identitiesonly",
		"kbdinteractiveauthentication", "nohostauthenticationforlocalhost",
		"passwordauthentication", "permitlocalcommand", "proxyusefdpass",
		"pubkeyauthentication", "requesttty", "sessiontype", "stdinnull",
		"forkafterauthentication", "streamlocalbindunlink", "stricthostkeychecking",
		"tcpkeepalive", "tunnel", "verifyhostkeydns", "visualhostkey", "updatehostkeys",
		"enableescapecommandline"} {
		flag(k)
	}
	if dia.Version.AtLeast("10.1") {
		flag("warnweakcrypto")
	}
	for _, k := range []string{"canonicalizemaxdots", "connectionattempts", "forwardx11timeout",
		"numberofpasswordprompts", "serveralivecountmax", "serveraliveinterval", "requiredrsasize"} {
		num(k)
	}
	if dia.Version.AtLeast("9.5") {
		switch v := o.num("obscurekeystroketiming", 20); v {
		case 0:
			line("obscurekeystroketiming", "no")
		case 20:
			line("obscurekeystroketiming", "yes")
		default:
			line("obscurekeystroketiming", "interval:"+strconv.Itoa(v))
		}
	}
	str("bindaddress")
	str("bindinterface")
	str("ciphers")
	str("controlpath")
	if hka != "" {
		line("hostkeyalgorithms", hka)
	}
	str("hostkeyalias")
	str("hostbasedacceptedalgorithms")
	str("identityagent")
	str("ignoreunknown")
	str("kbdinteractivedevices")
	str("kexalgorithms")
	str("casignaturealgorithms")
	str("localcommand")
	str("remotecommand")
	lvl := keyword.Lookup("LogLevel").Word(o.num("loglevel", 3))
	if lvl == "QUIET" && dia.Debian {
		lvl = "SILENT"
	}
	line("loglevel", lvl)
	str("macs")
	str("pkcs11provider")
	str("securitykeyprovider")
	str("preferredauthentications")
	str("pubkeyacceptedalgorithms")
	if l, ok := o.strs("revokedhostkeys"); ok && len(l) > 0 && !dia.Version.AtLeast("10.3") {
		line("revokedhostkeys", l[0])
	}
	str("xauthlocation")
	str("knownhostscommand")
	if dia.Version.AtLeast("9.4") {
		str("tag")
	}
	if dia.Version.AtLeast("10.0") {
		str("versionaddendum")
	}
	writeForwards(lineFrom, "dynamicforward", o.localForwards)
	writeForwards(lineFrom, "localforward", o.localForwards)
	writeForwards(lineFrom, "remoteforward", o.remoteForwards)
	for _, e := range o.identityFiles {
		lineFrom("identityfile", e.Value, e.Source, nil)
	}
	oneLine := func(k string) {
		l, _ := o.strs(k)
		if len(l) == 0 {
			line(k, "none")
			return
		}
		line(k, strings.Join(l, " "))
	}
	oneLine("canonicaldomains")
	for _, e := range o.certFiles {
		lineFrom("certificatefile", e.Value, e.Source, nil)
	}
	oneLine("globalknownhostsfile")
	oneLine("userknownhostsfile")
	if dia.Version.AtLeast("10.3") {
		oneLine("revokedhostkeys")
	}
	for _, e := range o.sendEnv {
		lineFrom("sendenv", e.Value, e.Source, nil)
	}
	if l, ok := o.strs("setenv"); ok {
		for _, e := range l {
			line("setenv", e)
		}
	}
	oneLine("logverbose")
	if dia.Version.AtLeast("9.6") {
		oneLine("channeltimeout")
	}
	if l, ok := o.strs("permitremoteopen"); ok && len(l) > 0 {
		line("permitremoteopen", strings.Join(l, " "))
	} else {
		line("permitremoteopen", "any")
	}
	ak, _ := o.get("addkeystoagent").(parser.AddKeysToAgent)
	if ak.Lifetime <= 0 {
		line("addkeystoagent", keyword.Lookup("AddKeysToAgent").Word(ak.Mode))
	} else if ak.Mode == 3 {
		line("addkeystoagent", "confirm "+strconv.Itoa(ak.Lifetime))
	} else {
		line("addkeystoagent", strconv.Itoa(ak.Lifetime))
	}
	if p, ok := o.str("forwardagent.path"); ok {
		line("forwardagent", p)
	} else {
		flag("forwardagent")
	}
	if v := o.num("connecttimeout", -1); v == -1 {
		line("connecttimeout", "none")
	} else {
		line("connecttimeout", strconv.Itoa(v))
	}
	td, _ := o.get("tunneldevice").(parser.TunnelDevice)
	line("tunneldevice", tunID(td.Local)+":"+tunID(td.Remote))
	cn, _ := o.strs("canonicalizepermittedcnames")
	cnames := "none"
	if len(cn) > 0 {
		parts := make([]string, len(cn))
		for i, c := range cn {
			switch {
			case c == "*":
				c = "*:*"
			case strings.EqualFold(c, "none"):
				c += ":"
			}
			parts[i] = c
		}
		cnames = strings.Join(parts, " ")
	}
	if s := o.slots["canonicalizepermittedcnames"]; s != nil {
		lineFrom("canonicalizePermittedcnames", cnames, s.Source, s.Lost) // ssh's spelling
	} else {
		lineFrom("canonicalizePermittedcnames", cnames, Source{Kind: FromDefault}, nil)
	}
	cp, _ := o.get("controlpersist").(parser.ControlPersist)
	switch {
	case cp.Enabled == 0:
		line("controlpersist", "no")
	case cp.Timeout == 0:
		line("controlpersist", "yes")
	default:
		line("controlpersist", strconv.Itoa(cp.Timeout))
	}
	if ec := o.num("escapechar", '~'); ec == parser.EscapeCharNone {
		line("escapechar", "none")
	} else {
		line("escapechar", vis(byte(ec)))
	}
	q, _ := o.get("ipqos").(parser.IPQoS)
	line("ipqos", parser.IPQoSName(q.Interactive, dia)+" "+parser.IPQoSName(q.Bulk, dia))
	rl, _ := o.get("rekeylimit").(int64)
	rlSrc, rlLost := Source{Kind: FromDefault}, []Source(nil)
	for _, slot := range []string{"rekeylimit", "rekeylimit.interval"} {
		if s := o.slots[slot]; s != nil && s.Source.Kind != FromDefault {
			rlSrc, rlLost = s.Source, append(rlLost, s.Lost...)
		}
	}
	lineFrom("rekeylimit", fmt.Sprintf("%d %d", rl, o.num("rekeylimit.interval", 0)), rlSrc, rlLost)
	line("streamlocalbindmask", fmt.Sprintf("0%o", o.num("streamlocalbindmask", 0o177)))
	line("syslogfacility", keyword.Lookup("SyslogFacility").Word(o.num("syslogfacility", 1)))
	if j, ok := o.get("proxyjump").(parser.Jump); ok { // a jump host wins, as in ssh's dump
		line("proxyjump", renderJump(j))
	} else if pc, ok := o.str("proxycommand"); ok {
		line("proxycommand", pc)
	}
	return out
}

func tunID(v int) string {
	if v == parser.TunnelAny {
		return "any"
	}
	return strconv.Itoa(v)
}

// vis renders one byte like vis(3) with VIS_WHITE (as ssh -G prints EscapeChar).
func vis(c byte) string {
	var b strings.Builder
	if c >= 0x80 {
		b.WriteString(`\M-`)
		c &= 0x7f
		if c < 0x20 || c == 0x7f {
			b.WriteByte('^')
			if c == 0x7f {
				b.WriteByte('?')
			} else {
				b.WriteByte(c + '@')
			}
			return b.String()
		}
		b.WriteByte(c)
		return b.String()
	}
	switch {
	case c == '\\':
		return `\\`
	case c == ' ':
		return `\040`
	case c == '\t':
		return `\^I`
	case c == '\n':
		return `\^J`
	case c == 0x7f:
		return `\^?`
	case c < 0x20:
		return `\^` + string(rune(c+'@'))
	}
	return string(rune(c))
}

// writeForwards emits the forwards of one kind in ssh -G's form.
func writeForwards(emit func(k, v string, src Source, lost []Source), kind string, list []fwdEntry) {
	for _, e := range list {
		var b strings.Builder
		f := e.Forward
		socks := f.HasConnectHost && f.ConnectHost == "socks"
		if kind == "dynamicforward" && f.HasConnectHost && !socks {
			continue
		}
		if kind == "localforward" && socks {
			continue
		}
		switch {
		case f.ListenPort == parser.PortStreamLocal:
			b.WriteString(f.ListenPath)
		case !f.HasListenHost:
			b.WriteString(strconv.Itoa(f.ListenPort))
		default:
			fmt.Fprintf(&b, "[%s]:%d", f.ListenHost, f.ListenPort)
		}
		if kind != "dynamicforward" {
			switch {
			case f.ConnectPort == parser.PortStreamLocal:
				b.WriteString(" " + f.ConnectPath)
			case !f.HasConnectHost:
				b.WriteString(" " + strconv.Itoa(f.ConnectPort))
			default:
				fmt.Fprintf(&b, " [%s]:%d", f.ConnectHost, f.ConnectPort)
			}
		}
		emit(kind, b.String(), e.Source, nil)
	}
}

// renderJump prints ProxyJump like ssh -G: earlier hops verbatim, then the last hop as
// [user@]host[:port] with the host bracketed if it has a ':' or is all digits and dots.
func renderJump(j parser.Jump) string {
	if j.None {
		return "none" // left over when ssh skipped the rest of fill_default_options
	}
	var b strings.Builder
	if j.Extra != "" {
		b.WriteString(j.Extra + ",")
	}
	if j.User != "" {
		b.WriteString(j.User + "@")
	}
	if strings.Contains(j.Host, ":") || strings.Trim(j.Host, "0123456789.") == "" {
		b.WriteString("[" + j.Host + "]")
	} else {
		b.WriteString(j.Host)
	}
	if j.Port > 0 {
		b.WriteString(":" + strconv.Itoa(j.Port))
	}
	return b.String()
}
