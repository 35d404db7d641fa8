package parser

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Decoded value types. Line.Value holds one of these, chosen by the keyword's Kind:
//
//	KindFlag, KindEnum, KindInt, KindPort, KindOctal, KindEscapeChar, KindObscureKeystrokeTiming: int
//	KindTime: int seconds, or TimeNone
//	KindString, KindPath, KindCommand, KindAlgorithms: string
//	KindPathList, KindList, KindSendEnv, KindSetEnv, KindInclude, KindHost: []string
//	KindProxyJump: Jump
//	KindForward, KindDynamicForward: ForwardSpec
//	KindMatch: []Criterion
//	KindAddKeysToAgent: AddKeysToAgent
//	KindForwardAgent: ForwardAgent
//	KindControlPersist: ControlPersist
//	KindIPQoS: IPQoS
//	KindRekeyLimit: RekeyLimit
//	KindTunnelDevice: TunnelDevice

// Special values.
const (
	TimeNone       = -1 // "none" given for a time that allows it
	EscapeCharNone = -2 // EscapeChar none
	TunnelAny      = 0x7fffffff
	// IPQoSNone is the value of the IPQoS word "none".
	IPQoSNone = math.MaxInt32
)

// AddKeysToAgent is the decoded AddKeysToAgent value: Mode is the enum value
// (0 no, 1 yes, 2 ask, 3 confirm) and Lifetime the key lifetime in seconds (0 = forever).
type AddKeysToAgent struct{ Mode, Lifetime int }

// ForwardAgent is either a flag (Path empty) or an agent socket path / variable name.
type ForwardAgent struct {
	Flag int // 0 or 1 for yes/no forms; 1 when Path is set
	Path string
}

// ControlPersist is the decoded ControlPersist: Enabled 0/1 and a timeout in seconds.
type ControlPersist struct{ Enabled, Timeout int }

// IPQoS holds the interactive and bulk DSCP values.
type IPQoS struct{ Interactive, Bulk int }

// RekeyLimit holds the data limit in bytes and the optional interval.
type RekeyLimit struct {
	Bytes    int64
	Interval int  // seconds; meaningful when HasInterval
	HasInterval bool
}

// TunnelDevice holds the local and remote tun unit numbers (TunnelAny for "any").
type TunnelDevice struct{ Local, Remote int }

// ForwardSpec is a forwarding specification as written: its text (fields joined by ':'
// the way ssh joins the two arguments) and, when it contained no ${VAR} reference, its
// decoded form. Specs with variables are decoded by the resolver, which knows the
// environment.
type ForwardSpec struct {
	Spec    string
	Dynamic bool
	Remote  bool
	Forward *Forward // nil when Spec needs ${VAR} expansion first
}

// Forward is one decoded forwarding: a listen side and a connect side, each a host and
// port or a Unix socket path.
type Forward struct {
	ListenHost  string
	ListenPort  int // PortStreamLocal for a socket path
	ListenPath  string
	ConnectHost string // "socks" for dynamic forwards
	ConnectPort int
	ConnectPath string
	// HasListenHost distinguishes an empty bind address ("[]:port", ":port") from none.
	HasListenHost bool
	// HasConnectHost is false when the target is a socket path or missing.
	HasConnectHost bool
}

// PortStreamLocal marks a forwarding side that is a Unix socket.
const PortStreamLocal = -2

// Jump is a decoded ProxyJump: the last hop and the earlier hops as written.
type Jump struct {
	None  bool   // "ProxyJump none"
	Raw   string // the value after comment removal (and, in 9.2, cut at the first blank)
	User  string
	Host  string
	Port  int    // -1 when not given
	Extra string // hops before the last, verbatim
}

// decoder carries what value decoding needs to know.
type decoder struct {
	dialect  keyword.Dialect
	services func(string) (int, bool)
}

// valueError is a problem found while decoding a value; msg follows OpenSSH's wording.
type valueError struct {
	msg  string
	arg  int // index of the argument at fault, -1 for the whole line
	code string
}

func errf(arg int, format string, a ...any) *valueError {
	return &valueError{msg: fmt.Sprintf(format, a...), arg: arg, code: "bad-value"}
}

