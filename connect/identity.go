package connect

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// maxKeyFile bounds what is read of a key or certificate file: real ones are a few KiB
// (a 16384-bit RSA key is under 13 KiB).
const maxKeyFile = 1 << 20

// readKeyFile reads a key or certificate file: a regular file of at most maxKeyFile
// bytes. A named pipe, a device or a huge file (also behind a symbolic link) is refused
// without being read, so that it can neither hang the connection nor fill memory.
func readKeyFile(path string) ([]byte, error) {
	b, _, err := safefile.ReadRegular(path, maxKeyFile)
	return b, err
}

// identity is one key ssh offers, as pubkey_prepare lists them.
type identity struct {
	// file is the IdentityFile or CertificateFile it comes from ("" for an agent key);
	// keyFile the private key that signs for it (for a certificate, the identity file it
	// was found next to or whose key it certifies).
	file, keyFile string
	// pub is the public key or certificate, nil when only the private key can tell it
	// (an encrypted key without its .pub file).
	pub ssh.PublicKey
	// comment names an agent key (the agent's comment) or a file key (its .pub comment).
	comment string
	// agentSigner signs through the agent when the agent holds the key.
	agentSigner  ssh.Signer
	userProvided bool

	// loaded is the private key once loaded from keyFile, and raw its value (for
	// AddKeysToAgent); used says it signed during authentication.
	loaded ssh.Signer
	raw    any
	used   bool
}

// describe names the identity as ssh's trace does.
func (id *identity) describe() string {
	name := id.file
	if name == "" {
		name = id.comment
	}
	if id.pub == nil {
		return name
	}
	s := fmt.Sprintf("%s %s %s", name, id.pub.Type(), ssh.FingerprintSHA256(id.pub))
	switch {
	case id.agentSigner != nil && id.file != "":
		s += " explicit agent"
	case id.agentSigner != nil:
		s += " agent"
	case id.userProvided:
		s += " explicit"
	}
	return s
}

// identities lists the keys to offer in ssh's order (sshconnect2.c pubkey_prepare):
// certificates from CertificateFile; identity files the agent holds (signed by the
// agent); the agent's other keys unless IdentitiesOnly; the remaining identity files,
// each followed by its -cert.pub; then those whose type PubkeyAcceptedAlgorithms does not
// accept are dropped.
func (a *authenticator) identities() []*identity {
	res := a.res
	var files []*identity
	for _, e := range res.List(keyword.IdentityFile).Kept {
		path, err := res.Expand(keyword.IdentityFile, e.Value.(string), nil)
		if err != nil {
			a.d.log("%s", err.Error())
			continue
		}
		user := e.Source.Kind != resolve.FromDefault
		if !exists(path) && !exists(path+".pub") {
			if user {
				a.info("no such identity: %s: No such file or directory", path)
			}
			continue
		}
		id := &identity{file: path, keyFile: path, userProvided: user}
		id.pub, id.comment = loadPublic(path)
		files = append(files, id)
		if cert, ok := loadCertificate(path + "-cert.pub"); ok && id.pub != nil &&
			bytes.Equal(cert.Key.Marshal(), id.pub.Marshal()) {
			files = append(files, &identity{file: path + "-cert.pub", keyFile: path, pub: cert, userProvided: user})
		}
	}
	var preferred []*identity
	for _, e := range res.List(keyword.CertificateFile).Kept {
		path, err := res.Expand(keyword.CertificateFile, e.Value.(string), nil)
		if err != nil {
			a.d.log("%s", err.Error())
			continue
		}
		cert, ok := loadCertificate(path)
		if !ok || cert.CertType != ssh.UserCert {
			a.d.debugf("ignoring certificate %s: not a user certificate", path)
			continue
		}
		id := &identity{file: path, pub: cert, userProvided: e.Source.Kind != resolve.FromDefault}
		for _, f := range files {
			if f.pub != nil && bytes.Equal(f.pub.Marshal(), cert.Key.Marshal()) {
				id.keyFile = f.keyFile
				break
			}
		}
		preferred = append(preferred, id)
	}
	var agentOnly []*identity
	if a.agent != nil {
		signers, err := a.agent.Signers()
		if err != nil {
			a.d.debugf("agent: %v", err)
		}
		keys, _ := a.agent.List()
		for i, s := range signers {
			found := false
			for j, f := range files {
				if f.pub != nil && bytes.Equal(f.pub.Marshal(), s.PublicKey().Marshal()) {
					f.agentSigner = s
					preferred = append(preferred, f)
					files = append(files[:j], files[j+1:]...)
					found = true
					break
				}
			}
			if !found && !res.Flag(keyword.IdentitiesOnly) {
				id := &identity{pub: s.PublicKey(), agentSigner: s}
				if i < len(keys) {
					id.comment = keys[i].Comment
				}
				agentOnly = append(agentOnly, id)
			}
		}
		// a certificate is signed by the agent when the agent holds its key
		for _, id := range preferred {
			if cert, ok := id.pub.(*ssh.Certificate); ok && id.agentSigner == nil {
				for _, s := range signers {
					if bytes.Equal(s.PublicKey().Marshal(), cert.Key.Marshal()) {
						id.agentSigner = s
					}
				}
			}
		}
	}
	preferred = append(append(preferred, agentOnly...), files...)
	var out []*identity
	for _, id := range preferred {
		if id.pub != nil && len(signatureAlgorithms(res, id.pub.Type())) == 0 {
			a.d.debugf("Skipping %s key %s - corresponding algo not in PubkeyAcceptedAlgorithms", id.pub.Type(), id.file)
			continue
		}
		out = append(out, id)
	}
	return out
}

