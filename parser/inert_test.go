package parser

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// inertLines are lines inert must judge like parseLine: the common ones it drops
// itself, and near misses it must leave to parseLine.
var inertLines = []string{
	"", "   ", "\t", " \r", "\r", "\f", "  # comment", "#", "# \x00 nul", "  HostName 10.0.0.1",
	"  HostName 10.0.0.1\r", "  User u # who", "  Port 2200", "  Port 0", "  Port 65536", "Port=22",
	"Port = 22", "Port =22", "Port= =22", "Port==22", "=Port 22", "  IdentityFile ~/.ssh/id # key",
	"  LocalForward 8080 localhost:80", "  LocalForward 8080", "  LocalForward ${X} h:1",
	"  RemoteForward 8080", "  DynamicForward 1080", "  ProxyJump gw # bastion", "ProxyJump a,b:22,c",
	"ProxyJump ssh://u@h:2", "ProxyJump bad:port", "  ForwardAgent no", "ForwardAgent ${SSH_AUTH_SOCK}",
	"ForwardAgent /tmp/a", "  SyslogFacility LOCAL0", "Include inc/*", "Host a", "Match all",
	"Bogus x", "UseKeychain yes", "Protocol 2", "Cipher aes", "User", "User  ", "User \"a b\"",
	"User a\\ b", "User 'a'", "User a b", "User a\x00b", "User a\vb", "HostName \x01", "SendEnv LANG LC_*",
	"SendEnv A=B", "SetEnv A=B C=D", "SetEnv A", "ServerAliveInterval 60", "ServerAliveInterval -1",
	"ConnectTimeout 1h", "ConnectTimeout x", "ControlMaster auto", "ControlMaster maybe",
	"ControlPath ~/.ssh/cm-%r@%h:%p", "ControlPersist 10m", "ControlPersist yes", "ControlPersist x",
	"IPQoS af21 cs1", "IPQoS lowdelay", "IPQoS bad", "Tunnel yes", "TunnelDevice 1:2", "TunnelDevice x",
	"AddKeysToAgent yes", "AddKeysToAgent 1h", "AddKeysToAgent confirm 1h", "AddKeysToAgent x",
	"RekeyLimit 1G 1h", "RekeyLimit 1", "EscapeChar ~", "EscapeChar ^A", "EscapeChar none", "EscapeChar xx",
	"StreamLocalBindMask 0177", "StreamLocalBindMask 999", "ObscureKeystrokeTiming interval:300",
	"Ciphers aes128-ctr,aes256-ctr", "Ciphers +bogus", "KexAlgorithms -*sha1", "CanonicalDomains a.b c",
	"CanonicalDomains -a", "CanonicalizePermittedCNAMEs *.a:*.b", "PermitRemoteOpen any",
	"PermitRemoteOpen h:x", "RevokedHostKeys /k", "IdentityAgent ${X", "IdentityAgent SSH_AUTH_SOCK",
	"LogLevel DEBUG3", "LogLevel loud", "FingerprintHash sha256", "StrictHostKeyChecking accept-new",
	"Compression yes", "Compression maybe", "UserKnownHostsFile a b c", "GlobalKnownHostsFile none x",
	"ProxyCommand ssh -W %h:%p gw", "LocalCommand echo hi", "RemoteCommand ls", "PKCS11Provider /p.so",
	"VersionAddendum none", "IgnoreUnknown Foo", "Port 22 23", "HostName a b", "PORT 22", "hOsTnAmE x",
	"GSSAPIAuthentication yes", "PubkeyAcceptedKeyTypes +ssh-rsa", "ForwardX11Trusted yes",
	"Hostname\x00 x", "Port\t22\t# c\x00", "Port 22 #", "Port 22#c", "ChannelTimeout session=5m",
	"ProxyUseFdpass yes", "UpdateHostKeys ask", "RequestTTY force", "SessionType none", "User #c",
	"Port 22 # c", "Host a b *.c !d", "host=a", "Host a # c", "Host \"a\"", "Host a\tb", "Host #", "Host",
	"Match host a", "Match bad", "  Port 22\r",
}