// decode validates the arguments of a directive of keyword k and returns its value. It
// reports the first problem OpenSSH would report. used is the number of arguments
// consumed; extra arguments are the caller's concern.
func (d *decoder) decode(k *keyword.Keyword, l *Line, rest string) (v any, used int, err *valueError) {
	args := l.Args
	arg := func(i int) (string, bool) {
		if i < len(args) {
			return args[i].Value, true
		}
		return "", false
	}
	first, has := arg(0)
	missing := func() *valueError { return &valueError{msg: "Missing argument.", arg: -1, code: "missing-argument"} }
	switch k.Kind {
	case keyword.KindIgnored, keyword.KindUnsupported:
		return nil, len(args), nil
	case keyword.KindFlag, keyword.KindEnum:
		if !has {
			return nil, 0, missing()
		}
		if k.Name == "FingerprintHash" && first == "" {
			return nil, 0, missing()
		}
		if val, ok := k.Match(first); ok {
			return val, 1, nil
		}
		switch k.Name {
		case "LogLevel":
			return nil, 1, errf(0, "unsupported log level '%s'", first)
		case "SyslogFacility":
			return nil, 1, errf(0, "unsupported log facility '%s'", first)
		case "FingerprintHash":
			return nil, 1, errf(0, "Invalid hash algorithm \"%s\".", first)
		}
		return nil, 1, errf(0, "unsupported option \"%s\".", first)
	case keyword.KindInt:
		if !has || first == "" {
			return nil, 1, errf(0, "integer value missing.")
		}
		n, e := strtonum(first, 0, math.MaxInt32)
		if e != "" {
			return nil, 1, errf(0, "integer value %s.", e)
		}
		return int(n), 1, nil
	case keyword.KindTime:
		if !has || first == "" {
			return nil, 0, errf(-1, "missing time value.")
		}
		if k.AllowNone && first == "none" {
			return TimeNone, 1, nil
		}
		t, ok := ConvTime(first, d.dialect)
		if !ok {
			return nil, 1, errf(0, "invalid time value.")
		}
		return t, 1, nil
	case keyword.KindPort:
		if !has || first == "" {
			return nil, 0, missing()
		}
		p := d.port(first)
		if p <= 0 {
			return nil, 1, errf(0, "Bad port '%s'.", first)
		}
		return p, 1, nil
	case keyword.KindString, keyword.KindPath:
		if !has || first == "" {
			return nil, 0, missing()
		}
		if k.Name == "IdentityAgent" {
			if e := checkAgentPath(first); e != nil {
				return nil, 1, e
			}
		}
		return first, 1, nil
	case keyword.KindPathList, keyword.KindList:
		return d.decodeList(k, args)
	case keyword.KindCommand:
		if k.Name == "VersionAddendum" || rest == "" {
			if rest == "" {
				return nil, 0, missing()
			}
		}
		return strings.TrimLeft(rest, " \t\r\n="), len(args), nil
	case keyword.KindProxyJump:
		raw := strings.TrimLeft(rest, " \t\r\n=")
		j, ok := ParseJump(raw, d.dialect)
		if !ok {
			return nil, len(args), errf(-1, "Invalid ProxyJump \"%s\"", raw)
		}
		return j, len(args), nil
	case keyword.KindAlgorithms:
		if !has || first == "" {
			return nil, 0, missing()
		}
		if msg := d.checkAlgorithms(k, first); msg != "" {
			return nil, 1, errf(0, "%s", msg)
		}
		return first, 1, nil
	case keyword.KindForward, keyword.KindDynamicForward:
		return d.decodeForward(k, args)
	case keyword.KindSendEnv:
		out := make([]string, 0, len(args))
		for i, a := range args {
			if a.Value == "" || strings.Contains(a.Value, "=") {
				return nil, i + 1, errf(i, "Invalid environment name.")
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindSetEnv:
		out := make([]string, 0, len(args))
		for i, a := range args {
			if !strings.Contains(a.Value, "=") {
				return nil, i + 1, errf(i, "Invalid SetEnv.")
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindHost:
		out := make([]string, 0, len(args))
		for i, a := range args {
			if a.Value == "" {
				return nil, i + 1, errf(i, "keyword %s empty argument", l.Name)
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindInclude:
		out := make([]string, 0, len(args))
		for i, a := range args {
			if a.Value == "" {
				return nil, i + 1, errf(i, "keyword %s empty argument", l.Name)
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindAddKeysToAgent:
		return d.decodeAddKeys(args)
	case keyword.KindForwardAgent:
		if !has || first == "" {
			return nil, 0, errf(-1, "missing argument.")
		}
		if v, ok := flagValue(first); ok {
			return ForwardAgent{Flag: v}, 1, nil
		}
		if e := checkAgentPath(first); e != nil {
			return nil, 1, e
		}
		return ForwardAgent{Flag: 1, Path: first}, 1, nil
	case keyword.KindControlPersist:
		if !has || first == "" {
			return nil, 0, errf(-1, "Missing ControlPersist argument.")
		}
		switch first {
		case "no", "false":
			return ControlPersist{}, 1, nil
		case "yes", "true":
			return ControlPersist{Enabled: 1}, 1, nil
		}
		if t, ok := ConvTime(first, d.dialect); ok {
			return ControlPersist{Enabled: 1, Timeout: t}, 1, nil
		}
		return nil, 1, errf(0, "Bad ControlPersist argument.")
	case keyword.KindEscapeChar:
		if !has || first == "" {
			return nil, 0, missing()
		}
		switch {
		case first == "none":
			return EscapeCharNone, 1, nil
		case len(first) == 1:
			return int(first[0]), 1, nil
		case len(first) == 2 && first[0] == '^' && first[1] >= 64 && first[1] < 128:
			return int(first[1] & 31), 1, nil
		}
		return nil, 1, errf(0, "Bad escape character.")
	case keyword.KindIPQoS:
		a, ok := parseIPQoS(first, has, d.dialect)
		if !ok {
			return nil, 1, errf(0, "Bad IPQoS value: %s", nullString(first, has))
		}
		second, has2 := arg(1)
		if !has2 {
			return IPQoS{a, a}, 1, nil
		}
		b, ok := parseIPQoS(second, true, d.dialect)
		if !ok {
			return nil, 2, errf(1, "Bad IPQoS value: %s", second)
		}
		return IPQoS{a, b}, 2, nil
	case keyword.KindRekeyLimit:
		return d.decodeRekey(args)
	case keyword.KindTunnelDevice:
		if !has || first == "" {
			return nil, 0, missing()
		}
		t, ok := parseTunnelDevice(first)
		if !ok {
			return nil, 1, errf(0, "Bad tun device.")
		}
		return t, 1, nil
	case keyword.KindObscureKeystrokeTiming:
		if !has || first == "" {
			return nil, 0, missing()
		}
		switch first {
		case "yes", "true":
			return 20, 1, nil
		case "no", "false":
			return 0, 1, nil
		}
		if s, ok := strings.CutPrefix(first, "interval:"); ok {
			if n, e := strtonum(s, 1, 1000); e == "" {
				return int(n), 1, nil
			}
		}
		return nil, 1, errf(0, "unsupported option \"%s\".", first)
	case keyword.KindOctal:
		if !has || first == "" {
			return nil, 0, errf(-1, "Missing StreamLocalBindMask argument.")
		}
		n, ok := strtolPrefix(first, 8)
		if !ok || n < 0 || n > 0777 {
			return nil, 1, errf(0, "Bad mask.")
		}
		return int(n), 1, nil
	case keyword.KindMatch:
		// decoded by parseMatch, which knows the dialect's tokenizer
		return nil, len(args), nil
	}
	return nil, len(args), errf(-1, "unimplemented keyword kind %s", k.Kind)
}

func nullString(s string, ok bool) string {
	if !ok {
		return "(null)"
	}
	return s
}

// flagValue decodes yes/no/true/false, case-insensitively.
func flagValue(s string) (int, bool) {
	switch strings.ToLower(s) {
	case "yes", "true":
		return 1, true
	case "no", "false":
		return 0, true
	}
	return 0, false
}

// checkAgentPath applies OpenSSH's extra checks to IdentityAgent and ForwardAgent paths:
// ${VAR} references must be well formed and $NAME must be a valid variable name. Whether
// a referenced variable exists is checked by the resolver.
func checkAgentPath(s string) *valueError {
	if !wellFormedDollar(s) {
		return errf(0, "Invalid environment expansion %s.", s)
	}
	if len(s) > 1 && s[0] == '$' && s[1] != '{' && !validEnvName(s[1:]) {
		return errf(0, "Invalid environment name %s.", s)
	}
	return nil
}

// wellFormedDollar reports whether every "${" in s is closed by "}" with a non-empty name.
func wellFormedDollar(s string) bool {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return true
		}
		j := strings.IndexByte(s[i+2:], '}')
		if j <= 0 {
			return false
		}
		s = s[i+2+j+1:]
	}
}

// validEnvName reports whether s is a shell-style variable name.
func validEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

func (d *decoder) decodeList(k *keyword.Keyword, args []Arg) (any, int, *valueError) {
	if len(args) == 0 && k.Name != "CanonicalDomains" && k.Name != "CanonicalizePermittedCNAMEs" {
		if k.Name == "PermitRemoteOpen" {
			return nil, 0, &valueError{msg: "missing PermitRemoteOpen specification", arg: -1, code: "bad-value"}
		}
		return []string{}, 0, nil
	}
	out := make([]string, 0, len(args))
	for i, a := range args {
		v := a.Value
		isNone := strings.EqualFold(v, "none")
		last := i == len(args)-1
		switch k.Name {
		case "CanonicalizePermittedCNAMEs":
			if isNone {
				if i > 0 || !last {
					return nil, i + 1, errf(i, "keyword %s \"none\" argument must appear alone.", strings.ToLower(k.Name))
				}
			} else if v != "*" {
				v = strings.ToLower(v)
				c := strings.IndexByte(v, ':')
				if c < 0 || c == len(v)-1 {
					return nil, i + 1, errf(i, "Invalid permitted CNAME \"%s\"", v)
				}
			}
			out = append(out, v)
			continue
		case "PermitRemoteOpen":
			if isNone || strings.EqualFold(v, "any") {
				if i > 0 || !last {
					return nil, i + 1, errf(i, "keyword %s \"%s\" argument must appear alone.", strings.ToLower(k.Name), v)
				}
			} else if msg := checkPermitOpen(v, d); msg != "" {
				return nil, i + 1, errf(i, "%s", msg)
			}
			out = append(out, v)
			continue
		case "ChannelTimeout":
			out = append(out, v)
			continue
		}
		if v == "" {
			return nil, i + 1, errf(i, "keyword %s empty argument", strings.ToLower(k.Name))
		}
		if isNone && (i > 0 || !last) {
			return nil, i + 1, errf(i, "keyword %s \"none\" argument must appear alone.", strings.ToLower(k.Name))
		}
		if k.Name == "CanonicalDomains" {
			dom, msg := validDomain(v, d.dialect)
			if msg != "" {
				return nil, i + 1, errf(i, "%s", msg)
			}
			v = dom
		}
		out = append(out, v)
	}
	return out, len(args), nil
}

// checkPermitOpen validates one host:port entry of PermitRemoteOpen.
func checkPermitOpen(v string, d *decoder) string {
	host, port, ok := hpdelim(v)
	if !ok {
		return "missing host in PermitRemoteOpen"
	}
	_ = host
	if !port.ok || (port.s != "*" && d.port(port.s) <= 0) {
		return "bad port number in PermitRemoteOpen"
	}
	return ""
}

type optString struct {
	s  string
	ok bool
}

// hpdelim splits "host:rest" or "[host]:rest" the way OpenSSH's hpdelim does. The host
// keeps its brackets. rest is absent when there was no ':'.
func hpdelim(s string) (host string, rest optString, ok bool) {
	i := 0
	if strings.HasPrefix(s, "[") {
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return "", optString{}, false
		}
		i = j + 1
	} else {
		j := strings.IndexAny(s, ":/")
		if j < 0 {
			return s, optString{}, true
		}
		i = j
	}
	if i == len(s) {
		return s, optString{}, true
	}
	if s[i] != ':' && s[i] != '/' {
		return "", optString{}, false
	}
	if s[i] == '/' {
		// only ':' is accepted as the delimiter here
		return "", optString{}, false
	}
	return s[:i], optString{s[i+1:], true}, true
}

// cleanHostname removes one pair of surrounding brackets.
func cleanHostname(h string) string {
	if len(h) >= 2 && h[0] == '[' && h[len(h)-1] == ']' {
		return h[1 : len(h)-1]
	}
	return h
}

// validDomain checks a CanonicalDomains entry and returns it lower-cased without a final dot.
func validDomain(name string, dia keyword.Dialect) (string, string) {
	if name == "" {
		return "", "empty domain name"
	}
	c0 := name[0]
	if !isAlnum(c0) && !(c0 == '_' && dia.Version.AtLeast("10.0")) {
		return "", fmt.Sprintf("domain name \"%s\" starts with invalid character", name)
	}
	lower := strings.ToLower(name)
	var last byte
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		if last == '.' && c == '.' {
			return "", fmt.Sprintf("domain name \"%s\" contains consecutive separators", lower[:i]+name[i:])
		}
		if c != '.' && c != '-' && !isAlnum(c) && c != '_' {
			return "", fmt.Sprintf("domain name \"%s\" contains invalid characters", lower[:i]+name[i:])
		}
		last = c
	}
	return strings.TrimSuffix(lower, "."), ""
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (d *decoder) decodeForward(k *keyword.Keyword, args []Arg) (any, int, *valueError) {
	if len(args) == 0 || args[0].Value == "" {
		return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: "missing-argument"}
	}
	remote := k.Name == "RemoteForward"
	dynamic := k.Kind == keyword.KindDynamicForward
	spec := args[0].Value
	used := 1
	if !dynamic {
		if len(args) < 2 || args[1].Value == "" {
			if !remote {
				return nil, len(args), errf(-1, "Missing target argument.")
			}
			dynamic = true
			if len(args) >= 2 {
				used = 2
			}
		} else {
			spec = args[0].Value + ":" + args[1].Value
			used = 2
		}
	}
	if len(spec) > 1023 {
		spec = spec[:1023]
	}
	fs := ForwardSpec{Spec: spec, Dynamic: dynamic, Remote: remote}
	if strings.Contains(spec, "${") {
		if !wellFormedDollar(spec) {
			return nil, used, errf(-1, "Bad forwarding specification.")
		}
		return fs, used, nil
	}
	f, ok := ParseForward(spec, dynamic, remote, d.port)
	if !ok {
		return nil, used, errf(-1, "Bad forwarding specification.")
	}
	fs.Forward = &f
	return fs, used, nil
}

// ParseForward decodes a forwarding specification the way OpenSSH's parse_forward does,
// after any ${VAR} expansion. port converts a port field (number or service name) and
// returns a value <= 0 when it is invalid.
func ParseForward(spec string, dynamic, remote bool, port func(string) int) (Forward, bool) {
	var f Forward
	cp := strings.TrimLeft(spec, " \t\n\v\f\r")
	type field struct {
		arg    string
		isPath bool
	}
	var fields []field
	rest := &cp
	for len(fields) < 4 {
		s := *rest
		if s == "" {
			rest = nil
			break
		}
		if s[0] == '[' {
			end := strings.IndexByte(s, ']')
			if end < 0 || (end+1 < len(s) && s[end+1] != ':') {
				break
			}
			fields = append(fields, field{s[1:end], strings.Contains(s[1:end], "/")})
			if end+1 < len(s) {
				s = s[end+2:]
			} else {
				s = ""
			}
			*rest = s
			continue
		}
		var b strings.Builder
		isPath := false
		i := 0
		bad := false
		for ; i < len(s); i++ {
			c := s[i]
			if c == '\\' {
				i++
				if i >= len(s) {
					bad = true
					break
				}
				c = s[i]
				if c == ':' || c == '/' || c == '\\' {
					b.WriteByte(c)
					continue
				}
			}
			if c == '/' {
				isPath = true
			}
			if c == ':' {
				break
			}
			b.WriteByte(c)
		}
		if bad {
			break
		}
		fields = append(fields, field{b.String(), isPath})
		if i < len(s) {
			s = s[i+1:]
		} else {
			s = ""
		}
		*rest = s
	}
	n := len(fields)
	if rest != nil && *rest != "" {
		n = 0
	}
	a := func(i int) string { return fields[i].arg }
	switch n {
	case 1:
		if fields[0].isPath {
			f.ListenPath, f.ListenPort = a(0), PortStreamLocal
		} else {
			f.ListenPort = port(a(0))
		}
		f.ConnectHost, f.HasConnectHost = "socks", true
	case 2:
		switch {
		case fields[0].isPath && fields[1].isPath:
			f.ListenPath, f.ListenPort = a(0), PortStreamLocal
			f.ConnectPath, f.ConnectPort = a(1), PortStreamLocal
		case fields[1].isPath:
			f.ListenPort = port(a(0))
			f.ConnectPath, f.ConnectPort = a(1), PortStreamLocal
		default:
			f.ListenHost, f.HasListenHost = a(0), true
			f.ListenPort = port(a(1))
			f.ConnectHost, f.HasConnectHost = "socks", true
		}
	case 3:
		switch {
		case fields[0].isPath:
			f.ListenPath, f.ListenPort = a(0), PortStreamLocal
			f.ConnectHost, f.HasConnectHost = a(1), true
			f.ConnectPort = port(a(2))
		case fields[2].isPath:
			f.ListenHost, f.HasListenHost = a(0), true
			f.ListenPort = port(a(1))
			f.ConnectPath, f.ConnectPort = a(2), PortStreamLocal
		default:
			f.ListenPort = port(a(0))
			f.ConnectHost, f.HasConnectHost = a(1), true
			f.ConnectPort = port(a(2))
		}
	case 4:
		f.ListenHost, f.HasListenHost = a(0), true
		f.ListenPort = port(a(1))
		f.ConnectHost, f.HasConnectHost = a(2), true
		f.ConnectPort = port(a(3))
	default:
		return Forward{}, false
	}
	if dynamic {
		if n != 1 && n != 2 {
			return Forward{}, false
		}
	} else {
		if n != 3 && n != 4 && f.ConnectPath == "" && f.ListenPath == "" {
			return Forward{}, false
		}
		if f.ConnectPort <= 0 && f.ConnectPath == "" {
			return Forward{}, false
		}
	}
	if (f.ListenPort < 0 && f.ListenPath == "") || (!remote && f.ListenPort == 0) {
		return Forward{}, false
	}
	const niMaxHost, pathMaxSun = 1025, 108
	if len(f.ConnectHost) >= niMaxHost || len(f.ListenHost) >= niMaxHost ||
		len(f.ConnectPath) >= pathMaxSun || len(f.ListenPath) >= pathMaxSun {
		return Forward{}, false
	}
	return f, true
}

func (d *decoder) decodeAddKeys(args []Arg) (any, int, *valueError) {
	if len(args) == 0 {
		return nil, 0, &valueError{msg: "missing argument.", arg: -1, code: "missing-argument"}
	}
	k := keyword.Lookup("AddKeysToAgent")
	a := args[0].Value
	val, ok := k.Match(a)
	if !ok {
		val = -1
	}
	if len(args) > 2 {
		return nil, 2, errf(-1, "unsupported option")
	}
	switch {
	case val == 3 && len(args) == 2:
		t, ok := ConvTime(args[1].Value, d.dialect)
		if !ok {
			return nil, 2, errf(1, "invalid time value.")
		}
		return AddKeysToAgent{3, t}, 2, nil
	case val == -1 && len(args) == 1:
		t, ok := ConvTime(a, d.dialect)
		if !ok {
			return nil, 1, errf(0, "unsupported option")
		}
		return AddKeysToAgent{1, t}, 1, nil
	case val == -1 || len(args) == 2:
		return nil, len(args), errf(-1, "unsupported option")
	}
	return AddKeysToAgent{val, 0}, 1, nil
}

func (d *decoder) decodeRekey(args []Arg) (any, int, *valueError) {
	if len(args) == 0 || args[0].Value == "" {
		return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: "missing-argument"}
	}
	var r RekeyLimit
	a := args[0].Value
	if a != "default" {
		n, ok := scanScaled(a)
		if !ok {
			return nil, 1, errf(0, "Bad number '%s'", a)
		}
		if n != 0 && n < 16 {
			return nil, 1, errf(0, "RekeyLimit too small")
		}
		r.Bytes = n
	}
	if len(args) == 1 {
		return r, 1, nil
	}
	b := args[1].Value
	if b == "none" {
		return r, 2, nil
	}
	if b == "" {
		return nil, 2, errf(1, "missing time value.")
	}
	t, ok := ConvTime(b, d.dialect)
	if !ok {
		return nil, 2, errf(1, "invalid time value.")
	}
	r.Interval, r.HasInterval = t, true
	return r, 2, nil
}

// scanScaled parses a number with an optional B/K/M/G/T/P/E suffix (powers of 1024).
func scanScaled(s string) (int64, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, unit := s[:i], s[i:]
	if num == "" || strings.Count(num, ".") > 1 {
		return 0, false
	}
	scale := int64(1)
	if unit != "" {
		if len(unit) != 1 {
			return 0, false
		}
		p := strings.IndexByte("BKMGTPE", upper(unit[0]))
		if p < 0 {
			return 0, false
		}
		for j := 0; j < p; j++ {
			scale *= 1024
		}
	}
	whole, frac, _ := strings.Cut(num, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if whole == "" {
		w, err = 0, nil
	}
	if err != nil || (scale > 1 && w > math.MaxInt64/scale) {
		return 0, false
	}
	v := w * scale
	if frac != "" && scale > 1 {
		f, _ := strconv.ParseFloat("0."+frac, 64)
		v += int64(f * float64(scale))
	}
	if neg {
		v = -v
	}
	return v, true
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 32
	}
	return c
}

// ConvTime converts an OpenSSH time specification ("90", "1h30m", "2w") to seconds,
// following the dialect's rules (9.x: strtol-based; 10.x: digits only, at most one
// seconds unit, fractions truncated).
func ConvTime(s string, dia keyword.Dialect) (int, bool) {
	if s == "" {
		return 0, false
	}
	if dia.Version.AtLeast("10.0") {
		return convTime10(s)
	}
	total := int64(0)
	p := s
	for p != "" {
		n, rest, ok := strtol(p)
		if !ok || n < 0 {
			return 0, false
		}
		mult := int64(1)
		if rest != "" {
			switch rest[0] {
			case 's', 'S':
			case 'm', 'M':
				mult = 60
			case 'h', 'H':
				mult = 3600
			case 'd', 'D':
				mult = 86400
			case 'w', 'W':
				mult = 604800
			default:
				return 0, false
			}
			rest = rest[1:]
		}
		if n > math.MaxInt32/mult {
			return 0, false
		}
		n *= mult
		if total > math.MaxInt32-n {
			return 0, false
		}
		total += n
		p = rest
	}
	return int(total), true
}

func convTime10(s string) (int, bool) {
	total := int64(0)
	sawSeconds := false
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, false
		}
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil || n > math.MaxInt32 {
			return 0, false
		}
		s = s[i:]
		mult := int64(1)
		if s != "" && s[0] == '.' {
			// fractional seconds: only valid as the last, seconds-unit element
			j := 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			s = s[j:]
			if s != "" && s != "s" && s != "S" {
				return 0, false
			}
		}
		if s != "" {
			switch s[0] {
			case 's', 'S':
				if sawSeconds {
					return 0, false
				}
				sawSeconds = true
			case 'm', 'M':
				mult = 60
			case 'h', 'H':
				mult = 3600
			case 'd', 'D':
				mult = 86400
			case 'w', 'W':
				mult = 604800
			default:
				return 0, false
			}
			s = s[1:]
		} else {
			if sawSeconds {
				return 0, false
			}
			sawSeconds = true
		}
		if n > math.MaxInt32/mult {
			return 0, false
		}
		total += n * mult
		if total > math.MaxInt32 {
			return 0, false
		}
	}
	return int(total), true
}

// strtol parses a leading base-10 long like C's strtol (leading blanks and a sign allowed)
// and returns the rest of the string.
func strtol(s string) (int64, string, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0, s, false
	}
	n, err := strconv.ParseInt(s[i:j], 10, 64)
	if err != nil {
		return 0, s, false
	}
	if neg {
		n = -n
	}
	return n, s[j:], true
}

