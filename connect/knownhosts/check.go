package knownhosts

import (
	"net"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/resolve"
)

// status is what the known keys say about a key (ssh's HostStatus).
type status int

const (
	statusNew     status = iota // no key of the host matches, none differs
	statusOK                    // the key (or the certificate's authority) is known
	statusChanged               // another key is known for the host
	statusRevoked               // the key, or its certificate's authority, is @revoked
)

// check is ssh's check_hostkeys_by_key_or_type for a key: a certificate is looked up
// among the @cert-authority lines by its signing key, a plain key among the plain lines;
// a plain key that differs makes the host changed (found is then the last such line); a
// revoked key or authority wins over everything (found is the @revoked line).
func (hk hostKeys) check(key ssh.PublicKey) (st status, found *Entry) {
	cert, isCert := key.(*ssh.Certificate)
	want := markNone
	if isCert {
		want = markCA
	}
	for _, e := range hk {
		if e.marker != want {
			continue
		}
		if isCert {
			if sameKey(cert.SignatureKey, e.Key) {
				st, found = statusOK, e
				break
			}
			continue
		}
		if sameKey(key, e.Key) {
			st, found = statusOK, e
			break
		}
		st, found = statusChanged, e
	}
	for _, e := range hk {
		if e.marker != markRevoked {
			continue
		}
		if sameKey(plainKey(key), e.Key) || (isCert && sameKey(cert.SignatureKey, e.Key)) {
			return statusRevoked, e
		}
	}
	return st, found
}

// badNameChars are the bytes ssh never writes to a known_hosts file in a host name.
const badNameChars = "@?*#[]|'\"\\"

// remoteIP is the server's address when ssh would check it: a TCP connection that is not
// proxied.
func (c *Checker) remoteIP(remote net.Addr) net.IP {
	if c.proxied {
		return nil
	}
	a, ok := remote.(*net.TCPAddr)
	if !ok || a.IP == nil || a.IP.IsUnspecified() {
		return nil
	}
	return a.IP
}

// target is what one pass of the check looks up.
type target struct {
	host, ip string // the names keys are filed under; ip is looked up when checkIP
	checkIP  bool
	readonly bool // keys may not be recorded
	quiet    bool // the port-less second look: only a match counts, silently
}

// verify is ssh's verify_host_key and check_host_key for one key.
func (c *Checker) verify(remote net.Addr, key ssh.PublicKey) error {
	if err := c.checkRevokedFile(key); err != nil {
		return err
	}
	addr := c.remoteIP(remote)
	local := addr != nil && addr.IsLoopback()
	if c.noHostAuthLocalhost && local && c.alias == "" {
		return nil
	}
	fs := c.load()
	t := c.target(addr, local, c.port)
	t.readonly = strings.ContainsAny(c.hostname, badNameChars) || len(c.userFiles) == 0
	return c.check(fs, t, addr, local, key)
}

// target prepares the names for port (0: without the port).
func (c *Checker) target(addr net.IP, local bool, port int) target {
	t := target{host: c.hostFileName(port)}
	ip := "<no hostip for proxy command>"
	if addr != nil {
		ip = hostPort(addr.String(), port)
	}
	t.ip = ip
	t.checkIP = c.checkHostIP && addr != nil && !local && c.hostname != ip
	return t
}

// check runs ssh's check_host_key: a certificate that is not accepted is tried again as
// its plain key, as ssh does.
func (c *Checker) check(fs files, t target, addr net.IP, local bool, key ssh.PublicKey) error {
	known := fs.matching(t.host)
	var knownIP hostKeys
	if t.checkIP {
		knownIP = fs.matching(t.ip)
	}
	var certProblem string
	for {
		st, err := c.checkKey(fs, t, addr, local, key, known, knownIP)
		if err == nil {
			return nil
		}
		cert, isCert := key.(*ssh.Certificate)
		if isCert && st != statusRevoked {
			if e, ok := err.(*Error); ok && e.Certificate != "" {
				certProblem = e.Certificate
			}
			key = cert.Key
			continue
		}
		if e, ok := err.(*Error); ok && e.Certificate == "" {
			e.Certificate = certProblem
		}
		return err
	}
}

