package knownhosts

import (
	"crypto/rand"
	"crypto/sha1"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/resolve"
)

// record adds key under names to the known_hosts file at path, as ssh's
// add_host_to_hostfile does: one line "name,name type base64", or with HashKnownHosts one
// hashed line per name. A failure is reported on Warn as ssh reports it (the connection
// goes on) and returned.
func (c *Checker) record(path string, key ssh.PublicKey, names ...string) error {
	text, err := c.lines(key, names)
	if err == nil {
		err = appendAtomic(path, text, c.sshDir)
	}
	if err != nil {
		c.warnf("Failed to add the host to the list of known hosts (%s): %s.", resolve.EscapeText(path), resolve.EscapeText(err.Error()))
	}
	return err
}

// lines are the known_hosts lines for key under names (lowercased, as ssh writes them).
func (c *Checker) lines(key ssh.PublicKey, names []string) (string, error) {
	k := keyText(key)
	lower := make([]string, len(names))
	for i, n := range names {
		lower[i] = strings.ToLower(n)
	}
	if !c.hashKnownHosts {
		return strings.Join(lower, ",") + " " + k + "\n", nil
	}
	var b strings.Builder
	for _, n := range lower {
		salt := make([]byte, sha1.Size)
		if _, err := rand.Read(salt); err != nil {
			return "", err
		}
		b.WriteString(hashName(n, salt) + " " + k + "\n")
	}
	return b.String(), nil
}

// appendAtomic adds text at the end of the file at path by writing the whole new content
// to a temporary file and renaming it over the old one (owner, group and mode kept; a
// file that changed since it was read is not replaced). A missing file is created with
// mode 0600, and so is sshDir (0700) when the file is directly inside it, as ssh creates
// ~/.ssh. /dev/null takes the text without being touched.
func appendAtomic(path, text, sshDir string) error {
	if path == os.DevNull {
		return nil
	}
	if sshDir != "" && filepath.Dir(path) == filepath.Clean(sshDir) {
		if err := os.Mkdir(sshDir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	data, snap, err := safefile.ReadRegular(path, safefile.Limit)
	if errors.Is(err, fs.ErrNotExist) {
		// create it empty first (never over a file that appeared meanwhile), then
		// replace it like any other
		f, cerr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if cerr != nil && !errors.Is(cerr, fs.ErrExist) {
			return cerr
		}
		if cerr == nil {
			if err := f.Close(); err != nil {
				return err
			}
		}
		data, snap, err = safefile.ReadRegular(path, safefile.Limit)
	}
	if err != nil {
		return err
	}
	afterRead(path)
	out := make([]byte, 0, len(data)+1+len(text))
	out = append(out, data...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, text...)
	return safefile.WriteAtomic(path, out, snap)
}

// afterRead is called between reading the file and replacing it; tests change the file
// there.
var afterRead = func(path string) {}