// loadPublic reads the public half of an identity file as sshkey_load_public does: from
// path.pub, else from the private key file when it is not encrypted (or its format
// keeps the public key in the clear).
func loadPublic(path string) (ssh.PublicKey, string) {
	if b, err := readKeyFile(path + ".pub"); err == nil {
		if pub, comment, _, _, err := ssh.ParseAuthorizedKey(b); err == nil {
			return pub, comment
		}
	}
	b, err := readKeyFile(path)
	if err != nil {
		return nil, ""
	}
	s, err := ssh.ParsePrivateKey(b)
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return s.PublicKey(), ""
	case errors.As(err, &missing):
		return missing.PublicKey, ""
	}
	return nil, ""
}

// loadCertificate reads an OpenSSH certificate file.
func loadCertificate(path string) (*ssh.Certificate, bool) {
	b, err := readKeyFile(path)
	if err != nil {
		return nil, false
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		return nil, false
	}
	cert, ok := pub.(*ssh.Certificate)
	return cert, ok
}

// errSkipKey ends the use of one key (no passphrase given, BatchMode, unreadable) so
// that authentication goes on with the next.
var errSkipKey = errors.New("key skipped")

// loadPrivate loads the private key of id as ssh's load_identity_file does: first with
// an empty passphrase, then asking up to NumberOfPasswordPrompts times; an empty answer,
// BatchMode or no terminal skips the key.
func (a *authenticator) loadPrivate(id *identity) (ssh.Signer, error) {
	if id.loaded != nil {
		return id.loaded, nil
	}
	if id.keyFile == "" {
		return nil, errSkipKey
	}
	b, err := readKeyFile(id.keyFile)
	if err != nil {
		a.info("no such identity: %s: %s", id.keyFile, strerrorOf(err))
		return nil, errSkipKey
	}
	if !a.keyPermissionsOK(id.keyFile) {
		return nil, errSkipKey
	}
	raw, err := ssh.ParseRawPrivateKey(b)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		if a.res.Flag(keyword.BatchMode) || a.d.opts.Prompt == nil {
			return nil, errSkipKey
		}
		tries, _ := a.res.Int(keyword.NumberOfPasswordPrompts)
		prompt := fmt.Sprintf("Enter passphrase for key '%s': ", id.keyFile)
		for i := 0; i < tries; i++ {
			pass, perr := a.d.prompt(prompt, false)
			if perr != nil || pass == "" {
				return nil, errSkipKey
			}
			raw, err = ssh.ParseRawPrivateKeyWithPassphrase(b, []byte(pass))
			if !errors.Is(err, x509.IncorrectPasswordError) {
				break
			}
		}
	}
	if err != nil {
		if !errors.Is(err, x509.IncorrectPasswordError) {
			a.d.log("Load key \"%s\": invalid format", id.keyFile)
		}
		return nil, errSkipKey
	}
	signer, err := ssh.NewSignerFromKey(raw)
	if err != nil {
		a.d.log("Load key \"%s\": %v", id.keyFile, err)
		return nil, errSkipKey
	}
	if cert, ok := id.pub.(*ssh.Certificate); ok {
		if signer, err = ssh.NewCertSigner(cert, signer); err != nil {
			return nil, errSkipKey
		}
	}
	id.loaded, id.raw = signer, raw
	return signer, nil
}