// checkKey is one pass of check_host_key for key. The status is the host's.
func (c *Checker) checkKey(fs files, t target, addr net.IP, local bool, key ssh.PublicKey, known, knownIP hostKeys) (status, error) {
	_, wantCert := key.(*ssh.Certificate)
	hostStatus, hostFound := known.check(key)
	ipStatus, ipFound := hostStatus, hostFound
	differ := false
	if !wantCert && t.checkIP {
		ipStatus, ipFound = knownIP.check(key)
		differ = hostStatus == statusChanged &&
			(ipStatus != statusChanged || (ipFound != nil && !sameKey(ipFound.Key, hostFound.Key)))
	}
	e := &Error{Host: t.host, KeyType: typeName(key), Fingerprint: fingerprint(key, c.fingerprintHash)}
	switch hostStatus {
	case statusOK:
		if wantCert {
			name := c.alias
			if name == "" {
				name = c.hostname
			}
			if why := c.checkCert(key.(*ssh.Certificate), name); why != "" {
				c.warnf("%s", why)
				e.Problem, e.Certificate = Unknown, why
				return hostStatus, e
			}
		}
		if t.checkIP && ipStatus == statusNew {
			switch {
			case t.readonly || wantCert:
				c.warnf("%s host key for IP address '%s' not in list of known hosts.", e.KeyType, resolve.EscapeText(t.ip))
			case c.record(c.userFiles[0], key, t.ip) != nil:
				// record warned
			default:
				c.warnf("Warning: Permanently added the %s host key for IP address '%s' to the list of known hosts.", e.KeyType, resolve.EscapeText(t.ip))
			}
		} else if c.visual {
			c.warnf("Host key fingerprint is %s\n%s", e.Fingerprint, randomArt(key, c.fingerprintHash))
		}
	case statusNew:
		if st, err := c.newKey(fs, t, addr, local, key, ipStatus, e); err != nil {
			return st, err
		}
	case statusRevoked:
		c.warnf("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
			"@       WARNING: REVOKED HOST KEY DETECTED!               @\n" +
			"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@")
		c.warnf("The %s host key for %s is marked as revoked in %s.\nThis could mean that a stolen key is being used to\nimpersonate this host.",
			e.KeyType, resolve.EscapeText(t.host), resolve.EscapeText(hostFound.Where()))
		e.Problem, e.Entry = Revoked, hostFound
		return hostStatus, e
	case statusChanged:
		e.Problem, e.Entry = Changed, hostFound
		if wantCert || t.quiet {
			return hostStatus, e
		}
		if t.checkIP && differ {
			c.warnDNSSpoofing(e.KeyType, t, ipStatus, ipFound)
		}
		c.warnChanged(key, t.host, hostFound)
		return hostStatus, e
	}
	if t.checkIP && hostStatus != statusChanged && ipStatus == statusChanged {
		if err := c.ipMismatch(t, hostStatus, hostFound, ipFound, e); err != nil {
			return hostStatus, err
		}
	}
	return hostStatus, nil
}

// newKey handles a key the files do not know for the host: a match under the bare
// host name for a port other than 22, else what StrictHostKeyChecking says (refuse, ask,
// record). A nil error accepts the key.
func (c *Checker) newKey(fs files, t target, addr net.IP, local bool, key ssh.PublicKey, ipStatus status, e *Error) (status, error) {
	_, wantCert := key.(*ssh.Certificate)
	if c.alias == "" && c.port != 0 && c.port != 22 && !t.quiet {
		bare := c.target(addr, local, 0)
		bare.readonly, bare.quiet = true, true
		err := c.check(fs, bare, addr, local, key)
		if err == nil {
			return statusOK, nil
		}
		if ie, ok := err.(*Error); ok {
			if ie.Problem == Revoked {
				// ssh would go on and treat the key as new for [host]:port
				return statusRevoked, ie
			}
			if ie.Certificate != "" {
				e.Certificate = ie.Certificate
			}
		}
	}
	if t.readonly || wantCert || t.quiet {
		e.Problem, e.Files = Unknown, c.allFiles()
		if !wantCert && !t.quiet {
			e.Problem = CannotRecord
		}
		return statusNew, e
	}
	switch c.strict {
	case resolve.StrictHostKeyYes:
		c.warnf("No %s host key is known for %s and you have requested strict checking.", e.KeyType, resolve.EscapeText(t.host))
		e.Problem, e.Files = Unknown, c.allFiles()
		return statusNew, e
	case resolve.StrictHostKeyAsk:
		if !c.confirmNew(fs, t, key, e) {
			e.Problem, e.Files = NotConfirmed, c.allFiles()
			return statusNew, e
		}
	}
	names := []string{t.host}
	shown := t.host
	if t.checkIP && ipStatus == statusNew {
		names = append(names, t.ip)
		shown = t.host + "," + t.ip
	}
	if c.record(c.userFiles[0], key, names...) == nil {
		c.warnf("Warning: Permanently added '%s' (%s) to the list of known hosts.", resolve.EscapeText(shown), e.KeyType)
	}
	return statusNew, nil
}

