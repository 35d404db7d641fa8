package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
)

// minBcryptRounds is the bcrypt work factor below which a passphrase is cheap to guess;
// ssh-keygen uses 16 by default.
const minBcryptRounds = 16

func init() { onFirstUse(registerKeyEncryption) }

// registerKeyEncryption adds this file's rules to the table (see onFirstUse).
func registerKeyEncryption() {
	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6005", Slug: "unencrypted-private-key", Severity: diag.Info, Since: "0.2",
			Doc: "A private key stored without a passphrase: whoever reads the file (a backup, a stolen disk) can use " +
				"it. Fine for a deploy key on a machine; for a person's key, add one with ssh-keygen -p."},
		Docs: Docs{
			Title: "Private key without a passphrase",
			Why: "An unencrypted private key works for anyone who gets a copy of the file. Machine and deploy keys are " +
				"often unencrypted on purpose (Mozilla accepts that), so this is a note. For your own keys, set a " +
				"passphrase (ssh-keygen -p -f KEY) and use ssh-agent. sshcfg reads the key's unencrypted envelope " +
				"and never asks for or tries a passphrase. Security-key (sk-*) files are handles, not keys, and are not flagged.",
			Bad:     "IdentityFile ~/.ssh/id_ed25519   # made with ssh-keygen -N ''\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519   # made with a passphrase\n",
			Sources: []string{"ssh-keygen(1) -p", "Mozilla OpenSSH guidelines (key management)", "PROTOCOL.key"},
		},
		SecuritySeverity: "3.0",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		k := u.key()
		if k == nil || k.Kind != keys.PrivateKey || k.Encrypted || strings.HasPrefix(k.Type, "sk-") {
			return nil
		}
		return one(fmt.Sprintf("private key %s has no passphrase: anyone who reads the file can use it", u.name()))
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6006", Slug: "weak-key-encryption", Severity: diag.Warning, Since: "0.2",
			Doc: "A private key encrypted in a way that makes guessing its passphrase cheap: the old PEM encryption " +
				"(one MD5 pass over the passphrase) or the OpenSSH format with fewer than 16 bcrypt rounds."},
		Docs: Docs{
			Title: "Private key passphrase cheap to guess",
			Why: "Keys written by old ssh-keygen (or with -m PEM) are encrypted with a key derived by a single MD5 pass " +
				"over the passphrase, so a stolen file can be attacked at billions of guesses a second. The OpenSSH " +
				"format uses bcrypt, whose cost is the number of rounds (16 by default). Rewrite the key in the new " +
				"format with more rounds: ssh-keygen -p -o -a 64 -f KEY.",
			Bad:     "IdentityFile ~/.ssh/id_rsa   # -----BEGIN RSA PRIVATE KEY----- with Proc-Type: 4,ENCRYPTED\n",
			Good:    "IdentityFile ~/.ssh/id_rsa   # -----BEGIN OPENSSH PRIVATE KEY-----, bcrypt, 64 rounds\n",
			Sources: []string{"ssh-keygen(1) -a, -o", "PROTOCOL.key", "OpenSSL EVP_BytesToKey"},
		},
		SecuritySeverity: "5.0",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		k := u.key()
		switch {
		case k == nil || k.Kind != keys.PrivateKey || !k.Encrypted:
			return nil
		case k.LegacyPEMEncryption:
			return one(fmt.Sprintf("private key %s uses the old PEM encryption (one MD5 pass over the passphrase): rewrite it with ssh-keygen -p -o -a 64", u.name()))
		case k.KDF == "bcrypt" && k.Rounds < minBcryptRounds:
			return one(fmt.Sprintf("private key %s is encrypted with only %d bcrypt rounds: rewrite it with ssh-keygen -p -a 64", u.name(), k.Rounds))
		}
		return nil
	})
}
