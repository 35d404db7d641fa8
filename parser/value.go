package parser

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
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
	Bytes       int64
	Interval    int // seconds; meaningful when HasInterval
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
	keywords map[string]kwInfo // keywordsOf(dialect)
	strs     []string          // slab for list values
}

// stringSlice returns an empty slice with room for n strings, cut from a slab shared by
// the lines of a file (its capacity is n, so appending beyond n copies).
func (d *decoder) stringSlice(n int) []string {
	if cap(d.strs)-len(d.strs) < n {
		d.strs = make([]string, 0, max(256, n))
	}
	i := len(d.strs)
	d.strs = d.strs[:i+n]
	return d.strs[i : i : i+n]
}

// valueError is a problem found while decoding a value; msg follows OpenSSH's wording.
type valueError struct {
	msg  string
	arg  int    // index of the argument at fault, -1 for the whole line
	code string // "" for the code of the keyword's kind
}

// errf is a problem with the value's grammar as a whole: decode gives it the code of the
// keyword's kind (valueCodes).
func errf(arg int, format string, a ...any) *valueError {
	return &valueError{msg: fmt.Sprintf(format, a...), arg: arg}
}

// errc is a problem with its own code: a missing value, or a part of the value with a
// grammar of its own (a time inside RekeyLimit, an environment reference in a path).
func errc(code string, arg int, format string, a ...any) *valueError {
	return &valueError{msg: fmt.Sprintf(format, a...), arg: arg, code: code}
}

// decode validates the arguments of a directive of keyword k and returns its value. It
// reports the first problem OpenSSH would report, with the code of k's value grammar
// unless the problem has a code of its own. used is the number of arguments consumed;
// extra arguments are the caller's concern.
func (d *decoder) decode(k *keyword.Keyword, l *Line, rest string) (v any, used int, err *valueError) {
	v, used, err = d.decodeKind(k, l, rest)
	if err != nil && err.code == "" {
		err.code = valueCodes[k.Kind]
	}
	return v, used, err
}

