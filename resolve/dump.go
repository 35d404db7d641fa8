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

// render produces the ssh -G lines, each with the source of its value, by walking
// dumpLayout.
func (r *Result) render() []Option {
	d := &dumper{r: r, o: r.opts, dia: r.dialect}
	for _, row := range dumpLayout {
		if row.since != "" && !d.dia.Version.AtLeast(row.since) {
			continue
		}
		if row.until != "" && d.dia.Version.AtLeast(row.until) {
			continue
		}
		if row.need != nil && !row.need(d.dia) {
			continue
		}
		row.form(d, row)
	}
	return d.out
}

// dumpRow is one entry of ssh -G's layout: the name printed, the keyword whose value and
// provenance it shows, the releases that print it and how the value is written.
type dumpRow struct {
	name         string
	id           keyword.ID
	since, until string                     // first release that prints it, first that no longer does
	need         func(keyword.Dialect) bool // a build feature the line depends on (GSSAPI, Debian)
	form         func(*dumper, dumpRow)
}

// dumper collects the lines of one rendering.
type dumper struct {
	r   *Result
	o   *options
	dia keyword.Dialect
	out []Option
}

// emit appends a line with an explicit source.
func (d *dumper) emit(name, value string, src Source, lost []Source) {
	d.out = append(d.out, Option{Name: name, Value: value, Source: src, Lost: lost})
}

// line appends a line whose provenance is the slot of id (the default when unset).
func (d *dumper) line(name string, id keyword.ID, value string) {
	if s := d.o.setting(id); s != nil {
		d.emit(name, value, s.Source, s.Lost)
		return
	}
	d.emit(name, value, Source{Kind: FromDefault}, nil)
}

func hasGSSAPI(d keyword.Dialect) bool { return d.GSSAPI }
func debianGSSAPI(d keyword.Dialect) bool {
	return d.GSSAPI && d.Debian
}

// The value forms of dumpRow.

// formString prints a string value when one is set.
func formString(d *dumper, row dumpRow) {
	if v, ok := d.o.str(row.id); ok {
		d.line(row.name, row.id, v)
	}
}

// formNumber prints an integer (0 when unset).
func formNumber(d *dumper, row dumpRow) { d.line(row.name, row.id, strconv.Itoa(d.o.num(row.id, 0))) }

// formFlag prints yes/no, or UNKNOWN for a number that is neither.
func formFlag(d *dumper, row dumpRow) {
	switch v := d.o.num(row.id, 0); v {
	case 0:
		d.line(row.name, row.id, "no")
	case 1:
		d.line(row.name, row.id, "yes")
	default:
		d.line(row.name, row.id, "UNKNOWN")
	}
}

// formEnum prints the first word of the keyword's table that stands for the stored number.
func formEnum(d *dumper, row dumpRow) {
	w := row.id.Keyword().Word(d.o.num(row.id, 0))
	if w == "" {
		w = "UNKNOWN"
	}
	d.line(row.name, row.id, w)
}

// formCompression is a flag whose "yes" is stored as 2; -C stores 1, which releases from
// 9.9 on cannot name.
func formCompression(d *dumper, row dumpRow) {
	v := d.o.num(row.id, 0)
	switch {
	case v == 1 && d.dia.Version.AtLeast("9.9"):
		d.line(row.name, row.id, "UNKNOWN")
	case v == 0:
		d.line(row.name, row.id, "no")
	default:
		d.line(row.name, row.id, "yes")
	}
}

// formWords prints a one-line list joined by spaces, or "none" when empty.
func formWords(d *dumper, row dumpRow) {
	l, _ := d.o.strs(row.id)
	if len(l) == 0 {
		d.line(row.name, row.id, "none")
		return
	}
	d.line(row.name, row.id, strings.Join(l, " "))
}

// formEntries prints one line per value of an accumulating file or SendEnv list.
func formEntries(d *dumper, row dumpRow) {
	for _, e := range *d.o.entries(row.id) {
		d.emit(row.name, e.Value, e.Source, nil)
	}
}

