package glob

import (
	"errors"
	"os"
	"sort"
	"strings"
	"syscall"

	"github.com/sshcfg/sshcfg/internal/cpath"
)

// FS is the file system Expand reads.
type FS interface {
	// ReadDir returns the names of the entries of directory dir, without "." and "..",
	// in any order. dir is spelled as in the pattern (it may end in '/' or be ".").
	ReadDir(dir string) ([]string, error)
	// Exists reports whether lstat(2) finds name: a dangling symbolic link exists, and a
	// trailing '/' requires a directory.
	Exists(name string) bool
}

// Expand returns the paths matching pattern, sorted bytewise, as ssh's glob with
// GLOB_TILDE (after tilde expansion) finds them. No match is not an error. The errors
// are ErrPathTooLong (ssh: "glob failed") and ErrUndefined (ssh crashes).
func Expand(pattern string, fsys FS) ([]string, error) {
	if len(pattern) >= pathMax {
		return nil, nil
	}
	pat, err := compile(quote(pattern))
	if errors.Is(err, errNoMatch) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	e := &expander{fs: fsys, pat: pat}
	if pat[0] != end {
		if err := e.walk(nil, 0); err != nil {
			return nil, err
		}
	}
	sort.Strings(e.found)
	return e.found, nil
}

// expander walks the file system along a compiled pattern.
type expander struct {
	fs    FS
	pat   []char
	found []string
}

// walk extends path by the pattern from pat[p]: components without operators are
// appended as they are; the first one with operators is matched against the directory
// listing. At the end of the pattern the path is kept if it exists.
func (e *expander) walk(path []byte, p int) error {
	for {
		if e.pat[p] == end {
			if name := string(path); e.fs.Exists(name) {
				e.found = append(e.found, name)
			}
			return nil
		}
		q, magic := p, false
		for e.pat[q] != end && e.pat[q] != '/' {
			magic = magic || isMeta(e.pat[q])
			q++
		}
		if len(path)+q-p >= pathMax {
			return ErrPathTooLong
		}
		if magic {
			return e.list(path, p, q)
		}
		for _, c := range e.pat[p:q] {
			path = append(path, byte(c))
		}
		for p = q; e.pat[p] == '/'; p++ {
			if len(path)+1 >= pathMax {
				return ErrPathTooLong
			}
			path = append(path, '/')
		}
	}
}

// list matches the entries of directory path (with "." and "..") against the component
// pat[p:q] and continues the walk from q for each match. A name starting with '.' needs
// a component starting with a literal '.'. A directory that cannot be read is skipped.
func (e *expander) list(path []byte, p, q int) error {
	dir := string(path)
	if dir == "" {
		dir = "."
	}
	names, err := e.fs.ReadDir(dir)
	if err != nil {
		return nil
	}
	// One buffer for the paths of the entries: each is path plus the entry's name, and
	// the walk from it only writes past that.
	buf := make([]byte, len(path), len(path)+64)
	copy(buf, path)
	for _, name := range append([]string{".", ".."}, names...) {
		if name[0] == '.' && e.pat[p] != '.' {
			continue
		}
		if len(path)+len(name) >= pathMax-2 {
			return ErrPathTooLong
		}
		if !match(name, e.pat, p, q) {
			continue
		}
		buf = append(buf[:len(path)], name...)
		if err := e.walk(buf, q); err != nil {
			return err
		}
	}
	return nil
}

// OS is the real file system.
type OS struct{}

// ReadDir implements FS.
func (OS) ReadDir(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// Exists implements FS with lstat(2) itself: os.Lstat would allocate the FileInfo it
// returns, and package syscall a copy of the name, once for every path an Include glob
// matches.
func (OS) Exists(name string) bool {
	var st syscall.Stat_t
	return cpath.Lstat(name, &st) == nil
}

// Paths is an FS holding files by their paths; directories are implied by the paths.
// Relative paths live under ".", which has no parent.
type Paths struct {
	files map[string]bool
	dirs  map[string]map[string]bool // directory → entry names
}

// NewPaths returns an FS of the given file paths.
func NewPaths(names []string) *Paths {
	m := &Paths{files: map[string]bool{}, dirs: map[string]map[string]bool{}}
	for _, name := range names {
		if name == "" {
			continue
		}
		m.files[name] = true
		for child := name; ; {
			dir, base := parent(child)
			if dir == "" {
				break
			}
			if m.dirs[dir] == nil {
				m.dirs[dir] = map[string]bool{}
			}
			m.dirs[dir][base] = true
			if dir == "/" || dir == "." {
				break
			}
			child = dir
		}
	}
	return m
}

// parent splits a stored path into its directory and last name.
func parent(name string) (dir, base string) {
	i := strings.LastIndexByte(name, '/')
	switch {
	case i < 0:
		return ".", name
	case i == 0:
		return "/", name[1:]
	default:
		return name[:i], name[i+1:]
	}
}

// lookup follows name through the implied tree the way the kernel resolves a path: ""
// and "." stay, ".." goes up, every step but the last needs a directory, and a
// trailing '/' needs one too. It returns the stored path of the result.
func (m *Paths) lookup(name string) (node string, isDir, ok bool) {
	if name == "" {
		return "", false, false
	}
	node, isDir = ".", true
	if name[0] == '/' {
		node = "/"
		name = name[1:]
	}
	for _, part := range strings.Split(name, "/") {
		if !isDir {
			return "", false, false
		}
		switch part {
		case "", ".":
		case "..":
			if node == "." {
				return "", false, false
			}
			node, _ = parent(node)
		default:
			child := node + "/" + part
			switch node {
			case ".":
				child = part
			case "/":
				child = "/" + part
			}
			if m.dirs[child] != nil {
				node = child
			} else if m.files[child] {
				node, isDir = child, false
			} else {
				return "", false, false
			}
		}
	}
	return node, isDir, true
}

// ReadDir implements FS.
func (m *Paths) ReadDir(dir string) ([]string, error) {
	node, isDir, ok := m.lookup(dir)
	if !ok || !isDir {
		return nil, os.ErrNotExist
	}
	var names []string
	for name := range m.dirs[node] {
		names = append(names, name)
	}
	return names, nil
}

// Exists implements FS.
func (m *Paths) Exists(name string) bool {
	_, _, ok := m.lookup(name)
	return ok
}
