package parser

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

func (d *decoder) decodeAddKeys(args []Arg) (any, int, *valueError) {
	if len(args) == 0 || args[0].Value == "" {
		// parse_multistate_value says the word is missing, then the line fails as an
		// unknown word would (alone: not a lifetime either; with a second word: not
		// "confirm")
		return nil, min(len(args), 2), &valueError{msg: "missing argument.", arg: -1, code: CodeMissingArg, then: "unsupported option"}
	}
	k := keyword.AddKeysToAgent.Keyword()
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
		return built(d, AddKeysToAgent{3, t}), 2, nil
	case val == -1 && len(args) == 1:
		t, ok := ConvTime(a, d.dialect)
		if !ok {
			return nil, 1, errf(0, "unsupported option")
		}
		return built(d, AddKeysToAgent{1, t}), 1, nil
	case val == -1 || len(args) == 2:
		return nil, len(args), errf(-1, "unsupported option")
	}
	return built(d, AddKeysToAgent{val, 0}), 1, nil
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
		return built(d, r), 1, nil
	}
	b := args[1].Value
	if b == "none" {
		return built(d, r), 2, nil
	}
	if b == "" {
		return nil, 2, errc(CodeMissingArg, 1, "missing time value.")
	}
	t, ok := ConvTime(b, d.dialect)
	if !ok {
		return nil, 2, errc(CodeBadTime, 1, "invalid time value.")
	}
	r.Interval, r.HasInterval = t, true
	return built(d, r), 2, nil
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
			if mult, ok = timeUnit(rest[0]); !ok {
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

// timeUnit is the number of seconds of a convtime unit letter (s m h d w, either case).
func timeUnit(c byte) (int64, bool) {
	switch c | 0x20 {
	case 's':
		return 1, true
	case 'm':
		return 60, true
	case 'h':
		return 3600, true
	case 'd':
		return 86400, true
	case 'w':
		return 604800, true
	}
	return 0, false
}

// convTime10 is ConvTime for OpenSSH 10.0 and later.
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
			var ok bool
			if mult, ok = timeUnit(s[0]); !ok || mult == 1 && sawSeconds {
				return 0, false
			}
			sawSeconds = sawSeconds || mult == 1
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
