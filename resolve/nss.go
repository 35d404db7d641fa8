package resolve

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// nss answers the questions ssh asks glibc's name service switch (getpwuid, getpwnam,
// getaddrinfo) without cgo, so that sshcfg can be a static binary. When
// /etc/nsswitch.conf puts the files first (passwd) or names only files and dns (hosts),
// it reads /etc/passwd itself and uses Go's resolver, which read the same files; for
// anything else (LDAP or sssd users, systemd's dynamic users, mdns or myhostname hosts)
// it asks getent(1), which goes through NSS in glibc.
type nss struct {
	passwdFile   string // the files source of the password database
	nsswitchFile string // the name service switch configuration
	getent       string // the getent program (a name looked up on PATH, or a path)

	once    sync.Once
	sources map[string][]string // database → its sources and [action] items, in order
}

// nameService answers the questions ssh asks the C library about users (getpwuid,
// getpwnam) and host names (getaddrinfo, for canonicalisation). systemNames is this
// system's: glibc's name service switch on Linux (nss), the C library through package
// os/user elsewhere.
type nameService interface {
	userByID(uid int) (User, bool)
	userByName(name string) (User, bool)
	lookupHost(ctx context.Context, name string) (cname string, ok bool)
}

// sourcesOf returns the words of the database's line in nsswitch.conf (nil when the file
// or the line is missing).
func (n *nss) sourcesOf(db string) []string {
	n.once.Do(func() {
		n.sources = map[string][]string{}
		b, err := readSystemFile(n.nsswitchFile)
		if err != nil {
			return
		}
		for line := range strings.Lines(string(b)) {
			line, _, _ = strings.Cut(line, "#")
			name, srcs, ok := strings.Cut(line, ":")
			if name = strings.TrimSpace(name); ok && name != "" {
				n.sources[name] = strings.Fields(srcs)
			}
		}
	})
	return n.sources[db]
}

// passwdFilesFirst reports whether glibc asks the files first for the password database
// (it does when nsswitch.conf has no passwd line), so that an entry found in /etc/passwd
// is the one getpwuid and getpwnam return.
func (n *nss) passwdFilesFirst() bool {
	srcs := n.sourcesOf("passwd")
	return len(srcs) == 0 || srcs[0] == "files"
}

// userByID is getpwuid(uid).
func (n *nss) userByID(uid int) (User, bool) {
	if n.passwdFilesFirst() {
		if u, ok := n.scanPasswd(func(u User) bool { return u.UID == uid }); ok {
			return u, true
		}
	}
	return n.getentUser(strconv.Itoa(uid), func(u User) bool { return u.UID == uid })
}

// userByName is getpwnam(name).
func (n *nss) userByName(name string) (User, bool) {
	if name == "" || strings.ContainsAny(name, ":\n") {
		return User{}, false
	}
	if n.passwdFilesFirst() {
		if u, ok := n.scanPasswd(func(u User) bool { return u.Name == name }); ok {
			return u, true
		}
	}
	// getent takes an all-digit key for a uid: the name check rejects what it finds then
	return n.getentUser(name, func(u User) bool { return u.Name == name })
}

// scanPasswd returns the first entry of the passwd file that match accepts, as glibc's
// files source does.
func (n *nss) scanPasswd(match func(User) bool) (User, bool) {
	b, err := readSystemFile(n.passwdFile)
	if err != nil {
		return User{}, false
	}
	for line := range strings.Lines(string(b)) {
		if u, ok := parsePasswdLine(strings.TrimSuffix(line, "\n")); ok && match(u) {
			return u, true
		}
	}
	return User{}, false
}

// parsePasswdLine reads name:password:uid:gid:gecos:home:shell. Comments, blank lines
// and NIS compat entries (+name, -name) are not entries.
func parsePasswdLine(line string) (User, bool) {
	line = strings.TrimLeft(line, " \t")
	if line == "" || line[0] == '#' || line[0] == '+' || line[0] == '-' {
		return User{}, false
	}
	f := strings.SplitN(line, ":", 7)
	if len(f) < 7 || f[0] == "" {
		return User{}, false
	}
	uid, err := strconv.ParseUint(f[2], 10, 32)
	if err != nil {
		return User{}, false
	}
	return User{Name: f[0], UID: int(uid), Home: f[5]}, true
}

// getentUser asks `getent passwd KEY` and keeps the answer if match accepts it.
func (n *nss) getentUser(key string, match func(User) bool) (User, bool) {
	out, err := exec.Command(n.getent, "passwd", "--", key).Output()
	if err != nil {
		return User{}, false
	}
	line, _, _ := strings.Cut(string(out), "\n")
	u, ok := parsePasswdLine(line)
	if !ok || !match(u) {
		return User{}, false
	}
	return u, true
}

// hostsGoResolvable reports whether Go's own resolver answers as glibc would: the hosts
// line names only the files and dns sources, without [action] items (a missing line is
// what Go takes as files then dns too).
func (n *nss) hostsGoResolvable() bool {
	for _, s := range n.sourcesOf("hosts") {
		if s != "files" && s != "dns" {
			return false
		}
	}
	return true
}

// lookupHost resolves a name for canonicalisation, for at most 5 seconds: ok is false
// when it does not resolve; cname is the canonical name without a final dot.
func (n *nss) lookupHost(ctx context.Context, name string) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if !n.hostsGoResolvable() {
		return n.getentHost(ctx, name)
	}
	return goLookupHost(ctx, name)
}

// goLookupHost resolves a name with Go's resolver: ok is false when it does not
// resolve; cname is the canonical name without a final dot.
func goLookupHost(ctx context.Context, name string) (string, bool) {
	if _, err := net.DefaultResolver.LookupHost(ctx, name); err != nil {
		return "", false
	}
	cname, err := net.DefaultResolver.LookupCNAME(ctx, name)
	if err != nil {
		return name, true
	}
	return strings.TrimSuffix(cname, "."), true
}

// getentHost asks `getent ahosts NAME` (getaddrinfo with AI_CANONNAME, as ssh asks it;
// getent adds AI_ADDRCONFIG): the first line's third field is the canonical name.
func (n *nss) getentHost(ctx context.Context, name string) (string, bool) {
	out, err := exec.CommandContext(ctx, n.getent, "ahosts", "--", name).Output()
	if err != nil {
		return "", false
	}
	line, _, _ := strings.Cut(string(out), "\n")
	f := strings.Fields(line)
	if len(f) < 3 {
		return name, true
	}
	return strings.TrimSuffix(f[2], "."), true
}

// readSystemFile reads a configuration file of the system with plain system calls (see
// OSFS.Open): package os would start the runtime's network poller for it.
func readSystemFile(path string) ([]byte, error) {
	f, err := OSFS{}.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(f, 0)
}
