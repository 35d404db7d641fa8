package lint

import "github.com/sshcfg/sshcfg/parser/keyword"

// Verdict is how the linter judges an algorithm name (lint-rules.md §1.3).
type Verdict int

// Verdicts, from best to worst. Fail is an error of weak-algorithm, Warn a warning;
// Recommended and OK are never reported.
const (
	Recommended Verdict = iota + 1
	OK
	Warn
	Fail
)

var verdictNames = [...]string{"", "R", "ok", "W", "F"}

// String returns "R", "ok", "W" or "F", as the spec's tables write them.
func (v Verdict) String() string {
	if v > 0 && int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return "?"
}

// algClass groups the algorithm families whose names share one namespace: key types,
// certificates and signature algorithms are one class for HostKeyAlgorithms,
// PubkeyAcceptedAlgorithms, HostbasedAcceptedAlgorithms and CASignatureAlgorithms.
type algClass int

const (
	classNone algClass = iota
	classCipher
	classMAC
	classKex
	classKey
)

// classOf returns the class of the names a family's lists hold.
func classOf(f keyword.AlgorithmFamily) algClass {
	switch f {
	case keyword.FamilyCiphers:
		return classCipher
	case keyword.FamilyMACs:
		return classMAC
	case keyword.FamilyKex:
		return classKex
	case keyword.FamilyHostKeys, keyword.FamilyKeys, keyword.FamilySigs:
		return classKey
	}
	return classNone
}

// AlgVerdict is what the linter knows about one algorithm name.
type AlgVerdict struct {
	Name    string
	class   algClass
	Verdict Verdict
	// Reason says why, in a few words, for the finding's message.
	Reason string
	// Since is the first upstream OpenSSH release that knows the name, Until the first
	// that no longer does ("" when every release the linter targets knows it, or still
	// does). Distribution backports are in the dialect's own list (keyword.Algorithms),
	// which always decides whether a target knows a name; these only explain why not.
	Since, Until string
}

