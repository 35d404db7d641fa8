package parser

import (
	"fmt"
	"math"
	"strings"
	"unsafe"

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
	keywords *keywordTable // keywordsOf(dialect)
	strs     []string      // slab for list values
	boxes    *boxes        // slabs for boxing values; nil to let Go box them
	// check makes a decoder that only validates: every value it would build is the
	// non-nil Checked instead, and nothing is allocated for it (see inert).
	check bool
	join  []byte // scratch of a checking decoder (joinForward)
	// portOf is d.port as a function value, made on first use
	portOf func(string) int
}

// checked is the value a checking decoder gives for every value it does not build.
var checked any = struct{}{}

// built returns v as an any, or checked when the decoder only validates: values that Go
// boxes are not built for lines that are checked and dropped.
func built[T any](d *decoder, v T) any {
	if d.check {
		return checked
	}
	return v
}

// Boxing. Line.Value is an interface: a string, an int or a []string put in it needs a
// copy of the value somewhere in memory, and Go allocates one for each conversion (ints
// under 256 apart) — an allocation per line, most of what parsing allocates apart from
// the slabs. A decoder that boxes (Parse's) copies these values into slabs instead and
// makes each interface refer to its copy: an interface is a type word and a pointer to
// the value, and the value is never written again (a line dropped by Options.Keep gives
// its room back before any interface to it can be seen; see parseKept).

// eface is the layout of an interface{}.
type eface struct{ typ, data unsafe.Pointer }

