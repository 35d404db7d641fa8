package keyword

import "strings"

// Inactive says what ssh does with a keyword's line inside a Host or Match block that does
// not apply to the destination (or in a file included from one).
type Inactive int

// What an inactive line does.
const (
	// InactiveIgnored: the line is parsed and otherwise skipped (most keywords).
	InactiveIgnored Inactive = iota
	// InactiveApplies: the line acts whatever the block state. SyslogFacility and
	// StreamLocalBindMask store their value (first or last wins, see Multi); Include
	// reads its files, whose lines are then parsed but never applied.
	InactiveApplies
	// InactiveChecked: ssh expands the value's ${VAR} references while reading the line,
	// before it looks at the block state, so a reference to an unset variable makes the
	// line bad even where it does not apply (forwardings, IdentityAgent, ForwardAgent).
	InactiveChecked
)

var inactiveNames = [...]string{"ignored", "applies", "checked"}

// String returns "ignored", "applies" or "checked".
func (i Inactive) String() string {
	if int(i) >= 0 && int(i) < len(inactiveNames) {
		return inactiveNames[i]
	}
	return "inactive?"
}

// EnvOnRead reports whether ssh expands the value's ${VAR} references when it reads the
// line (so an unset variable is an error on that line, in any block).
func (k *Keyword) EnvOnRead() bool { return k.Inactive == InactiveChecked }

// ActsWhenInactive reports whether a line of k whose arguments are text matters even
// inside a block that does not apply: always for InactiveApplies, and for
// InactiveChecked when the text holds a ${VAR} reference.
func (k *Keyword) ActsWhenInactive(text string) bool {
	switch k.Inactive {
	case InactiveApplies:
		return true
	case InactiveChecked:
		return strings.Contains(text, "${")
	}
	return false
}

// Limit is ssh's cap on how many values a keyword takes.
type Limit struct {
	// Max is the most values accepted (0: no limit): on one line for a list keyword, in
	// total for an accumulating one (IdentityFile, CertificateFile).
	Max int
	// Message is what ssh prints when a line goes over the limit.
	Message string
	// Until is the first upstream release without the limit ("" = still in force).
	Until string
}

// LimitFor returns the cap k has in dialect d; Max is 0 when there is none.
func (k *Keyword) LimitFor(d Dialect) Limit {
	if k.Limit.Until != "" && d.Version.AtLeast(k.Limit.Until) {
		return Limit{}
	}
	return k.Limit
}

// AlgorithmFamily names the algorithm list of [Algorithms] a KindAlgorithms keyword is
// checked and assembled against.
type AlgorithmFamily int

// Algorithm families.
const (
	NoAlgorithms   AlgorithmFamily = iota // not an algorithm list
	FamilyCiphers                         // Ciphers: ssh -Q cipher
	FamilyMACs                            // MACs: ssh -Q mac
	FamilyKex                             // KexAlgorithms: ssh -Q kex
	FamilyHostKeys                        // HostKeyAlgorithms: key names, own default
	FamilyKeys                            // Pubkey/HostbasedAcceptedAlgorithms: key names
	FamilySigs                            // CASignatureAlgorithms: ssh -Q sig
	FamilyGSSKex                          // Debian's GSSAPIKexAlgorithms: GSSAPI kex names
)

// badSpec is readconf.c's message for a bad list of each family; %s is the argument.
var badSpec = [...]string{
	FamilyCiphers:  "Bad SSH2 cipher spec '%s'.",
	FamilyMACs:     "Bad SSH2 MAC spec '%s'.",
	FamilyKex:      "Bad SSH2 KexAlgorithms '%s'.",
	FamilyHostKeys: "Bad key types '%s'.",
	FamilyKeys:     "Bad key types '%s'.",
	FamilySigs:     "Bad key types '%s'.",
	FamilyGSSKex:   "Bad GSSAPI KexAlgorithms '%s'.",
}

