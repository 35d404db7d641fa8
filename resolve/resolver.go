package resolve

import (
	"errors"
	"fmt"
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

	mu sync.Mutex
	// files holds whole trees by path: files read for a whole-tree call and files given
	// with SetFile. Every call uses them, one-shot calls included.
	files map[string]*loadedFile
	// partial holds the partial trees of one-shot, trace and headers calls by path; a
	// tree depends on the host its Host lines were matched against and how much it keeps.
	// One entry per path, holding the latest tree: a process resolving one host has one
	// tree a path, and an Include of 10,000 files costs one small entry each.
	partial map[string]partialTrees
	// trees orders the whole trees that may be dropped under LimitTrees.
	trees treeLRU
}

// partialTrees are the partial trees of one path.
type partialTrees struct {
	latest *loadedFile              // the tree stored last (Tree's answer without a whole tree)
	all    map[hostKind]*loadedFile // every tree by host and kind, once there are two; nil before
}

// hostKind identifies a partial tree of a path: the host and the tree kind.
type hostKind struct {
	host string
	kind treeKind
}

// find returns the tree for host and kind, or nil.
func (p partialTrees) find(key hostKind) *loadedFile {
	if p.latest != nil && p.latest.key == key {
		return p.latest
	}
	return p.all[key]
}

// treeKind is how much of a file load keeps in the tree it parses.
type treeKind int

const (
	wholeTree   treeKind = iota // every line (lossless)
	oneShotTree                 // what resolving one host needs (parser.Options.Keep)
	traceTree                   // oneShotTree and every Host and Match line: a trace of every block
	headersTree                 // the global block, every header, and what acts when inactive: the aliases (not kept by load)
)

// loadedFile is a parsed file with the index that lets a resolution skip Host blocks
// that cannot match. The index is built when a file is resolved against a second time:
// a one-shot resolution is faster walking every block than indexing them first.
type loadedFile struct {
	file  *parser.File
	err   error
	mode  fs.FileMode
	uid   int
	index *blockIndex
	walks int      // times a resolution read this file (passes and repeated Includes count)
	key   hostKind // for a partial tree: the host and kind it was parsed for
	// path and src are the path and bytes of a whole tree of a regular file, from which
	// the tree is parsed again after LimitTrees dropped it (file is then nil); src is nil
	// for a tree given with SetFile.
	path string
	src  []byte
	// listed, prev and next place a whole tree on the resolver's treeLRU.
	listed     bool
	prev, next *loadedFile
}

// New returns a resolver for the environment and dialect. A Resolver is safe for use by
// several goroutines at once.
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
	return &Resolver{Env: env, Dialect: dialect, files: map[string]*loadedFile{}, partial: map[string]partialTrees{}}
}

// SetFile makes the resolver use an already parsed file for path instead of reading it,
// in every call (a one-shot call uses the whole tree given) until Forget.
func (r *Resolver) SetFile(path string, f *parser.File) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forgetWhole(path)
	r.files[path] = &loadedFile{file: f, mode: 0o644}
	r.forgetPartial(path)
}

// Forget drops a cached file, whole and partial trees (after it changed on disk or in an
// editor).
func (r *Resolver) Forget(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forgetWhole(path)
	r.forgetPartial(path)
}

// forgetWhole drops the whole tree of path. r.mu must be held.
func (r *Resolver) forgetWhole(path string) {
	if lf := r.files[path]; lf != nil {
		r.unlist(lf)
		delete(r.files, path)
	}
}

// forgetPartial drops the partial trees of path, for every host and kind. r.mu must be held.
func (r *Resolver) forgetPartial(path string) {
	delete(r.partial, path)
}

// MaxFileSize is the largest config file the resolver reads. ssh has no limit: it reads
// /dev/zero until memory runs out. A larger file is refused with a clear error instead.
const MaxFileSize = 64 << 20

// errBadPermissions marks a file refused by ssh's owner and mode check; it was not read.
var errBadPermissions = errors.New("bad owner or permissions")

// errTooLarge marks a regular file longer than MaxFileSize; reading stopped there.
var errTooLarge error = &tooLargeError{regular: true}

// errTooLargeStream marks a device or pipe that gave more than MaxFileSize bytes (such
// as /dev/zero, which ssh reads until memory runs out); it also matches errTooLarge.
var errTooLargeStream error = &tooLargeError{}

// tooLargeError is a file longer than MaxFileSize, worded for what the file is.
type tooLargeError struct{ regular bool }

func (e *tooLargeError) Error() string {
	if e.regular {
		return fmt.Sprintf("larger than %d MiB: sshcfg does not read configuration files this large", MaxFileSize>>20)
	}
	return fmt.Sprintf("longer than %d MiB: sshcfg does not read it (ssh would read it until memory runs out)", MaxFileSize>>20)
}

// Is makes every tooLargeError match errTooLarge.
func (e *tooLargeError) Is(target error) bool { return target == errTooLarge }

