package resolve

import (
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"

	"github.com/sshcfg/sshcfg/internal/cpath"
)

// Open implements FS. The file is read with plain system calls, as ssh reads it (open,
// fstat, read, close): an *os.File would try to register every file with the runtime's
// network poller, set its blocking mode and attach a cleanup, which for an Include of
// thousands of small files costs more than reading them. The name reaches open(2)
// without a copy (internal/cpath), and the file's status lives in the one allocation.
//
// With RegularOnly, the file is looked at with stat(2) first, and opened only if it is a
// regular file, a directory or the null device; the open does not wait (O_NONBLOCK) and
// the open file is looked at again, so that a file replaced in between is refused all
// the same.
func (o OSFS) Open(name string) (File, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC
	if o.RegularOnly {
		var st syscall.Stat_t
		if err := syscall.Stat(name, &st); err == nil && special(&st) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrSpecialFile}
		}
		flags |= syscall.O_NONBLOCK | syscall.O_NOCTTY
	}
	fd, err := cpath.Open(name, flags)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	f := &osFile{fd: fd, name: name}
	if o.RegularOnly {
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err == nil && special(&st) {
			f.Close()
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrSpecialFile}
		}
	}
	return f, nil
}

// special reports whether the file of st is neither a regular file, nor a directory,
// nor the null device (which reads as empty, and which -F /dev/null names).
func special(st *syscall.Stat_t) bool {
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG, syscall.S_IFDIR:
		return false
	case syscall.S_IFCHR:
		null, ok := devNull()
		return !ok || uint64(st.Rdev) != null
	}
	return true
}

// devNull is the device number of /dev/null.
var devNull = sync.OnceValues(func() (uint64, bool) {
	var st syscall.Stat_t
	if err := syscall.Stat(os.DevNull, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFCHR {
		return 0, false
	}
	return uint64(st.Rdev), true
})

// osFile is an open file of the real file system, read through its descriptor.
type osFile struct {
	fd   int
	name string
	// from the first fstat, which Stat and Size share
	stated bool
	mode   fs.FileMode
	uid    int
	size   int64
}

// fstat asks the system for the file's status, once.
func (f *osFile) fstat() error {
	if f.stated {
		return nil
	}
	var st syscall.Stat_t
	for {
		err := syscall.Fstat(f.fd, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "stat", Path: f.name, Err: err}
		}
		break
	}
	f.stated = true
	f.mode, f.uid, f.size = fileMode(uint32(st.Mode)), int(st.Uid), st.Size
	return nil
}

// Stat implements File with fstat.
func (f *osFile) Stat() (fs.FileMode, int, error) {
	if err := f.fstat(); err != nil {
		return 0, 0, err
	}
	return f.mode, f.uid, nil
}

// Size is the size of a regular file (0 for other files, or when fstat fails), so that
// the resolver reads it in one allocation.
func (f *osFile) Size() int64 {
	if f.fstat() == nil && f.mode.IsRegular() {
		return f.size
	}
	return 0
}

// Read implements io.Reader with read(2); io.EOF at the end of the file.
func (f *osFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

// Close implements io.Closer.
func (f *osFile) Close() error {
	if f.fd < 0 {
		return fs.ErrClosed
	}
	err := syscall.Close(f.fd)
	f.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}

// fileMode converts the st_mode of stat(2) to an fs.FileMode, as package os does.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & syscall.S_IFMT {
	case syscall.S_IFBLK:
		mode |= fs.ModeDevice
	case syscall.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		mode |= fs.ModeDir
	case syscall.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		mode |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
