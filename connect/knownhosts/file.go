package knownhosts

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/safefile"
)

// marker is the @-marker of a known_hosts line.
type marker int

const (
	markNone    marker = iota
	markCA             // @cert-authority: the key signs host certificates
	markRevoked        // @revoked: the key is refused
)

// Entry is one usable line of a known_hosts file.
type Entry struct {
	// File and Line say where the line is (Line counts from 1).
	File string
	Line int
	// Hosts is the host field as written: patterns, or a hashed name (|1|salt|hash).
	Hosts string
	// Key is the public key of the line.
	Key ssh.PublicKey

	marker marker
}

// Hashed reports whether the entry's host field is a hashed name.
func (e *Entry) Hashed() bool { return strings.HasPrefix(e.Hosts, "|") }

// Where is "file:line" ("file" for a line 0: a revocation list that has no lines).
func (e *Entry) Where() string {
	if e.Line == 0 {
		return e.File
	}
	return e.File + ":" + strconv.Itoa(e.Line)
}

// hostFile is one known_hosts file as read.
type hostFile struct {
	entries []*Entry
}

// readHostFile reads the known_hosts file at path. A file that does not exist, or that is
// not a regular file (/dev/null), holds nothing, as for ssh, which skips a file it cannot
// open; other read errors are returned.
func readHostFile(path string) (*hostFile, error) {
	data, _, err := safefile.ReadRegular(path, safefile.Limit)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, safefile.ErrNotRegular):
		return &hostFile{}, nil
	case errors.Is(err, fs.ErrPermission):
		return &hostFile{}, nil
	default:
		return nil, err
	}
	return parseHostFile(path, data), nil
}

// parseHostFile splits data into entries the way ssh's hostkeys_foreach does: blank
// lines and comments are skipped, and so is every line ssh cannot use (an unknown or
// repeated marker, no key, a key that does not parse, a key type x/crypto does not know).
func parseHostFile(path string, data []byte) *hostFile {
	hf := &hostFile{}
	n := 0
	for len(data) > 0 {
		n++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if e := parseLine(string(line)); e != nil {
			e.File, e.Line = path, n
			hf.entries = append(hf.entries, e)
		}
	}
	return hf
}

// isBlank is ssh's field separator in known_hosts lines: space or tab.
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func skipBlanks(s string) string {
	for len(s) > 0 && isBlank(s[0]) {
		s = s[1:]
	}
	return s
}

// nextField splits s at its first blank.
func nextField(s string) (field, rest string) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// parseLine parses one line; nil when ssh would skip it.
func parseLine(line string) *Entry {
	s := skipBlanks(line)
	if s == "" || s[0] == '#' {
		return nil
	}
	e := &Entry{}
	for len(s) > 0 && s[0] == '@' {
		if e.marker != markNone { // one marker only
			return nil
		}
		m, rest := nextField(s)
		if rest == "" || len(m) < 2 || len(m) >= 32 {
			return nil
		}
		switch m {
		case "@cert-authority":
			e.marker = markCA
		case "@revoked":
			e.marker = markRevoked
		default:
			return nil
		}
		s = skipBlanks(rest)
	}
	e.Hosts, s = nextField(s)
	s = skipBlanks(s)
	if s == "" || s[0] == '#' {
		return nil
	}
	typ, s := nextField(s)
	b64, _ := nextField(skipBlanks(s))
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil
	}
	key, err := ssh.ParsePublicKey(blob)
	if err != nil || key.Type() != typ {
		return nil
	}
	e.Key = key
	return e
}

// hashMagic starts a hashed host name: |1|base64(salt)|base64(HMAC-SHA1(salt, name)).
const hashMagic = "|1|"

// hashName hashes name with salt as ssh's HashKnownHosts does.
func hashName(name string, salt []byte) string {
	m := hmac.New(sha1.New, salt)
	m.Write([]byte(name))
	return hashMagic + base64.StdEncoding.EncodeToString(salt) + "|" + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// matchHashed reports whether the hashed host field hosts is the hash of name; ok is
// false when the field is not a valid hash (ssh then skips the line).
func matchHashed(name, hosts string) (match, ok bool) {
	rest, found := strings.CutPrefix(hosts, hashMagic)
	if !found {
		return false, false
	}
	b64salt, _, found := strings.Cut(rest, "|")
	if !found || b64salt == "" || len(b64salt) > 1024 {
		return false, false
	}
	salt, err := base64.StdEncoding.DecodeString(b64salt)
	if err != nil || len(salt) != sha1.Size {
		return false, false
	}
	return hashName(name, salt) == hosts, true
}

// matchHost reports whether the host field of a line names host (lowercase): a hashed
// name, or ssh's pattern list, where a matching negated pattern wins.
func matchHost(host, hosts string) bool {
	if strings.HasPrefix(hosts, "|") {
		m, _ := matchHashed(host, hosts)
		return m
	}
	return matchPatternList(host, hosts) == 1
}

// matchPatternList is ssh's match_pattern_list for host names: comma-separated patterns,
// lowercased, each possibly negated with '!'; -1 when a negated pattern matches, 1 when a
// plain one does, else 0. A pattern of 1,023 bytes or more makes the list match nothing.
func matchPatternList(s, list string) int {
	positive := 0
	for _, p := range strings.Split(list, ",") {
		negated := strings.HasPrefix(p, "!")
		if negated {
			p = p[1:]
		}
		if len(p) >= 1023 {
			return 0
		}
		if matchPattern(s, strings.ToLower(p)) {
			if negated {
				return -1
			}
			positive = 1
		}
	}
	return positive
}

// matchPattern is ssh's match_pattern: '*' matches any run of bytes, '?' one byte.
func matchPattern(s, p string) bool {
	for {
		if p == "" {
			return s == ""
		}
		if p[0] == '*' {
			for p != "" && p[0] == '*' {
				p = p[1:]
			}
			if p == "" {
				return true
			}
			for i := 0; i < len(s); i++ {
				if matchPattern(s[i:], p) {
					return true
				}
			}
			return false
		}
		if s == "" || (p[0] != '?' && p[0] != s[0]) {
			return false
		}
		s, p = s[1:], p[1:]
	}
}
