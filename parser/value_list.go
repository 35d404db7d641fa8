package parser

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

func (d *decoder) decodeList(k *keyword.Keyword, args []Arg) (any, int, *valueError) {
	if k.ID == keyword.RevokedHostKeys && !d.dialect.Version.AtLeast("10.3") {
		// one path before 10.3 (parse_string)
		if len(args) == 0 || args[0].Value == "" {
			return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: CodeMissingArg}
		}
		return built(d, []string{args[0].Value}), 1, nil
	}
	if len(args) == 0 && k.ID != keyword.CanonicalDomains && k.ID != keyword.CanonicalizePermittedCNAMEs {
		if k.ID == keyword.PermitRemoteOpen {
			return nil, 0, &valueError{msg: "missing PermitRemoteOpen specification", arg: -1, code: CodeMissingArg}
		}
		return built(d, []string{}), 0, nil
	}
	out := d.stringSlice(len(args))
	for i, a := range args {
		v := a.Value
		isNone := keyword.EqualFoldASCII(v, "none")
		last := i == len(args)-1
		switch k.ID {
		case keyword.CanonicalizePermittedCNAMEs:
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
		case keyword.PermitRemoteOpen:
			if isNone || keyword.EqualFoldASCII(v, "any") {
				if i > 0 || !last {
					return nil, i + 1, errc(CodeNoneNotAlone, i, "keyword %s \"%s\" argument must appear alone.", asciiLower(k.Name), v)
				}
			} else if msg := checkPermitOpen(v, d); msg != "" {
				return nil, i + 1, errc(CodeBadPermitOpen, i, "%s", msg)
			}
			out = append(out, v)
			continue
		case keyword.ChannelTimeout:
			out = append(out, v)
			continue
		}
		if v == "" {
			return nil, i + 1, errc(CodeEmptyArgument, i, "keyword %s empty argument", asciiLower(k.Name))
		}
		if isNone && (i > 0 || !last) {
			return nil, i + 1, errc(CodeNoneNotAlone, i, "keyword %s \"none\" argument must appear alone.", asciiLower(k.Name))
		}
		if k.ID == keyword.CanonicalDomains {
			dom, msg := validDomain(v, d.dialect)
			if msg != "" {
				return nil, i + 1, errc(CodeBadDomain, i, "%s", msg)
			}
			v = dom
		}
		out = append(out, v)
	}
	return d.listOf(args, out), len(args), nil
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
