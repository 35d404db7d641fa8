package knownhosts

import (
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/resolve"
)

// Problem is why a host key was refused.
type Problem int

// The problems a Checker refuses a key for.
const (
	// Unknown: no key is known for the host and StrictHostKeyChecking is yes.
	Unknown Problem = iota + 1
	// NotConfirmed: StrictHostKeyChecking is ask and the user did not accept the key, or
	// there was nobody to ask (no terminal, BatchMode).
	NotConfirmed
	// CannotRecord: no key is known and none can be recorded (UserKnownHostsFile none, or
	// a host name known_hosts cannot hold), so ssh refuses whatever StrictHostKeyChecking
	// says.
	CannotRecord
	// Changed: another key is known for the host (Entry is the line of the known key).
	Changed
	// Revoked: the key, or the authority that signed its certificate, is listed as
	// @revoked (Entry is that line).
	Revoked
	// IPMismatch: the host's key is accepted but the server's address is known with
	// another key (CheckHostIP; Entry is the address's line).
	IPMismatch
	// RevocationUnchecked: the RevokedHostKeys file could not be read or parsed (Files
	// names it, Reason says why); ssh then refuses every key.
	RevocationUnchecked
)

// Error is a refused host key. Its message names the host, the key and the known_hosts
// line at stake; config-supplied text in it is escaped.
type Error struct {
	Problem Problem
	// Host is the name the key was looked up under (HostKeyAlias, or the host name with
	// "[host]:port" for a port other than 22); IP the address for IPMismatch.
	Host, IP string
	// KeyType is ssh's name for the key's type ("ED25519"); Fingerprint its fingerprint.
	KeyType, Fingerprint string
	// Entry is the known_hosts line that decided, when one did.
	Entry *Entry
	// Files are the known_hosts files searched (Unknown, NotConfirmed, CannotRecord).
	Files []string
	// Certificate is why the server's host certificate was not accepted, when it sent one
	// and the plain key was then checked, as ssh does.
	Certificate string
	// NoPrompt is set when StrictHostKeyChecking ask had nobody to ask.
	NoPrompt bool
	// Reason is the error that stopped the check (RevocationUnchecked).
	Reason string
}

func (e *Error) Error() string {
	host := resolve.EscapeText(e.Host)
	var b strings.Builder
	b.WriteString("Host key verification failed: ")
	switch e.Problem {
	case Unknown:
		fmt.Fprintf(&b, "no %s host key is known for %s in %s and StrictHostKeyChecking is yes", e.KeyType, host, fileList(e.Files))
	case NotConfirmed:
		fmt.Fprintf(&b, "the %s host key for %s (%s) is not in %s", e.KeyType, host, e.Fingerprint, fileList(e.Files))
		if e.NoPrompt {
			b.WriteString(" and there is no terminal to confirm it on (StrictHostKeyChecking ask)")
		} else {
			b.WriteString(" and was not confirmed")
		}
	case CannotRecord:
		fmt.Fprintf(&b, "no %s host key is known for %s in %s", e.KeyType, host, fileList(e.Files))
		if len(e.Files) == 0 {
			b.WriteString(" (no known_hosts files)")
		}
		b.WriteString(" and it cannot be recorded")
	case Changed:
		fmt.Fprintf(&b, "the host key for %s has changed: the server sent %s key %s; offending %s key in %s",
			host, e.KeyType, e.Fingerprint, typeName(e.Entry.Key), resolve.EscapeText(e.Entry.Where()))
	case Revoked:
		fmt.Fprintf(&b, "the %s host key for %s (%s) is marked as revoked in %s", e.KeyType, host, e.Fingerprint, resolve.EscapeText(e.Entry.Where()))
	case RevocationUnchecked:
		fmt.Fprintf(&b, "the RevokedHostKeys file %s cannot be used: %s", fileList(e.Files), resolve.EscapeText(e.Reason))
	case IPMismatch:
		fmt.Fprintf(&b, "the %s host key for %s differs from the key for the IP address %s in %s",
			e.KeyType, host, resolve.EscapeText(e.IP), resolve.EscapeText(e.Entry.Where()))
	}
	if e.Certificate != "" {
		b.WriteString("; the host certificate was not accepted: ")
		b.WriteString(e.Certificate)
	}
	return b.String()
}

// fileList names known_hosts files for a message.
func fileList(files []string) string {
	if len(files) == 0 {
		return "no file"
	}
	q := make([]string, len(files))
	for i, f := range files {
		q[i] = resolve.EscapeText(f)
	}
	return strings.Join(q, ", ")
}

// confirm asks question until the answer is yes, no (or empty) or, when fingerprint is
// not empty, the fingerprint itself, as ssh's confirm does; nobody to ask means no.
func (c *Checker) confirm(question, fingerprint string) bool {
	if c.batch || c.in.Prompt == nil {
		return false
	}
	again := "Please type 'yes' or 'no': "
	if fingerprint != "" {
		again = "Please type 'yes', 'no' or the fingerprint: "
	}
	for q := question; ; q = again {
		answer, err := c.in.Prompt(q)
		if err != nil {
			return false
		}
		answer = strings.TrimLeft(answer, " \t")
		if i := strings.IndexAny(answer, " \t\n"); i >= 0 {
			answer = answer[:i]
		}
		switch {
		case answer == "" || strings.EqualFold(answer, "no"):
			return false
		case strings.EqualFold(answer, "yes") || (fingerprint != "" && answer == fingerprint):
			return true
		}
	}
}

