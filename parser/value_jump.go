package parser

import (
	"bytes"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

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
	// every hop is checked, from the last one (the host to jump to) back
	for rest, last := s, true; ; last = false {
		i := strings.LastIndexByte(rest, ',')
		user, host, port, ok := parseUserHostPort(rest[i+1:], dia)
		if !ok {
			return Jump{}, false
		}
		if last {
			j.User, j.Host, j.Port = user, host, port
		}
		if i < 0 {
			break
		}
		rest = rest[:i]
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
