// Package keyword is the one table of ssh_config keywords that every part of sshcfg reads:
// the parser validates values with it, the resolver applies and prints them, the linter and
// the language server complete, hover and document them.
//
// The table is data (see table.go). A keyword is found with [Lookup], which accepts any
// spelling OpenSSH accepts (matching is ASCII case-insensitive, aliases included).
package keyword

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is the value grammar of a keyword: it selects how the parser decodes its arguments.
type Kind int

// Value grammars. Most names follow ssh_config(5); the specific ones exist because OpenSSH
// decodes that keyword in a way of its own.
const (
	KindFlag                   Kind = iota // yes/no/true/false
	KindEnum                               // one word of Values (case-insensitive unless CaseSensitive)
	KindInt                                // decimal integer 0..INT_MAX
	KindTime                               // time interval, e.g. 1h30m; AllowNone permits "none"
	KindString                             // one argument, kept as written
	KindPath                               // one path argument (tilde expansion by the consumer)
	KindPathList                           // one or more paths on one line (first line wins)
	KindCommand                            // the rest of the line, verbatim (ProxyCommand & co.)
	KindProxyJump                          // comma-separated jump hops, or none
	KindAlgorithms                         // comma-separated algorithm list with + - ^ prefixes
	KindForward                            // LocalForward/RemoteForward: listen [target]
	KindDynamicForward                     // DynamicForward: [address:]port or socket path
	KindSendEnv                            // environment variable patterns, -pattern removes
	KindSetEnv                             // NAME=VALUE pairs
	KindList                               // several words on one line (first line wins)
	KindPort                               // 1..65535 or a service name
	KindHost                               // Host patterns
	KindMatch                              // Match criteria
	KindInclude                            // Include file globs
	KindAddKeysToAgent                     // yes/no/ask/confirm, optional lifetime
	KindForwardAgent                       // flag, socket path or environment variable name
	KindControlPersist                     // yes/no or a time
	KindEscapeChar                         // one character, ^X or none
	KindIPQoS                              // one or two DSCP names or numbers
	KindRekeyLimit                         // size [time]
	KindTunnelDevice                       // local[:remote]
	KindObscureKeystrokeTiming             // yes/no/interval:N
	KindOctal                              // octal mask (StreamLocalBindMask)
	KindIgnored                            // accepted and ignored (deprecated, protocol)
	KindUnsupported                        // ssh prints "Unsupported option" and goes on
)

var kindNames = [...]string{
	"flag", "enum", "int", "time", "string", "path", "path-list", "command", "proxy-jump",
	"algorithms", "forward", "dynamic-forward", "send-env", "set-env", "list", "port", "host",
	"match", "include", "add-keys-to-agent", "forward-agent", "control-persist",
	"escape-char", "ipqos", "rekey-limit", "tunnel-device", "obscure-keystroke-timing",
	"octal", "ignored", "unsupported",
}

