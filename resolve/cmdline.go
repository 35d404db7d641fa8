package resolve

import (
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// applyCommandLine replays the configuration-changing options in the order given, with
// the effect each has in ssh's option parser.
func (st *run) applyCommandLine() error {
	o := st.o
	debug := 0
	for _, c := range st.req.cmdline {
		src := Source{Kind: FromCommandLine, Arg: "-" + string(c.opt)}
		if c.arg != "" {
			src.Arg += " " + c.arg
		}
		set := func(id keyword.ID, v any) { o.setAlways(id, v, src) }
		first := func(id keyword.ID, v any) { o.setFirst(id, v, src) }
		switch c.opt {
		case '@':
			src.Arg = "user@host"
			first(keyword.User, c.arg)
		case ':':
			src.Arg = "ssh://host:port"
			first(keyword.Port, st.portOf(c.arg))
		case '4':
			set(keyword.AddressFamily, 2)
		case '6':
			set(keyword.AddressFamily, 10)
		case 'n':
			set(keyword.StdinNull, 1)
		case 'f':
			set(keyword.ForkAfterAuthentication, 1)
			set(keyword.StdinNull, 1)
		case 'x':
			set(keyword.ForwardX11, 0)
		case 'X':
			set(keyword.ForwardX11, 1)
		case 'Y':
			set(keyword.ForwardX11, 1)
			set(keyword.ForwardX11Trusted, 1)
		case 'g':
			set(keyword.GatewayPorts, 1)
		case 'P':
			if st.dia.Version.AtLeast("9.4") {
				if !o.isSet(keyword.Tag) {
					set(keyword.Tag, c.arg)
				}
			}
		case 'a':
			set(keyword.ForwardAgent, 0)
		case 'A':
			set(keyword.ForwardAgent, 1)
		case 'k':
			set(keyword.GSSAPIDelegateCredentials, 0)
		case 'K':
			set(keyword.GSSAPIAuthentication, 1)
			set(keyword.GSSAPIDelegateCredentials, 1)
		case 'i':
			p, err := st.env.tildeExpand(c.arg)
			if err != nil {
				return err
			}
			if st.env.FileExists != nil && !st.env.FileExists(st.env.abs(p)) {
				st.res.warn(true, "Warning: Identity file %s not accessible: No such file or directory.", p)
				continue
			}
			dup := false
			for _, e := range o.identityFiles {
				if e.Class == 1 && e.Value == p {
					dup = true
				}
			}
			if !dup {
				o.identityFiles = append(o.identityFiles, entry{Value: p, Class: 1, Source: src})
			}
		case 'I':
			set(keyword.PKCS11Provider, c.arg)
		case 'J':
			if o.isSet(keyword.ProxyJump) {
				return fatalf("Only a single -J option is permitted (use commas to separate multiple jump hops)")
			}
			if o.isSet(keyword.ProxyCommand) {
				return fatalf("Cannot specify -J with ProxyCommand")
			}
			j, ok := parser.ParseJump(c.arg, st.dia)
			if !ok {
				return fatalf("Invalid -J argument")
			}
			set(keyword.ProxyJump, j)
			set(keyword.ProxyCommand, "none")
			o.own(keyword.ProxyCommand).Source = Source{Kind: FromComputed}
		case 't':
			if o.num(keyword.RequestTTY, -1) == 2 {
				set(keyword.RequestTTY, 3)
			} else {
				set(keyword.RequestTTY, 2)
			}
		case 'v':
			if debug == 0 {
				debug = 1
				set(keyword.LogLevel, 5)
			} else if o.num(keyword.LogLevel, 3) < 7 {
				debug++
				set(keyword.LogLevel, o.num(keyword.LogLevel, 3)+1)
			}
		case 'w':
			if !o.isSet(keyword.Tunnel) {
				set(keyword.Tunnel, 1)
			}
			td, ok := parseTun(c.arg)
			if !ok {
				return plainf("Bad tun device '%s'", c.arg)
			}
			set(keyword.TunnelDevice, td)
		case 'W':
			if _, ok := parser.ParseForward(c.arg, true, false, st.portOf); !ok {
				return plainf("Bad stdio forwarding specification '%s'", c.arg)
			}
			set(keyword.RequestTTY, 1)
			set(keyword.SessionType, 0)
		case 'q':
			set(keyword.LogLevel, 0)
		case 'e':
			v, ok := parseEscape(c.arg)
			if !ok {
				return plainf("Bad escape character '%s'.", c.arg)
			}
			set(keyword.EscapeChar, v)
		case 'c':
			if !validAlgorithms(st.dia.Algorithms().Ciphers, c.arg, true) {
				return plainf("Unknown cipher type '%s'", c.arg)
			}
			set(keyword.Ciphers, c.arg)
		case 'm':
			if !validAlgorithms(st.dia.Algorithms().MACs, c.arg, false) {
				return plainf("Unknown mac type '%s'", c.arg)
			}
			set(keyword.MACs, c.arg)
		case 'M':
			if o.num(keyword.ControlMaster, -1) == 1 {
				set(keyword.ControlMaster, 3)
			} else {
				set(keyword.ControlMaster, 1)
			}
		case 'p':
			if !o.isSet(keyword.Port) {
				p := st.portOf(c.arg)
				if p <= 0 {
					return plainf("Bad port '%s'", c.arg)
				}
				set(keyword.Port, p)
			}
		case 'l':
			first(keyword.User, c.arg)
		case 'L', 'R', 'D':
			var f parser.Forward
			ok := false
			switch c.opt {
			case 'L':
				f, ok = parser.ParseForward(c.arg, false, false, st.portOf)
			case 'R':
				if f, ok = parser.ParseForward(c.arg, false, true, st.portOf); !ok {
					f, ok = parser.ParseForward(c.arg, true, true, st.portOf)
				}
			case 'D':
				f, ok = parser.ParseForward(c.arg, true, false, st.portOf)
			}
			if !ok {
				what := map[byte]string{'L': "local", 'R': "remote", 'D': "dynamic"}[c.opt]
				return plainf("Bad %s forwarding specification '%s'", what, c.arg)
			}
			if c.opt == 'R' {
				o.remoteForwards = o.addForward(o.remoteForwards, f, true, src)
			} else {
				o.localForwards = o.addForward(o.localForwards, f, false, src)
			}
		case 'C':
			if st.dia.Version.AtLeast("9.9") {
				set(keyword.Compression, 1)
			} else {
				set(keyword.Compression, 2)
			}
		case 'N':
			if st := o.num(keyword.SessionType, -1); st != -1 && st != 0 {
				return fatalf("Cannot specify -N with -s/SessionType")
			}
			set(keyword.SessionType, 0)
			set(keyword.RequestTTY, 1)
		case 'T':
			set(keyword.RequestTTY, 1)
		case 's':
			if st := o.num(keyword.SessionType, -1); st != -1 && st != 1 {
				return fatalf("Cannot specify -s with -N/SessionType")
			}
			set(keyword.SessionType, 1)
		case 'S':
			set(keyword.ControlPath, c.arg)
		case 'b':
			set(keyword.BindAddress, c.arg)
		case 'B':
			set(keyword.BindInterface, c.arg)
		case 'o':
			if err := st.applyOption(c.arg); err != nil {
				return err
			}
		default:
			return usage(st.dia)
		}
	}
	return nil
}

// applyOption processes one -o argument as a config line that is always active; a bad
// line makes ssh exit at once.
func (st *run) applyOption(text string) error {
	f := parser.Parse("command-line", []byte(text), parser.Options{Dialect: st.dia, CommandLine: true, Services: st.env.Services})
	st.cmdArg = "-o " + text
	defer func() { st.cmdArg = "" }()
	var err error
	f.Lines(func(l *parser.Line) bool {
		if l.Kind != parser.LineDirective {
			return true
		}
		active := true
		ok, e := st.processLine("command-line", nil, l, flagUserConf, &active, 0)
		switch {
		case e != nil:
			err = e
		case !ok:
			st.reportBad("command-line", 0, l)
			err = &FatalError{} // the message is already out
		}
		return false
	})
	return err
}

func parseTun(s string) (parser.TunnelDevice, bool) {
	f := parser.Parse("", []byte("TunnelDevice "+s), parser.Options{})
	var td parser.TunnelDevice
	ok := false
	f.Lines(func(l *parser.Line) bool {
		td, ok = l.Value.(parser.TunnelDevice)
		return false
	})
	return td, ok
}

func parseEscape(s string) (int, bool) {
	switch {
	case len(s) == 2 && s[0] == '^' && s[1] >= 64 && s[1] < 128:
		return int(s[1] & 31), true
	case len(s) == 1:
		return int(s[0]), true
	case s == "none":
		return parser.EscapeCharNone, true
	}
	return 0, false
}

// validAlgorithms checks -c/-m lists; plusCaret allows a leading + or ^ (ciphers only).
func validAlgorithms(known []string, list string, plusCaret bool) bool {
	if plusCaret && (strings.HasPrefix(list, "+") || strings.HasPrefix(list, "^")) {
		list = list[1:]
	}
	if list == "" {
		return false
	}
	for _, n := range strings.Split(list, ",") {
		found := false
		for _, k := range known {
			if k == n {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
