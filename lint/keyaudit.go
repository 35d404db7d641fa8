package lint

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// maxKeyFileSize bounds what is read of a key file; real keys are a few KiB.
const maxKeyFileSize = 1 << 20

// keyFile is a file a key audit read, as ssh would open it.
type keyFile struct {
	Path string
	// Key is the parsed key; nil when Err is set.
	Key *keys.Key
	// Err is why the file gave no key: fs.ErrNotExist when absent, keys.ErrNotKey, a
	// parse or read error.
	Err error
	// Mode and UID are the open file's, as ssh's fstat sees them.
	Mode fs.FileMode
	UID  int
}

// readKeyFile opens, checks and parses a key file through the resolver's FS. On the real
// file system a path that is not a regular file is not opened at all: opening a FIFO
// would block until something writes to it.
func readKeyFile(fsys resolve.FS, path string) *keyFile {
	kf := &keyFile{Path: path}
	if mode, ok := special(fsys, path); ok {
		kf.Mode, kf.Err = mode, errors.New("not a regular file")
		return kf
	}
	f, err := fsys.Open(path)
	if err != nil {
		kf.Err = err
		return kf
	}
	defer f.Close()
	if kf.Mode, kf.UID, err = f.Stat(); err != nil {
		kf.Err = err
		return kf
	}
	if !kf.Mode.IsRegular() {
		kf.Err = errors.New("not a regular file")
		return kf
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	switch {
	case err != nil:
		kf.Err = err
	case len(data) > maxKeyFileSize:
		kf.Err = errors.New("larger than 1 MiB: not a key file")
	default:
		kf.Key, kf.Err = keys.Parse(data)
	}
	return kf
}

// completeFromPub fills in what an encrypted PEM or PKCS#8 private key does not say in
// the clear (type, size, public key) and an encrypted key's comment from the .pub file
// beside it, as ssh-keygen -l does; a .pub of another type is left alone.
func completeFromPub(kf, pub *keyFile) {
	k, pk := kf.Key, pub.Key
	if k == nil || k.Kind != keys.PrivateKey || pk == nil || pk.Kind != keys.PublicKey || k.Type != "" && k.Type != pk.Type {
		return
	}
	c := *k
	if c.Public == nil {
		c.Type, c.Bits, c.Public = pk.Type, pk.Bits, pk.Public
	}
	if c.Comment == "" {
		c.Comment = pk.Comment
	}
	kf.Key = &c
}

// special reports whether path on the real file system is something other than a
// regular file (a FIFO, a socket, a device, a directory), with its mode, so that it is
// never opened: opening a FIFO blocks.
func special(fsys resolve.FS, path string) (fs.FileMode, bool) {
	if _, ok := fsys.(resolve.OSFS); !ok {
		return 0, false
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		return 0, false
	}
	return fi.Mode(), true
}

// keyUse is one key a rule judges, with where findings about it go.
type keyUse struct {
	// File is the key file.
	File *keyFile
	// Pub is the ".pub" beside a private key (nil when absent or not looked for).
	Pub *keyFile
	// Keyword is the keyword that names the file (IdentityFile, CertificateFile); 0 when
	// the file was found in a directory (sshcfg keys).
	Keyword keyword.ID
	// Written is the value as written on the configuration line ("" for a directory
	// audit).
	Written string
	// Implied marks the certificate ssh loads beside an IdentityFile (path-cert.pub).
	Implied bool
	// Companion marks a .pub or -cert.pub file found beside its private key in a
	// directory audit: the key's type and size are judged once, on the private key.
	Companion bool
	// Line is a line of an authorized_keys or known_hosts file (0 for a key file).
	Line int
	// Entry is the key of such a line; EntryErr why the line could not be read.
	Entry    *keys.Key
	EntryErr error
	// AgentSelects marks an IdentityFile every host naming it uses with IdentitiesOnly
	// yes or an IdentityAgent: a public key there selects the agent's key.
	AgentSelects bool
	// UserUID is the uid ssh runs as (getuid), for its permission check of private keys.
	UserUID int

	site keySite
}

// keySite is where the findings about a key go, with their related locations (a run
// keeps one per key file the configuration names: a Diagnostic is twice the size).
type keySite struct {
	File    string
	Span    diag.Span
	Related []diag.Related
}

// finding returns a finding at the site.
func (s keySite) finding() diag.Diagnostic {
	return diag.Diagnostic{File: s.File, Span: s.Span, Related: s.Related}
}

// key returns the key judged: the line's, or the file's.
func (u *keyUse) key() *keys.Key {
	if u.Entry != nil {
		return u.Entry
	}
	return u.File.Key
}

// name returns how messages name the key.
func (u *keyUse) name() string {
	if u.Line > 0 {
		return "the key on this line"
	}
	return u.File.Path
}

// keyFinding is one problem a key check found; Severity 0 means the rule's default.
type keyFinding struct {
	Severity diag.Severity
	Message  string
	Fixes    []diag.Fix
}

// keyCheck judges one key use.
type keyCheck func(u *keyUse, now time.Time) []keyFinding

// keyRules are the rules that judge keys, in registration order; AuditKeys runs them.
var keyRules []struct {
	rule  *Rule
	check keyCheck
}

// registerKeyRule registers a rule whose check looks at every key the configuration
// names (and, through AuditKeys, every key in a directory).
func registerKeyRule(r *Rule, check keyCheck) {
	r.Watch = func(p *Pass) (func(*Host), func()) {
		return p.watchKeys(), func() {
			for _, u := range p.keys.uses {
				for _, f := range check(u, p.Now) {
					d := u.site.finding()
					d.Message, d.Severity, d.Fixes = f.Message, f.Severity, f.Fixes
					p.ReportDiag(d)
				}
			}
		}
	}
	register(r)
	keyRules = append(keyRules, struct {
		rule  *Rule
		check keyCheck
	}{r, check})
}

// one returns a single finding at the rule's default severity.
func one(msg string) []keyFinding { return []keyFinding{{Message: msg}} }

// keyState holds the key files a run read, each once.
type keyState struct {
	files map[string]*keyFile
	uses  []*keyUse
}

// keyFileNamed reads a key file once per run. A file that does not exist is not
// remembered: most files looked for beside a key (its .pub and certificates) are
// absent, each is looked for once anyway (keyUses are made once per file named), and
// a configuration naming many keys would keep a record and an error for each.
func (p *Pass) keyFileNamed(path string) *keyFile {
	if kf, ok := p.keys.files[path]; ok {
		return kf
	}
	kf := readKeyFile(p.Env.FS, path)
	if errors.Is(kf.Err, fs.ErrNotExist) {
		kf.Err = fs.ErrNotExist // the path is in kf; the *PathError need not be kept
		return kf
	}
	p.keys.files[path] = kf
	return kf
}

// keyKeywords are the keywords whose values are key files ssh loads.
var keyKeywords = []keyword.ID{keyword.IdentityFile, keyword.CertificateFile}

// watchKeys returns the host function that collects in p.keys every key file an
// IdentityFile or CertificateFile line of the configuration names, for every resolved
// host, after ssh's expansion of the value; each file once per keyword, at the first line
// naming it, with the other lines naming it as related locations, so that one key
// problem is one finding. An IdentityFile brings the certificate ssh loads beside it
// (path-cert.pub) when there is one. The first key rule gets the function, the others
// nil: one watcher collects for all.
func (p *Pass) watchKeys() func(*Host) {
	if p.keys != nil {
		return nil
	}
	p.keys = &keyState{files: map[string]*keyFile{}}
	type line struct {
		file string
		line int
	}
	type named struct { // a key file as a keyword names it
		id   keyword.ID
		path string
	}
	type naming struct {
		uses   []*keyUse
		first  line          // the line that named it first
		others map[line]bool // the other lines naming it; nil until there is one
	}
	known := map[named]*naming{}
	return func(h *Host) {
		noCerts := len(p.list(h, keyword.CertificateFile).Kept) == 0
		agent := agentSelectsKeys(h.Result)
		for _, id := range keyKeywords {
			for _, e := range p.list(h, id).Kept {
				value, _ := e.Value.(string)
				if e.Source.Kind != resolve.FromConfig || value == "" || id.Keyword().AllowNone && strings.EqualFold(value, "none") {
					continue
				}
				path, err := h.Result.Expand(id, value, nil)
				if err != nil {
					continue
				}
				k, at := named{id, path}, line{e.Source.File, e.Source.Line}
				n := known[k]
				if n == nil {
					n = &naming{uses: p.addKeyUses(id, e.Source, path, noCerts), first: at}
					known[k] = n
				}
				another := at != n.first && !n.others[at]
				for _, u := range n.uses {
					u.AgentSelects = u.AgentSelects && agent
					if another {
						p.alsoNamedAt(u, e.Source)
					}
				}
				if another {
					if n.others == nil {
						n.others = map[line]bool{}
					}
					n.others[at] = true
				}
			}
		}
	}
}

// alsoNamedAt records another line naming a use's key file: the finding stays at the
// earlier line of the file, the other becomes a related location.
func (p *Pass) alsoNamedAt(u *keyUse, src resolve.Source) {
	other := diag.Related{File: src.File, Span: src.ValueSpan, Message: "also names this key file"}
	if src.File == u.site.File && src.ValueSpan.Start < u.site.Span.Start {
		other.Span, u.site.Span = u.site.Span, src.ValueSpan
		if !u.Implied {
			u.Written = p.text(src)
		}
	}
	u.site.Related = append(u.site.Related, other)
}

// agentSelectsKeys reports whether a host picks its keys from an agent by the public keys
// it names: IdentitiesOnly yes or an IdentityAgent (the 1Password and hardware-key
// setups, where IdentityFile names a .pub on purpose).
func agentSelectsKeys(r *resolve.Result) bool {
	if r.Flag(keyword.IdentitiesOnly) {
		return true
	}
	a, ok := r.String(keyword.IdentityAgent)
	return ok && a != "" && !strings.EqualFold(a, "none")
}

// addKeyUses records the key file a line names, with the files ssh reads beside it: the
// .pub of an identity and, when the host has no CertificateFile, its certificate
// (path-cert, else path-cert.pub, as ssh's sshkey_load_public tries them). It returns
// the uses it recorded.
func (p *Pass) addKeyUses(id keyword.ID, src resolve.Source, path string, implyCert bool) []*keyUse {
	site := keySite{File: src.File, Span: src.ValueSpan,
		Related: []diag.Related{{File: path, Message: "the key file"}}}
	u := &keyUse{File: p.keyFileNamed(path), Keyword: id, Written: p.text(src), UserUID: p.Env.User.UID, AgentSelects: true, site: site}
	if id == keyword.IdentityFile {
		if pub := p.keyFileNamed(path + ".pub"); pub.Err == nil {
			u.Pub = pub
			completeFromPub(u.File, pub)
		}
	}
	p.keys.uses = append(p.keys.uses, u)
	if id == keyword.IdentityFile && implyCert {
		cert := p.keyFileNamed(path + "-cert")
		if errors.Is(cert.Err, fs.ErrNotExist) {
			cert = p.keyFileNamed(path + "-cert.pub")
		}
		if !errors.Is(cert.Err, fs.ErrNotExist) {
			csite := site
			csite.Related = []diag.Related{{File: cert.Path, Message: "the certificate ssh loads with this identity"}}
			c := &keyUse{File: cert, Keyword: id, Implied: true, UserUID: p.Env.User.UID, AgentSelects: true, site: csite}
			p.keys.uses = append(p.keys.uses, c)
			return []*keyUse{u, c}
		}
	}
	return []*keyUse{u}
}
