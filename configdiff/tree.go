package configdiff

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/resolve"
)

// treeFS serves the files of one version under mount (the ~/.ssh directory the resolver
// sees) and every other path from base. Paths under mount that the version does not
// have do not exist, whatever base holds there.
type treeFS struct {
	mount string
	names resolve.MapFS // the version's files under mount, contents not read
	read  func(rel string) ([]byte, error)
	base  resolve.FS
}

// under returns the path of name relative to the mount, and whether it is under it.
func (t *treeFS) under(name string) (string, bool) {
	rel, ok := strings.CutPrefix(name, t.mount+"/")
	return rel, ok
}

// Open implements resolve.FS.
func (t *treeFS) Open(name string) (resolve.File, error) {
	rel, ok := t.under(name)
	if !ok {
		return t.base.Open(name)
	}
	if _, exists := t.names[name]; !exists {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	b, err := t.read(rel)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return resolve.MapFS{name: b}.Open(name)
}

// Glob implements resolve.FS: the version's matches under the mount, and base's matches
// elsewhere.
func (t *treeFS) Glob(pattern string) ([]string, error) {
	mine, err := t.names.Glob(pattern)
	if err != nil {
		return nil, err
	}
	if _, ok := t.under(pattern); ok {
		return mine, nil
	}
	others, err := t.base.Glob(pattern)
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		if _, ok := t.under(o); !ok {
			mine = append(mine, o)
		}
	}
	slices.Sort(mine)
	return mine, nil
}

// Dir returns the side whose ~/.ssh (the directory home/.ssh) is dir, with its main file
// dir/name; paths are shown under dir as given. Other paths are read from base.
func Dir(dir, name, home string, base resolve.FS) (Side, error) {
	mount := path.Join(home, ".ssh")
	names := resolve.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" && p != dir {
			return filepath.SkipDir // a repository's own files are no configuration
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			names[mount+"/"+filepath.ToSlash(rel)] = nil
		}
		return nil
	})
	if err != nil {
		return Side{}, err
	}
	t := &treeFS{mount: mount, names: names, base: base,
		read: func(rel string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, rel)) }}
	return Side{FS: t, Config: mount + "/" + name, Display: t.display(filepath.ToSlash(filepath.Clean(dir)) + "/")}, nil
}

// display shows paths under the mount with prefix instead.
func (t *treeFS) display(prefix string) func(string) string {
	return func(p string) string {
		if rel, ok := t.under(p); ok {
			return prefix + rel
		}
		return p
	}
}

// Git returns the side of the configuration file file (a path in a git work tree) at
// revision rev: its directory at rev is ~/.ssh (the directory home/.ssh), so relative
// Includes are read from the same revision. Paths are shown as rev:path-in-repository.
// git runs with arguments as a list, never through a shell.
func Git(file, rev, home string, base resolve.FS) (Side, error) {
	dir, name := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	prefix, err := git(dir, "rev-parse", "--show-prefix")
	if err != nil {
		return Side{}, err
	}
	repoDir := strings.TrimSpace(string(prefix)) // the directory's path in the repository, "" or ending in /
	if _, err := git(dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return Side{}, fmt.Errorf("git: %q is not a revision", rev)
	}
	list, err := git(dir, "ls-tree", "-r", "-z", "--name-only", "--full-tree", rev, "--", ":/"+repoDir)
	if err != nil {
		return Side{}, err
	}
	mount := path.Join(home, ".ssh")
	names := resolve.MapFS{}
	for _, p := range strings.Split(string(list), "\x00") {
		if rel, ok := strings.CutPrefix(p, repoDir); ok && p != "" {
			names[mount+"/"+rel] = nil
		}
	}
	if _, ok := names[mount+"/"+name]; !ok {
		return Side{}, fmt.Errorf("git: %s%s does not exist at %s", repoDir, name, rev)
	}
	t := &treeFS{mount: mount, names: names, base: base,
		read: func(rel string) ([]byte, error) { return git(dir, "show", rev+":"+path.Join(repoDir, rel)) }}
	return Side{FS: t, Config: mount + "/" + name, Display: t.display(rev + ":" + repoDir)}, nil
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}
