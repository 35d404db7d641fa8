package resolve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Resolver answers "what would ssh use for this host". It keeps parsed files, so resolving
// many hosts from the same files parses each file once.
type Resolver struct {
	Env     *Env
	Dialect keyword.Dialect
	// OneShot makes the resolver parse each file only as far as resolving the host at
	// hand needs (parser.Options.Keep): blocks whose Host patterns cannot match are
	// checked but not kept. It is fastest for resolving one host; leave it off for
	// explain (which shows every block) or for resolving many hosts from the same files.
	OneShot bool

	mu    sync.Mutex
	files map[string]*loadedFile
}

// loadedFile is a parsed file with the index that lets a resolution skip Host blocks
// that cannot match. The index is built when a file is resolved against a second time:
// a one-shot resolution is faster walking every block than indexing them first.
type loadedFile struct {
	file  *parser.File
	err   error
	mode  fs.FileMode
	uid   int
	index *blockIndex
	walks int // times a resolution read this file (passes and repeated Includes count)
}

// New returns a resolver for the environment and dialect.
func New(env *Env, dialect keyword.Dialect) *Resolver {
	if dialect.Version.Major == 0 {
		dialect = keyword.Debian92
	}
	e := *env
	if e.FS == nil {
		e.FS = MapFS{}
	}
	if e.LookupUser == nil {
		e.LookupUser = func(string) (User, bool) { return User{}, false }
	}
	if e.Getenv == nil {
		e.Getenv = func(string) (string, bool) { return "", false }
	}
	env = &e
	return &Resolver{Env: env, Dialect: dialect, files: map[string]*loadedFile{}}
}

// SetFile makes the resolver use an already parsed file for path instead of reading it.
func (r *Resolver) SetFile(path string, f *parser.File) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[path] = &loadedFile{file: f, mode: 0o644}
}

// Forget drops a cached file (after it changed on disk or in an editor).
func (r *Resolver) Forget(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.files, path)
}

// MaxFileSize is the largest config file the resolver reads. ssh has no limit: it reads
// /dev/zero until memory runs out. A larger file is refused with a clear error instead.
const MaxFileSize = 64 << 20

// errBadPermissions marks a file refused by ssh's owner and mode check; it was not read.
var errBadPermissions = errors.New("bad owner or permissions")

// errTooLarge marks a file longer than MaxFileSize; reading stopped there.
var errTooLarge = fmt.Errorf("longer than %d MiB: sshcfg does not read it (ssh would read it until memory runs out)", MaxFileSize>>20)

// load returns the parsed file at path, read the way ssh reads it: open, then (when
// checkPerm is set) ssh's owner and mode check on the open file, and only then the
// contents, at most MaxFileSize bytes. A refused file is not read: its error is
// errBadPermissions. host is the host Host lines will be matched against, used only by a
// OneShot resolver (whose trees depend on it). Only regular files are kept for later
// loads: ssh opens a file again on every pass, and a pipe or device (/dev/stdin) gives
// other bytes the second time.
func (r *Resolver) load(path, host string, checkPerm bool) *loadedFile {
	key := path
	var keep func(*parser.Line) bool
	if r.OneShot {
		key = path + "\x00" + host
		keep = func(h *parser.Line) bool { return mayMatch(h, host) }
	}
	r.mu.Lock()
	lf := r.files[key]
	r.mu.Unlock()
	if lf != nil {
		if checkPerm && lf.err == nil && !r.permitted(lf.mode, lf.uid) {
			return &loadedFile{err: errBadPermissions, mode: lf.mode, uid: lf.uid}
		}
		return lf
	}
	lf = &loadedFile{}
	f, err := r.Env.FS.Open(path)
	if err != nil {
		lf.err = err
		r.store(key, lf)
		return lf
	}
	defer f.Close()
	if lf.mode, lf.uid, err = f.Stat(); err != nil {
		lf.err = err
		return lf
	}
	if checkPerm && !r.permitted(lf.mode, lf.uid) {
		lf.err = errBadPermissions
		return lf
	}
	src, err := readBounded(f)
	if err != nil {
		lf.err = err
		return lf
	}
	lf.file = parser.Parse(path, src, parser.Options{Dialect: r.Dialect, Services: r.Env.Services, Keep: keep})
	if lf.mode.IsRegular() {
		r.store(key, lf)
	}
	return lf
}

func (r *Resolver) store(key string, lf *loadedFile) {
	r.mu.Lock()
	r.files[key] = lf
	r.mu.Unlock()
}

// readBounded reads an open file to its end, like ssh's getline loop: a read error ends
// the file (a directory reads as empty). More than MaxFileSize bytes is errTooLarge.
func readBounded(f File) ([]byte, error) {
	src, _ := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if len(src) > MaxFileSize {
		return nil, errTooLarge
	}
	return src, nil
}

// permitted applies ssh's owner and mode check for included and per-user files: owned by
// root or the user, and not writable by others.
func (r *Resolver) permitted(mode fs.FileMode, uid int) bool {
	return (uid == 0 || uid == r.Env.User.UID) && permOK(mode, r.Dialect)
}