// inertMismatch checks the fast paths against parseLine on every line of src: a line
// lexPlain cuts must be one lexLine cuts the same way with no problem; a line buildPlain
// builds must be the line parseLine builds;
// a line inert drops must be one parseLine gives no diagnostic and parseKept drops in a
// block that does not apply; a Host line plainHeader builds must be the line parseLine
// builds. It returns the first disagreement, or "".
func inertMismatch(src string, opts Options) string {
	if opts.Dialect.Version.Major == 0 {
		opts.Dialect = keyword.Debian92
	}
	if opts.Services == nil {
		opts.Services = DefaultServices
	}
	keywords := keywordsOf(opts.Dialect)
	check := &decoder{dialect: opts.Dialect, services: opts.Services, keywords: keywords, check: true}
	d := &decoder{dialect: opts.Dialect, services: opts.Services, keywords: keywords, boxes: &boxes{}}
	x := &lexer{text: src}
	f := &File{Name: "f", text: src}
	var bad string
	eachLine(src, 0, len(src), 0, func(i, start, stop, lineEnd int) {
		var p plainLine
		if bad != "" || !x.lexPlain(&p, start, stop, false) {
			return
		}
		var l Line
		parseLine(f, d, x, &l, start, stop, lineEnd, i+1, opts)
		at := fmt.Sprintf("line %d %q", i+1, src[start:stop])
		lx := x.lexLine(start, stop)
		switch {
		case l.Kind != p.kind:
			bad = fmt.Sprintf("%s: lexPlain says kind %d, parseLine %d", at, p.kind, l.Kind)
			return
		case p.kind != LineDirective:
			if len(l.Diags()) > 0 {
				bad = fmt.Sprintf("%s: plain, but parseLine says %q", at, l.Diags()[0].Message)
			}
			return
		case lx.key.Raw != diag.Span{Start: p.keyStart, End: p.keyEnd} || lx.rest != diag.Span{Start: p.rest, End: p.end} ||
			(len(lx.args) > 0 || len(p.args) > 0) && !reflect.DeepEqual(lx.args, p.args) || !lx.quotesOK || lx.ignored.Len() > 0:
			bad = fmt.Sprintf("%s: lexPlain cuts key %d-%d rest %d-%d args %v, lexLine %v %v %v (quotes %v)",
				at, p.keyStart, p.keyEnd, p.rest, p.end, p.args, lx.key.Raw, lx.rest, lx.args, lx.quotesOK)
			return
		}
		var b Line
		var pb plainLine
		x.lexPlain(&pb, start, stop, true)
		if d.buildPlain(x, &b, &pb, start, lineEnd, i+1) {
			if !sameLine(&b, &l) {
				bad = fmt.Sprintf("%s: buildPlain builds %+v, parseLine %+v", at, b, l)
				return
			}
		} else if b != (Line{}) {
			bad = fmt.Sprintf("%s: buildPlain leaves %+v", at, b)
			return
		}
		info := lookupKeyword(keywords, src[p.keyStart:p.keyEnd])
		var h Line
		var kept bool
		if _, ok := d.plainHeader(src, &h, info, &p, start, lineEnd, i+1, func(h *Line) bool {
			kept = sameLine(h, &l)
			return false
		}); ok && !kept {
			bad = fmt.Sprintf("%s: plainHeader builds %+v, parseLine %+v", at, h, l)
			return
		}
		if !check.inert(src, info, &p) {
			return
		}
		switch {
		case len(l.Diags()) > 0:
			bad = fmt.Sprintf("%s: inert, but parseLine says %q", at, l.Diags()[0].Message)
		case l.IsBlockHeader():
			bad = fmt.Sprintf("%s: inert, but a block header", at)
		case mattersWhenInactive(src, &l):
			bad = fmt.Sprintf("%s: inert, but it matters in a block that does not apply", at)
		}
	})
	return bad
}

// inertLine reports whether the fast path drops text[start:stop] in a block that does
// not apply.
func inertLine(check *decoder, x *lexer, start, stop int) bool {
	var p plainLine
	if ok := x.lexPlain(&p, start, stop, false); !ok || p.kind != LineDirective {
		return ok
	}
	return check.inert(x.text, lookupKeyword(check.keywords, x.text[p.keyStart:p.keyEnd]), &p)
}

// inertDialects are the option sets inert is checked for.
var inertDialects = []Options{{}, {Dialect: keyword.Upstream105}}

