package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
	"golang.org/x/crypto/ssh"
)

// rsaWarningFrom is when RSA keys below 3072 bits become a warning: NIST SP 800-57
// accepts 112-bit strength (RSA 2048) through 2030.
var rsaWarningFrom = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)

// describeKey names a key for messages: "RSA 2048-bit key id_rsa".
func describeKey(u *keyUse, what string) string {
	k := u.key()
	kind := "key"
	if k.Kind == keys.Certificate {
		kind = "certificate"
	}
	if k.Bits > 0 {
		return fmt.Sprintf("%s %d-bit %s %s", what, k.Bits, kind, u.name())
	}
	return fmt.Sprintf("%s %s %s", what, kind, u.name())
}

// typeKey returns the key whose type and size the rules of this file judge: nil for the
// certificate beside an IdentityFile and the .pub beside a private key, whose key is
// the private key's (judged once).
func typeKey(u *keyUse) *keys.Key {
	if u.Implied || u.Companion {
		return nil
	}
	return u.key()
}

func init() { onFirstUse(registerKeyType) }

// registerKeyType adds this file's rules to the table (see onFirstUse).
func registerKeyType() {
	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6001", Slug: "dsa-key", Severity: diag.Error, Since: "0.2",
			Doc: "A DSA (ssh-dss) key: 1024 bits with SHA-1 signatures. OpenSSH stopped offering it by default in 7.0, " +
				"disabled it at build time in 9.8 and removed it in 10.0; make an Ed25519 key instead."},
		Docs: Docs{
			Title: "DSA key",
			Why: "DSA keys are fixed at 1024 bits and sign with SHA-1. ssh 7.0 and later do not offer them unless " +
				"PubkeyAcceptedAlgorithms adds ssh-dss, most servers refuse them, and OpenSSH 10.0 cannot use them at all. " +
				"Replace the key (ssh-keygen -t ed25519) and install the new public key on the servers.",
			Bad:     "Host old\n    IdentityFile ~/.ssh/id_dsa\n",
			Good:    "Host old\n    IdentityFile ~/.ssh/id_ed25519\n",
			Sources: []string{"OpenSSH 7.0 release notes (ssh-dss disabled)", "OpenSSH 10.0 release notes (DSA removed)", "FIPS 186-5 (DSA no longer approved for signing)"},
		},
		SecuritySeverity: "7.5",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		//lint:ignore SA1019 the audit recognises and reports DSA keys; it never uses them
		if k := typeKey(u); k == nil || k.Type != ssh.KeyAlgoDSA {
			return nil
		}
		return one(describeKey(u, "DSA") + ": ssh does not offer ssh-dss keys unless PubkeyAcceptedAlgorithms adds them, and OpenSSH 10.0 and later cannot use them at all")
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6002", Slug: "rsa-key-too-small", Severity: diag.Error, Since: "0.2",
			Doc: "An RSA key under 2048 bits: factorable with today's means, and under 1024 bits ssh refuses it " +
				"(RequiredRSASize, 1024 by default since OpenSSH 9.1)."},
		Docs: Docs{
			Title: "RSA key smaller than 2048 bits",
			Why: "RSA keys below 2048 bits give less than 112 bits of security; NIST disallows them and 1024-bit " +
				"moduli are within reach of well-funded attackers. OpenSSH refuses keys under 1024 bits " +
				"(RequiredRSASize). Make a new key: ssh-keygen -t ed25519 (or -t rsa -b 3072).",
			Bad:     "IdentityFile ~/.ssh/id_rsa_1024\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519\n",
			Sources: []string{"NIST SP 800-131A Rev. 2", "ssh_config(5) RequiredRSASize", "ssh-audit hostkeytest.py"},
		},
		SecuritySeverity: "7.5",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		k := typeKey(u)
		if k == nil || k.Type != ssh.KeyAlgoRSA || k.Bits == 0 || k.Bits >= 2048 {
			return nil
		}
		if k.Bits < 1024 {
			return one(describeKey(u, "RSA") + ": ssh refuses keys under 1024 bits (RequiredRSASize)")
		}
		return one(describeKey(u, "RSA") + ": under 2048 bits an RSA key is within reach of factoring, and NIST disallows it")
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6003", Slug: "rsa-key-below-3072", Severity: diag.Info, Since: "0.2",
			Doc: "An RSA key of 2048 to 3071 bits: 112-bit strength, acceptable through 2030 (NIST SP 800-57); " +
				"ssh-keygen makes 3072-bit keys by default. A note until 2031, a warning from 2031-01-01."},
		Docs: Docs{
			Title: "RSA key below 3072 bits",
			Why: "A 2048-bit RSA key gives 112 bits of security, which NIST accepts only through 2030; ssh-keygen's " +
				"default is 3072 bits and hardening guides set RequiredRSASize 3072. Plan a new key (Ed25519). The " +
				"finding is a note until 2031-01-01 and a warning after (the date is taken from --as-of when given).",
			Bad:     "IdentityFile ~/.ssh/id_rsa_2048\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519\n",
			Sources: []string{"NIST SP 800-57 Part 1 Rev. 5", "ssh-keygen(1) -b", "ssh-audit hardening guides (RequiredRSASize 3072)"},
		},
		SecuritySeverity: "3.0",
	}, func(u *keyUse, now time.Time) []keyFinding {
		k := typeKey(u)
		if k == nil || k.Type != ssh.KeyAlgoRSA || k.Bits < 2048 || k.Bits >= 3072 {
			return nil
		}
		f := keyFinding{Message: describeKey(u, "RSA") + ": 112-bit strength, accepted by NIST only through 2030; ssh-keygen makes 3072-bit keys"}
		if !now.Before(rsaWarningFrom) {
			f.Severity = diag.Warning
		}
		return []keyFinding{f}
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6004", Slug: "ecdsa-key", Severity: diag.Info, Since: "0.2",
			Doc: "An ECDSA key on a NIST curve. It is in OpenSSH's defaults and NIST and BSI approve it, but each " +
				"signature depends on a good random nonce and some distrust the curves; Ed25519 avoids both."},
		Docs: Docs{
			Title: "ECDSA key",
			Why: "ECDSA is not broken and OpenSSH accepts it by default, so this is only a note. Unlike Ed25519, whose " +
				"signatures are deterministic, ECDSA leaks the private key if a signature's nonce is ever weak, and " +
				"ssh-audit and Mozilla advise against the NIST curves. Security keys that only do P-256 " +
				"(sk-ecdsa-sha2-nistp256) are not flagged.",
			Bad:     "IdentityFile ~/.ssh/id_ecdsa\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519\n",
			Sources: []string{"Mozilla OpenSSH guidelines (key generation)", "ssh-audit ssh2_kexdb.py", "FIPS 186-5"},
		},
	}, func(u *keyUse, _ time.Time) []keyFinding {
		k := typeKey(u)
		if k == nil || !strings.HasPrefix(k.Type, "ecdsa-sha2-") {
			return nil
		}
		return one(describeKey(u, "ECDSA") + ": signatures need a good random nonce each time; Ed25519 keys do not")
	})
}