// strtolPrefix parses the whole string in the given base like C's strtol, requiring at
// least one digit; trailing garbage is accepted as strtol does.
func strtolPrefix(s string, base int) (int64, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	j := 0
	for j < len(s) && s[j] >= '0' && int(s[j]-'0') < base && s[j] <= '9' {
		j++
	}
	if j == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:j], base, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// strtonum mirrors OpenBSD's strtonum: a base-10 integer in [min, max]; the error string
// is "invalid", "too small" or "too large".
func strtonum(s string, min, max int64) (int64, string) {
	n, rest, ok := strtol(s)
	if !ok || rest != "" {
		return 0, "invalid"
	}
	if n < min {
		return 0, "too small"
	}
	if n > max {
		return 0, "too large"
	}
	return n, ""
}

// port converts a port argument like OpenSSH's a2port: 0..65535 or a TCP service name.
func (d *decoder) port(s string) int {
	if n, e := strtonum(s, 0, 65535); e == "" {
		return int(n)
	}
	if d.services != nil {
		if p, ok := d.services(s); ok {
			return p
		}
	}
	return -1
}

var ipqosNames = []struct {
	name  string
	value int
}{
	{"none", IPQoSNone},
	{"af11", 0x28}, {"af12", 0x30}, {"af13", 0x38},
	{"af21", 0x48}, {"af22", 0x50}, {"af23", 0x58},
	{"af31", 0x68}, {"af32", 0x70}, {"af33", 0x78},
	{"af41", 0x88}, {"af42", 0x90}, {"af43", 0x98},
	{"cs0", 0x00}, {"cs1", 0x20}, {"cs2", 0x40}, {"cs3", 0x60},
	{"cs4", 0x80}, {"cs5", 0xa0}, {"cs6", 0xc0}, {"cs7", 0xe0},
	{"ef", 0xb8}, {"le", 0x04},
	{"lowdelay", 0x10}, {"throughput", 0x08}, {"reliability", 0x04},
}

