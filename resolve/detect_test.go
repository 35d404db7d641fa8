package resolve

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// fakeSSH writes a program that answers -V like Debian's ssh and counts its runs in the
// file it returns.
func fakeSSH(t *testing.T) (path, runs string) {
	t.Helper()
	dir := t.TempDir()
	path, runs = filepath.Join(dir, "ssh"), filepath.Join(dir, "runs")
	script := "#!/bin/sh\necho run >> " + runs + "\necho 'OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.17 1 Jul 2025' >&2\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, runs
}

func countRuns(t *testing.T, runs string) int {
	b, _ := os.ReadFile(runs)
	return strings.Count(string(b), "run\n")
}

func TestVersionCache(t *testing.T) {
	ssh, runs := fakeSSH(t)
	dir := filepath.Join(t.TempDir(), "cache", "sshcfg")
	for i := 0; i < 2; i++ {
		if d := DetectDialect(ssh, dir); d.DebianRevision != 10 {
			t.Fatalf("dialect %+v", d)
		}
	}
	if n := countRuns(t, runs); n != 1 {
		t.Errorf("ssh -V ran %d times, want once (the second answer from the cache)", n)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("cache directory: %v %v", fi, err)
	}
	fi, err = os.Lstat(filepath.Join(dir, versionCacheFile))
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file: %v %v", fi, err)
	}
}

// TestVersionCacheDirSymlink points the cache directory elsewhere: nothing may be
// written there.
func TestVersionCacheDirSymlink(t *testing.T) {
	ssh, _ := fakeSSH(t)
	elsewhere := t.TempDir()
	victim := filepath.Join(elsewhere, versionCacheFile)
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "sshcfg")
	if err := os.Symlink(elsewhere, dir); err != nil {
		t.Fatal(err)
	}
	if d := DetectDialect(ssh, dir); d.DebianRevision != 10 {
		t.Errorf("dialect %+v", d)
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious\n" {
		t.Errorf("file behind the linked directory overwritten: %q", got)
	}
	if ents, _ := os.ReadDir(elsewhere); len(ents) != 1 {
		t.Errorf("files created behind the link: %v", ents)
	}
}

// TestVersionCacheFileSymlink makes the cache file a link to another file: the target
// must stay as it is.
func TestVersionCacheFileSymlink(t *testing.T) {
	ssh, _ := fakeSSH(t)
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "sshcfg")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, versionCacheFile)
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if d := DetectDialect(ssh, dir); d.DebianRevision != 10 {
		t.Errorf("dialect %+v", d)
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious\n" {
		t.Errorf("link target overwritten: %q", got)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced (refused is expected)")
	}
}

// TestVersionCacheOtherOwner gives the cache directory, then the cache file, to another
// user, with a cached answer that differs from the real one: it must be neither used
// nor written.
func TestVersionCacheOtherOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give files to another user")
	}
	ssh, runs := fakeSSH(t)
	fi, err := os.Stat(ssh)
	if err != nil {
		t.Fatal(err)
	}
	forged := ssh + " " + strconv.FormatInt(fi.ModTime().UnixNano(), 10) + " " + strconv.FormatInt(fi.Size(), 10) + "\nOpenSSH_10.5p1\n"
	for _, chown := range []string{"directory", "file"} {
		t.Run(chown, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "sshcfg")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			cache := filepath.Join(dir, versionCacheFile)
			if err := os.WriteFile(cache, []byte(forged), 0o600); err != nil {
				t.Fatal(err)
			}
			owned := cache
			if chown == "directory" {
				owned = dir
			}
			if err := os.Chown(owned, 12345, 12345); err != nil {
				t.Fatal(err)
			}
			before := countRuns(t, runs)
			if d := DetectDialect(ssh, dir); d.Version.Major != 9 {
				t.Errorf("the forged cache was used: %+v", d)
			}
			if countRuns(t, runs) != before+1 {
				t.Error("ssh -V was not run")
			}
			if got, _ := os.ReadFile(cache); string(got) != forged {
				t.Errorf("cache owned by another user was written: %q", got)
			}
		})
	}
}

// TestProgramDialectApple checks that macOS's own ssh is taken for Apple's build, which
// knows UseKeychain, and that no other ssh is.
func TestProgramDialectApple(t *testing.T) {
	useKeychain := keyword.Lookup("UseKeychain")
	for _, c := range []struct {
		goos, path string
		apple      bool
	}{
		{"darwin", "/usr/bin/ssh", true},
		{"darwin", "/usr/bin//ssh", true},
		{"darwin", "/opt/homebrew/bin/ssh", false},
		{"linux", "/usr/bin/ssh", false},
	} {
		d := programDialect(c.goos, c.path, "OpenSSH_9.8p1")
		if d.Apple != c.apple || d.Knows(useKeychain) != c.apple {
			t.Errorf("%s %s: Apple %v, knows UseKeychain %v; want %v", c.goos, c.path, d.Apple, d.Knows(useKeychain), c.apple)
		}
		if d.Version.Major != 9 || d.Version.Minor != 8 {
			t.Errorf("%s %s: version %+v, want 9.8", c.goos, c.path, d.Version)
		}
	}
}
