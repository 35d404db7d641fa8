package lint

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
	"github.com/sshcfg/sshcfg/resolve"
)

// KeyReport is one key sshcfg keys looked at: a key file, or a key line of an
// authorized_keys or known_hosts file.
type KeyReport struct {
	// Path is the file; Line the 1-based line of an authorized_keys or known_hosts
	// entry (0 for a key file).
	Path string
	Line int
	// Key is what the file or line holds; nil when it could not be read (Err).
	Key *keys.Key
	Err error
	// Hosts and Marker are a known_hosts line's host patterns and marker.
	Hosts  []string
	Marker string
}

// KeyAudit is what AuditKeys found.
type KeyAudit struct {
	// Keys are the keys, in file order.
	Keys []KeyReport
	// Findings are the key and permission rules' findings, sorted.
	Findings diag.Diagnostics
	// Sources are the bytes of the files findings point into (authorized_keys,
	// known_hosts), by path.
	Sources map[string][]byte
}

// Failed reports whether any finding is at level min or above.
func (a *KeyAudit) Failed(min Level) bool {
	return (&Result{Findings: a.Findings}).Failed(min)
}

// entryFiles says which file names hold key lines rather than a key, and how to read
// them.
var entryFiles = []struct {
	prefix string
	parse  func([]byte) []keys.Entry
}{
	{"authorized_keys", keys.ParseAuthorizedKeys},
	{"known_hosts", keys.ParseKnownHosts},
}

// AuditKeys reads every key file in dir (private and public keys, certificates) and
// every line of its authorized_keys* and known_hosts* files through env.FS, and runs
// the key and permission rules on each: the checks of lint's IdentityFile audit, with
// findings on the file (line 1) or the line. Files that are not keys are skipped.
// disabled lists rule ids or slugs not to run; now is the time dates are judged against.
func AuditKeys(env *resolve.Env, dir string, now time.Time, disabled []string) (*KeyAudit, error) {
	tableReady() // keyRules
	paths, err := env.FS.Glob(escapeGlob(strings.TrimSuffix(dir, "/")) + "/*")
	if err != nil {
		return nil, err
	}
	off := map[string]bool{}
	for _, d := range disabled {
		if r, ok := LookupRule(d); ok {
			off[r.Code.Slug] = true
		}
	}
	audit := &KeyAudit{}
	audit.Sources = map[string][]byte{}
	judge := func(u *keyUse) {
		for _, kr := range keyRules {
			if off[kr.rule.Code.Slug] {
				continue
			}
			for _, f := range kr.check(u, now) {
				d := u.site.finding()
				d.Code, d.Message, d.Severity, d.Fixes = kr.rule.Code.Slug, f.Message, f.Severity, f.Fixes
				if d.Severity == 0 {
					d.Severity = kr.rule.Code.Severity
				}
				audit.Findings = append(audit.Findings, d)
			}
		}
	}
	for _, path := range paths {
		if parse := entryParser(filepath.Base(path)); parse != nil {
			data, ok := readSmallFile(env.FS, path)
			if !ok {
				continue
			}
			audit.Sources[path] = data
			kf := &keyFile{Path: path}
			for _, e := range parse(data) {
				audit.Keys = append(audit.Keys, KeyReport{Path: path, Line: e.Line, Key: e.Key, Err: e.Err, Hosts: e.Hosts, Marker: e.Marker})
				end := e.Offset
				for end < len(data) && data[end] != '\n' {
					end++
				}
				judge(&keyUse{File: kf, Line: e.Line, Entry: e.Key, EntryErr: e.Err, UserUID: env.User.UID,
					site: keySite{File: path, Span: diag.Span{Start: e.Offset, End: end}}})
			}
			continue
		}
		kf := readKeyFile(env.FS, path)
		if errors.Is(kf.Err, keys.ErrNotKey) || !kf.Mode.IsRegular() {
			continue
		}
		audit.Sources[path] = nil
		u := &keyUse{File: kf, UserUID: env.User.UID, Companion: hasPrivateKey(env.FS, path), site: keySite{File: path}}
		if kf.Key != nil && kf.Key.Kind == keys.PrivateKey {
			if pub := readKeyFile(env.FS, path+".pub"); pub.Err == nil {
				u.Pub = pub
				completeFromPub(kf, pub)
			}
		}
		audit.Keys = append(audit.Keys, KeyReport{Path: path, Key: kf.Key, Err: kf.Err})
		judge(u)
	}
	audit.Findings = dedupe(audit.Findings)
	return audit, nil
}

// hasPrivateKey reports whether path is a .pub or -cert.pub file whose private key is
// beside it.
func hasPrivateKey(fsys resolve.FS, path string) bool {
	for _, suffix := range []string{"-cert.pub", ".pub"} {
		if base, ok := strings.CutSuffix(path, suffix); ok {
			k := readKeyFile(fsys, base)
			return k.Key != nil && k.Key.Kind == keys.PrivateKey
		}
	}
	return false
}

// entryParser returns the reader for a file of key lines, or nil for other files.
func entryParser(base string) func([]byte) []keys.Entry {
	for _, ef := range entryFiles {
		if strings.HasPrefix(base, ef.prefix) {
			return ef.parse
		}
	}
	return nil
}

// readSmallFile reads a regular file of at most maxKeyFileSize bytes.
func readSmallFile(fsys resolve.FS, path string) ([]byte, bool) {
	if _, ok := special(fsys, path); ok {
		return nil, false
	}
	f, err := fsys.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if mode, _, err := f.Stat(); err != nil || !mode.IsRegular() {
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil || len(data) > maxKeyFileSize {
		return nil, false
	}
	return data, true
}

// escapeGlob quotes the characters ssh's glob treats specially, so a directory name is
// taken literally.
func escapeGlob(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