// IPQoSName returns the name ssh -G prints for an IPQoS value.
func IPQoSName(v int, dia keyword.Dialect) string {
	for _, e := range ipqosNames {
		if e.value == v {
			return e.name
		}
	}
	return fmt.Sprintf("0x%02x", v)
}

func parseIPQoS(s string, has bool, dia keyword.Dialect) (int, bool) {
	if !has {
		return 0, false
	}
	for _, e := range ipqosNames {
		if strings.EqualFold(s, e.name) {
			return e.value, true
		}
	}
	if s == "" {
		return 0, false
	}
	base := 0
	if dia.Version.AtLeast("10.0") {
		base = 10
	}
	n, err := strconv.ParseInt(s, base, 64)
	if err != nil || n < 0 || n > 255 {
		return 0, false
	}
	return int(n), true
}

func parseTunnelDevice(s string) (TunnelDevice, bool) {
	one := func(x string) (int, bool) {
		if strings.EqualFold(x, "any") {
			return TunnelAny, true
		}
		n, e := strtonum(x, 0, 0x7fffffff-2)
		return int(n), e == ""
	}
	local, remote, hasRemote := strings.Cut(s, ":")
	t := TunnelDevice{Remote: TunnelAny}
	var ok bool
	if hasRemote {
		if t.Remote, ok = one(remote); !ok {
			return t, false
		}
	}
	if t.Local, ok = one(local); !ok {
		return t, false
	}
	return t, true
}