// typeWord returns the type word of an interface holding a value of v's type.
func typeWord(v any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

var (
	stringType  = typeWord("")
	intType     = typeWord(0)
	stringsType = typeWord([]string(nil))
	jumpType    = typeWord(Jump{})
)

// boxSlab is how many values a boxing slab holds at most.
const boxSlab = 256

// boxes are the slabs a boxing decoder puts values into.
type boxes struct {
	strings []string
	ints    []int
	lists   [][]string
	jumps   []Jump
	// lastJump is the last Jump boxed, given again for an equal one: a fleet's hosts
	// mostly jump through the same few bastions, often written one after the other.
	lastJump *Jump
}

// giveBack frees the room b's slabs took since they were as in was (the values of a
// line that is dropped), in each slab that is still the same one.
func (b *boxes) giveBack(was *boxes) {
	giveBack(&b.strings, was.strings)
	giveBack(&b.ints, was.ints)
	giveBack(&b.lists, was.lists)
	giveBack(&b.jumps, was.jumps)
	b.lastJump = was.lastJump // a later one's room may be written again
}

// giveBack shortens *slab to was when it is still the same slab.
func giveBack[T any](slab *[]T, was []T) {
	if unsafe.SliceData(*slab) == unsafe.SliceData(was) {
		*slab = was
	}
}

// boxIn copies v into *slab (a new slab when it is full) and returns an interface of
// type word typ referring to the copy.
func boxIn[T any](slab *[]T, v T, typ unsafe.Pointer) any {
	if len(*slab) == cap(*slab) {
		*slab = nextSlab(*slab, 1, boxSlab)
	}
	*slab = append(*slab, v)
	return *(*any)(unsafe.Pointer(&eface{typ: typ, data: unsafe.Pointer(&(*slab)[len(*slab)-1])}))
}

// boxString returns s as an any, from the decoder's slab when it boxes.
func (d *decoder) boxString(s string) any {
	if d.check {
		return checked
	}
	if d.boxes == nil {
		return s
	}
	return boxIn(&d.boxes.strings, s, stringType)
}

// boxArg returns the value of argument a as an any: when the decoder boxes, it refers to
// the value in the argument itself, which the tree keeps anyway (the arguments' slab is
// not written again either).
func (d *decoder) boxArg(a *Arg) any {
	if d.check {
		return checked
	}
	if d.boxes == nil {
		return a.Value
	}
	return *(*any)(unsafe.Pointer(&eface{typ: stringType, data: unsafe.Pointer(&a.Value)}))
}

// boxInt returns n as an any, from the decoder's slab when it boxes.
func (d *decoder) boxInt(n int) any {
	if d.check {
		return checked
	}
	if d.boxes == nil || (n >= 0 && n < 256) { // Go boxes these without allocating
		return n
	}
	return boxIn(&d.boxes.ints, n, intType)
}

// boxStrings returns list as an any, from the decoder's slab when it boxes.
func (d *decoder) boxStrings(list []string) any {
	if d.check {
		return checked
	}
	if d.boxes == nil {
		return list
	}
	return boxIn(&d.boxes.lists, list, stringsType)
}

// boxJump returns j as an any, from the decoder's slab when it boxes.
func (d *decoder) boxJump(j Jump) any {
	if d.check {
		return checked
	}
	if d.boxes == nil {
		return j
	}
	b := d.boxes
	if b.lastJump == nil || *b.lastJump != j {
		boxIn(&b.jumps, j, jumpType)
		b.lastJump = &b.jumps[len(b.jumps)-1]
	}
	return *(*any)(unsafe.Pointer(&eface{typ: jumpType, data: unsafe.Pointer(b.lastJump)}))
}

// Values of the ForwardAgent flag forms, boxed once: they are the same on every line.
var forwardAgentFlags = [2]any{ForwardAgent{Flag: 0}, ForwardAgent{Flag: 1}}

// argValues returns the values of args, as written, as a list in an any. A list of one
// value is that value itself, in the arguments' slab (a Host or Include of one pattern,
// say, costs no string of its own).
func (d *decoder) argValues(args []Arg) any {
	if d.check {
		return checked
	}
	if len(args) == 1 {
		return d.boxStrings(unsafe.Slice(&args[0].Value, 1))
	}
	out := d.stringSlice(len(args))
	for _, a := range args {
		out = append(out, a.Value)
	}
	return d.boxStrings(out)
}

// listOf returns out, the list of words decoded from args, as an any. When it is one
// word, the first argument's value unchanged, the list is that value itself, as in
// argValues, and the room out took is given back.
func (d *decoder) listOf(args []Arg, out []string) any {
	if len(out) == 1 && !d.check && sameString(out[0], args[0].Value) {
		giveBackList(&d.strs, out)
		out = unsafe.Slice(&args[0].Value, 1)
	}
	return d.boxStrings(out)
}

// sameString reports whether a and b are the same bytes in memory.
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

// giveBackList shortens *slab by list when list is its end (as stringSlice cut it).
func giveBackList(slab *[]string, list []string) {
	n := len(*slab) - cap(list)
	if n >= 0 && unsafe.SliceData((*slab)[n:]) == unsafe.SliceData(list) {
		*slab = (*slab)[:n]
	}
}

// stringSlice returns an empty slice with room for n strings, cut from a slab shared by
// the lines of a file (its capacity is n, so appending beyond n copies). A checking
// decoder reuses one slice: the list is only looked at, never kept.
func (d *decoder) stringSlice(n int) []string {
	if d.check {
		if cap(d.strs) < n {
			d.strs = make([]string, 0, max(n, 16))
		}
		return d.strs[:0:n]
	}
	if n == 0 {
		return []string{} // empty, never nil: whether a slab exists yet must not show
	}
	if cap(d.strs)-len(d.strs) < n {
		d.strs = nextSlab(d.strs, n, 256)
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
	// then is a further line ssh logs for the same problem (SSHText.Then), or "".
	then string
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
	args := l.Args()
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
		switch k.ID {
		case keyword.LogLevel, keyword.SyslogFacility:
			// log_level_number / log_facility_number; a missing word prints as <NONE>.
			if val, ok := k.Match(first); ok && has {
				return val, 1, nil
			}
			what := "level"
			if k.ID == keyword.SyslogFacility {
				what = "facility"
			}
			if !has {
				return nil, 0, errf(-1, "unsupported log %s '<NONE>'", what)
			}
			return nil, 1, errf(0, "unsupported log %s '%s'", what, first)
		case keyword.FingerprintHash:
			if !has || first == "" {
				return nil, 0, missing()
			}
			if val, ok := k.Match(first); ok {
				return val, 1, nil
			}
			return nil, 1, errf(0, "Invalid hash algorithm \"%s\".", first)
		}
		// parse_multistate: an absent or empty word is "missing argument." (lower case),
		// followed by an "unsupported option" line for the same problem that quotes the
		// word (glibc prints an absent one as "(null)").
		if !has || first == "" {
			return nil, 0, &valueError{msg: "missing argument.", arg: -1, code: CodeMissingArg,
				then: fmt.Sprintf("unsupported option \"%s\".", nullString(first, has))}
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
		return d.boxInt(int(n)), 1, nil
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
		return d.boxInt(t), 1, nil
	case keyword.KindPort:
		if !has || first == "" {
			return nil, 0, missing()
		}
		p := d.port(first)
		if p <= 0 {
			return nil, 1, errf(0, "Bad port '%s'.", first)
		}
		return d.boxInt(p), 1, nil
	case keyword.KindString, keyword.KindPath:
		if !has || first == "" {
			return nil, 0, missing()
		}
		if k.ID == keyword.IdentityAgent {
			if e := checkAgentPath(first); e != nil {
				return nil, 1, e
			}
		}
		return d.boxArg(&args[0]), 1, nil
	case keyword.KindPathList, keyword.KindList:
		return d.decodeList(k, args)
	case keyword.KindCommand:
		if k.ID == keyword.VersionAddendum || rest == "" {
			if rest == "" {
				return nil, 0, missing()
			}
		}
		return d.boxString(strings.TrimLeft(rest, " \t\r\n=")), len(args), nil
	case keyword.KindProxyJump:
		raw := strings.TrimLeft(rest, " \t\r\n=")
		j, ok := ParseJump(raw, d.dialect)
		if !ok {
			return nil, len(args), errf(-1, "Invalid ProxyJump \"%s\"", raw)
		}
		return d.boxJump(j), len(args), nil
	case keyword.KindAlgorithms:
		if !has || first == "" {
			return nil, 0, missing()
		}
		if msg := d.checkAlgorithms(k, first); msg != "" {
			return nil, 1, errf(0, "%s", msg)
		}
		return d.boxArg(&args[0]), 1, nil
	case keyword.KindForward, keyword.KindDynamicForward:
		return d.decodeForward(k, args)
	case keyword.KindSendEnv:
		for i, a := range args {
			if a.Value == "" || strings.Contains(a.Value, "=") {
				return nil, i + 1, errf(i, "Invalid environment name.")
			}
		}
		return d.argValues(args), len(args), nil
	case keyword.KindSetEnv:
		for i, a := range args {
			if !strings.Contains(a.Value, "=") {
				return nil, i + 1, errf(i, "Invalid SetEnv.")
			}
		}
		return d.argValues(args), len(args), nil
	case keyword.KindHost, keyword.KindInclude:
		for i, a := range args {
			if a.Value == "" {
				return nil, i + 1, errc(CodeEmptyArgument, i, "keyword %s empty argument", l.Name())
			}
		}
		return d.argValues(args), len(args), nil
	case keyword.KindAddKeysToAgent:
		return d.decodeAddKeys(args)
	case keyword.KindForwardAgent:
		if !has || first == "" {
			return nil, 0, errc(CodeMissingArg, -1, "missing argument.")
		}
		if v, ok := flagValue(first); ok {
			return forwardAgentFlags[v], 1, nil
		}
		if e := checkAgentPath(first); e != nil {
			return nil, 1, e
		}
		return built(d, ForwardAgent{Flag: 1, Path: first}), 1, nil
	case keyword.KindControlPersist:
		if !has || first == "" {
			return nil, 0, errc(CodeMissingArg, -1, "Missing ControlPersist argument.")
		}
		switch first {
		case "no", "false":
			return built(d, ControlPersist{}), 1, nil
		case "yes", "true":
			return built(d, ControlPersist{Enabled: 1}), 1, nil
		}
		if t, ok := ConvTime(first, d.dialect); ok {
			return built(d, ControlPersist{Enabled: 1, Timeout: t}), 1, nil
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
			return built(d, IPQoS{a, a}), 1, nil
		}
		b, ok := parseIPQoS(second, true, d.dialect)
		if !ok {
			return nil, 2, errf(1, "Bad IPQoS value: %s", second)
		}
		return built(d, IPQoS{a, b}), 2, nil
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
		return built(d, t), 1, nil
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
				return d.boxInt(int(n)), 1, nil
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
		return d.boxInt(int(n)), 1, nil
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