// ipMismatch is ssh's check when the host's key is not changed but the address's is
// (CheckHostIP): ask, warn (StrictHostKeyChecking no) or refuse.
func (c *Checker) ipMismatch(t target, hostStatus status, hostFound, ipFound *Entry, e *Error) error {
	msg := "Warning: the " + e.KeyType + " host key for '" + resolve.EscapeText(t.host) +
		"' differs from the key for the IP address '" + resolve.EscapeText(t.ip) +
		"'\nOffending key for IP in " + resolve.EscapeText(ipFound.Where())
	if hostStatus == statusOK {
		msg += "\nMatching host key in " + resolve.EscapeText(hostFound.Where())
	}
	e.Problem, e.Entry, e.IP = IPMismatch, ipFound, t.ip
	switch c.strict {
	case resolve.StrictHostKeyAsk:
		if !c.confirm(msg+"\nAre you sure you want to continue connecting (yes/no)? ", "") {
			return e
		}
	case resolve.StrictHostKeyOff:
		c.warnf("%s", msg)
	default:
		c.warnf("%s\nExiting, you have requested strict checking.", msg)
		return e
	}
	return nil
}

// allFiles are the known_hosts files searched, user files first.
func (c *Checker) allFiles() []string {
	return append(slices.Clone(c.userFiles), c.systemFiles...)
}

// checkCert is ssh's sshkey_cert_check_host plus the authority's signature: "" when the
// certificate is acceptable for name, else ssh's reason.
func (c *Checker) checkCert(cert *ssh.Certificate, name string) string {
	now := c.now()
	unix := uint64(now.Unix())
	switch {
	case cert.CertType != ssh.HostCert:
		return "Certificate invalid: not a host certificate"
	case unix < cert.ValidAfter:
		return "Certificate invalid: not yet valid"
	case cert.ValidBefore != ssh.CertTimeInfinity && unix >= cert.ValidBefore:
		return "Certificate invalid: expired"
	case len(cert.ValidPrincipals) > 0 && !slices.Contains(cert.ValidPrincipals, name):
		return "Certificate invalid: name is not a listed principal"
	case len(cert.CriticalOptions) != 0:
		return "Certificate contains unsupported critical options"
	case cert.Signature == nil || !slices.Contains(c.caSignature, cert.Signature.Format):
		return "Certificate signed with disallowed algorithm"
	}
	checker := &ssh.CertChecker{Clock: func() time.Time { return now }}
	if err := checker.CheckCert(name, cert); err != nil {
		return "Certificate invalid: " + err.Error()
	}
	return ""
}

// checkRevokedFile refuses a key a RevokedHostKeys file revokes, or any key when such a
// file cannot be read, as ssh does.
func (c *Checker) checkRevokedFile(key ssh.PublicKey) error {
	for _, p := range c.revokedFiles {
		e := &Error{Host: c.hostFileName(c.port), KeyType: typeName(key), Fingerprint: fingerprint(key, c.fingerprintHash)}
		revoked, line, err := revokedIn(p, key)
		if err != nil {
			c.warnf("Error checking host key %s %s in revoked keys file %s: %s", e.KeyType, e.Fingerprint,
				resolve.EscapeText(p), resolve.EscapeText(err.Error()))
			e.Problem, e.Files, e.Reason = RevocationUnchecked, []string{p}, err.Error()
			return e
		}
		if revoked {
			c.warnf("Host key %s %s revoked by file %s", e.KeyType, e.Fingerprint, resolve.EscapeText(p))
			e.Problem, e.Entry = Revoked, &Entry{File: p, Line: line, Key: plainKey(key), marker: markRevoked}
			return e
		}
	}
	return nil
}