// ParseJump validates a ProxyJump value and returns its last hop. The value is what
// follows the keyword; a '#' starts a comment. OpenSSH 9.x cuts the value at its first
// blank (a bug fixed in 10.0).
func ParseJump(s string, dia keyword.Dialect) (Jump, bool) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if dia.Version.AtLeast("10.0") {
		s = strings.TrimRight(s, " \t\r\n")
	} else if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		s = s[:i]
	}
	j := Jump{Raw: s, Port: -1}
	if strings.EqualFold(s, "none") {
		j.None = true
		return j, true
	}
	hops := strings.Split(s, ",")
	for i := len(hops) - 1; i >= 0; i-- {
		user, host, port, ok := ParseUserHostPort(hops[i])
		if !ok {
			return Jump{}, false
		}
		if i == len(hops)-1 {
			j.User, j.Host, j.Port = user, host, port
		}
	}
	if i := strings.LastIndexByte(s, ','); i > 0 {
		j.Extra = s[:i]
	}
	return j, true
}

// ParseUserHostPort parses "[user@]host[:port]" or "ssh://[user@]host[:port]" as OpenSSH
// does for jump hosts. port is -1 when absent.
func ParseUserHostPort(s string) (user, host string, port int, ok bool) {
	port = -1
	if rest, isURI := strings.CutPrefix(s, "ssh://"); isURI {
		return parseSSHURI(rest)
	}
	tmp := s
	if i := strings.LastIndexByte(tmp, '@'); i >= 0 {
		if i == 0 {
			return "", "", -1, false
		}
		user, tmp = tmp[:i], tmp[i+1:]
	}
	h, rest, good := hpdelim(tmp)
	if !good || h == "" {
		return "", "", -1, false
	}
	host = cleanHostname(h)
	if rest.ok && rest.s != "" {
		d := decoder{services: DefaultServices}
		if port = d.port(rest.s); port <= 0 {
			return "", "", -1, false
		}
	}
	return user, host, port, true
}