// confirmNew asks whether to trust an unknown key (StrictHostKeyChecking ask), with ssh's
// question: the host, the key's fingerprint and the other names the key is known by.
func (c *Checker) confirmNew(fs files, t target, key ssh.PublicKey, e *Error) bool {
	if c.batch || c.in.Prompt == nil {
		e.NoPrompt = true
		return false
	}
	var q strings.Builder
	fmt.Fprintf(&q, "The authenticity of host '%s (%s)' can't be established.\n", resolve.EscapeText(t.host), resolve.EscapeText(t.ip))
	fmt.Fprintf(&q, "%s key fingerprint is %s.\n", e.KeyType, e.Fingerprint)
	if c.visual {
		q.WriteString(randomArt(key, c.fingerprintHash) + "\n")
	}
	q.WriteString(c.otherNames(fs, t, key))
	q.WriteString("\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ")
	return c.confirm(q.String(), e.Fingerprint)
}

// maxOtherNames is how many other names of a key ssh lists.
const maxOtherNames = 8

// otherNames is ssh's list of the lines that hold key under names other than the host's
// and the address's.
func (c *Checker) otherNames(fs files, t target, key ssh.PublicKey) string {
	if _, ok := key.(*ssh.Certificate); ok {
		return "This key is not known by any other names."
	}
	var names []string
	for _, f := range fs {
		for _, e := range f.entries {
			if e.marker != markNone || !sameKey(key, e.Key) || matchHost(t.host, e.Hosts) ||
				(t.ip != "" && matchHost(t.ip, e.Hosts)) {
				continue
			}
			hosts := e.Hosts
			if e.Hashed() {
				hosts = "[hashed name]"
			}
			names = append(names, fmt.Sprintf("    %s:%d: %s", resolve.EscapeText(tildeShort(e.File, c.home)), e.Line, resolve.EscapeText(hosts)))
		}
	}
	if len(names) == 0 {
		return "This key is not known by any other names."
	}
	out := "This host key is known by the following other names/addresses:"
	shown := names
	if len(shown) > maxOtherNames {
		shown = shown[:maxOtherNames]
	}
	out += "\n" + strings.Join(shown, "\n")
	if len(names) > len(shown) {
		out += fmt.Sprintf("\n    (%d additional names omitted)", len(names)-len(shown))
	}
	return out
}

// tildeShort writes a path under home as ~/… (ssh's try_tilde_unexpand).
func tildeShort(path, home string) string {
	if home == "" || !strings.HasPrefix(path, "/") || !strings.HasPrefix(path, home) {
		return path
	}
	rest := path[len(home):]
	if !strings.HasSuffix(home, "/") && !strings.HasPrefix(rest, "/") {
		return path
	}
	return "~/" + strings.TrimPrefix(rest, "/")
}

// warnChanged is ssh's warning for a changed host key, with the line of the known key
// and (as Debian's ssh prints it) the command that removes it.
func (c *Checker) warnChanged(key ssh.PublicKey, host string, known *Entry) {
	c.warnf("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
		"@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" +
		"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
		"IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n" +
		"Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n" +
		"It is also possible that a host key has just been changed.")
	c.warnf("The fingerprint for the %s key sent by the remote host is\n%s.\nPlease contact your system administrator.",
		typeName(key), fingerprint(key, c.fingerprintHash))
	if files := c.allFiles(); len(files) > 0 {
		c.warnf("Add correct host key in %s to get rid of this message.", resolve.EscapeText(files[0]))
	}
	c.warnf("Offending %s key in %s", typeName(known.Key), resolve.EscapeText(known.Where()))
	c.warnf("  remove with:\n  ssh-keygen -f \"%s\" -R \"%s\"", resolve.EscapeText(known.File), resolve.EscapeText(host))
	if c.strict == resolve.StrictHostKeyOff {
		c.warnf("Host key for %s has changed; sshcfg refuses a changed host key even with StrictHostKeyChecking no.", resolve.EscapeText(host))
	} else {
		c.warnf("Host key for %s has changed and you have requested strict checking.", resolve.EscapeText(host))
	}
}

// warnDNSSpoofing is ssh's warning when the host's key changed and the address's key
// does not agree (CheckHostIP).
func (c *Checker) warnDNSSpoofing(keyType string, t target, ipStatus status, ipFound *Entry) {
	state := "has a different value"
	switch ipStatus {
	case statusNew:
		state = "is unknown"
	case statusOK:
		state = "is unchanged"
	}
	c.warnf("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
		"@       WARNING: POSSIBLE DNS SPOOFING DETECTED!          @\n" +
		"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@")
	c.warnf("The %s host key for %s has changed,\nand the key for the corresponding IP address %s\n%s. This could either mean that\nDNS SPOOFING is happening or the IP address for the host\nand its host key have changed at the same time.",
		keyType, resolve.EscapeText(t.host), resolve.EscapeText(t.ip), state)
	if ipStatus != statusNew && ipFound != nil {
		c.warnf("Offending key for IP in %s", resolve.EscapeText(ipFound.Where()))
	}
}
