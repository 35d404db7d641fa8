// Package safefile reads and replaces files without the hazards of doing it by name alone.
//
// Reading takes regular files only (a named pipe, a terminal or /dev/zero is refused, never
// read) and stops at a size limit. Replacing goes through a temporary file created with
// O_EXCL in the same directory and a rename, keeping the old file's owner, group and mode
// bits (it refuses when it cannot keep them), and refuses when the file changed since it
// was read. While the temporary file exists,
// SIGINT and SIGTERM remove it before the process ends.
//
// [ReadRegular] and [WriteAtomic] work on names and follow symbolic links (the link stays,
// its target is rewritten). A [Dir] works inside one open directory and never follows a
// symbolic link: it suits caches and other files that a hostile user might try to redirect.
//
//	data, snap, err := safefile.ReadRegular(name, safefile.Limit)
//	...
//	err = safefile.WriteAtomic(name, formatted, snap)
package safefile

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Limit is the read limit sshcfg uses: 64 MiB, hundreds of times the largest real
// ssh_config, small enough that a mistaken name cannot exhaust memory.
const Limit = 64 << 20

// Errors wrapped by the functions of this package; test for them with errors.Is.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
	ErrChanged    = errors.New("file changed since it was read; nothing written")
	ErrSymlink    = errors.New("is a symbolic link")
	ErrNotPrivate = errors.New("not a private directory")
	ErrOwner      = errors.New("owned by another user")
)

// Snapshot is what a read saw of a file: its identity, metadata and content hash. Passed
// to a write, it lets the write refuse when the file is no longer what was read, and
// tells it which owner and mode to keep.
type Snapshot struct {
	Dev, Ino uint64
	Size     int64
	ModTime  time.Time
	Mode     fs.FileMode // permission bits plus setuid, setgid and sticky
	UID, GID int
	Nlink    uint64 // number of hard links; a replacement breaks all but the name written
	Sum      [sha256.Size]byte
}

// ReadRegular reads the regular file at path, following symbolic links, and returns its
// content and a snapshot for [WriteAtomic]. Anything that is not a regular file is
// refused with ErrNotRegular before it is opened (opening a device or a named pipe can
// have effects of its own); the file is then opened without blocking and the open
// descriptor checked again, so a file swapped in between is refused with ErrChanged. It
// reads at most limit bytes: a longer file gives ErrTooLarge.
func ReadRegular(path string, limit int64) ([]byte, *Snapshot, error) {
	before, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, nil, notRegular(path, before.Mode())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !os.SameFile(before, fi) {
		return nil, nil, fmt.Errorf("%s: %w", path, ErrChanged)
	}
	return readOpen(path, f, limit)
}

// WriteAtomic replaces the file at path with data, following symbolic links (the link
// stays; its target is replaced). With a snapshot from [ReadRegular] it keeps the file's
// owner, group and mode bits (or refuses, writing nothing) and, just before the rename, refuses with ErrChanged if the file is
// no longer the one read: another inode, size, modification time or content. (A change
// in the instant between that check and the rename cannot be detected; no POSIX call
// compares and replaces in one step.) Without a snapshot it creates or replaces the file
// with mode 0600.
func WriteAtomic(path string, data []byte, expect *Snapshot) error {
	target, err := filepath.EvalSymlinks(path)
	switch {
	case err == nil:
	case expect == nil && errors.Is(err, fs.ErrNotExist):
		target = path
	default:
		return err
	}
	d, err := OpenDir(filepath.Dir(target))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.WriteAtomic(filepath.Base(target), data, expect)
}

// Dir is an open directory. Its methods work on names inside it, relative to the open
// descriptor (renaming the directory's parents does not redirect them), and never follow
// a symbolic link.
type Dir struct {
	root *os.Root
}

// OpenDir opens the directory at path.
func OpenDir(path string) (*Dir, error) {
	r, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	return &Dir{root: r}, nil
}