func parseSSHURI(s string) (user, host string, port int, ok bool) {
	port = -1
	tmp := s
	if i := strings.IndexByte(tmp, '@'); i >= 0 {
		u := tmp[:i]
		if j := strings.IndexByte(u, ';'); j >= 0 {
			u = u[:j]
		}
		if u == "" {
			return "", "", -1, false
		}
		dec, good := urlDecode(u)
		if !good {
			return "", "", -1, false
		}
		user, tmp = dec, tmp[i+1:]
	}
	var h string
	if strings.HasPrefix(tmp, "[") {
		j := strings.IndexByte(tmp, ']')
		if j < 0 {
			return "", "", -1, false
		}
		h, tmp = tmp[1:j], tmp[j+1:]
	} else {
		j := strings.IndexAny(tmp, ":/")
		if j < 0 {
			j = len(tmp)
		}
		h, tmp = tmp[:j], tmp[j:]
	}
	if h == "" {
		return "", "", -1, false
	}
	host = h
	if strings.HasPrefix(tmp, ":") {
		tmp = tmp[1:]
		j := strings.IndexByte(tmp, '/')
		if j < 0 {
			j = len(tmp)
		}
		d := decoder{services: DefaultServices}
		if port = d.port(tmp[:j]); port <= 0 {
			return "", "", -1, false
		}
		tmp = tmp[j:]
	}
	if tmp != "" && tmp != "/" {
		return "", "", -1, false // a path is not allowed
	}
	return user, host, port, true
}

