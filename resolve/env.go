package resolve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/sshcfg/sshcfg/internal/glob"
)

// FS is the file system the resolver reads config files through. The LSP passes one that
// serves unsaved buffers; tests pass a map.
type FS interface {
	// Open opens the named file for reading. The resolver checks the owner and mode of the
	// open file before it reads a byte, as ssh does with fstat, so a file that ssh refuses
	// (a world-writable Include, /dev/zero) is never read.
	Open(name string) (File, error)
	// Glob expands a pattern as ssh's glob(3) does (internal/glob), results sorted
	// bytewise; tilde expansion is done before.
	Glob(pattern string) ([]string, error)
}

// File is a config file opened by an FS.
type File interface {
	io.ReadCloser
	// Stat returns the open file's mode (type bits included) and owner uid, like fstat.
	Stat() (mode fs.FileMode, uid int, err error)
}

// User is an entry of the password database.
type User struct {
	Name string
	UID  int
	Home string
}

// ExecFunc runs a Match exec command with the shell and returns its exit status. When ctx
// is done it should stop the command and return promptly (the resolution then returns
// ctx.Err() whatever the function returns).
type ExecFunc func(ctx context.Context, command string) (status int, err error)

// Env is everything outside the configuration files that changes what ssh decides.
type Env struct {
	FS FS
	// User is the local user (ssh takes it from the password database, not $USER).
	User User
	// LookupUser finds another user for ~user expansion.
	LookupUser func(name string) (User, bool)
	// Getenv reads an environment variable ($HOME for Include globs, ${VAR} references).
	Getenv func(name string) (string, bool)
	// Hostname is the local host name (gethostname) for %l, %L and %C.
	Hostname string
	// LookupHost resolves a name for canonicalisation: ok is false when it does not
	// resolve; cname is the resolver's canonical name (without a final dot). ctx is the
	// resolution's.
	LookupHost func(ctx context.Context, name string) (cname string, ok bool)
	// Exec runs Match exec commands. Nil refuses: the criterion is then unknown and treated
	// as not matching, and a diagnostic says so.
	Exec ExecFunc
	// UserConfig and SystemConfig are the default config paths; empty UserConfig means
	// Home/.ssh/config.
	UserConfig, SystemConfig string
	// Services resolves TCP service names (getservbyname); nil uses a built-in table.
	Services func(string) (int, bool)
	// FileExists reports whether a path exists (ssh -i drops missing identity files).
	FileExists func(string) bool
	// StdinTerminal says standard input is a terminal (ssh then prints no notice about
	// not allocating one).
	StdinTerminal bool
	// LocalAddrs lists the addresses of the local interfaces (Match localnetwork).
	LocalAddrs func() []net.IP
	// WorkDir is the working directory relative paths (-F, -i) are taken from; empty
	// means the process's.
	WorkDir string
}

// abs makes p absolute against WorkDir.
func (e *Env) abs(p string) string {
	if p == "" { // an empty path names no file, not the working directory
		return p
	}
	if filepath.IsAbs(p) || e.WorkDir == "" {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
	return filepath.Join(e.WorkDir, p)
}

// OSEnv returns the environment of this process, as ssh would see it. home, if not
// empty, replaces the password-database home and $HOME (the --home flag); a relative
// home is taken from the working directory and made absolute, as every home ssh sees is.
// exec decides whether Match exec commands run. Users and host names come from the
// system's name service (see nameService), without cgo.
func OSEnv(home string, allowExec bool) *Env {
	return osEnv(home, allowExec, systemNames)
}

// osEnv is OSEnv with the name service n.
func osEnv(home string, allowExec bool, n nameService) *Env {
	u := User{Name: "root", UID: os.Getuid(), Home: "/"}
	if pw, ok := n.userByID(u.UID); ok {
		u.Name, u.Home = pw.Name, pw.Home
	}
	getenv := os.LookupEnv
	if home != "" {
		if abs, err := filepath.Abs(home); err == nil {
			home = abs
		}
		u.Home = home
		getenv = func(name string) (string, bool) {
			if name == "HOME" {
				return home, true
			}
			return os.LookupEnv(name)
		}
	}
	hn, _ := os.Hostname()
	e := &Env{
		FS:           OSFS{},
		User:         u,
		Getenv:       getenv,
		Hostname:     hn,
		SystemConfig: "/etc/ssh/ssh_config",
		LookupUser:   n.userByName,
		LookupHost:   n.lookupHost,
		Services:     lookupService,
		FileExists:   func(p string) bool { _, err := os.Stat(p); return err == nil },
		LocalAddrs:   localAddrs,
	}
	if allowExec {
		e.Exec = ShellExec(getenv, "")
	}
	return e
}

// ShellExec runs commands like ssh does: with $SHELL (/bin/sh when unset; an empty or
// relative value is taken as it is, as ssh does) -c, stdin and stdout on /dev/null, stderr
// kept, no other descriptor inherited, in directory dir ("" for the current one). When ctx
// can be cancelled, the shell leads a process group of its own, killed whole when ctx is
// done. A shell
// that is not executable is a *FatalError; a command that does not exit normally (killed
// by a signal, or its shell would not start) is an error whose text is what ssh logs
// about it.
func ShellExec(getenv func(string) (string, bool), dir string) ExecFunc {
	return func(ctx context.Context, command string) (int, error) {
		shell, ok := getenv("SHELL")
		if !ok {
			shell = "/bin/sh"
		}
		path := shell
		if dir != "" && path != "" && !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		if err := syscall.Access(path, 1); shell == "" || err != nil { // X_OK
			if err == nil {
				err = syscall.ENOENT
			}
			return -1, fatalf("Shell \"%s\" is not executable: %s", shell, errText(err))
		}
		cmd := exec.CommandContext(ctx, path)
		cmd.Args, cmd.Dir, cmd.Stderr = []string{shell, "-c", command}, dir, os.Stderr
		if ctx.Done() != nil {
			// a process group of its own, so that cancelling also stops what the shell
			// started; a context that cannot be cancelled leaves the shell in ours, as
			// ssh does (it then gets the terminal's signals, and may read the terminal)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		}
		closeInheritedFiles()
		abnormal := fmt.Sprintf("command '%s' exited abnormally", clip(command, 100))
		if err := cmd.Start(); err != nil {
			//lint:ignore ST1005 ssh's own words, printed as they are
			return -1, fmt.Errorf("Unable to execute '%s': %s\n%s", clip(command, 100), errText(err), abnormal)
		}
		err := cmd.Wait()
		if ctx.Err() != nil {
			return -1, ctx.Err()
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if st, ok := ee.Sys().(syscall.WaitStatus); ok && st.Exited() {
				return st.ExitStatus(), nil
			}
			return -1, errors.New(abnormal)
		}
		if err != nil {
			return -1, err
		}
		return 0, nil
	}
}

// closeInheritedFiles marks every descriptor above standard error close-on-exec, so a
// command gets only 0, 1 and 2, as ssh's closefrom in the child does. Go opens its own
// files close-on-exec; this catches the ones the process inherited.
func closeInheritedFiles() {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		entries, _ = os.ReadDir("/dev/fd")
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}

func localAddrs() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n.IP)
		}
	}
	return out
}

