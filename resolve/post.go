package resolve

import (
	"net"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// finishHostname does what ssh does between the two passes: %h in HostName, lower-casing,
// numeric address normalisation and canonicalisation. It returns the host name and sets
// wantFinal when a final pass is due.
func (st *run) finishHostname() (string, error) {
	host := st.hostArg
	if h, ok := st.o.str(keyword.Hostname); ok {
		exp, err := percentExpand(h, tokens{'h': host})
		if err == nil {
			host = exp
			st.o.setValue(keyword.Hostname, host)
		} else if err := st.expansionFailed(keyword.Hostname, err); err != nil {
			return "", err
		}
	}
	wasAddr := st.isAddr(host)
	if !wasAddr {
		host = pattern.LowerASCII(host)
	}
	canon := st.o.num(keyword.CanonicalizeHostname, 0)
	resolved := false
	if canon != 0 || wasAddr {
		h, ok, err := st.canonicalize(host, canon)
		if err != nil {
			return "", err
		}
		host, resolved = h, ok
	}
	direct := st.direct()
	if !resolved && st.hasPermittedCNAMEs() && (direct || canon == 2) {
		cname, ok := st.lookup(host)
		if !ok {
			if direct && !st.req.Tolerant {
				return "", fatalf("ssh: Could not resolve hostname %s: Name or service not known", host)
			}
			if direct {
				src := st.o.setting(keyword.CanonicalizePermittedCNAMEs).Source
				st.problem(CodeUnresolvedHost, src.File, src.ValueSpan, "ssh stops: it cannot resolve %s to follow CanonicalizePermittedCNAMEs", host)
			}
		} else {
			host = st.followCNAME(host, cname, direct, canon)
		}
	}
	if canon != 0 {
		st.wantFinal = true
	}
	return host, nil
}

// direct reports whether ssh connects without ProxyCommand or ProxyJump.
func (st *run) direct() bool {
	pc, ok := st.o.str(keyword.ProxyCommand)
	if ok && !strings.EqualFold(pc, "none") {
		return false
	}
	j, ok := st.o.get(keyword.ProxyJump).(parser.Jump)
	return !ok || j.None
}

func (st *run) hasPermittedCNAMEs() bool {
	l, ok := st.o.strs(keyword.CanonicalizePermittedCNAMEs)
	return ok && len(l) > 0 && !(len(l) == 1 && strings.EqualFold(l[0], "none"))
}

func (st *run) lookup(name string) (string, bool) {
	if st.env.LookupHost == nil {
		return "", false
	}
	return st.env.LookupHost(st.ctx, name)
}

// canonicalize follows ssh's resolve_canonicalize; resolved is true when the name was
// found (as an address or under a domain).
func (st *run) canonicalize(host string, mode int) (string, bool, error) {
	if norm, ok := st.numericAddress(host); ok {
		if !strings.EqualFold(norm, host) {
			host = norm
		}
		return host, true, nil
	}
	if isAddrFast(host) || mode == 0 {
		return host, false, nil
	}
	direct := st.direct()
	if !direct && mode != 2 {
		return host, false, nil
	}
	if strings.HasSuffix(host, ".") {
		if cname, ok := st.lookup(host); ok {
			full := strings.TrimSuffix(host, ".")
			return st.followCNAME(full, cname, direct, mode), true, nil
		}
		return st.notFound(host)
	}
	if strings.Count(host, ".") > st.o.num(keyword.CanonicalizeMaxDots, 1) {
		return host, false, nil
	}
	domains, _ := st.o.strs(keyword.CanonicalDomains)
	for _, d := range domains {
		if strings.EqualFold(d, "none") {
			break
		}
		full := host + "." + d
		if cname, ok := st.lookup(full + "."); ok {
			return st.followCNAME(full, cname, direct, mode), true, nil
		}
	}
	return st.notFound(host)
}

func (st *run) notFound(host string) (string, bool, error) {
	if st.o.num(keyword.CanonicalizeFallbackLocal, 1) == 0 {
		if !st.req.Tolerant {
			return "", false, fatalf("ssh: Could not resolve host \"%s\"", host)
		}
		src := st.o.setting(keyword.CanonicalizeFallbackLocal).Source
		st.problem(CodeUnresolvedHost, src.File, src.ValueSpan, "ssh stops: %s is in no CanonicalDomains and CanonicalizeFallbackLocal is no; the name is kept as it is", host)
	}
	return host, false, nil
}

func (st *run) followCNAME(name, cname string, direct bool, mode int) string {
	if cname == "" || !st.hasPermittedCNAMEs() || name == cname || mode == 0 || (!direct && mode != 2) {
		return name
	}
	rules, _ := st.o.strs(keyword.CanonicalizePermittedCNAMEs)
	for _, r := range rules {
		src, tgt, _ := strings.Cut(r, ":")
		if r == "*" {
			src, tgt = "*", "*"
		}
		if pattern.MatchList(name, src, true) == 1 && pattern.MatchList(cname, tgt, true) == 1 {
			if st.dia.Version.AtLeast("10.4") { // lower-cased once it is taken, not before the match
				cname = pattern.LowerASCII(cname)
			}
			return cname
		}
	}
	return name
}

// isAddrFast is ssh's quick test for something that looks like an address.
func isAddrFast(name string) bool {
	if strings.ContainsAny(name, "%:") {
		return true
	}
	return strings.Trim(name, "0123456789.") == ""
}

func (st *run) isAddr(name string) bool {
	if isAddrFast(name) {
		return true
	}
	_, ok := st.numericAddress(name)
	return ok
}

// numericAddress parses name as getaddrinfo(AI_NUMERICHOST) would for the configured
// address family and returns its normal text form.
func (st *run) numericAddress(name string) (string, bool) {
	family := st.o.num(keyword.AddressFamily, 0)
	if family != 10 { // not inet6-only
		if ip, ok := inetAton(name); ok {
			return ip, true
		}
	}
	if family == 2 { // inet only: glibc still accepts a v4-mapped IPv6 literal
		if ip := net.ParseIP(name); ip != nil && strings.Contains(name, ":") && ip.To4() != nil {
			return ip.To4().String(), true
		}
	}
	if family != 2 {
		addr, zone, _ := strings.Cut(name, "%")
		if ip := net.ParseIP(addr); ip != nil && strings.Contains(addr, ":") {
			s := ip.String()
			if ip.To4() != nil && strings.HasPrefix(strings.ToLower(addr), "::ffff:") {
				s = "::ffff:" + ip.To4().String()
			}
			if zone != "" {
				s += "%" + zone
			}
			return s, true
		}
	}
	return "", false
}

// inetAton parses the IPv4 forms inet_aton accepts: a, a.b, a.b.c, a.b.c.d with decimal,
// octal (leading 0) or hex (0x) parts.
func inetAton(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return "", false
	}
	vals := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" {
			return "", false
		}
		base := 10
		switch {
		case strings.HasPrefix(p, "0x") || strings.HasPrefix(p, "0X"):
			base, p = 16, p[2:]
			if p == "" {
				p = "0"
			}
		case len(p) > 1 && p[0] == '0':
			base, p = 8, p[1:]
		}
		v, err := strconv.ParseUint(p, base, 32)
		if err != nil {
			return "", false
		}
		vals[i] = v
	}
	var ip uint64
	n := len(vals)
	for i := 0; i < n-1; i++ {
		if vals[i] > 255 {
			return "", false
		}
		ip |= vals[i] << (24 - 8*uint(i))
	}
	last := vals[n-1]
	if last >= 1<<(8*uint(5-n)) {
		return "", false
	}
	ip |= last
	return net.IPv4(byte(ip>>24), byte(ip>>16), byte(ip>>8), byte(ip)).String(), true
}
