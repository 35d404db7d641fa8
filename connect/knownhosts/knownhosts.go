// Package knownhosts checks SSH host keys the way ssh does, from a resolved
// configuration: UserKnownHostsFile and GlobalKnownHostsFile (hashed names,
// @cert-authority, @revoked, [host]:port), HostKeyAlias, CheckHostIP and
// StrictHostKeyChecking yes / ask / accept-new / no.
//
// The rules are those of OpenSSH 9.2's client (sshconnect.c check_host_key, hostfile.c,
// sshconnect2.c order_hostkeyalgs), with these deliberate differences:
//
//   - A changed host key, or a revoked one, is always refused. With
//     StrictHostKeyChecking no (or off) ssh 9.2 connects anyway after its warning, with
//     password and keyboard-interactive authentication, agent and X11 forwarding and port
//     forwards turned off; a Checker refuses, naming the file and line of the known key.
//   - A key found @revoked under the bare host name, when the server's port is not 22
//     and no line for "[host]:port" applies, is refused; ssh 9.2 warns and then treats
//     the key as new (accept-new and no record it).
//   - A refusal is an [*Error] that names the file and line at stake (ssh does not say
//     which @revoked line matched).
//   - Keys are recorded by rewriting the file atomically (a temporary file and a rename,
//     owner and mode kept), not by appending; a file that changed while it was being
//     updated, or that is not a regular file, is not written (a warning says why, and the
//     connection goes on as with ssh when it cannot write). /dev/null is not touched and
//     the key is reported as added, as ssh reports it. A new file is created with mode
//     0600 (ssh: 0666 less the umask). A missing final newline is added before the new
//     line (ssh's append would join the two lines).
//   - Not supported: KnownHostsCommand, UpdateHostKeys, VerifyHostKeyDNS (the caller warns
//     about the options it ignores).
//
// Messages go to Interaction.Warn one line per "\n", in ssh's words, with the names and
// paths that come from the configuration escaped (resolve.EscapeText).
//
// CheckHostIP needs the server's address. The Checker takes it from the remote address
// x/crypto/ssh passes to the callback: a *net.TCPAddr with a specified IP. Through a
// ProxyJump the address x/crypto reports is 0.0.0.0, and through a ProxyCommand it is no
// IP address at all; in both cases, and whenever the configuration sets ProxyCommand or
// ProxyJump, the address is not checked, as ssh does not check it for proxied
// connections. Loopback addresses are not checked either (ssh's rule).
package knownhosts

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Interaction is how a Checker talks to the user.
type Interaction struct {
	// Prompt asks a question on the terminal and returns the answer; nil means no terminal
	// (as BatchMode): questions are answered "no".
	Prompt func(question string) (string, error)
	// Warn receives ssh's warnings (a key added, an IP address mismatch).
	Warn io.Writer
}

// Checker verifies the host keys of the destination one resolved configuration describes.
type Checker struct {
	in Interaction

	hostname string // the host name ssh connects to, lowercased
	alias    string // HostKeyAlias, lowercased; "" when unset
	port     int
	proxied  bool // ProxyCommand or ProxyJump: no address to check

	userFiles, systemFiles []string
	revokedFiles           []string // RevokedHostKeys

	strict              resolve.StrictHostKeyChecking
	checkHostIP         bool
	hashKnownHosts      bool
	noHostAuthLocalhost bool
	batch               bool
	visual              bool // VisualHostKey
	fingerprintHash     int
	home                string // the user's home directory, for ~/ in messages
	sshDir              string // ~/.ssh, created when a key is recorded in a file inside it

	hostKeyAlgorithms []string // the assembled HostKeyAlgorithms
	reorder           bool     // HostKeyAlgorithms unset or changed with + or -: known types first
	caSignature       []string // CASignatureAlgorithms

	// now is the time certificates are checked against.
	now func() time.Time
}

// New prepares the checks for the destination res describes.
func New(res *resolve.Result, in Interaction) (*Checker, error) {
	if in.Warn == nil {
		in.Warn = io.Discard
	}
	c := &Checker{
		in:                  in,
		hostname:            strings.ToLower(res.Hostname),
		port:                res.Port(),
		strict:              res.StrictHostKeyChecking(),
		checkHostIP:         res.Flag(keyword.CheckHostIP),
		hashKnownHosts:      res.Flag(keyword.HashKnownHosts),
		noHostAuthLocalhost: res.Flag(keyword.NoHostAuthenticationForLocalhost),
		batch:               res.Flag(keyword.BatchMode),
		visual:              res.Flag(keyword.VisualHostKey),
		hostKeyAlgorithms:   res.Algorithms(keyword.HostKeyAlgorithms),
		caSignature:         res.Algorithms(keyword.CASignatureAlgorithms),
		now:                 time.Now,
	}
	if c.hostname == "" {
		c.hostname = strings.ToLower(res.HostArg)
	}
	if a, ok := res.String(keyword.HostKeyAlias); ok && a != "" {
		c.alias = strings.ToLower(a)
	}
	if p, ok := res.String(keyword.ProxyCommand); ok && p != "" {
		c.proxied = true
	}
	if len(res.ProxyJump()) > 0 {
		c.proxied = true
	}
	c.fingerprintHash, _ = res.Int(keyword.FingerprintHash)
	raw, set := res.String(keyword.HostKeyAlgorithms)
	c.reorder = !set || raw == "" || raw[0] == '+' || raw[0] == '-'
	var err error
	if c.userFiles, err = expandAll(res, keyword.UserKnownHostsFile); err != nil {
		return nil, err
	}
	if c.systemFiles, err = expandAll(res, keyword.GlobalKnownHostsFile); err != nil {
		return nil, err
	}
	if c.revokedFiles, err = expandAll(res, keyword.RevokedHostKeys); err != nil {
		return nil, err
	}
	if h, err := res.Expand(keyword.UserKnownHostsFile, "~", nil); err == nil {
		c.home, c.sshDir = h, filepath.Join(h, ".ssh")
	}
	return c, nil
}