// TestInertAgreesWithParseLine checks inert on the lines above and on every line of the
// golden corpus, and that it does drop the lines it is there for.
func TestInertAgreesWithParseLine(t *testing.T) {
	srcs := []string{strings.Join(inertLines, "\n")}
	for _, c := range inertCorpus(t) {
		srcs = append(srcs, c)
	}
	for _, opts := range inertDialects {
		for _, src := range srcs {
			if bad := inertMismatch(src, opts); bad != "" {
				t.Errorf("%v: %s", opts.Dialect, bad)
			}
		}
	}
	check := &decoder{dialect: keyword.Debian92, services: DefaultServices, keywords: keywordsOf(keyword.Debian92), check: true}
	for _, line := range []string{"", "  # c", "  HostName 10.0.0.1", "  User u # who", "  Port 2200",
		"  IdentityFile ~/.ssh/id_h # key for h", "  LocalForward 8080 localhost:80", "\tProxyJump gw # bastion",
		"  ForwardAgent no", "ServerAliveInterval 60", "ControlPath ~/.ssh/cm-%r@%h:%p", "SendEnv LANG LC_*"} {
		x := &lexer{text: line}
		if !inertLine(check, x, 0, len(line)) {
			t.Errorf("%q: not inert; the partial parse would build it to drop it", line)
		}
		var p plainLine
		var l Line
		d := &decoder{dialect: keyword.Debian92, services: DefaultServices, keywords: check.keywords, boxes: &boxes{}}
		if !x.lexPlain(&p, 0, len(line), true) || !d.buildPlain(x, &l, &p, 0, len(line), 1) {
			t.Errorf("%q: buildPlain leaves it to parseLine", line)
		}
	}
	d := &decoder{dialect: keyword.Debian92, services: DefaultServices, keywords: check.keywords, boxes: &boxes{}}
	for _, line := range []string{"Host a", "Host a b *.c !d # c", "  host=a"} {
		x := &lexer{text: line}
		var p plainLine
		x.lexPlain(&p, 0, len(line), false)
		var h Line
		info := lookupKeyword(check.keywords, line[p.keyStart:p.keyEnd])
		if _, ok := d.plainHeader(line, &h, info, &p, 0, len(line), 1, func(*Line) bool { return false }); !ok {
			t.Errorf("%q: plainHeader leaves it to parseLine", line)
		}
	}
}

// TestInertAllocates nothing: a dropped line costs no memory.
func TestInertAllocates(t *testing.T) {
	src := "  HostName 10.0.0.1\n  User u # who\n  Port 2200\n  IdentityFile ~/.ssh/id_h # key\n" +
		"  LocalForward 8080 localhost:80\n\tProxyJump gw # bastion\n  ForwardAgent no\n  # c\n\n" +
		"  ServerAliveInterval 600\n  SendEnv LANG LC_*\n  ControlPersist 10m\n  IPQoS af21 cs1\n"
	check := &decoder{dialect: keyword.Debian92, services: DefaultServices, keywords: keywordsOf(keyword.Debian92), check: true}
	x := &lexer{text: src}
	run := func() {
		eachLine(src, 0, len(src), 0, func(_, start, stop, _ int) {
			if !inertLine(check, x, start, stop) {
				t.Fatalf("%q: not inert", src[start:stop])
			}
		})
	}
	run() // the scratch space grows once
	if n := testing.AllocsPerRun(20, run); n != 0 {
		t.Errorf("inert allocates %v times for %d lines, want 0", n, strings.Count(src, "\n"))
	}
}

// inertCorpus returns the input of every parser golden file.
func inertCorpus(t testing.TB) []string {
	var out []string
	for _, a := range golden.Load(t, filepath.Join("..", "testdata", "parser", "*.txtar")) {
		for _, f := range a.Files {
			if f.Name != "ssh_config" {
				continue
			}
			src := string(f.Data)
			if s, err := strconv.Unquote(strings.TrimSpace(src)); err == nil {
				src = s
			}
			out = append(out, src)
		}
	}
	return out
}

// FuzzInert checks inert against parseLine on any input (see inertMismatch).
func FuzzInert(f *testing.F) {
	for _, l := range inertLines {
		f.Add(l)
	}
	for _, c := range inertCorpus(f) {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, opts := range inertDialects {
			if bad := inertMismatch(src, opts); bad != "" {
				t.Fatalf("%v: %s", opts.Dialect, bad)
			}
		}
	})
}

// FuzzKeep checks a partial parse (Options.Keep, whose fast path drops most lines
// unbuilt) against the tree the promise of Options.Keep derives from the whole parse
// (partialOf), for the Keep functions of keepCases, with and without KeepHeaders.
func FuzzKeep(f *testing.F) {
	f.Add(chunkedSrc)
	f.Add(strings.Join(inertLines, "\n"))
	for _, c := range inertCorpus(f) {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, src string) {
		full := Parse("f", []byte(src), Options{})
		for name, keep := range keepCases("a") {
			for _, headers := range []bool{false, true} {
				got := Parse("f", []byte(src), Options{Keep: keep, KeepHeaders: headers})
				if d := sameTree(got, partialOf(full, keep, headers)); d != "" {
					t.Fatalf("keep %s headers %v: %s", name, headers, d)
				}
			}
		}
	})
}