// OpenPrivateDir creates the directory at path (mode 0700, with its parents) if needed
// and opens it, provided it is a directory and not a symbolic link, owned by the
// effective user and writable by nobody else; otherwise it returns an error wrapping
// ErrNotPrivate and opens nothing. Files in such a directory cannot be swapped by others.
func OpenPrivateDir(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, err
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: %w: %s", path, ErrNotPrivate, describe(fi.Mode()))
	}
	d, err := OpenDir(path)
	if err != nil {
		return nil, err
	}
	opened, err := d.root.Stat(".")
	switch {
	case err != nil:
	case !os.SameFile(fi, opened):
		err = fmt.Errorf("%s: %w: replaced while being opened", path, ErrNotPrivate)
	case ownerOf(opened) != os.Geteuid():
		err = fmt.Errorf("%s: %w: owned by uid %d", path, ErrNotPrivate, ownerOf(opened))
	case opened.Mode().Perm()&0o022 != 0:
		err = fmt.Errorf("%s: %w: writable by group or others (mode %v)", path, ErrNotPrivate, opened.Mode().Perm())
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Close releases the directory.
func (d *Dir) Close() error { return d.root.Close() }

// ReadRegular reads the regular file name in d like the package's ReadRegular, except
// that a symbolic link is refused with ErrSymlink instead of followed.
func (d *Dir) ReadRegular(name string, limit int64) ([]byte, *Snapshot, error) {
	full := filepath.Join(d.root.Name(), name)
	lfi, err := d.root.Lstat(name)
	if err != nil {
		return nil, nil, err
	}
	if lfi.Mode()&fs.ModeSymlink != 0 {
		return nil, nil, fmt.Errorf("%s: %w", full, ErrSymlink)
	}
	if !lfi.Mode().IsRegular() {
		return nil, nil, notRegular(full, lfi.Mode())
	}
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !os.SameFile(lfi, fi) {
		return nil, nil, fmt.Errorf("%s: %w", full, ErrChanged)
	}
	return readOpen(full, f, limit)
}

// WriteAtomic replaces (or creates) the file name in d with data, like the package's
// WriteAtomic; a symbolic link at name is replaced, never followed.
func (d *Dir) WriteAtomic(name string, data []byte, expect *Snapshot) error {
	full := filepath.Join(d.root.Name(), name)
	tmp, tmpName, err := d.createTemp(name)
	if err != nil {
		return err
	}
	t := &temp{root: d.root, name: tmpName}
	stop := t.removeOnSignal()
	defer stop()
	renamed := false
	defer func() {
		if !renamed {
			t.remove()
		}
	}()
	if err := fill(tmp, full, data, expect); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	beforeRename(full)
	if expect != nil {
		if err := d.unchanged(name, expect); err != nil {
			return fmt.Errorf("%s: %w", full, err)
		}
	}
	if err := d.root.Rename(tmpName, name); err != nil {
		return err
	}
	renamed = true
	return nil
}

// beforeRename is called between writing the temporary file and the final check and
// rename; tests replace it to change the file at that moment.
var beforeRename = func(path string) {}

// specialBits are the mode bits a replacement keeps besides the permissions.
const specialBits = fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// fill writes data to the temporary file and gives it the owner, group and mode of
// expect (or leaves it 0600). The owner is set first because chown clears setuid and
// setgid; the result is checked afterwards because the kernel may drop setgid silently.
// A replacement that cannot keep the owner, the group or the mode is refused: it would
// change who may read or write the file (or, with setuid or setgid, whose identity it
// grants).
func fill(tmp *os.File, full string, data []byte, expect *Snapshot) error {
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if expect != nil {
		mode := expect.Mode & (fs.ModePerm | specialBits)
		chownErr := chown(tmp, expect.UID, expect.GID)
		if err := tmp.Chmod(mode); err != nil {
			return err
		}
		fi, err := tmp.Stat()
		if err != nil {
			return err
		}
		if lost := ownershipLost(snapshotOf(fi), expect); lost != "" {
			why := ""
			var pe *fs.PathError
			if errors.As(chownErr, &pe) { // the temporary file's name says nothing useful
				chownErr = pe.Err
			}
			if chownErr != nil {
				why = fmt.Sprintf(" (%v)", chownErr)
			}
			return fmt.Errorf("%s: cannot keep its %s%s; nothing written", full, lost, why)
		}
		if fi.Mode()&(fs.ModePerm|specialBits) != mode {
			return fmt.Errorf("%s: cannot keep its mode %v; nothing written", full, mode)
		}
	}
	return tmp.Sync()
}

// chown sets the owner and group of f; tests replace it to fail as an ordinary user's
// would.
var chown = func(f *os.File, uid, gid int) error { return f.Chown(uid, gid) }

// ownershipLost names what of expect's owner and group the file got does not have;
// empty when both were kept.
func ownershipLost(got Snapshot, expect *Snapshot) string {
	owner := expect.UID >= 0 && got.UID != expect.UID
	group := expect.GID >= 0 && got.GID != expect.GID
	switch {
	case owner && group:
		return fmt.Sprintf("owner (uid %d) and group (gid %d)", expect.UID, expect.GID)
	case owner:
		return fmt.Sprintf("owner (uid %d)", expect.UID)
	case group:
		return fmt.Sprintf("group (gid %d)", expect.GID)
	}
	return ""
}

// createTemp creates an empty file next to name with O_EXCL and mode 0600.
func (d *Dir) createTemp(name string) (*os.File, string, error) {
	for range 10 {
		var r [8]byte
		_, _ = rand.Read(r[:])
		tmpName := "." + name + ".sshcfg-" + hex.EncodeToString(r[:])
		f, err := d.root.OpenFile(tmpName, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, tmpName, err
	}
	return nil, "", fmt.Errorf("%s: no free temporary name", filepath.Join(d.root.Name(), name))
}

// unchanged reports (as an error wrapping ErrChanged) whether name in d differs from expect.
func (d *Dir) unchanged(name string, expect *Snapshot) error {
	lfi, err := d.root.Lstat(name)
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	now := snapshotOf(lfi)
	if !lfi.Mode().IsRegular() || now.Dev != expect.Dev || now.Ino != expect.Ino ||
		now.Size != expect.Size || !now.ModTime.Equal(expect.ModTime) {
		return ErrChanged
	}
	f, err := d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrChanged, err)
	}
	defer f.Close()
	h := sha256.New()
	if n, err := io.Copy(h, io.LimitReader(f, expect.Size+1)); err != nil || n != expect.Size {
		return ErrChanged
	}
	if [sha256.Size]byte(h.Sum(nil)) != expect.Sum {
		return ErrChanged
	}
	return nil
}