// expandAll expands the file names of a list keyword; "none" gives none.
func expandAll(res *resolve.Result, id keyword.ID) ([]string, error) {
	var out []string
	for _, f := range res.Strings(id) {
		if strings.EqualFold(f, "none") {
			continue
		}
		p, err := res.Expand(id, f, nil)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", id.Keyword().Name, resolve.EscapeText(f), err)
		}
		out = append(out, p)
	}
	return out, nil
}

// HostKeyCallback verifies a server's host key (or certificate) for x/crypto/ssh. The
// host name x/crypto passes is not used: the names looked up are those of the
// configuration (HostKeyAlias, or HostName and Port), as for ssh.
func (c *Checker) HostKeyCallback() ssh.HostKeyCallback {
	return func(_ string, remote net.Addr, key ssh.PublicKey) error {
		return c.verify(remote, key)
	}
}

// HostKeyAlgorithms is the host key algorithm preference to offer: ssh's configured list,
// with the algorithms of keys already known for this host first, as ssh orders them.
// Algorithms x/crypto/ssh does not implement are left out (see
// UnsupportedHostKeyAlgorithms). An empty result means none is left: do not dial with it,
// as x/crypto would then offer its own defaults.
func (c *Checker) HostKeyAlgorithms() []string {
	algs := c.hostKeyAlgorithms
	if c.reorder {
		algs = orderAlgorithms(algs, c.load().matching(c.hostFileName(c.port)))
	}
	var out []string
	for _, a := range algs {
		if hostKeyAlgorithmSupported(a) {
			out = append(out, a)
		}
	}
	return out
}

// UnsupportedHostKeyAlgorithms lists the configured host key algorithms x/crypto/ssh does
// not implement (the security key algorithms, for instance), in the configured order.
func (c *Checker) UnsupportedHostKeyAlgorithms() []string {
	var out []string
	for _, a := range c.hostKeyAlgorithms {
		if !hostKeyAlgorithmSupported(a) {
			out = append(out, a)
		}
	}
	return out
}

// hostKeyAlgorithmSupported reports whether x/crypto/ssh can verify a server's key with
// algorithm a.
func hostKeyAlgorithmSupported(a string) bool {
	return slices.Contains(ssh.SupportedAlgorithms().HostKeys, a) || slices.Contains(ssh.InsecureAlgorithms().HostKeys, a)
}

// orderAlgorithms is ssh's order_hostkeyalgs: the list as it is when a key of its first
// algorithm's type is known; otherwise the algorithms of known key types (and every
// certificate algorithm when an @cert-authority line applies) first, each group in the
// list's order.
func orderAlgorithms(algs []string, known hostKeys) []string {
	if len(algs) == 0 {
		return algs
	}
	if t, _ := algorithmKeyType(algs[0]); known.hasType(t) {
		return algs
	}
	hasCA := known.hasMarker(markCA)
	var first, last []string
	for _, a := range algs {
		t, cert := algorithmKeyType(a)
		if (cert && hasCA) || known.hasType(t) {
			first = append(first, a)
		} else {
			last = append(last, a)
		}
	}
	return append(first, last...)
}

// hostFileName is the name a host's keys are filed under: HostKeyAlias, else the host
// name, as "[host]:port" for a port other than 22 (port 0: never with a port).
func (c *Checker) hostFileName(port int) string {
	if c.alias != "" {
		return c.alias
	}
	return hostPort(c.hostname, port)
}

// hostPort is ssh's put_host_port.
func hostPort(host string, port int) string {
	if port == 0 || port == 22 {
		return host
	}
	return fmt.Sprintf("[%s]:%d", host, port)
}

// files are the known_hosts files read for one check, user files first.
type files []*hostFile

// load reads the user and system known_hosts files. A file that cannot be read is
// reported on Warn and skipped.
func (c *Checker) load() files {
	var out files
	for _, p := range append(slices.Clone(c.userFiles), c.systemFiles...) {
		hf, err := readHostFile(p)
		if err != nil {
			c.warnf("%s", resolve.EscapeText(err.Error()))
			continue
		}
		out = append(out, hf)
	}
	return out
}

// hostKeys are the entries that apply to one name, in file order.
type hostKeys []*Entry

// matching returns the entries whose host field names name.
func (fs files) matching(name string) hostKeys {
	var out hostKeys
	for _, f := range fs {
		for _, e := range f.entries {
			if matchHost(name, e.Hosts) {
				out = append(out, e)
			}
		}
	}
	return out
}

// hasType reports whether a plain key (no marker) of key type t is known.
func (hk hostKeys) hasType(t string) bool {
	for _, e := range hk {
		if e.marker == markNone && e.Key.Type() == t {
			return true
		}
	}
	return false
}

// hasMarker reports whether an entry with marker m applies.
func (hk hostKeys) hasMarker(m marker) bool {
	for _, e := range hk {
		if e.marker == m {
			return true
		}
	}
	return false
}

// warnf writes one of ssh's messages to the Warn writer.
func (c *Checker) warnf(format string, a ...any) {
	fmt.Fprintf(c.in.Warn, format+"\n", a...)
}
