package keys

import (
	"bytes"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Entry is one key line of an authorized_keys or known_hosts file.
type Entry struct {
	// Line is the 1-based line number; Offset the line's first byte.
	Line, Offset int
	// Key is the key on the line; nil when the line could not be parsed (Err says why).
	Key *Key
	Err error
	// Hosts are a known_hosts line's host patterns (hashed names as written); Marker is
	// its "@cert-authority" or "@revoked" marker without the '@'.
	Hosts  []string
	Marker string
	// Options are an authorized_keys line's options (from="…", command="…").
	Options []string
}

// ParseAuthorizedKeys reads every key line of an authorized_keys file; blank and
// comment lines are skipped.
func ParseAuthorizedKeys(data []byte) []Entry {
	return eachLine(data, func(line []byte, e *Entry) {
		pub, comment, opts, _, err := ssh.ParseAuthorizedKey(line)
		if err != nil {
			e.Err = err
			return
		}
		e.Key, e.Options = publicKey(pub, comment), opts
	})
}

// ParseKnownHosts reads every key line of a known_hosts file; blank and comment lines
// are skipped.
func ParseKnownHosts(data []byte) []Entry {
	return eachLine(data, func(line []byte, e *Entry) {
		marker, hosts, pub, comment, _, err := ssh.ParseKnownHosts(line)
		if err != nil {
			e.Err = err
			return
		}
		e.Key, e.Hosts, e.Marker = publicKey(pub, comment), hosts, marker
	})
}

// eachLine calls parse for every line that is neither blank nor a comment.
func eachLine(data []byte, parse func([]byte, *Entry)) []Entry {
	var out []Entry
	off := 0
	for n := 1; off < len(data); n++ {
		line := data[off:]
		next := len(data)
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], off+i+1
		}
		trimmed := strings.TrimSpace(string(line))
		if trimmed != "" && trimmed[0] != '#' {
			e := Entry{Line: n, Offset: off}
			parse([]byte(trimmed), &e)
			out = append(out, e)
		}
		off = next
	}
	return out
}