// formForwards prints one line per forward of the row's kind.
func formForwards(d *dumper, row dumpRow) {
	list := d.o.localForwards
	if row.id == keyword.RemoteForward {
		list = d.o.remoteForwards
	}
	for _, e := range list {
		// ssh's dump tells local from dynamic forwards by the connect host alone, so a
		// forward to a Unix socket (no connect host) is printed under both names
		f := e.Forward
		socks := f.HasConnectHost && f.ConnectHost == "socks"
		if (row.id == keyword.DynamicForward && f.HasConnectHost && !socks) || (row.id == keyword.LocalForward && socks) {
			continue
		}
		d.emit(row.name, forwardText(f, row.id), e.Source, nil)
	}
}

// dumpLayout is the order and form of every line ssh -G prints (dump_client_config).
var dumpLayout = []dumpRow{
	{name: "host", form: func(d *dumper, row dumpRow) {
		d.emit(row.name, d.r.HostArg, Source{Kind: FromCommandLine, Arg: "destination"}, nil)
	}},
	{name: "user", id: keyword.User, form: formString},
	{name: "hostname", id: keyword.Hostname, form: func(d *dumper, row dumpRow) {
		if s := d.o.setting(row.id); s != nil {
			d.emit(row.name, d.r.Hostname, s.Source, s.Lost)
		} else {
			d.emit(row.name, d.r.Hostname, Source{Kind: FromCommandLine, Arg: "destination"}, nil)
		}
	}},
	{name: "port", id: keyword.Port, form: formNumber},
	{name: "addressfamily", id: keyword.AddressFamily, form: formEnum},
	{name: "batchmode", id: keyword.BatchMode, form: formFlag},
	{name: "canonicalizefallbacklocal", id: keyword.CanonicalizeFallbackLocal, form: formFlag},
	{name: "canonicalizehostname", id: keyword.CanonicalizeHostname, form: formEnum},
	{name: "checkhostip", id: keyword.CheckHostIP, form: formFlag},
	{name: "compression", id: keyword.Compression, form: formCompression},
	{name: "controlmaster", id: keyword.ControlMaster, form: formEnum},
	{name: "enablesshkeysign", id: keyword.EnableSSHKeysign, form: formFlag},
	{name: "clearallforwardings", id: keyword.ClearAllForwardings, form: formFlag},
	{name: "exitonforwardfailure", id: keyword.ExitOnForwardFailure, form: formFlag},
	{name: "fingerprinthash", id: keyword.FingerprintHash, form: func(d *dumper, row dumpRow) {
		d.line(row.name, row.id, row.id.Keyword().Word(d.o.num(row.id, 2)))
	}},
	{name: "forwardx11", id: keyword.ForwardX11, form: formFlag},
	{name: "forwardx11trusted", id: keyword.ForwardX11Trusted, form: formFlag},
	{name: "gatewayports", id: keyword.GatewayPorts, form: formFlag},
	{name: "gssapiauthentication", id: keyword.GSSAPIAuthentication, need: hasGSSAPI, form: formFlag},
	{name: "gssapikeyexchange", id: keyword.GSSAPIKeyExchange, need: debianGSSAPI, form: formFlag},
	{name: "gssapidelegatecredentials", id: keyword.GSSAPIDelegateCredentials, need: hasGSSAPI, form: formFlag},
	{name: "gssapitrustdns", id: keyword.GSSAPITrustDns, need: debianGSSAPI, form: formFlag},
	{name: "gssapirenewalforcesrekey", id: keyword.GSSAPIRenewalForcesRekey, need: debianGSSAPI, form: formFlag},
	{name: "gssapiclientidentity", id: keyword.GSSAPIClientIdentity, need: debianGSSAPI, form: formString},
	{name: "gssapiserveridentity", id: keyword.GSSAPIServerIdentity, need: debianGSSAPI, form: formString},
	{name: "gssapikexalgorithms", id: keyword.GSSAPIKexAlgorithms, need: debianGSSAPI, form: formString},
	{name: "hashknownhosts", id: keyword.HashKnownHosts, form: formFlag},
	{name: "hostbasedauthentication", id: keyword.HostbasedAuthentication, form: formFlag},
	{name: "identitiesonly", id: keyword.IdentitiesOnly, form: formFlag},
	{name: "kbdinteractiveauthentication", id: keyword.KbdInteractiveAuthentication, form: formFlag},
	{name: "nohostauthenticationforlocalhost", id: keyword.NoHostAuthenticationForLocalhost, form: formFlag},
	{name: "passwordauthentication", id: keyword.PasswordAuthentication, form: formFlag},
	{name: "permitlocalcommand", id: keyword.PermitLocalCommand, form: formFlag},
	{name: "proxyusefdpass", id: keyword.ProxyUseFdpass, form: formFlag},
	{name: "pubkeyauthentication", id: keyword.PubkeyAuthentication, form: formEnum},
	{name: "requesttty", id: keyword.RequestTTY, form: formEnum},
	{name: "sessiontype", id: keyword.SessionType, form: formEnum},
	{name: "stdinnull", id: keyword.StdinNull, form: formFlag},
	{name: "forkafterauthentication", id: keyword.ForkAfterAuthentication, form: formFlag},
	{name: "streamlocalbindunlink", id: keyword.StreamLocalBindUnlink, form: formFlag},
	{name: "stricthostkeychecking", id: keyword.StrictHostKeyChecking, form: formEnum},
	{name: "tcpkeepalive", id: keyword.TCPKeepAlive, form: formFlag},
	{name: "tunnel", id: keyword.Tunnel, form: formEnum},
	{name: "verifyhostkeydns", id: keyword.VerifyHostKeyDNS, form: formEnum},
	{name: "visualhostkey", id: keyword.VisualHostKey, form: formFlag},
	{name: "updatehostkeys", id: keyword.UpdateHostKeys, form: formEnum},
	{name: "enableescapecommandline", id: keyword.EnableEscapeCommandline, form: formFlag},
	{name: "warnweakcrypto", id: keyword.WarnWeakCrypto, since: "10.1", form: formFlag},
	{name: "canonicalizemaxdots", id: keyword.CanonicalizeMaxDots, form: formNumber},
	{name: "connectionattempts", id: keyword.ConnectionAttempts, form: formNumber},
	{name: "forwardx11timeout", id: keyword.ForwardX11Timeout, form: formNumber},
	{name: "numberofpasswordprompts", id: keyword.NumberOfPasswordPrompts, form: formNumber},
	{name: "serveralivecountmax", id: keyword.ServerAliveCountMax, form: formNumber},
	{name: "serveraliveinterval", id: keyword.ServerAliveInterval, form: formNumber},
	{name: "requiredrsasize", id: keyword.RequiredRSASize, form: formNumber},
	{name: "obscurekeystroketiming", id: keyword.ObscureKeystrokeTiming, since: "9.5", form: func(d *dumper, row dumpRow) {
		switch v := d.o.num(row.id, 20); v {
		case 0:
			d.line(row.name, row.id, "no")
		case 20:
			d.line(row.name, row.id, "yes")
		default:
			d.line(row.name, row.id, "interval:"+strconv.Itoa(v))
		}
	}},
	{name: "bindaddress", id: keyword.BindAddress, form: formString},
	{name: "bindinterface", id: keyword.BindInterface, form: formString},
	{name: "ciphers", id: keyword.Ciphers, form: formString},
	{name: "controlpath", id: keyword.ControlPath, form: formString},
	{name: "hostkeyalgorithms", id: keyword.HostKeyAlgorithms, form: func(d *dumper, row dumpRow) {
		// assembled only here, as in dump_client_config
		algs := d.dia.Algorithms()
		hka := strings.Join(algs.DefaultHostKeys, ",")
		if v, ok := d.o.str(row.id); ok {
			hka, _ = assembleList(v, algs.DefaultHostKeys, algs.Keys)
		}
		if hka != "" {
			d.line(row.name, row.id, hka)
		}
	}},
	{name: "hostkeyalias", id: keyword.HostKeyAlias, form: formString},
	{name: "hostbasedacceptedalgorithms", id: keyword.HostbasedAcceptedAlgorithms, form: formString},
	{name: "identityagent", id: keyword.IdentityAgent, form: formString},
	{name: "ignoreunknown", id: keyword.IgnoreUnknown, form: formString},
	{name: "kbdinteractivedevices", id: keyword.KbdInteractiveDevices, form: formString},
	{name: "kexalgorithms", id: keyword.KexAlgorithms, form: formString},
	{name: "casignaturealgorithms", id: keyword.CASignatureAlgorithms, form: formString},
	{name: "localcommand", id: keyword.LocalCommand, form: formString},
	{name: "remotecommand", id: keyword.RemoteCommand, form: formString},
	{name: "loglevel", id: keyword.LogLevel, form: func(d *dumper, row dumpRow) {
		lvl := row.id.Keyword().Word(d.o.num(row.id, 3))
		if lvl == "QUIET" && d.dia.Debian {
			lvl = "SILENT"
		}
		d.line(row.name, row.id, lvl)
	}},
	{name: "macs", id: keyword.MACs, form: formString},
	{name: "pkcs11provider", id: keyword.PKCS11Provider, form: formString},
	{name: "securitykeyprovider", id: keyword.SecurityKeyProvider, form: formString},
	{name: "preferredauthentications", id: keyword.PreferredAuthentications, form: formString},
	{name: "pubkeyacceptedalgorithms", id: keyword.PubkeyAcceptedAlgorithms, form: formString},
	{name: "revokedhostkeys", id: keyword.RevokedHostKeys, until: "10.3", form: func(d *dumper, row dumpRow) {
		if l, ok := d.o.strs(row.id); ok && len(l) > 0 {
			d.line(row.name, row.id, l[0])
		}
	}},
	{name: "xauthlocation", id: keyword.XAuthLocation, form: formString},
	{name: "knownhostscommand", id: keyword.KnownHostsCommand, form: formString},
	{name: "tag", id: keyword.Tag, since: "9.4", form: formString},
	{name: "versionaddendum", id: keyword.VersionAddendum, since: "10.0", form: formString},
	{name: "dynamicforward", id: keyword.DynamicForward, form: formForwards},
	{name: "localforward", id: keyword.LocalForward, form: formForwards},
	{name: "remoteforward", id: keyword.RemoteForward, form: formForwards},
	{name: "identityfile", id: keyword.IdentityFile, form: formEntries},
	{name: "canonicaldomains", id: keyword.CanonicalDomains, form: formWords},
	{name: "certificatefile", id: keyword.CertificateFile, form: formEntries},
	{name: "globalknownhostsfile", id: keyword.GlobalKnownHostsFile, form: formWords},
	{name: "userknownhostsfile", id: keyword.UserKnownHostsFile, form: formWords},
	{name: "revokedhostkeys", id: keyword.RevokedHostKeys, since: "10.3", form: formWords},
	{name: "sendenv", id: keyword.SendEnv, form: formEntries},
	{name: "setenv", id: keyword.SetEnv, form: func(d *dumper, row dumpRow) {
		l, _ := d.o.strs(row.id)
		for _, e := range l {
			d.line(row.name, row.id, e)
		}
	}},
	{name: "logverbose", id: keyword.LogVerbose, form: formWords},
	{name: "channeltimeout", id: keyword.ChannelTimeout, since: "9.6", form: formWords},
	{name: "permitremoteopen", id: keyword.PermitRemoteOpen, form: func(d *dumper, row dumpRow) {
		if l, ok := d.o.strs(row.id); ok && len(l) > 0 {
			d.line(row.name, row.id, strings.Join(l, " "))
		} else {
			d.line(row.name, row.id, "any")
		}
	}},
	{name: "addkeystoagent", id: keyword.AddKeysToAgent, form: func(d *dumper, row dumpRow) {
		ak, _ := d.o.get(row.id).(parser.AddKeysToAgent)
		switch {
		case ak.Lifetime <= 0:
			d.line(row.name, row.id, row.id.Keyword().Word(ak.Mode))
		case ak.Mode == 3:
			d.line(row.name, row.id, "confirm "+strconv.Itoa(ak.Lifetime))
		default:
			d.line(row.name, row.id, strconv.Itoa(ak.Lifetime))
		}
	}},
	{name: "forwardagent", id: keyword.ForwardAgent, form: func(d *dumper, row dumpRow) {
		if p, ok := d.o.str(slotForwardAgentPath); ok {
			d.line(row.name, slotForwardAgentPath, p)
			return
		}
		formFlag(d, row)
	}},
	{name: "connecttimeout", id: keyword.ConnectTimeout, form: func(d *dumper, row dumpRow) {
		if v := d.o.num(row.id, -1); v == -1 {
			d.line(row.name, row.id, "none")
		} else {
			d.line(row.name, row.id, strconv.Itoa(v))
		}
	}},
	{name: "tunneldevice", id: keyword.TunnelDevice, form: func(d *dumper, row dumpRow) {
		td, _ := d.o.get(row.id).(parser.TunnelDevice)
		d.line(row.name, row.id, tunID(td.Local)+":"+tunID(td.Remote))
	}},
	// ssh's own spelling, with a capital P
	{name: "canonicalizePermittedcnames", id: keyword.CanonicalizePermittedCNAMEs, form: func(d *dumper, row dumpRow) {
		cn, _ := d.o.strs(row.id)
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
		d.line(row.name, row.id, cnames)
	}},
	{name: "controlpersist", id: keyword.ControlPersist, form: func(d *dumper, row dumpRow) {
		cp, _ := d.o.get(row.id).(parser.ControlPersist)
		switch {
		case cp.Enabled == 0:
			d.line(row.name, row.id, "no")
		case cp.Timeout == 0:
			d.line(row.name, row.id, "yes")
		default:
			d.line(row.name, row.id, strconv.Itoa(cp.Timeout))
		}
	}},
	{name: "escapechar", id: keyword.EscapeChar, form: func(d *dumper, row dumpRow) {
		if ec := d.o.num(row.id, '~'); ec == parser.EscapeCharNone {
			d.line(row.name, row.id, "none")
		} else {
			d.line(row.name, row.id, vis(byte(ec)))
		}
	}},
	{name: "ipqos", id: keyword.IPQoS, form: func(d *dumper, row dumpRow) {
		q, _ := d.o.get(row.id).(parser.IPQoS)
		d.line(row.name, row.id, parser.IPQoSName(q.Interactive, d.dia)+" "+parser.IPQoSName(q.Bulk, d.dia))
	}},
	{name: "rekeylimit", id: keyword.RekeyLimit, form: func(d *dumper, row dumpRow) {
		rl, _ := d.o.get(row.id).(int64)
		src, lost := Source{Kind: FromDefault}, []Source(nil)
		for _, slot := range []keyword.ID{keyword.RekeyLimit, slotRekeyInterval} {
			if s := d.o.setting(slot); s != nil && s.Source.Kind != FromDefault {
				src, lost = s.Source, append(lost, s.Lost...)
			}
		}
		d.emit(row.name, fmt.Sprintf("%d %d", rl, d.o.num(slotRekeyInterval, 0)), src, lost)
	}},
	{name: "streamlocalbindmask", id: keyword.StreamLocalBindMask, form: func(d *dumper, row dumpRow) {
		d.line(row.name, row.id, fmt.Sprintf("0%o", d.o.num(row.id, 0o177)))
	}},
	{name: "syslogfacility", id: keyword.SyslogFacility, form: func(d *dumper, row dumpRow) {
		d.line(row.name, row.id, row.id.Keyword().Word(d.o.num(row.id, 1)))
	}},
	// a jump host wins over a ProxyCommand, as in ssh's dump
	{name: "proxyjump", id: keyword.ProxyJump, form: func(d *dumper, row dumpRow) {
		if j, ok := d.o.get(row.id).(parser.Jump); ok {
			d.line(row.name, row.id, renderJump(j))
		} else if pc, ok := d.o.str(keyword.ProxyCommand); ok {
			d.line("proxycommand", keyword.ProxyCommand, pc)
		}
	}},
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

// forwardText renders one forward the way ssh -G prints the keyword's lines.
func forwardText(f parser.Forward, id keyword.ID) string {
	var b strings.Builder
	switch {
	case f.ListenPort == parser.PortStreamLocal:
		b.WriteString(f.ListenPath)
	case !f.HasListenHost:
		b.WriteString(strconv.Itoa(f.ListenPort))
	default:
		fmt.Fprintf(&b, "[%s]:%d", f.ListenHost, f.ListenPort)
	}
	if id != keyword.DynamicForward {
		switch {
		case f.ConnectPort == parser.PortStreamLocal:
			b.WriteString(" " + f.ConnectPath)
		case !f.HasConnectHost:
			b.WriteString(" " + strconv.Itoa(f.ConnectPort))
		default:
			fmt.Fprintf(&b, " [%s]:%d", f.ConnectHost, f.ConnectPort)
		}
	}
	return b.String()
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
