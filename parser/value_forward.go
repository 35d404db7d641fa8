package parser

import (
	"strings"
	"unsafe"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

func (d *decoder) decodeForward(k *keyword.Keyword, args []Arg) (any, int, *valueError) {
	if len(args) == 0 || args[0].Value == "" {
		return nil, 0, &valueError{msg: "Missing argument.", arg: -1, code: CodeMissingArg}
	}
	remote := k.ID == keyword.RemoteForward
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
			spec = d.joinForward(args[0].Value, args[1].Value)
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
		return built(d, fs), used, nil
	}
	if d.portOf == nil {
		d.portOf = d.port // a method value is a closure: made once, not for every forward
	}
	f, ok := ParseForward(spec, dynamic, remote, d.portOf)
	if !ok {
		return nil, used, errf(-1, "Bad forwarding specification.")
	}
	if d.check {
		return checked, used, nil
	}
	fs.Forward = new(Forward) // not &f: f would be allocated for checked lines too
	*fs.Forward = f
	return fs, used, nil
}

// joinForward joins the two arguments of a forwarding with ':', as ssh does. A checking
// decoder joins them in scratch space it reuses: the spec is only looked at.
func (d *decoder) joinForward(listen, connect string) string {
	if !d.check {
		return listen + ":" + connect
	}
	d.join = append(append(append(d.join[:0], listen...), ':'), connect...)
	return unsafe.String(unsafe.SliceData(d.join), len(d.join))
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
	fields := make([]field, 0, 4) // on the stack
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
		plain := 0 // a field without backslashes is a substring of s
		for plain < len(s) && s[plain] != ':' && s[plain] != '\\' {
			plain++
		}
		if plain == len(s) || s[plain] == ':' {
			fields = append(fields, field{s[:plain], strings.IndexByte(s[:plain], '/') >= 0})
			if plain < len(s) {
				s = s[plain+1:]
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