// load returns the parsed file at path, read the way ssh reads it: open, then (when
// checkPerm is set) ssh's owner and mode check on the open file, and only then the
// contents, at most MaxFileSize bytes. A refused file is not read: its error is
// errBadPermissions. Unless kind is wholeTree, the file is parsed only as far as kind
// needs (for oneShotTree and traceTree, blocks whose Host patterns cannot match host are
// checked but not kept), unless a whole tree of it is at hand. Only regular files are
// kept for later loads: ssh opens a file again on every pass, and a pipe or device
// (/dev/stdin) gives other bytes the second time.
//
// tree is the file's tree (nil with an error): the caller reads it, not lf.file, which
// another goroutine's load may drop meanwhile (LimitTrees).
func (r *Resolver) load(path, host string, checkPerm bool, kind treeKind) (lf *loadedFile, tree *parser.File) {
	var keep func(*parser.Line) bool
	switch kind {
	case oneShotTree, traceTree:
		keep = func(h *parser.Line) bool { return mayMatch(h, host) }
	case headersTree:
		keep = func(*parser.Line) bool { return false }
	}
	r.mu.Lock()
	lf = r.files[path]
	if lf != nil && lf.droppable() {
		r.treeOf(lf)  // parsed again if LimitTrees dropped it
		r.trimTrees() // never this tree: it was used last
	}
	if lf == nil && kind != wholeTree {
		lf = r.partial[path].find(hostKind{host, kind})
	}
	if lf != nil {
		tree = lf.file
	}
	r.mu.Unlock()
	if lf != nil {
		if checkPerm && lf.err == nil && !r.permitted(lf.mode, lf.uid) {
			return &loadedFile{err: errBadPermissions, mode: lf.mode, uid: lf.uid}, nil
		}
		return lf, tree
	}
	lf = &loadedFile{}
	f, err := r.Env.FS.Open(path)
	if err != nil {
		lf.err = err
		r.store(path, host, wholeTree, lf) // an open error does not depend on the host
		return lf, nil
	}
	defer f.Close()
	if lf.mode, lf.uid, err = f.Stat(); err != nil {
		lf.err = err
		return lf, nil
	}
	if checkPerm && !r.permitted(lf.mode, lf.uid) {
		lf.err = errBadPermissions
		return lf, nil
	}
	src, err := readBounded(f, lf.mode)
	if err != nil {
		lf.err = err
		return lf, nil
	}
	tree = parser.Parse(path, src, parser.Options{Dialect: r.Dialect, Services: r.Env.Services, Keep: keep,
		KeepHeaders: kind == traceTree || kind == headersTree, SourceGiven: true})
	lf.file = tree
	if lf.mode.IsRegular() && kind != headersTree { // Aliases keeps the trees it needs
		r.store(path, host, kind, lf)
	}
	return lf, tree
}

// store keeps a loaded file: a partial tree of kind for host, or a whole tree. A whole
// tree already kept (a file set meanwhile) is not replaced.
func (r *Resolver) store(path, host string, kind treeKind, lf *loadedFile) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if kind == wholeTree {
		if r.files[path] == nil {
			r.files[path] = lf
			if lf.file != nil {
				lf.path, lf.src = path, lf.file.Src
				r.useTree(lf)
				r.trimTrees()
			}
		}
		return
	}
	lf.key = hostKind{host, kind}
	p := r.partial[path]
	if p.all == nil && p.latest != nil && p.latest.key != lf.key {
		p.all = map[hostKind]*loadedFile{p.latest.key: p.latest}
	}
	if p.all != nil {
		p.all[lf.key] = lf
	}
	p.latest = lf
	r.partial[path] = p
}

// readBounded reads an open file to its end, like ssh's getline loop: a read error ends
// the file (a directory reads as empty). More than MaxFileSize bytes is errTooLarge for a
// regular file (mode tells), errTooLargeStream for anything else.
func readBounded(f File, mode fs.FileMode) ([]byte, error) {
	size := 512
	if s, ok := f.(interface{ Size() int64 }); ok {
		if n := s.Size(); n > 0 && n <= MaxFileSize {
			size = int(n) + 1 // one allocation for a regular file, as os.ReadFile does
		}
	}
	src := make([]byte, 0, size)
	for len(src) <= MaxFileSize {
		if len(src) == cap(src) { // grow, but never past what can be accepted plus one byte
			grown := make([]byte, len(src), min(2*cap(src), MaxFileSize+1))
			copy(grown, src)
			src = grown
		}
		n, err := f.Read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if err != nil || n == 0 {
			break // end of file, or a read error, which ends the file for ssh too
		}
	}
	if len(src) > MaxFileSize {
		if mode.IsRegular() {
			return nil, errTooLarge
		}
		return nil, errTooLargeStream
	}
	return src, nil
}

// permitted applies ssh's owner and mode check for included and per-user files: owned by
// root or the user, and not writable by others.
func (r *Resolver) permitted(mode fs.FileMode, uid int) bool {
	return (uid == 0 || uid == r.Env.User.UID) && permOK(mode, r.Dialect)
}