// String returns the kind's short name, as used in generated docs.
func (k Kind) String() string {
	if int(k) >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Multi says how repeated assignments combine.
type Multi int

// How repeated assignments of one keyword combine.
const (
	FirstWins  Multi = iota // the first value obtained is kept; later ones lose
	Accumulate              // every active occurrence adds to a list
	LastWins                // the last occurrence wins (StreamLocalBindMask)
	Block                   // not an option: Host, Match, Include
	NoValue                 // ignored or unsupported: nothing is stored
)

// Expansion is a set of expansions a keyword's value undergoes before ssh uses it.
type Expansion uint8

// Expansions applied to values.
const (
	ExpandTilde  Expansion = 1 << iota // a leading ~ or ~user
	ExpandTokens                       // %-tokens such as %h, %p, %r
	ExpandEnv                          // ${VAR} environment references
)

// Has reports whether e contains all of x.
func (e Expansion) Has(x Expansion) bool { return e&x == x }

// Status tells whether current OpenSSH acts on a keyword.
type Status int

// Keyword statuses.
const (
	Supported   Status = iota // acted on by OpenSSH
	Deprecated                // accepted, silently ignored (debug message only)
	Ignored                   // accepted and ignored without comment ("Protocol")
	Unsupported               // ssh prints `Unsupported option` and goes on
	Platform                  // only some builds know it (Debian's GSSAPI patch, Apple's UseKeychain)
)

var statusNames = [...]string{"supported", "deprecated", "ignored", "unsupported", "platform"}

// String returns the status's lower-case name.
func (s Status) String() string {
	if int(s) >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Platform names for keywords that only some builds know.
const (
	PlatformDebian = "debian" // Debian's GSSAPI key-exchange patch and aliases
	PlatformApple  = "apple"  // Apple's OpenSSH (UseKeychain)
	PlatformGSSAPI = "gssapi" // builds with GSSAPI; elsewhere ssh says "Unsupported option"
)

// EnumValue is one accepted word of an enumerated keyword and the value it stands for.
// Several words may share a Value; ssh -G prints the first word listed with that value.
type EnumValue struct {
	Word  string
	Value int
}

// Keyword describes one ssh_config keyword.
type Keyword struct {
	// ID is the keyword's generated constant (see ids.go); set from the table order.
	ID ID
	// Name is the canonical spelling, as in ssh_config(5), e.g. "HostKeyAlgorithms".
	Name string
	// Aliases are the other spellings OpenSSH accepts for the same option.
	Aliases []string
	Kind    Kind
	// Values lists the accepted words of KindEnum and KindFlag keywords, in OpenSSH's
	// table order (which decides what ssh -G prints).
	Values []EnumValue
	// CaseSensitive is true for the few enums OpenSSH compares with strcmp.
	CaseSensitive bool
	// AllowNone means the word "none" has a special meaning (unset, or an explicit empty value).
	AllowNone bool
	// Default is the value current upstream OpenSSH uses when the keyword is not set, as
	// ssh -G prints it; empty when ssh prints no line.
	Default string
	// Defaults are the defaults of the builds and releases that differ from Default,
	// first match wins (see DefaultFor). KindAlgorithms rows take theirs from the
	// build's algorithm data instead.
	Defaults []DialectDefault
	// Computed is true when ssh derives the unset value from the destination, the local
	// account or other options (Hostname, User, UpdateHostKeys): Default is then the
	// value for a plain destination with nothing else set, or "".
	Computed bool
	Multi    Multi
	Expand   Expansion
	// Tokens are the %-tokens the value accepts, by release (see TokensFor); empty when
	// ssh expands none.
	Tokens []TokenSet
	// Inactive says whether the line matters in a block that does not apply.
	Inactive Inactive
	// Limit is ssh's cap on the number of values, with its message.
	Limit Limit
	// Algorithms is the algorithm family of a KindAlgorithms row.
	Algorithms AlgorithmFamily
	// SSHField is the name of the option in ssh's own Options structure, which some of
	// its messages use ("kex_algorithms"); set where sshcfg repeats such a message.
	SSHField string
	// Since is the first upstream OpenSSH release that knows the keyword ("" = before 3.0).
	Since string
	// Until is the first upstream release that no longer accepts it ("" = still accepted).
	Until    string
	Status   Status
	Platform string // for Status Platform: PlatformDebian or PlatformApple
	// Doc is one or two sentences in our own words, for hover, completion and docs.
	Doc string
}

// Version is an OpenSSH release number such as 9.2.
type Version struct {
	Major, Minor int
}

// ParseVersion parses "9.2", "9.2p1" or "OpenSSH_9.2p1 Debian-2" style strings.
func ParseVersion(s string) (Version, error) {
	s = strings.TrimPrefix(s, "OpenSSH_")
	major, rest, ok := strings.Cut(s, ".")
	if !ok {
		return Version{}, fmt.Errorf("keyword: bad OpenSSH version %q", s)
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(rest[:i])
	if err1 != nil || err2 != nil {
		return Version{}, fmt.Errorf("keyword: bad OpenSSH version %q", s)
	}
	return Version{ma, mi}, nil
}

// MustVersion is ParseVersion for constants; it panics on a malformed string.
func MustVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// Less reports whether v is an older release than w.
func (v Version) Less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	return v.Minor < w.Minor
}

// AtLeast reports whether v is release s or newer.
func (v Version) AtLeast(s string) bool { return !v.Less(MustVersion(s)) }

// String formats the version as "major.minor".
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Dialect is the OpenSSH build whose behaviour sshcfg reproduces.
type Dialect struct {
	Version Version
	Debian  bool // Debian's patches (GSSAPI key exchange, defaults, SILENT, …)
	Apple   bool // Apple's patches (UseKeychain)
	GSSAPI  bool // built with GSSAPI support
	// DebianRevision is N of Debian's "deb12uN" package revision (0 when not Debian).
	// Debian's security updates backport upstream changes; see AtLeastDebian.
	DebianRevision int
	// Release is the full release string, e.g. "OpenSSH_9.2p1 Debian-2+deb12u6".
	Release string
}

// Predefined dialects.
var (
	// Debian92 is Debian 12's OpenSSH as of revision deb12u10.
	Debian92 = Dialect{Version: Version{9, 2}, Debian: true, GSSAPI: true, DebianRevision: 10,
		Release: "OpenSSH_9.2p1 Debian-2+deb12u10"}
	// Debian92u6 is the earlier deb12u6 build, before the backports of OpenSSH 10.1's
	// command-line checks and of 10.3's ProxyJump none fix.
	Debian92u6 = Dialect{Version: Version{9, 2}, Debian: true, GSSAPI: true, DebianRevision: 6,
		Release: "OpenSSH_9.2p1 Debian-2+deb12u6"}
	Upstream92 = Dialect{Version: Version{9, 2}, Release: "OpenSSH_9.2p1"}
	// Upstream105 is the newest upstream release the table describes.
	Upstream105 = Dialect{Version: Version{10, 5}, Release: "OpenSSH_10.5p1"}
)

// Behaves reports whether the dialect has a behaviour that upstream introduced in release
// upstream and Debian backported in revision debian (0: not backported).
func (d Dialect) Behaves(upstream string, debian int) bool {
	if d.Debian && debian > 0 && d.DebianRevision >= debian {
		return true
	}
	return d.Version.AtLeast(upstream)
}

// DialectOf returns the dialect of an `ssh -V` release string such as
// "OpenSSH_9.2p1 Debian-2+deb12u10"; ok is false when the string is not an OpenSSH release.
func DialectOf(release string) (d Dialect, ok bool) {
	v, err := ParseVersion(release)
	if err != nil {
		return Dialect{}, false
	}
	d = Dialect{Version: v, Release: release}
	if i := strings.Index(release, "Debian"); i >= 0 {
		d.Debian, d.GSSAPI = true, true
		if j := strings.Index(release[i:], "deb"); j >= 0 {
			rest := release[i+j:]
			if k := strings.IndexByte(rest, 'u'); k >= 0 {
				n := 0
				for _, c := range rest[k+1:] {
					if c < '0' || c > '9' {
						break
					}
					n = n*10 + int(c-'0')
				}
				d.DebianRevision = n
			}
		}
	}
	return d, true
}

// Knows reports whether the dialect accepts keyword k at all (version and platform).
func (d Dialect) Knows(k *Keyword) bool {
	if k.Since != "" && !d.Version.AtLeast(k.Since) {
		return false
	}
	if k.Until != "" && d.Version.AtLeast(k.Until) {
		return false
	}
	switch k.Platform {
	case PlatformDebian:
		return d.Debian
	case PlatformApple:
		return d.Apple
	case PlatformGSSAPI:
		return true // known everywhere; Supports tells whether it is acted on
	}
	return true
}

// Supports reports whether the dialect acts on keyword k (rather than ignoring it or
// answering "Unsupported option").
func (d Dialect) Supports(k *Keyword) bool {
	if !d.Knows(k) || k.Status == Deprecated || k.Status == Ignored || k.Status == Unsupported {
		return false
	}
	return k.Platform != PlatformGSSAPI || d.GSSAPI
}

var byName = func() map[string]*Keyword {
	m := make(map[string]*Keyword, 2*len(Table))
	for i := range Table {
		k := &Table[i]
		m[LowerASCII(k.Name)] = k
		for _, a := range k.Aliases {
			m[LowerASCII(a)] = k
		}
	}
	return m
}()

// Lookup returns the keyword spelled name (any ASCII case, aliases included), or nil.
func Lookup(name string) *Keyword {
	if k, ok := byName[name]; ok {
		return k
	}
	return byName[LowerASCII(name)]
}

// Names returns every accepted spelling in lower case, aliases included.
func Names() []string {
	out := make([]string, 0, len(byName))
	for n := range byName {
		out = append(out, n)
	}
	return out
}

// Word returns the first word of k.Values that stands for value v, or "" if none does.
func (k *Keyword) Word(v int) string {
	for _, e := range k.Values {
		if e.Value == v {
			return e.Word
		}
	}
	return ""
}

// Match returns the value of word w in k.Values, honouring CaseSensitive.
func (k *Keyword) Match(w string) (int, bool) {
	for _, e := range k.Values {
		if e.Word == w || (!k.CaseSensitive && EqualFoldASCII(e.Word, w)) {
			return e.Value, true
		}
	}
	return 0, false
}

// debianAliases are spellings only Debian's build accepts.
var debianAliases = map[string]bool{"protocolkeepalives": true, "setuptimeout": true}

// Lookup is the package Lookup limited to the spellings the dialect's build accepts
// (Debian's aliases ProtocolKeepAlives and SetupTimeOut exist only there).
func (d Dialect) Lookup(name string) *Keyword {
	k := Lookup(name)
	if k != nil && !d.Debian && debianAliases[LowerASCII(name)] {
		return nil
	}
	return k
}

// namedDialects are the dialects sshcfg can be asked for by name, with the other
// spellings each accepts.
var namedDialects = []struct {
	names   []string
	dialect *Dialect
}{
	{[]string{"debian-9.2", "debian"}, &Debian92},
	{[]string{"debian-9.2u6"}, &Debian92u6},
	{[]string{"9.2", "upstream-9.2"}, &Upstream92},
	{[]string{"10.5", "upstream-10.5"}, &Upstream105},
}

// DialectNames lists the canonical names DialectNamed accepts.
func DialectNames() []string {
	out := make([]string, len(namedDialects))
	for i, n := range namedDialects {
		out[i] = n.names[0]
	}
	return out
}

// DialectNamed returns the predefined dialect called name (ASCII case-insensitive):
// "debian-9.2" (deb12u10), "debian-9.2u6", "9.2" or "10.5".
func DialectNamed(name string) (Dialect, error) {
	for _, n := range namedDialects {
		for _, s := range n.names {
			if EqualFoldASCII(s, name) {
				return *n.dialect, nil
			}
		}
	}
	return Dialect{}, fmt.Errorf("unknown OpenSSH dialect %q (want %s)", name, strings.Join(DialectNames(), ", "))
}