func urlDecode(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '/':
			return "", false
		case '%':
			if i+2 >= len(s) {
				return "", false
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil || n == 0 {
				return "", false
			}
			b.WriteByte(byte(n))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// checkAlgorithms validates an algorithm list argument like ciphers_valid, mac_valid,
// kex_names_valid and sshkey_names_valid2 do, returning OpenSSH's message or "".
func (d *decoder) checkAlgorithms(k *keyword.Keyword, list string) string {
	if list[0] == '-' {
		return ""
	}
	names := list
	if list[0] == '+' || list[0] == '^' {
		names = list[1:]
	}
	if k.Name == "GSSAPIKexAlgorithms" {
		return ""
	}
	algs := d.dialect.Algorithms()
	var known []string
	msg := ""
	wild := false
	switch k.Name {
	case "Ciphers":
		known, msg = algs.Ciphers, "Bad SSH2 cipher spec '%s'."
	case "MACs":
		known, msg = algs.MACs, "Bad SSH2 MAC spec '%s'."
	case "KexAlgorithms":
		known, msg = algs.Kex, "Bad SSH2 KexAlgorithms '%s'."
	default:
		known, msg, wild = algs.Keys, "Bad key types '%s'.", true
	}
	if names == "" {
		return fmt.Sprintf(msg, list)
	}
	for _, n := range strings.Split(names, ",") {
		if n == "" {
			return fmt.Sprintf(msg, list)
		}
		if wild && strings.ContainsAny(n, "*?") {
			continue
		}
		if !contains(known, n) {
			return fmt.Sprintf(msg, list)
		}
		if k.Name == "CASignatureAlgorithms" && d.dialect.Version.AtLeast("9.4") && strings.Contains(n, "-cert-") {
			return fmt.Sprintf(msg, list)
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DefaultServices resolves the TCP service names ssh configurations commonly use, as
// listed in the standard services database.
func DefaultServices(name string) (int, bool) {
	p, ok := commonServices[name]
	return p, ok
}

var commonServices = map[string]int{
	"ftp-data": 20, "ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53,
	"gopher": 70, "finger": 79, "http": 80, "www": 80, "kerberos": 88, "pop3": 110,
	"sunrpc": 111, "auth": 113, "nntp": 119, "ntp": 123, "imap2": 143, "imap": 143,
	"snmp": 161, "ldap": 389, "https": 443, "submissions": 465, "submission": 587,
	"ldaps": 636, "rsync": 873, "imaps": 993, "pop3s": 995, "socks": 1080,
	"openvpn": 1194, "ms-sql-s": 1433, "mysql": 3306, "postgresql": 5432,
	"x11": 6000, "http-alt": 8080, "webcache": 8080,
}
