package resolve

import (
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// cmdOpt is one command-line option that changes the configuration.
type cmdOpt struct {
	opt byte
	arg string
}

// optionsWithArg are ssh's getopt letters that take an argument (9.2; -P takes one from 9.4).
const optionsWithArg = "bceilmopBDEFIJLOQRSwW"

// ParseArgs reads ssh's command line (without the program name) the way ssh does: short
// options, clustered or with attached values, the destination ([user@]host or
// ssh://[user@]host[:port]), more options after it, then the remote command. -G is
// accepted and ignored.
func ParseArgs(args []string, d keyword.Dialect) (*Request, error) {
	req, err := parseArgs(args, d)
	if err != nil {
		return nil, err
	}
	if err := checkDestination(req.Host, d); err != nil {
		return nil, err
	}
	return req, nil
}

// checkDestination applies ssh's check of the destination host. Debian's 9.2 backports
// the checks of 9.6 (deb12u6 without refusing ',').
func checkDestination(host string, d keyword.Dialect) error {
	if (d.Debian || d.Version.AtLeast("9.6")) && !validHostname(host, d.Behaves("9.6", 10)) {
		return fatalf("hostname contains invalid characters")
	}
	return nil
}

func parseArgs(args []string, d keyword.Dialect) (*Request, error) {
	req := &Request{}
	usageError := func() error { return usage(d) }
	withArg := optionsWithArg
	if d.Version.AtLeast("9.4") {
		withArg += "P"
	}
	host, hostSet := "", false // ssh accepts an empty destination ('' or user@)
	var userFromDest *string
	var portFromDest = -1
	i := 0
	terminated := false
	for i < len(args) {
		a := args[i]
		if terminated || a == "" || a[0] != '-' || a == "-" {
			if hostSet {
				break
			}
			hostSet = true
			dest := a
			if rest, ok := strings.CutPrefix(dest, "ssh://"); ok {
				u, h, p, ok := parser.ParseUserHostPort("ssh://" + rest)
				if ok && !validDomainName(h) {
					ok = false
				}
				if !ok {
					return nil, usageError()
				}
				if u != "" {
					userFromDest = &u
				}
				host, portFromDest = h, p
			} else if at := strings.LastIndexByte(dest, '@'); at >= 0 {
				if at == 0 {
					return nil, usageError()
				}
				u := dest[:at]
				userFromDest = &u
				host = dest[at+1:]
			} else {
				host = dest
			}
			if userFromDest != nil {
				req.cmdline = append(req.cmdline, cmdOpt{opt: '@', arg: *userFromDest})
				userFromDest = nil
			}
			if portFromDest > 0 {
				req.cmdline = append(req.cmdline, cmdOpt{opt: ':', arg: strconv.Itoa(portFromDest)})
			}
			i++
			if terminated {
				break
			}
			continue
		}
		if a == "--" {
			terminated = true
			i++
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			if !strings.ContainsRune("1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:PQ:R:S:TVw:W:XYy", rune(c)) || c == ':' {
				return nil, plainf("unknown option -- %c\r\n%s", c, usage(d).Error())
			}
			if strings.IndexByte(withArg, c) >= 0 {
				var v string
				if j+1 < len(a) {
					v = a[j+1:]
				} else {
					i++
					if i >= len(args) {
						return nil, plainf("option requires an argument -- %c\r\n%s", c, usage(d).Error())
					}
					v = args[i]
				}
				if err := req.addOpt(c, v); err != nil {
					return nil, err
				}
				break
			}
			if err := req.addOpt(c, ""); err != nil {
				return nil, err
			}
		}
		i++
	}
	if !hostSet {
		return nil, usageError()
	}
	req.Host = host
	req.Command = strings.Join(args[i:], " ")
	if req.Syslog && req.LogFile != "" {
		return nil, fatalf("Can't specify both -y and -E")
	}
	return req, nil
}

// usage is ssh's usage message for the dialect, which ssh prints before exiting 255.
func usage(d keyword.Dialect) error {
	if d.Version.AtLeast("10.0") {
		return plainf("%s", usage10)
	}
	return plainf("%s", usage9)
}

const usage9 = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]`

const usage10 = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYyZ] [-B bind_interface] [-b bind_address]
           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]
           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]
           [-J destination] [-L address] [-l login_name] [-m mac_spec]
           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]
           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]
           destination [command [argument ...]]
       ssh [-Q query_option]`

func (req *Request) addOpt(c byte, v string) error {
	switch c {
	case '1':
		return &FatalError{Msg: "SSH protocol v.1 is no longer supported"}
	case 'F':
		req.ConfigFile, req.configGiven = v, true
		return nil
	case 'V', 'Q':
		return &FatalError{Msg: "sshcfg resolve: -" + string(c) + " is not supported"}
	case 'y':
		req.Syslog = true
		return nil
	case 'E':
		req.LogFile = v
		return nil
	case 'O':
		switch {
		case req.stdioForward():
			return fatalf("Cannot specify multiplexing command with -W")
		case req.muxCommand != "":
			return fatalf("Multiplexing command already specified")
		}
		switch v {
		case "check", "forward", "exit", "stop", "cancel", "proxy":
			req.muxCommand = v
			return nil
		}
		return fatalf("Invalid multiplex command.")
	case 'W':
		switch {
		case req.stdioForward():
			return fatalf("stdio forward already specified")
		case req.muxCommand != "":
			return fatalf("Cannot specify stdio forward with -O")
		}
	case '2', 'G':
		return nil
	}
	req.cmdline = append(req.cmdline, cmdOpt{opt: c, arg: v})
	return nil
}