// algVerdicts is the verdict table. Names are in the order of lint-rules.md §1.3.
var algVerdicts = []AlgVerdict{
	// KexAlgorithms
	{"mlkem768x25519-sha256", classKex, Recommended, "post-quantum hybrid (ML-KEM-768 with X25519)", "9.9", ""},
	{"sntrup761x25519-sha512", classKex, Recommended, "post-quantum hybrid (Streamlined NTRU Prime with X25519)", "9.9", ""},
	{"sntrup761x25519-sha512@openssh.com", classKex, Recommended, "post-quantum hybrid (Streamlined NTRU Prime with X25519)", "8.5", ""},
	{"mlkem768nistp256-sha256", classKex, OK, "post-quantum hybrid with NIST P-256", "10.5", ""},
	{"curve25519-sha256", classKex, OK, "strong classical key exchange, not post-quantum", "7.4", ""},
	{"curve25519-sha256@libssh.org", classKex, OK, "strong classical key exchange, not post-quantum", "6.5", ""},
	{"ecdh-sha2-nistp256", classKex, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdh-sha2-nistp384", classKex, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdh-sha2-nistp521", classKex, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"diffie-hellman-group16-sha512", classKex, OK, "4096-bit group, slow, not post-quantum", "7.3", ""},
	{"diffie-hellman-group18-sha512", classKex, OK, "8192-bit group, slow, not post-quantum", "7.3", ""},
	{"diffie-hellman-group-exchange-sha256", classKex, OK, "group chosen by the server", "4.4", ""},
	{"diffie-hellman-group14-sha256", classKex, Warn, "2048-bit group: 112-bit strength, which NIST accepts only until 2030", "7.3", ""},
	{"diffie-hellman-group14-sha1", classKex, Fail, "SHA-1 hash; out of OpenSSH's defaults since 8.2", "", ""},
	{"diffie-hellman-group-exchange-sha1", classKex, Fail, "SHA-1 hash", "", ""},
	{"diffie-hellman-group1-sha1", classKex, Fail, "1024-bit group, open to Logjam, and SHA-1 hash", "", ""},
	{"sntrup4591761x25519-sha512@tinyssh.org", classKex, Warn, "replaced by sntrup761x25519-sha512@openssh.com", "8.0", "8.5"},

	// Ciphers
	{"chacha20-poly1305@openssh.com", classCipher, Recommended, "authenticated encryption", "6.5", ""},
	{"aes256-gcm@openssh.com", classCipher, Recommended, "authenticated encryption", "6.2", ""},
	{"aes128-gcm@openssh.com", classCipher, Recommended, "authenticated encryption", "6.2", ""},
	{"aes128-ctr", classCipher, OK, "counter mode, fine with an encrypt-then-MAC MAC", "", ""},
	{"aes192-ctr", classCipher, OK, "counter mode, fine with an encrypt-then-MAC MAC", "", ""},
	{"aes256-ctr", classCipher, OK, "counter mode, fine with an encrypt-then-MAC MAC", "", ""},
	{"aes128-cbc", classCipher, Warn, "CBC mode, with a history of plaintext-recovery attacks on SSH", "", ""},
	{"aes192-cbc", classCipher, Warn, "CBC mode, with a history of plaintext-recovery attacks on SSH", "", ""},
	{"aes256-cbc", classCipher, Warn, "CBC mode, with a history of plaintext-recovery attacks on SSH", "", ""},
	{"3des-cbc", classCipher, Fail, "64-bit block, open to Sweet32; NIST disallows triple DES", "", ""},
	{"arcfour", classCipher, Fail, "RC4 stream cipher, broken", "", "7.6"},
	{"arcfour128", classCipher, Fail, "RC4 stream cipher, broken", "", "7.6"},
	{"arcfour256", classCipher, Fail, "RC4 stream cipher, broken", "", "7.6"},
	{"blowfish-cbc", classCipher, Fail, "64-bit block cipher", "", "7.6"},
	{"cast128-cbc", classCipher, Fail, "64-bit block cipher", "", "7.6"},

	// MACs
	{"hmac-sha2-256-etm@openssh.com", classMAC, Recommended, "encrypt-then-MAC with SHA-2", "6.2", ""},
	{"hmac-sha2-512-etm@openssh.com", classMAC, Recommended, "encrypt-then-MAC with SHA-2", "6.2", ""},
	{"umac-128-etm@openssh.com", classMAC, Recommended, "encrypt-then-MAC with a 128-bit tag", "6.2", ""},
	{"umac-64-etm@openssh.com", classMAC, OK, "64-bit tag", "6.2", ""},
	{"hmac-sha2-256", classMAC, OK, "encrypt-and-MAC", "", ""},
	{"hmac-sha2-512", classMAC, OK, "encrypt-and-MAC", "", ""},
	{"umac-128@openssh.com", classMAC, OK, "encrypt-and-MAC", "6.2", ""},
	{"umac-64@openssh.com", classMAC, OK, "encrypt-and-MAC with a 64-bit tag", "", ""},
	{"hmac-sha1-etm@openssh.com", classMAC, Warn, "SHA-1 based; BSI dropped HMAC-SHA-1 in 2020", "6.2", ""},
	{"hmac-sha1", classMAC, Warn, "SHA-1 based; BSI dropped HMAC-SHA-1 in 2020", "", ""},
	{"hmac-sha1-96", classMAC, Fail, "truncated SHA-1 tag", "", ""},
	{"hmac-sha1-96-etm@openssh.com", classMAC, Fail, "truncated SHA-1 tag", "6.2", ""},
	{"hmac-md5", classMAC, Fail, "MD5", "", ""},
	{"hmac-md5-96", classMAC, Fail, "truncated MD5 tag", "", ""},
	{"hmac-md5-etm@openssh.com", classMAC, Fail, "MD5", "6.2", ""},
	{"hmac-md5-96-etm@openssh.com", classMAC, Fail, "truncated MD5 tag", "6.2", ""},
	{"hmac-ripemd160", classMAC, Fail, "RIPEMD-160", "", "7.6"},
	{"hmac-ripemd160@openssh.com", classMAC, Fail, "RIPEMD-160", "", "7.6"},
	{"hmac-ripemd160-etm@openssh.com", classMAC, Fail, "RIPEMD-160", "6.2", "7.6"},

	// Host key, public key and signature algorithms
	{"ssh-ed25519", classKey, Recommended, "EdDSA", "6.5", ""},
	{"ssh-ed25519-cert-v01@openssh.com", classKey, Recommended, "EdDSA", "6.5", ""},
	{"sk-ssh-ed25519@openssh.com", classKey, Recommended, "EdDSA on a FIDO hardware key", "8.2", ""},
	{"sk-ssh-ed25519-cert-v01@openssh.com", classKey, Recommended, "EdDSA on a FIDO hardware key", "8.2", ""},
	{"rsa-sha2-512", classKey, OK, "RSA with SHA-2; strength depends on the key size", "7.2", ""},
	{"rsa-sha2-256", classKey, OK, "RSA with SHA-2; strength depends on the key size", "7.2", ""},
	{"rsa-sha2-512-cert-v01@openssh.com", classKey, OK, "RSA with SHA-2; strength depends on the key size", "7.8", ""},
	{"rsa-sha2-256-cert-v01@openssh.com", classKey, OK, "RSA with SHA-2; strength depends on the key size", "7.8", ""},
	{"ecdsa-sha2-nistp256", classKey, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp384", classKey, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp521", classKey, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp256-cert-v01@openssh.com", classKey, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp384-cert-v01@openssh.com", classKey, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp521-cert-v01@openssh.com", classKey, OK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"sk-ecdsa-sha2-nistp256@openssh.com", classKey, OK, "hardware-bound FIDO key", "8.2", ""},
	{"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", classKey, OK, "hardware-bound FIDO key", "8.2", ""},
	{"webauthn-sk-ecdsa-sha2-nistp256@openssh.com", classKey, OK, "hardware-bound FIDO key", "8.3", ""},
	{"webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", classKey, OK, "hardware-bound FIDO key", "10.3", ""},
	{"ssh-mldsa44-ed25519@openssh.com", classKey, OK, "experimental post-quantum hybrid signature", "10.4", ""},
	{"ssh-mldsa44-ed25519-cert-v01@openssh.com", classKey, OK, "experimental post-quantum hybrid signature", "10.4", ""},
	{"ssh-rsa", classKey, Fail, "RSA signatures with SHA-1; off by default since 8.8", "", ""},
	{"ssh-rsa-cert-v01@openssh.com", classKey, Fail, "RSA signatures with SHA-1; off by default since 8.8", "", ""},
	{"ssh-dss", classKey, Fail, "1024-bit DSA with SHA-1", "", "10.0"},
	{"ssh-dss-cert-v01@openssh.com", classKey, Fail, "1024-bit DSA with SHA-1", "", "10.0"},
	{"ssh-rsa-cert-v00@openssh.com", classKey, Fail, "legacy certificate format", "", "7.0"},
	{"ssh-dss-cert-v00@openssh.com", classKey, Fail, "legacy certificate format", "", "7.0"},
}

// algIndex finds a name's entry by class.
var algIndex = func() map[algClass]map[string]*AlgVerdict {
	m := map[algClass]map[string]*AlgVerdict{}
	for i := range algVerdicts {
		v := &algVerdicts[i]
		if m[v.class] == nil {
			m[v.class] = map[string]*AlgVerdict{}
		}
		m[v.class][v.Name] = v
	}
	return m
}()

// lookupAlg returns the entry for name in family f's namespace.
func lookupAlg(f keyword.AlgorithmFamily, name string) (*AlgVerdict, bool) {
	v, ok := algIndex[classOf(f)][name]
	return v, ok
}

// algNames returns every name the table has for family f's namespace.
func algNames(f keyword.AlgorithmFamily) []string {
	var out []string
	c := classOf(f)
	for _, v := range algVerdicts {
		if v.class == c {
			out = append(out, v.Name)
		}
	}
	return out
}

// pqKex are the post-quantum hybrid key exchanges; a KexAlgorithms list without any of
// them is reported by no-pq-kex.
var pqKex = []string{
	"mlkem768x25519-sha256",
	"sntrup761x25519-sha512",
	"sntrup761x25519-sha512@openssh.com",
	"mlkem768nistp256-sha256",
}