// keyPermissionsOK is ssh's sshkey_perm_ok: a private key file the user owns must not
// be open to its group or to others; ssh then ignores the key, with this warning.
func (a *authenticator) keyPermissionsOK(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return true // the read has reported it
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok || int(sys.Uid) != os.Getuid() || st.Mode().Perm()&0o077 == 0 {
		return true
	}
	a.error("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@")
	a.error("@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @")
	a.error("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@")
	a.error("Permissions 0%03o for '%s' are too open.", uint32(st.Mode().Perm()), path)
	a.error("It is required that your private key files are NOT accessible by others.")
	a.error("This private key will be ignored.")
	a.error("Load key \"%s\": bad permissions", path)
	return false
}

// strerrorOf words a file error as C's strerror does (and the refusals of readKeyFile
// alike).
func strerrorOf(err error) string {
	switch {
	case errors.Is(err, safefile.ErrNotRegular):
		return "Not a regular file"
	case errors.Is(err, safefile.ErrTooLarge):
		return "File too large"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	s := err.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// keySigner signs for an identity, loading its private key (and asking for its
// passphrase) only when the server has accepted the public key, as ssh does; it offers
// the signature algorithms PubkeyAcceptedAlgorithms allows.
type keySigner struct {
	a    *authenticator
	id   *identity
	algs []string
}

func (s *keySigner) PublicKey() ssh.PublicKey { return s.id.pub }
func (s *keySigner) Algorithms() []string     { return s.algs }

func (s *keySigner) Sign(rand io.Reader, data []byte) (*ssh.Signature, error) {
	return s.SignWithAlgorithm(rand, data, "")
}

func (s *keySigner) SignWithAlgorithm(rand io.Reader, data []byte, algorithm string) (*ssh.Signature, error) {
	var signer ssh.Signer
	if s.id.agentSigner != nil {
		signer = s.id.agentSigner
	} else {
		var err error
		if signer, err = s.a.loadPrivate(s.id); err != nil {
			return nil, err
		}
	}
	s.id.used = true
	if as, ok := signer.(ssh.AlgorithmSigner); ok && algorithm != "" {
		return as.SignWithAlgorithm(rand, data, algorithm)
	}
	return signer.Sign(rand, data)
}

var _ ssh.MultiAlgorithmSigner = (*keySigner)(nil)

// addedKey is what AddKeysToAgent gives the agent for a key loaded from a file.
func addedKey(id *identity, confirm bool, lifetime uint32) agent.AddedKey {
	k := agent.AddedKey{PrivateKey: id.raw, Comment: id.comment, ConfirmBeforeUse: confirm, LifetimeSecs: lifetime}
	if k.Comment == "" {
		k.Comment = id.keyFile
	}
	if cert, ok := id.pub.(*ssh.Certificate); ok {
		k.Certificate = cert
	}
	return k
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