// BadSpec is the format of ssh's message for a bad list of the family (one %s, the
// argument as written).
func (f AlgorithmFamily) BadSpec() string {
	if int(f) > 0 && int(f) < len(badSpec) {
		return badSpec[f]
	}
	return ""
}

// KeyNames reports whether the family's lists are checked as key type names
// (sshkey_names_valid2: short names like "RSA" and wildcard patterns are accepted).
func (f AlgorithmFamily) KeyNames() bool {
	return f == FamilyHostKeys || f == FamilyKeys || f == FamilySigs
}

// Valid returns the names a configuration line of family f may use (readconf.c checks
// every key family against all key names), nil for FamilyGSSKex and NoAlgorithms.
func (a *Algorithms) Valid(f AlgorithmFamily) []string {
	switch f {
	case FamilyCiphers:
		return a.Ciphers
	case FamilyMACs:
		return a.MACs
	case FamilyKex:
		return a.Kex
	case FamilyHostKeys, FamilyKeys, FamilySigs:
		return a.Keys
	}
	return nil
}

// Supported returns the names a list of family f is assembled against (the patterns of
// the value are matched with them), nil for FamilyGSSKex and NoAlgorithms.
func (a *Algorithms) Supported(f AlgorithmFamily) []string {
	if f == FamilySigs {
		return a.Sigs
	}
	return a.Valid(f)
}

// Default returns the build's default list for family f.
func (a *Algorithms) Default(f AlgorithmFamily) []string {
	switch f {
	case FamilyCiphers:
		return a.DefaultCiphers
	case FamilyMACs:
		return a.DefaultMACs
	case FamilyKex:
		return a.DefaultKex
	case FamilyHostKeys:
		return a.DefaultHostKeys
	case FamilyKeys:
		return a.DefaultKeys
	case FamilySigs:
		return a.DefaultSigs
	}
	return nil
}

// TokenSet is the set of %-tokens a keyword's value accepts from one release on.
type TokenSet struct {
	// Since is the first upstream release with this set ("" = the keyword's first).
	Since string
	// Letters are the token letters ("%%" is always accepted and not listed).
	Letters string
}

// TokensFor returns the %-token letters ssh expands in k's value in dialect d ("" when
// it expands none).
func (k *Keyword) TokensFor(d Dialect) string {
	letters := ""
	for _, t := range k.Tokens {
		if t.Since == "" || d.Version.AtLeast(t.Since) {
			letters = t.Letters
		}
	}
	return letters
}

// Build selects OpenSSH builds by origin.
type Build int

// Build origins.
const (
	AnyBuild      Build = iota // every build
	DebianBuild                // Debian's package
	UpstreamBuild              // upstream portable OpenSSH (not Debian's)
)

// DialectDefault is a default, as ssh -G prints it, that some builds or releases have
// instead of the row's Default.
type DialectDefault struct {
	Build  Build  // the builds it concerns
	Before string // only releases older than this ("" = any release)
	Value  string // "" when ssh -G prints no line
}

// DefaultFor returns the default of k in dialect d as ssh -G prints it for an empty
// configuration ("" when it prints no line): the first matching entry of Defaults, the
// build's algorithm list for KindAlgorithms rows, or Default. Values that ssh computes
// from the destination, the account or other options are marked Computed; for them the
// result is the value for a plain destination and no other settings, when one is given.
func (k *Keyword) DefaultFor(d Dialect) string {
	if !d.Supports(k) {
		return ""
	}
	for _, e := range k.Defaults {
		if e.Build == DebianBuild && !d.Debian || e.Build == UpstreamBuild && d.Debian {
			continue
		}
		if e.Before != "" && d.Version.AtLeast(e.Before) {
			continue
		}
		return e.Value
	}
	if k.Algorithms != NoAlgorithms && k.Algorithms != FamilyGSSKex {
		return strings.Join(d.Algorithms().Default(k.Algorithms), ",")
	}
	return k.Default
}