// services is the TCP part of /etc/services, read once.
var services = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	if b, err := os.ReadFile("/etc/services"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			f := strings.Fields(line)
			if len(f) < 2 || !strings.HasSuffix(f[1], "/tcp") {
				continue
			}
			p, err := strconv.Atoi(strings.TrimSuffix(f[1], "/tcp"))
			if err != nil {
				continue
			}
			for _, n := range append([]string{f[0]}, f[2:]...) {
				if _, dup := m[n]; !dup {
					m[n] = p
				}
			}
		}
	}
	return m
})

func lookupService(name string) (int, bool) {
	p, ok := services()[name]
	return p, ok
}

// OSFS reads the real file system.
type OSFS struct {
	// RegularOnly refuses, before opening it, any file but a regular file, a directory
	// and /dev/null: a pipe, a socket or a device is never opened (ErrSpecialFile), as
	// ssh would. Commands that are not ssh (lint, the language server, shell completion)
	// set it, so that a configuration cannot make them wait forever on a FIFO, read their
	// own standard input (Include /dev/stdin: a language server's requests) or open a
	// device.
	RegularOnly bool
}

// RegularOnly returns fsys refusing special files (OSFS.RegularOnly) when it reads the
// real file system (an OSFS); any other FS is returned as it is.
func RegularOnly(fsys FS) FS {
	if f, ok := fsys.(OSFS); ok {
		f.RegularOnly = true
		return f
	}
	return fsys
}

// ErrSpecialFile is the error of an OSFS with RegularOnly for a pipe, a socket or a
// device.
var ErrSpecialFile = errors.New("not a regular file (only ssh reads pipes, sockets and devices)")

// Glob implements FS with the glob(3) of ssh (see internal/glob).
func (OSFS) Glob(pattern string) ([]string, error) { return glob.Expand(pattern, glob.OS{}) }

// MapFS is an in-memory FS for tests and unsaved buffers: paths map to contents. Every
// file is reported as owned by uid 0 with mode 0644.
type MapFS map[string][]byte

// Open implements FS.
func (m MapFS) Open(name string) (File, error) {
	if b, ok := m[name]; ok {
		return &memFile{Reader: bytes.NewReader(b), mode: 0o644}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// memFile is an open in-memory file.
type memFile struct {
	*bytes.Reader
	mode fs.FileMode
	uid  int
}

// Stat implements File.
func (f *memFile) Stat() (fs.FileMode, int, error) { return f.mode, f.uid, nil }

// Close implements File.
func (f *memFile) Close() error { return nil }

// Glob implements FS with the glob(3) of ssh; directories are implied by the paths.
func (m MapFS) Glob(pattern string) ([]string, error) {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	return glob.Expand(pattern, glob.NewPaths(names))
}

// OverlayFS serves some files from memory (unsaved editor buffers) and the rest from Base.
type OverlayFS struct {
	Base  FS
	Files MapFS
}

// Open implements FS. A buffer that also exists in Base keeps Base's mode and owner, so
// the permission checks see the file on disk.
func (o OverlayFS) Open(name string) (File, error) {
	b, ok := o.Files[name]
	if !ok {
		return o.Base.Open(name)
	}
	f := &memFile{Reader: bytes.NewReader(b), mode: 0o644}
	if bf, err := o.Base.Open(name); err == nil {
		if mode, uid, err := bf.Stat(); err == nil {
			f.mode, f.uid = mode, uid
		}
		bf.Close()
	}
	return f, nil
}

// Glob implements FS: the matches in Base and in Files, merged. (Every directory on the
// way to a file exists in the FS holding the file, so this is the expansion over the
// union of the two.)
func (o OverlayFS) Glob(pattern string) ([]string, error) {
	base, err := o.Base.Glob(pattern)
	if err != nil {
		return nil, err
	}
	extra, err := o.Files.Glob(pattern)
	if err != nil {
		return nil, err
	}
	out := slices.Concat(base, extra)
	slices.Sort(out)
	return slices.Compact(out), nil
}