// stdioForward reports whether -W was given.
func (req *Request) stdioForward() bool {
	for _, c := range req.cmdline {
		if c.opt == 'W' {
			return true
		}
	}
	return false
}

// validHostname applies ssh's check of a command-line destination: no leading '-', no
// shell metacharacters, blanks or control characters.
func validHostname(h string, refuseComma bool) bool {
	if strings.HasPrefix(h, "-") {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c < 0x20 || c == 0x7f || c == ' ' || strings.IndexByte("'`\"$\\;&<>|(){}", c) >= 0 || (refuseComma && c == ',') {
			return false
		}
	}
	return true
}

// validUser applies ssh's check of a command-line user name.
func validUser(u string) bool {
	if strings.HasPrefix(u, "-") || strings.HasSuffix(u, "\\") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c < 0x20 || c == 0x7f || strings.IndexByte("'`\";&<>|(){}", c) >= 0 {
			return false
		}
		if (c == ' ' || c == '\t') && i+1 < len(u) && u[i+1] == '-' {
			return false
		}
	}
	return true
}

// validDomainName is the host check OpenSSH 9.x applies to ssh:// URIs: letters, digits,
// '-', '_' and '.', starting with a letter or digit.
func validDomainName(h string) bool {
	if h == "" || !(isAlnum(h[0])) {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
		if c == '.' && i > 0 && h[i-1] == '.' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Request is what ssh was asked: the destination and the command-line options.
type Request struct {
	// Host is the destination as typed (without user@ and ssh:// parts).
	Host string
	// ConfigFile is -F: a path, "none" (in any case), or "" for the default files.
	ConfigFile string
	// configGiven says -F was given, even as an empty word (which names no file).
	configGiven bool
	// Command is the remote command, words joined by spaces ("" for none).
	Command string
	// cmdline holds the configuration-changing options in order.
	cmdline []cmdOpt
	// LogFile is -E: ssh appends its log messages to this file instead of standard error.
	LogFile string
	// Syslog is -y: ssh sends its log messages to syslog instead of standard error.
	Syslog     bool
	muxCommand string // -O
	// Trace asks for every block's evaluation to be recorded, including blocks the fast
	// path would skip, with the reason of each (BlockEval.Reason; for explain). With OneShot, the partial trees keep every Host and
	// Match line besides what resolving the host needs (parser.Options.KeepHeaders).
	Trace bool
	// Tolerant turns every configuration problem into a diagnostic on Result.Diags and
	// goes on as far as ssh's semantics give a meaning, instead of failing as ssh would
	// (for lint and the language server).
	Tolerant bool

	// OneShot parses files only as far as resolving this host needs (parser.Options.Keep):
	// blocks whose Host patterns cannot match are checked but not kept, and the partial
	// trees are cached for this host only. It is fastest for resolving one host; leave it
	// off for resolving many hosts from the same Resolver. Files given with
	// [Resolver.SetFile], and whole trees read by earlier calls, are used as they are.
	OneShot bool
}

// NewRequest returns a request for host, built without a command line: as if ssh were
// run with just the destination (no user@ or ssh:// part) and no remote command. The
// methods below add the options a program would otherwise spell as arguments; each
// appends to the command line, which ssh applies in order, and returns req. Set
// ConfigFile for -F (an empty ConfigFile means the default files, not an empty -F), and
// Command for a remote command. Unlike ParseArgs, the destination is checked only when
// the request is resolved.
func NewRequest(host string) *Request { return &Request{Host: host} }

// Option adds `-o option`: one configuration line, such as "Port=2222" or
// "User alice".
func (req *Request) Option(option string) *Request { return req.add('o', option) }

// Login adds `-l user`: the user to log in as (like -o User=user, but applied as ssh
// applies -l).
func (req *Request) Login(user string) *Request { return req.add('l', user) }

// Port adds `-p port`: the port to connect to, as ssh reads it (a number or a service
// name).
func (req *Request) Port(port string) *Request { return req.add('p', port) }

// Jump adds `-J destinations`: the ProxyJump hosts, comma-separated ([user@]host[:port]
// each), or "none".
func (req *Request) Jump(destinations string) *Request { return req.add('J', destinations) }

// Identity adds `-i file`: an identity file, tried before the configured ones.
func (req *Request) Identity(file string) *Request { return req.add('i', file) }

// add records a configuration-changing option that cannot fail to parse.
func (req *Request) add(opt byte, arg string) *Request {
	req.cmdline = append(req.cmdline, cmdOpt{opt: opt, arg: arg})
	return req
}
