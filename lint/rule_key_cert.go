package lint

import (
	"fmt"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
	"golang.org/x/crypto/ssh"
)

// certTime turns a certificate validity bound into a time (CertTimeInfinity and
// values past year 9999 stay far in the future).
func certTime(v uint64) time.Time {
	const maxUnix = 253402300799 // 9999-12-31T23:59:59Z
	if v > maxUnix {
		v = maxUnix
	}
	return time.Unix(int64(v), 0).UTC()
}

// certExpiringWithin is how long before its end a certificate's expiry is noted.
const certExpiringWithin = 30 * 24 * time.Hour

// certOf returns the certificate a key use judges, or nil.
func certOf(u *keyUse) *ssh.Certificate {
	if k := u.key(); k != nil {
		return k.Cert
	}
	return nil
}

// certName names a certificate for messages.
func certName(u *keyUse) string {
	if u.Line > 0 {
		return "the certificate on this line"
	}
	return "certificate " + u.File.Path
}

func init() { onFirstUse(registerKeyCert) }

// registerKeyCert adds this file's rules to the table (see onFirstUse).
func registerKeyCert() {
	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6011", Slug: "certificate-expired", Severity: diag.Error, Since: "0.2",
			Doc: "A certificate whose validity has ended: ssh still offers it, servers refuse it, and ssh falls back to " +
				"other keys or a password prompt."},
		Docs: Docs{
			Title: "Certificate expired",
			Why: "The ssh client does not check a certificate's dates; it offers the certificate and the server refuses " +
				"it (\"certificate invalid: expired\" in the server's log), so logins quietly fall back to other methods. " +
				"Have the CA sign a new one (ssh-keygen -s CA -V …). sshcfg judges dates against the clock, or --as-of.",
			Bad:     "CertificateFile ~/.ssh/id_ed25519-cert.pub   # valid until last month\n",
			Good:    "CertificateFile ~/.ssh/id_ed25519-cert.pub   # renewed\n",
			Sources: []string{"PROTOCOL.certkeys (valid after / valid before)", "OpenSSH auth2-pubkey.c, sshkey.c sshkey_cert_check_authority"},
		},
		SecuritySeverity: "4.0",
	}, func(u *keyUse, now time.Time) []keyFinding {
		c := certOf(u)
		if c == nil || c.ValidBefore == ssh.CertTimeInfinity || now.Before(certTime(c.ValidBefore)) {
			return nil
		}
		return one(fmt.Sprintf("%s expired on %s: servers refuse it and ssh falls back to other keys", certName(u), certTime(c.ValidBefore).Format(time.RFC3339)))
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6012", Slug: "certificate-not-yet-valid", Severity: diag.Warning, Since: "0.2",
			Doc: "A certificate whose validity has not started: servers refuse it until then."},
		Docs: Docs{
			Title: "Certificate not yet valid",
			Why: "A certificate signed with a start date in the future (ssh-keygen -V with a later start, or a clock " +
				"skew between the CA and this machine) is refused by servers until that date.",
			Bad:     "CertificateFile ~/.ssh/id_ed25519-cert.pub   # valid from next week\n",
			Good:    "CertificateFile ~/.ssh/id_ed25519-cert.pub   # valid from now\n",
			Sources: []string{"PROTOCOL.certkeys (valid after)"},
		},
	}, func(u *keyUse, now time.Time) []keyFinding {
		c := certOf(u)
		if c == nil || !now.Before(certTime(c.ValidAfter)) {
			return nil
		}
		return one(fmt.Sprintf("%s is not valid before %s: servers refuse it until then", certName(u), certTime(c.ValidAfter).Format(time.RFC3339)))
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6015", Slug: "certificate-expiring", Severity: diag.Info, Since: "0.2",
			Doc: "A certificate that expires within 30 days: renew it before logins start falling back to other keys."},
		Docs: Docs{
			Title: "Certificate expires soon",
			Why: "Once a certificate expires, servers refuse it and ssh falls back to other keys or a password prompt " +
				"without saying why. This note gives 30 days' warning; dates are judged against the clock, or --as-of.",
			Bad:     "CertificateFile ~/.ssh/id_ed25519-cert.pub   # valid until next week\n",
			Good:    "CertificateFile ~/.ssh/id_ed25519-cert.pub   # renewed\n",
			Sources: []string{"PROTOCOL.certkeys (valid before)"},
		},
	}, func(u *keyUse, now time.Time) []keyFinding {
		c := certOf(u)
		if c == nil || c.ValidBefore == ssh.CertTimeInfinity {
			return nil
		}
		end := certTime(c.ValidBefore)
		if !now.Before(end) || end.Sub(now) > certExpiringWithin || now.Before(certTime(c.ValidAfter)) {
			return nil
		}
		return one(fmt.Sprintf("%s expires on %s, in %d days", certName(u), end.Format(time.RFC3339), int(end.Sub(now).Hours()/24)))
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6013", Slug: "certificate-sha1-signature", Severity: diag.Error, Since: "0.2",
			Doc: "A certificate the CA signed with ssh-rsa (RSA with SHA-1). OpenSSH 8.2 and later refuse such CA " +
				"signatures by default (CASignatureAlgorithms)."},
		Docs: Docs{
			Title: "Certificate signed with SHA-1",
			Why: "SHA-1 signatures can be forged with chosen-prefix collisions. Since OpenSSH 8.2, ssh-rsa is not in the " +
				"default CASignatureAlgorithms, so servers refuse the certificate. Have the CA sign again with " +
				"rsa-sha2-512 (ssh-keygen -s CA -t rsa-sha2-512) or an Ed25519 CA key.",
			Bad:     "CertificateFile ~/.ssh/id_rsa-cert.pub   # signed with ssh-rsa\n",
			Good:    "CertificateFile ~/.ssh/id_rsa-cert.pub   # signed with rsa-sha2-512\n",
			Sources: []string{"OpenSSH 8.2 release notes", "ssh_config(5) CASignatureAlgorithms"},
		},
		SecuritySeverity: "6.0",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		c := certOf(u)
		if c == nil || c.Signature == nil || c.Signature.Format != ssh.KeyAlgoRSA {
			return nil
		}
		return one(certName(u) + " is signed with ssh-rsa (SHA-1): OpenSSH 8.2 and later refuse such CA signatures by default")
	})

	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC6014", Slug: "weak-ca-key", Severity: diag.Error, Since: "0.2",
			Doc: "A certificate signed by a DSA CA key or an RSA CA key under 2048 bits: whoever breaks the CA key can " +
				"sign any certificate."},
		Docs: Docs{
			Title: "Certificate signed by a weak CA key",
			Why: "A certificate is only as strong as the key that signed it, and a CA key signs for many users. DSA CA " +
				"keys are refused by current OpenSSH, and RSA keys under 2048 bits can be factored. Replace the CA key.",
			Bad:     "CertificateFile ~/.ssh/id_ed25519-cert.pub   # CA: ssh-dss\n",
			Good:    "CertificateFile ~/.ssh/id_ed25519-cert.pub   # CA: ssh-ed25519\n",
			Sources: []string{"ssh-audit hostkeytest.py (CA key sizes)", "OpenSSH 10.0 release notes (DSA removed)"},
		},
		SecuritySeverity: "7.0",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		c := certOf(u)
		if c == nil || c.SignatureKey == nil {
			return nil
		}
		switch t, bits := c.SignatureKey.Type(), keys.Size(c.SignatureKey); {
		//lint:ignore SA1019 the audit recognises and reports DSA keys; it never uses them
		case t == ssh.KeyAlgoDSA:
			return one(certName(u) + " is signed by a DSA CA key, which current OpenSSH refuses")
		case t == ssh.KeyAlgoRSA && bits > 0 && bits < 2048:
			return one(fmt.Sprintf("%s is signed by a %d-bit RSA CA key, small enough to be factored", certName(u), bits))
		}
		return nil
	})
}
