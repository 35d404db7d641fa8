package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/sshcfg/sshcfg/resolve"
)

// readOnce makes a configuration file that is not a regular file (a pipe, /dev/stdin,
// <(…)) readable for the whole run: ssh opens the file again on every pass and a pipe
// gives its bytes only once, so the linter reads it once, bounded by
// resolve.MaxFileSize, and serves those bytes from memory. A directory is an error (ssh
// reads it as an empty configuration; a linter says what it is). A file that cannot be
// opened is left to the resolver, which reports it as ssh does. Like ssh, opening a FIFO
// no one writes to waits for a writer: the user named it.
//
// Every other file (an Include, the default files) is read only if it is a regular
// file (resolve.RegularOnly): a configuration cannot make the linter wait on a FIFO,
// read its standard input or open a device; the Include is reported instead, and a
// default ~/.ssh/config that is no regular file is an error.
func readOnce(env *resolve.Env, configFile string) error {
	named := env.FS
	env.FS = resolve.RegularOnly(env.FS)
	if configFile == "none" {
		return nil
	}
	if configFile == "" {
		// ssh skips a default file it cannot open, so the resolver does too; but a
		// ~/.ssh/config the linter refuses to read is not a clean one
		path := env.UserConfigPath()
		f, err := env.FS.Open(path)
		if errors.Is(err, resolve.ErrSpecialFile) {
			return &resolve.FatalError{Msg: fmt.Sprintf("%s: %v", path, resolve.ErrSpecialFile)}
		}
		if err == nil {
			f.Close()
		}
		return nil
	}
	path := configPath(env, configFile)
	f, err := named.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	mode, uid, err := f.Stat()
	switch {
	case err != nil || mode.IsRegular():
		return nil
	case mode.IsDir():
		return &resolve.FatalError{Msg: fmt.Sprintf("%s: is a directory, not a configuration file (ssh would read it as empty)", configFile)}
	}
	src, err := io.ReadAll(io.LimitReader(f, resolve.MaxFileSize+1))
	if err != nil {
		return &resolve.FatalError{Msg: fmt.Sprintf("%s: %v", configFile, err)}
	}
	if len(src) > resolve.MaxFileSize {
		return &resolve.FatalError{Msg: fmt.Sprintf("%s: longer than %d MiB: sshcfg does not read it", configFile, resolve.MaxFileSize>>20)}
	}
	// shown as a regular file with its permissions and owner: the resolver keeps (and
	// hands to the rules) the tree of a regular file only
	env.FS = onceFS{FS: env.FS, path: path, src: src, stat: fileStat{mode.Perm(), uid}}
	return nil
}

// onceFS serves the bytes of one file read beforehand, as a regular file with the
// permissions and owner it had, and the rest from the FS. (resolve.OverlayFS would open the file again for its mode,
// which for a pipe with no writer left blocks.)
type onceFS struct {
	resolve.FS
	path string
	src  []byte
	stat fileStat
}

// Open implements resolve.FS.
func (o onceFS) Open(name string) (resolve.File, error) {
	if name != o.path {
		return o.FS.Open(name)
	}
	f, err := resolve.MapFS{name: o.src}.Open(name)
	if err != nil {
		return nil, err
	}
	return &shownFile{File: f, stat: o.stat}, nil
}

// configPath is the path the resolver opens for an -F file: absolute, relative paths
// taken from the Env's working directory (or the process's).
func configPath(env *resolve.Env, p string) string {
	if filepath.IsAbs(p) || env.WorkDir == "" {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
	return filepath.Join(env.WorkDir, p)
}

// permissiveFS shows the resolver every file as ssh's owner and mode check accepts it
// (owned by the user or root, not writable by group or others), so that a file ssh
// would refuse is still read and linted; it records the real owner and mode of each
// file opened for the permission rules, which report what ssh would refuse.
// Each Include pattern is expanded once per run, and files a host cannot use are left
// out of its Includes (resolve.FocusFS).
type permissiveFS struct {
	resolve.FS
	uid  int
	mu   sync.Mutex
	real map[string]fileStat
}

// fileStat is the mode and owner of an open file.
type fileStat struct {
	mode fs.FileMode
	uid  int
}

// newPermissiveFS wraps focus for the user uid.
func newPermissiveFS(focus *resolve.FocusFS, uid int) *permissiveFS {
	return &permissiveFS{FS: focus, uid: uid, real: map[string]fileStat{}}
}

// Open implements resolve.FS.
func (p *permissiveFS) Open(name string) (resolve.File, error) {
	f, err := p.FS.Open(name)
	if err != nil {
		return nil, err
	}
	mode, uid, err := f.Stat()
	if err != nil {
		return f, nil
	}
	p.mu.Lock()
	p.real[name] = fileStat{mode, uid}
	p.mu.Unlock()
	shown := fileStat{mode &^ 0o022, uid}
	if uid != 0 {
		shown.uid = p.uid
	}
	return &shownFile{File: f, stat: shown}, nil
}

// stat returns the real mode and owner of a file when it was last opened.
func (p *permissiveFS) stat(name string) (fileStat, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.real[name]
	return st, ok
}

// shownFile is an open file whose Stat reports an accepted owner and mode.
type shownFile struct {
	resolve.File
	stat fileStat
}

// Stat implements resolve.File.
func (f *shownFile) Stat() (fs.FileMode, int, error) { return f.stat.mode, f.stat.uid, nil }

// Size passes on the size of a regular file, for one allocation when it is read.
func (f *shownFile) Size() int64 {
	if s, ok := f.File.(interface{ Size() int64 }); ok {
		return s.Size()
	}
	return 0
}
