package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"golang.org/x/crypto/ssh"
)

func init() { onFirstUse(registerKeyFile) }

// registerKeyFile adds this file's rules to the table (see onFirstUse).
func registerKeyFile() {
	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6007", Slug: "key-pair-mismatch", Severity: diag.Warning, Since: "0.2",
			Doc: "The .pub file beside a private key holds a different key. ssh takes the public key from the .pub " +
				"file, offers it, and then cannot sign with the private key."},
		Docs: Docs{
			Title: "Private key and .pub file do not match",
			Why: "When ssh loads an identity it reads the public key from KEY.pub if that exists, not from KEY. If the two " +
				"differ, ssh offers the wrong key; when the server accepts it, ssh fails with \"private key contents do " +
				"not match public\" and moves on. Regenerate the .pub: ssh-keygen -y -f KEY > KEY.pub.",
			Bad:     "IdentityFile ~/.ssh/id_ed25519   # id_ed25519.pub is another key's\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519   # id_ed25519.pub made with ssh-keygen -y\n",
			Sources: []string{"OpenSSH authfile.c sshkey_load_public (tries KEY.pub first)", "OpenSSH sshconnect2.c identity_sign"},
		},
	}, func(u *keyUse, _ time.Time) []keyFinding {
		k := u.key()
		if u.Pub == nil || u.Pub.Key == nil || u.Pub.Key.Public == nil || k == nil || k.Kind != keys.PrivateKey || k.Public == nil {
			return nil
		}
		if bytes.Equal(k.Public.Marshal(), u.Pub.Key.Public.Marshal()) {
			return nil
		}
		return one(fmt.Sprintf("%s holds another key than private key %s (%s, not %s): ssh offers the .pub key and then cannot sign with it",
			u.Pub.Path, u.File.Path, u.Pub.Key.Fingerprint(), k.Fingerprint()))
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6008", Slug: "unusable-key-file", Severity: diag.Warning, Since: "0.2",
			Doc: "A key file ssh cannot use: unreadable, not a key, in a format OpenSSH does not read (PuTTY .ppk), or a " +
				"CertificateFile that holds no user certificate."},
		Docs: Docs{
			Title: "Key file ssh cannot use",
			Why: "ssh skips an identity it cannot load (Load key \"…\": invalid format) and a CertificateFile that is not a " +
				"user certificate (only at debug level), then goes on with the other keys, so the failure shows up as an " +
				"unexpected password prompt or Permission denied. Convert PuTTY keys with puttygen KEY.ppk -O " +
				"private-openssh, and point CertificateFile at the -cert.pub file ssh-keygen -s wrote.",
			Bad:     "IdentityFile ~/.ssh/work.ppk\n",
			Good:    "IdentityFile ~/.ssh/work\n",
			Sources: []string{"OpenSSH sshconnect2.c pubkey_prepare", "OpenSSH ssh.c load_public_identity_files"},
		},
	}, func(u *keyUse, _ time.Time) []keyFinding {
		f := u.File
		switch {
		case u.Line > 0 && u.EntryErr != nil:
			return one(fmt.Sprintf("ssh cannot read the key on this line: %v", u.EntryErr))
		case u.Line > 0 || errors.Is(f.Err, fs.ErrNotExist):
			return nil
		}
		if f.Err != nil {
			return one(fmt.Sprintf("ssh cannot load %s: %v", f.Path, f.Err))
		}
		if u.Keyword != keyword.CertificateFile && !u.Implied {
			return nil
		}
		switch {
		case f.Key.Cert == nil:
			return one(fmt.Sprintf("%s holds a %s, not a certificate: ssh skips it", f.Path, f.Key.Kind))
		case f.Key.Cert.CertType != ssh.UserCert:
			return one(fmt.Sprintf("%s is a host certificate: ssh does not use it to log in", f.Path))
		}
		return nil
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6009", Slug: "identity-file-is-public-key", Severity: diag.Warning, Since: "0.2",
			Doc: "IdentityFile names a public key (often the .pub file) for a host that neither sets IdentitiesOnly " +
				"yes nor an IdentityAgent. ssh offers it, but can sign only if ssh-agent holds the private key; name " +
				"the private key file, ssh finds the .pub beside it itself."},
		Docs: Docs{
			Title: "IdentityFile names a public key",
			Why: "IdentityFile is the private key: ssh reads KEY.pub beside it on its own. Given a public key, ssh can " +
				"offer it but cannot sign with it unless the agent holds the private half; otherwise authentication " +
				"with that key fails. Naming the public key on purpose is the documented way to pick one key of an " +
				"agent (1Password, a hardware key, a forwarded agent) together with IdentitiesOnly yes or an " +
				"IdentityAgent, so the rule says nothing when every host naming the file sets one of them.",
			Bad:     "IdentityFile ~/.ssh/id_ed25519.pub\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519\n",
			Sources: []string{"ssh_config(5) IdentityFile", "OpenSSH sshconnect2.c load_identity_file"},
		},
	}, func(u *keyUse, _ time.Time) []keyFinding {
		if u.Keyword != keyword.IdentityFile || u.Implied || u.AgentSelects || u.File.Key == nil || u.File.Key.Kind == keys.PrivateKey {
			return nil
		}
		return one(fmt.Sprintf("IdentityFile %s is a %s: ssh can offer it but signs only if ssh-agent holds the private key; name the private key file", u.File.Path, u.File.Key.Kind))
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6010", Slug: "missing-key-file", Severity: diag.Info, Since: "0.2",
			Doc: "An IdentityFile or CertificateFile that does not exist on the machine running lint. ssh goes on " +
				"without it: \"no such identity\" at INFO level for an identity, nothing at all for a certificate."},
		Docs: Docs{
			Title: "Key file does not exist",
			Why: "A configured identity that is missing makes ssh log \"no such identity\" at INFO level and try the " +
				"next key; a missing CertificateFile is skipped silently (debug level only). Either way the key you " +
				"meant is not used, but ssh does not fail, and lint can only look on the machine it runs on: a dotfiles " +
				"repository checked in CI names keys that exist only on the laptops. So this is a note; raise it to a " +
				"warning in .sshcfg.toml where the keys are meant to be present.",
			Bad:     "IdentityFile ~/.ssh/id_work   # no such file\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519\n",
			Sources: []string{"OpenSSH sshconnect2.c load_identity_file (\"no such identity\", logit)", "OpenSSH ssh.c load_public_identity_files"},
		},
	}, func(u *keyUse, _ time.Time) []keyFinding {
		if u.Keyword == 0 || u.Implied || !errors.Is(u.File.Err, fs.ErrNotExist) {
			return nil
		}
		what := "ssh says \"no such identity\" and tries the other keys"
		if u.Keyword == keyword.CertificateFile {
			what = "ssh skips it without a word"
		}
		f := keyFinding{Message: fmt.Sprintf("%s does not exist: %s", u.File.Path, what)}
		if strings.Contains(u.Written, "%") {
			f.Message += " (the path has % tokens: it may exist for the hosts you connect to)"
		}
		return []keyFinding{f}
	})
}