// decodeKind is decode without the default code.
func (d *decoder) decodeKind(k *keyword.Keyword, l *Line, rest string) (v any, used int, err *valueError) {
	args := l.Args
	arg := func(i int) (string, bool) {
		if i < len(args) {
			return args[i].Value, true
		}
		return "", false
	}
	first, has := arg(0)
	missing := func() *valueError { return &valueError{msg: "Missing argument.", arg: -1, code: CodeMissingArg} }
	switch k.Kind {
	case keyword.KindIgnored, keyword.KindUnsupported:
		return nil, len(args), nil
	case keyword.KindFlag, keyword.KindEnum:
		switch k.Name {
		case "LogLevel", "SyslogFacility":
			// log_level_number / log_facility_number; a missing word prints as <NONE>.
			if val, ok := k.Match(first); ok && has {
				return val, 1, nil
			}
			what := "level"
			if k.Name == "SyslogFacility" {
				what = "facility"
			}
			if !has {
				return nil, 0, errf(-1, "unsupported log %s '<NONE>'", what)
			}
			return nil, 1, errf(0, "unsupported log %s '%s'", what, first)
		case "FingerprintHash":
			if !has || first == "" {
				return nil, 0, missing()
			}
			if val, ok := k.Match(first); ok {
				return val, 1, nil
			}
			return nil, 1, errf(0, "Invalid hash algorithm \"%s\".", first)
		}
		// parse_multistate: an absent or empty word is "missing argument." (lower case),
		// followed by an "unsupported option" line for the same problem.
		if !has || first == "" {
			return nil, 0, &valueError{msg: "missing argument.", arg: -1, code: CodeMissingArg}
		}
		if val, ok := k.Match(first); ok {
			return val, 1, nil
		}
		return nil, 1, errf(0, "unsupported option \"%s\".", first)
	case keyword.KindInt:
		if !has || first == "" {
			return nil, 1, errc(CodeMissingArg, 0, "integer value missing.")
		}
		n, e := strtonum(first, 0, math.MaxInt32)
		if e != "" {
			return nil, 1, errf(0, "integer value %s.", e)
		}
		return int(n), 1, nil
	case keyword.KindTime:
		if !has || first == "" {
			return nil, 0, errc(CodeMissingArg, -1, "missing time value.")
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
		out := d.stringSlice(len(args))
		for i, a := range args {
			if a.Value == "" || strings.Contains(a.Value, "=") {
				return nil, i + 1, errf(i, "Invalid environment name.")
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindSetEnv:
		out := d.stringSlice(len(args))
		for i, a := range args {
			if !strings.Contains(a.Value, "=") {
				return nil, i + 1, errf(i, "Invalid SetEnv.")
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindHost, keyword.KindInclude:
		out := d.stringSlice(len(args))
		for i, a := range args {
			if a.Value == "" {
				return nil, i + 1, errc(CodeEmptyArgument, i, "keyword %s empty argument", l.Name)
			}
			out = append(out, a.Value)
		}
		return out, len(args), nil
	case keyword.KindAddKeysToAgent:
		return d.decodeAddKeys(args)
	case keyword.KindForwardAgent:
		if !has || first == "" {
			return nil, 0, errc(CodeMissingArg, -1, "missing argument.")
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
			return nil, 0, errc(CodeMissingArg, -1, "Missing ControlPersist argument.")
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
			return nil, 0, errc(CodeMissingArg, -1, "Missing StreamLocalBindMask argument.")
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

// asciiLower is keyword.LowerASCII: OpenSSH's lowercase().
func asciiLower(s string) string { return keyword.LowerASCII(s) }

// flagValue decodes yes/no/true/false, case-insensitively.
func flagValue(s string) (int, bool) {
	switch asciiLower(s) {
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
		return errc(CodeBadEnvironment, 0, "Invalid environment expansion %s.", s)
	}
	if len(s) > 1 && s[0] == '$' && s[1] != '{' && !validEnvName(s[1:]) {
		return errc(CodeBadEnvironment, 0, "Invalid environment name %s.", s)
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
	if k.Name == "RevokedHostKeys" && !d.dialect.Version.AtLeast("10.3") {
		// one path before 10.3 (parse_string)
		if len(args) == 0 || args[0].Value == "" {
			return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: CodeMissingArg}
		}
		return []string{args[0].Value}, 1, nil
	}
	if len(args) == 0 && k.Name != "CanonicalDomains" && k.Name != "CanonicalizePermittedCNAMEs" {
		if k.Name == "PermitRemoteOpen" {
			return nil, 0, &valueError{msg: "missing PermitRemoteOpen specification", arg: -1, code: CodeMissingArg}
		}
		return []string{}, 0, nil
	}
	out := d.stringSlice(len(args))
	for i, a := range args {
		v := a.Value
		isNone := keyword.EqualFoldASCII(v, "none")
		last := i == len(args)-1
		switch k.Name {
		case "CanonicalizePermittedCNAMEs":
			if isNone {
				if i > 0 || !last {
					return nil, i + 1, errc(CodeNoneNotAlone, i, "keyword %s \"none\" argument must appear alone.", asciiLower(k.Name))
				}
			} else if v != "*" {
				v = asciiLower(v)
				c := strings.IndexByte(v, ':')
				if c < 0 || c == len(v)-1 {
					return nil, i + 1, errc(CodeBadCNAMERule, i, "Invalid permitted CNAME \"%s\"", v)
				}
			}
			out = append(out, v)
			continue
		case "PermitRemoteOpen":
			if isNone || keyword.EqualFoldASCII(v, "any") {
				if i > 0 || !last {
					return nil, i + 1, errc(CodeNoneNotAlone, i, "keyword %s \"%s\" argument must appear alone.", asciiLower(k.Name), v)
				}
			} else if msg := checkPermitOpen(v, d); msg != "" {
				return nil, i + 1, errc(CodeBadPermitOpen, i, "%s", msg)
			}
			out = append(out, v)
			continue
		case "ChannelTimeout":
			out = append(out, v)
			continue
		}
		if v == "" {
			return nil, i + 1, errc(CodeEmptyArgument, i, "keyword %s empty argument", asciiLower(k.Name))
		}
		if isNone && (i > 0 || !last) {
			return nil, i + 1, errc(CodeNoneNotAlone, i, "keyword %s \"none\" argument must appear alone.", asciiLower(k.Name))
		}
		if k.Name == "CanonicalDomains" {
			dom, msg := validDomain(v, d.dialect)
			if msg != "" {
				return nil, i + 1, errc(CodeBadDomain, i, "%s", msg)
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
		return "missing host in permitremoteopen"
	}
	_ = host
	if !port.ok || (port.s != "*" && d.port(port.s) <= 0) {
		return "bad port number in permitremoteopen"
	}
	return ""
}

type optString struct {
	s  string
	ok bool
}

// hpdelim is OpenSSH's hpdelim: hpdelim2 that refuses a '/' separator. The host keeps its
// brackets; rest is absent when there was no separator.
func hpdelim(s string) (host string, rest optString, ok bool) {
	host, rest, delim, ok := hpdelim2(s)
	if !ok || delim == '/' {
		return "", optString{}, false
	}
	return host, rest, true
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
	lower := asciiLower(name)
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
		return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: CodeMissingArg}
	}
	remote := k.Name == "RemoteForward"
	dynamic := k.Kind == keyword.KindDynamicForward
	spec := args[0].Value
	used := 1
	if !dynamic {
		if len(args) < 2 || args[1].Value == "" {
			if !remote {
				return nil, len(args), errc(CodeMissingArg, -1, "Missing target argument.")
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
			// parse_fwd_field removes the trailing backslash in place before failing, so
			// a field that was only "\\" leaves nothing behind: no trailing garbage, and
			// the fields before it stand ("80:\\" is port 80).
			if s == "\\" {
				*rest = ""
			}
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
		return nil, 0, &valueError{msg: "missing argument.", arg: -1, code: CodeMissingArg}
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
			return nil, 2, errc(CodeBadTime, 1, "invalid time value.")
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
		return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: CodeMissingArg}
	}
	var r RekeyLimit
	a := args[0].Value
	if a != "default" {
		n, errno := scanScaled(a)
		if errno != "" {
			return nil, 1, errf(0, "Bad number '%s': %s", a, errno)
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
		return nil, 2, errc(CodeMissingArg, 1, "missing time value.")
	}
	t, ok := ConvTime(b, d.dialect)
	if !ok {
		return nil, 2, errc(CodeBadTime, 1, "invalid time value.")
	}
	r.Interval, r.HasInterval = t, true
	return r, 2, nil
}

// scanScaled is OpenBSD's scan_scaled: optional blanks and one sign, decimal digits with
// at most one '.', then nothing or one unit of BKMGTPE (any case, powers of 1024) that is
// not followed by a letter or digit. A fraction counts only with a unit. errno is the
// strerror text of a failure: "Invalid argument" or "Numerical result out of range".
func scanScaled(s string) (v int64, errno string) {
	const (
		einval    = "Invalid argument"
		erange    = "Numerical result out of range"
		maxDigits = 21 // SCALE_LENGTH * 3
	)
	p := 0
	for p < len(s) && (s[p] == ' ' || s[p] >= '\t' && s[p] <= '\r') {
		p++
	}
	sign := int64(0)
	for p < len(s) && (s[p] == '-' || s[p] == '+') {
		if sign != 0 {
			return 0, einval
		}
		sign = 1
		if s[p] == '-' {
			sign = -1
		}
		p++
	}
	var whole, fpart int64
	ndigits, fractDigits := 0, 0
	for ; p < len(s) && (s[p] >= '0' && s[p] <= '9' || s[p] == '.'); p++ {
		if s[p] == '.' {
			if fractDigits > 0 {
				return 0, einval
			}
			fractDigits = 1
			continue
		}
		d := int64(s[p] - '0')
		if fractDigits > 0 {
			if fractDigits >= maxDigits-1 {
				continue // extra fractional digits are ignored
			}
			fractDigits++
			if fpart > math.MaxInt64/10 {
				return 0, erange
			}
			fpart *= 10
			if d > math.MaxInt64-fpart {
				return 0, erange
			}
			fpart += d
			continue
		}
		ndigits++
		if ndigits >= maxDigits || whole > math.MaxInt64/10 {
			return 0, erange
		}
		whole *= 10
		if d > math.MaxInt64-whole {
			return 0, erange
		}
		whole += d
	}
	if sign != 0 {
		whole *= sign
	}
	if p == len(s) {
		return whole, ""
	}
	unit := strings.IndexByte("BKMGTPE", upper(s[p]))
	if unit < 0 || (s[p] >= 'a' && s[p] <= 'z' && s[p]-'a'+'A' != "BKMGTPE"[unit]) {
		return 0, einval
	}
	if p+1 < len(s) && isAlnum(s[p+1]) {
		return 0, einval
	}
	scale := int64(1) << (10 * unit)
	if whole > math.MaxInt64/scale || whole < math.MinInt64/scale {
		return 0, erange
	}
	whole *= scale
	for fpart >= math.MaxInt64/scale || fpart < math.MinInt64/scale {
		fpart /= 10
		fractDigits--
	}
	fpart *= scale
	for i := 0; i < fractDigits-1; i++ {
		fpart /= 10
	}
	if sign == -1 {
		whole -= fpart
	} else {
		whole += fpart
	}
	return whole, ""
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

// cStrtol is C's strtol for a 64-bit long: leading isspace characters and one sign are
// skipped; base 0 detects a "0x" (hexadecimal) or "0" (octal) prefix, base 16 allows
// "0x". It returns the value (clamped to the int64 range on overflow, as strtol does with
// ERANGE), the index just after the last digit used (0 when no digits were found, like
// strtol's endptr == nptr) and whether the value overflowed.
func cStrtol(s string, base int) (n int64, end int, overflow bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if (base == 0 || base == 16) && i+2 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') &&
		digitValue(s[i+2]) < 16 {
		i += 2
		base = 16
	} else if base == 0 {
		base = 10
		if i < len(s) && s[i] == '0' {
			base = 8
		}
	}
	start := i
	var u uint64
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	for ; i < len(s); i++ {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		if !overflow {
			if u > (limit-uint64(d))/uint64(base) {
				overflow = true
			} else {
				u = u*uint64(base) + uint64(d)
			}
		}
	}
	if i == start {
		return 0, 0, false
	}
	switch {
	case overflow && neg:
		return math.MinInt64, i, true
	case overflow:
		return math.MaxInt64, i, true
	case neg:
		return -int64(u), i, false
	}
	return int64(u), i, false
}

// digitValue returns the value of an ASCII digit or letter in bases up to 36, or 36.
func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 36
}

// strtol parses a leading base-10 long like C's strtol and returns the rest of the
// string; ok is false when there are no digits or the value overflows a long.
func strtol(s string) (int64, string, bool) {
	n, end, overflow := cStrtol(s, 10)
	if end == 0 || overflow {
		return 0, s, false
	}
	return n, s[end:], true
}

// strtolPrefix parses a number in the given base like C's strtol, requiring at least one
// digit; trailing garbage is accepted as strtol does, and an overflow clamps.
func strtolPrefix(s string, base int) (int64, bool) {
	n, end, _ := cStrtol(s, base)
	return n, end > 0
}

// strtonum mirrors OpenBSD's strtonum: a base-10 integer in [min, max]; the error string
// is "invalid", "too small" or "too large" (an overflow is too small or too large).
func strtonum(s string, min, max int64) (int64, string) {
	n, end, _ := cStrtol(s, 10)
	if end == 0 || end != len(s) {
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
		if keyword.EqualFoldASCII(s, e.name) {
			if dia.Version.AtLeast("10.1") && (e.name == "lowdelay" || e.name == "throughput" || e.name == "reliability") {
				return IPQoSNone, true // 10.1 retired the old ToS names: they mean "none"
			}
			return e.value, true
		}
	}
	if s == "" {
		return 0, false
	}
	if dia.Version.AtLeast("10.0") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 255 {
			return 0, false
		}
		return int(n), true
	}
	// strtol(cp, &ep, 0) with *ep == '\0' required.
	n, end, _ := cStrtol(s, 0)
	if end != len(s) || n < 0 || n > 255 {
		return 0, false
	}
	return int(n), true
}

func parseTunnelDevice(s string) (TunnelDevice, bool) {
	one := func(x string) (int, bool) {
		if keyword.EqualFoldASCII(x, "any") {
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
	// parse_jump compares the value as given, before removing the comment, with "none":
	// "none # c" is a jump host named none.
	isNone := keyword.EqualFoldASCII(s, "none")
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if dia.Version.AtLeast("10.0") {
		s = strings.TrimRight(s, " \t\r\n")
	} else if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		s = s[:i]
	}
	j := Jump{Raw: s, Port: -1}
	if isNone {
		j.None = true
		return j, true
	}
	hops := strings.Split(s, ",")
	for i := len(hops) - 1; i >= 0; i-- {
		user, host, port, ok := parseUserHostPort(hops[i], dia)
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

// ParseUserHostPort parses "[user@]host[:port]" or "ssh://[user@]host[:port][/]" as
// OpenSSH does for jump hosts and destinations. port is -1 when absent. The host of a URI
// must be a valid domain name by the rules of 9.2 (see ParseJump for other releases).
func ParseUserHostPort(s string) (user, host string, port int, ok bool) {
	return parseUserHostPort(s, keyword.Debian92)
}

func parseUserHostPort(s string, dia keyword.Dialect) (user, host string, port int, ok bool) {
	port = -1
	if rest, isURI := strings.CutPrefix(s, "ssh://"); isURI {
		return parseSSHURI(rest, dia)
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

// parseSSHURI is parse_ssh_uri after "ssh://": an optional user (up to the first '@',
// connection parameters after ';' dropped, URL-decoded), a host that is a valid domain
// name (brackets removed, one final dot dropped), an optional port after ':' and no path
// (a lone trailing '/' is allowed).
func parseSSHURI(s string, dia keyword.Dialect) (user, host string, port int, ok bool) {
	fail := func() (string, string, int, bool) { return "", "", -1, false }
	port = -1
	tmp := s
	if i := strings.IndexByte(tmp, '@'); i >= 0 {
		u := tmp[:i]
		if j := strings.IndexByte(u, ';'); j >= 0 {
			u = u[:j]
		}
		if u == "" {
			return fail()
		}
		dec, good := urlDecode(u, dia.Behaves("10.1", 10))
		if !good {
			return fail()
		}
		user, tmp = dec, tmp[i+1:]
	}
	h, rest, delim, good := hpdelim2(tmp)
	if !good || h == "" {
		return fail()
	}
	h = cleanHostname(h)
	if _, msg := validDomain(h, dia); msg != "" {
		return fail()
	}
	host = strings.TrimSuffix(h, ".")
	if rest.ok && rest.s != "" {
		path, hasPath := rest.s, true
		if delim == ':' {
			p, after, slash := strings.Cut(rest.s, "/")
			d := decoder{services: DefaultServices}
			if port = d.port(p); port <= 0 {
				return fail()
			}
			path, hasPath = after, slash
		}
		if hasPath && path != "" {
			return fail() // a path is not allowed
		}
	}
	return user, host, port, true
}

// hpdelim2 splits "host" from "host:rest", "host/rest" or "[host]:rest" like OpenSSH's
// hpdelim2: the host keeps its brackets, delim is the separator found (0 at the end of
// the string), and ok is false when a bracket is not closed or not followed by a
// separator.
func hpdelim2(s string) (host string, rest optString, delim byte, ok bool) {
	i := 0
	if strings.HasPrefix(s, "[") {
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return "", optString{}, 0, false
		}
		i = j + 1
	} else if i = strings.IndexAny(s, ":/"); i < 0 {
		i = len(s)
	}
	if i == len(s) {
		return s, optString{}, 0, true
	}
	if s[i] != ':' && s[i] != '/' {
		return "", optString{}, 0, false
	}
	return s[:i], optString{s[i+1:], true}, s[i], true
}

// urlDecode is OpenSSH's urldecode: '+' is a space and %XX a byte; a bad escape fails.
// The result is a C string, so it ends at a decoded NUL — which fails instead when
// refuseNUL (OpenSSH 10.1, Debian deb12u10).
func urlDecode(s string, refuseNUL bool) (string, bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) || digitValue(s[i+1]) >= 16 || digitValue(s[i+2]) >= 16 {
				return "", false
			}
			c := byte(digitValue(s[i+1])<<4 | digitValue(s[i+2]))
			if c == 0 && refuseNUL {
				return "", false
			}
			b = append(b, c)
			i += 2
		default:
			b = append(b, c)
		}
	}
	if k := bytes.IndexByte(b, 0); k >= 0 {
		b = b[:k]
	}
	return string(b), true
}

// checkAlgorithms validates an algorithm list argument like ciphers_valid, mac_valid,
// kex_names_valid, sshkey_names_valid2 and Debian's kex_gss_names_valid do, returning
// OpenSSH's message or "". Like those functions (a strsep loop that stops at an empty
// element), it checks the names up to the first empty one: "a,,bogus" and "a," are valid.
func (d *decoder) checkAlgorithms(k *keyword.Keyword, list string) string {
	if k.Name == "GSSAPIKexAlgorithms" {
		// No +/-/^ forms; each name must be a GSSAPI key exchange (prefix match).
		for _, n := range strings.Split(list, ",") {
			if n == "" {
				break
			}
			if !strings.HasPrefix(n, "gss-") || !isGSSKex(n) {
				return fmt.Sprintf("Bad GSSAPI KexAlgorithms '%s'.", list)
			}
		}
		return ""
	}
	if list[0] == '-' {
		return ""
	}
	names := list
	if list[0] == '+' || list[0] == '^' {
		names = list[1:]
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
			break
		}
		switch {
		case contains(known, n):
		case k.Name == "KexAlgorithms" && d.dialect.Debian && isGSSKex(n):
		case wild && (keyShortName(known, n) || matchesAnyName(known, n)):
		default:
			return fmt.Sprintf(msg, list)
		}
		if k.Name == "CASignatureAlgorithms" && d.dialect.Version.AtLeast("9.4") && strings.Contains(n, "-cert-") {
			return fmt.Sprintf(msg, list)
		}
	}
	return ""
}

// debianGSSKex are the GSSAPI key exchange names of Debian's GSSAPI patch (kex-names.c).
// kex_alg_by_name matches them as prefixes: "gss-gex-sha1-" also accepts
// "gss-gex-sha1-anything". Debian's ssh accepts them in KexAlgorithms too.
var debianGSSKex = []string{
	"gss-gex-sha1-", "gss-group1-sha1-", "gss-group14-sha1-", "gss-group14-sha256-",
	"gss-group16-sha512-", "gss-nistp256-sha256-", "gss-curve25519-sha256-",
}

// isGSSKex reports whether n names a GSSAPI key exchange method.
func isGSSKex(n string) bool {
	for _, g := range debianGSSKex {
		if strings.HasPrefix(n, g) {
			return true
		}
	}
	return false
}

// keyShortName reports whether n is the short name of a plain key type that the build
// knows ("RSA", "ED25519", …, any case); sshkey_type_from_name accepts those.
func keyShortName(known []string, n string) bool {
	for _, s := range []struct{ short, name string }{
		{"RSA", "ssh-rsa"}, {"DSA", "ssh-dss"}, {"ECDSA", "ecdsa-sha2-nistp256"},
		{"ED25519", "ssh-ed25519"}, {"ECDSA-SK", "sk-ecdsa-sha2-nistp256@openssh.com"},
		{"ED25519-SK", "sk-ssh-ed25519@openssh.com"}, {"XMSS", "ssh-xmss@openssh.com"},
	} {
		if keyword.EqualFoldASCII(n, s.short) && contains(known, s.name) {
			return true
		}
	}
	return false
}

// matchesAnyName is sshkey_names_valid2's wildcard rule: an element that is not a key
// type name is accepted when, as a pattern list, it matches some name positively or
// negatively (so "ssh-*" and "!ssh-rsa" pass, "x*" and "!x*" do not).
func matchesAnyName(known []string, pat string) bool {
	p := strings.TrimPrefix(pat, "!")
	for _, name := range known {
		if pattern.Match(name, p) {
			return true
		}
	}
	return false
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
