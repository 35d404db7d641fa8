package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// InstalledDialect returns the dialect of the ssh on PATH (see DetectDialect), cached in
// $XDG_CACHE_HOME/sshcfg or ~/.cache/sshcfg. It asks once per process.
var InstalledDialect = sync.OnceValue(func() keyword.Dialect {
	ssh := InstalledSSH()
	if ssh == "" {
		return keyword.Debian92
	}
	cacheDir := ""
	if dir, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(dir, "sshcfg")
	}
	return DetectDialect(ssh, cacheDir)
})

// InstalledSSH returns the path of the ssh on PATH, or "" when there is none. It looks
// once per process: the search stats a name in every directory of PATH.
var InstalledSSH = sync.OnceValue(func() string {
	path, err := exec.LookPath("ssh")
	if err != nil {
		return ""
	}
	return path
})

// versionCacheFile is the name of the cache of `ssh -V` inside the cache directory.
const versionCacheFile = "ssh-version"

// DetectDialect asks the program ssh (a name looked up on PATH, or a path) which OpenSSH it
// is, with `ssh -V`; without ssh it falls back to Debian 9.2. The answer is cached in
// cacheDir (none if empty) under the program's path, modification time and size.
//
// The cache is an optimisation, so anything doubtful disables it rather than failing: the
// directory must be private (created 0700; a directory, not a symbolic link, owned by us,
// writable by nobody else), the cache file a regular file owned by us. It is replaced
// atomically and never through a symbolic link, so running sshcfg as root with another
// user's HOME cannot be made to overwrite a file.
func DetectDialect(ssh, cacheDir string) keyword.Dialect {
	path := ssh
	if !strings.Contains(ssh, "/") { // a path is taken as it is (InstalledSSH looked it up)
		var err error
		if path, err = exec.LookPath(ssh); err != nil {
			return keyword.Debian92
		}
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return keyword.Debian92
	}
	key := fmt.Sprintf("%s %d %d", path, fi.ModTime().UnixNano(), fi.Size())
	var cache *safefile.Dir
	if cacheDir != "" {
		if cache, err = safefile.OpenPrivateDir(cacheDir); err == nil {
			defer cache.Close()
		}
	}
	release, writable := cachedRelease(cache, key)
	if release != "" {
		return programDialect(runtime.GOOS, path, release)
	}
	out, err := exec.Command(path, "-V").CombinedOutput()
	if err != nil {
		return keyword.Debian92
	}
	release, _, _ = strings.Cut(strings.TrimSpace(string(out)), ",")
	if writable {
		_ = cache.WriteAtomic(versionCacheFile, []byte(key+"\n"+release+"\n"), nil)
	}
	return programDialect(runtime.GOOS, path, release)
}

// programDialect is the dialect of the ssh at path, whose `ssh -V` says release, on the
// system goos. Apple's build, the one macOS installs as /usr/bin/ssh, knows UseKeychain
// but does not say so in its release (OpenSSH_9.8p1, like a portable build's).
func programDialect(goos, path, release string) keyword.Dialect {
	d := dialectFromRelease(release)
	d.Apple = goos == "darwin" && filepath.Clean(path) == "/usr/bin/ssh"
	return d
}

// cachedRelease returns the release cached in dir for key ("" if none) and whether the
// cache file may be written: it is missing, or a regular file of ours.
func cachedRelease(dir *safefile.Dir, key string) (release string, writable bool) {
	if dir == nil {
		return "", false
	}
	b, snap, err := dir.ReadRegular(versionCacheFile, 4096)
	if err != nil {
		return "", errors.Is(err, fs.ErrNotExist)
	}
	if snap.UID != os.Geteuid() {
		return "", false
	}
	if k, v, ok := strings.Cut(string(b), "\n"); ok && k == key {
		return strings.TrimSpace(v), true
	}
	return "", true
}

// dialectFromRelease maps an `ssh -V` release string to a dialect.
func dialectFromRelease(release string) keyword.Dialect {
	if d, ok := keyword.DialectOf(release); ok {
		return d
	}
	return keyword.Debian92
}