// readOpen checks that the open file f is regular and reads it, at most limit bytes.
func readOpen(name string, f *os.File, limit int64) ([]byte, *Snapshot, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, notRegular(name, fi.Mode())
	}
	if fi.Size() > limit {
		return nil, nil, tooLarge(name, limit)
	}
	// room for the whole file plus a little, so that seeing EOF costs no reallocation
	buf := make([]byte, 0, fi.Size()+512)
	r := io.LimitReader(f, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if int64(len(buf)) > limit {
		return nil, nil, tooLarge(name, limit)
	}
	s := snapshotOf(fi)
	s.Sum = sha256.Sum256(buf)
	return buf, &s, nil
}

func snapshotOf(fi fs.FileInfo) Snapshot {
	s := Snapshot{Size: fi.Size(), ModTime: fi.ModTime(), Mode: fi.Mode() & (fs.ModePerm | specialBits), UID: -1, GID: -1}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.Dev, s.Ino, s.Nlink = uint64(st.Dev), st.Ino, uint64(st.Nlink)
		s.UID, s.GID = int(st.Uid), int(st.Gid)
	}
	return s
}

func ownerOf(fi fs.FileInfo) int {
	return snapshotOf(fi).UID
}

func notRegular(name string, m fs.FileMode) error {
	return fmt.Errorf("%s: %w (%s)", name, ErrNotRegular, describe(m))
}

func tooLarge(name string, limit int64) error {
	return fmt.Errorf("%s: %w: over the limit of %d bytes", name, ErrTooLarge, limit)
}

// describe names the type of a file mode for messages.
func describe(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m.IsRegular():
		return "a regular file"
	}
	return "an irregular file"
}

// ReadLimited reads r to its end, at most limit bytes: more gives ErrTooLarge, naming
// name. It is the bound for streams such as standard input, which have no size to check.
func ReadLimited(r io.Reader, name string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(name, limit)
	}
	return b, nil
}
