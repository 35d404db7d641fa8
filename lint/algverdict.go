package lint

import (
	"sync"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// verdict is how the linter judges an algorithm name (lint-rules.md §1.3: R, ok, W, F).
type verdict int

// Verdicts, from best to worst. verdictFail is an error of weak-algorithm, verdictWarn a
// warning; the others are never reported.
const (
	verdictRecommended verdict = iota + 1
	verdictOK
	verdictWarn
	verdictFail
)

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

// algVerdict is what the linter knows about one algorithm name.
type algVerdict struct {
	name    string
	class   algClass
	verdict verdict
	// reason says why, in a few words, for the finding's message.
	reason string
	// since is the first upstream OpenSSH release that knows the name, until the first
	// that no longer does ("" when every release the linter targets knows it, or still
	// does). Distribution backports are in the dialect's own list (keyword.Algorithms),
	// which always decides whether a target knows a name; these only explain why not.
	since, until string
}

// algVerdicts is the verdict table. Names are in the order of lint-rules.md §1.3.
var algVerdicts = []algVerdict{
	// KexAlgorithms
	{"mlkem768x25519-sha256", classKex, verdictRecommended, "post-quantum hybrid (ML-KEM-768 with X25519)", "9.9", ""},
	{"sntrup761x25519-sha512", classKex, verdictRecommended, "post-quantum hybrid (Streamlined NTRU Prime with X25519)", "9.9", ""},
	{"sntrup761x25519-sha512@openssh.com", classKex, verdictRecommended, "post-quantum hybrid (Streamlined NTRU Prime with X25519)", "8.5", ""},
	{"mlkem768nistp256-sha256", classKex, verdictOK, "post-quantum hybrid with NIST P-256", "10.5", ""},
	{"curve25519-sha256", classKex, verdictOK, "strong classical key exchange, not post-quantum", "7.4", ""},
	{"curve25519-sha256@libssh.org", classKex, verdictOK, "strong classical key exchange, not post-quantum", "6.5", ""},
	{"ecdh-sha2-nistp256", classKex, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdh-sha2-nistp384", classKex, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdh-sha2-nistp521", classKex, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"diffie-hellman-group16-sha512", classKex, verdictOK, "4096-bit group, slow, not post-quantum", "7.3", ""},
	{"diffie-hellman-group18-sha512", classKex, verdictOK, "8192-bit group, slow, not post-quantum", "7.3", ""},
	{"diffie-hellman-group-exchange-sha256", classKex, verdictOK, "group chosen by the server", "4.4", ""},
	{"diffie-hellman-group14-sha256", classKex, verdictWarn, "2048-bit group: 112-bit strength, which NIST accepts only until 2030", "7.3", ""},
	{"diffie-hellman-group14-sha1", classKex, verdictFail, "SHA-1 hash; out of OpenSSH's defaults since 8.2", "", ""},
	{"diffie-hellman-group-exchange-sha1", classKex, verdictFail, "SHA-1 hash", "", ""},
	{"diffie-hellman-group1-sha1", classKex, verdictFail, "1024-bit group, open to Logjam, and SHA-1 hash", "", ""},
	{"sntrup4591761x25519-sha512@tinyssh.org", classKex, verdictWarn, "replaced by sntrup761x25519-sha512@openssh.com", "8.0", "8.5"},

	// Ciphers
	{"chacha20-poly1305@openssh.com", classCipher, verdictRecommended, "authenticated encryption", "6.5", ""},
	{"aes256-gcm@openssh.com", classCipher, verdictRecommended, "authenticated encryption", "6.2", ""},
	{"aes128-gcm@openssh.com", classCipher, verdictRecommended, "authenticated encryption", "6.2", ""},
	{"aes128-ctr", classCipher, verdictOK, "counter mode, fine with an encrypt-then-MAC MAC", "", ""},
	{"aes192-ctr", classCipher, verdictOK, "counter mode, fine with an encrypt-then-MAC MAC", "", ""},
	{"aes256-ctr", classCipher, verdictOK, "counter mode, fine with an encrypt-then-MAC MAC", "", ""},
	{"aes128-cbc", classCipher, verdictWarn, "CBC mode, with a history of plaintext-recovery attacks on SSH", "", ""},
	{"aes192-cbc", classCipher, verdictWarn, "CBC mode, with a history of plaintext-recovery attacks on SSH", "", ""},
	{"aes256-cbc", classCipher, verdictWarn, "CBC mode, with a history of plaintext-recovery attacks on SSH", "", ""},
	{"3des-cbc", classCipher, verdictFail, "64-bit block, open to Sweet32; NIST disallows triple DES", "", ""},
	{"arcfour", classCipher, verdictFail, "RC4 stream cipher, broken", "", "7.6"},
	{"arcfour128", classCipher, verdictFail, "RC4 stream cipher, broken", "", "7.6"},
	{"arcfour256", classCipher, verdictFail, "RC4 stream cipher, broken", "", "7.6"},
	{"blowfish-cbc", classCipher, verdictFail, "64-bit block cipher", "", "7.6"},
	{"cast128-cbc", classCipher, verdictFail, "64-bit block cipher", "", "7.6"},

	// MACs
	{"hmac-sha2-256-etm@openssh.com", classMAC, verdictRecommended, "encrypt-then-MAC with SHA-2", "6.2", ""},
	{"hmac-sha2-512-etm@openssh.com", classMAC, verdictRecommended, "encrypt-then-MAC with SHA-2", "6.2", ""},
	{"umac-128-etm@openssh.com", classMAC, verdictRecommended, "encrypt-then-MAC with a 128-bit tag", "6.2", ""},
	{"umac-64-etm@openssh.com", classMAC, verdictOK, "64-bit tag", "6.2", ""},
	{"hmac-sha2-256", classMAC, verdictOK, "encrypt-and-MAC", "", ""},
	{"hmac-sha2-512", classMAC, verdictOK, "encrypt-and-MAC", "", ""},
	{"umac-128@openssh.com", classMAC, verdictOK, "encrypt-and-MAC", "6.2", ""},
	{"umac-64@openssh.com", classMAC, verdictOK, "encrypt-and-MAC with a 64-bit tag", "", ""},
	{"hmac-sha1-etm@openssh.com", classMAC, verdictWarn, "SHA-1 based; BSI dropped HMAC-SHA-1 in 2020", "6.2", ""},
	{"hmac-sha1", classMAC, verdictWarn, "SHA-1 based; BSI dropped HMAC-SHA-1 in 2020", "", ""},
	{"hmac-sha1-96", classMAC, verdictFail, "truncated SHA-1 tag", "", ""},
	{"hmac-sha1-96-etm@openssh.com", classMAC, verdictFail, "truncated SHA-1 tag", "6.2", ""},
	{"hmac-md5", classMAC, verdictFail, "MD5", "", ""},
	{"hmac-md5-96", classMAC, verdictFail, "truncated MD5 tag", "", ""},
	{"hmac-md5-etm@openssh.com", classMAC, verdictFail, "MD5", "6.2", ""},
	{"hmac-md5-96-etm@openssh.com", classMAC, verdictFail, "truncated MD5 tag", "6.2", ""},
	{"hmac-ripemd160", classMAC, verdictFail, "RIPEMD-160", "", "7.6"},
	{"hmac-ripemd160@openssh.com", classMAC, verdictFail, "RIPEMD-160", "", "7.6"},
	{"hmac-ripemd160-etm@openssh.com", classMAC, verdictFail, "RIPEMD-160", "6.2", "7.6"},

	// Host key, public key and signature algorithms
	{"ssh-ed25519", classKey, verdictRecommended, "EdDSA", "6.5", ""},
	{"ssh-ed25519-cert-v01@openssh.com", classKey, verdictRecommended, "EdDSA", "6.5", ""},
	{"sk-ssh-ed25519@openssh.com", classKey, verdictRecommended, "EdDSA on a FIDO hardware key", "8.2", ""},
	{"sk-ssh-ed25519-cert-v01@openssh.com", classKey, verdictRecommended, "EdDSA on a FIDO hardware key", "8.2", ""},
	{"rsa-sha2-512", classKey, verdictOK, "RSA with SHA-2; strength depends on the key size", "7.2", ""},
	{"rsa-sha2-256", classKey, verdictOK, "RSA with SHA-2; strength depends on the key size", "7.2", ""},
	{"rsa-sha2-512-cert-v01@openssh.com", classKey, verdictOK, "RSA with SHA-2; strength depends on the key size", "7.8", ""},
	{"rsa-sha2-256-cert-v01@openssh.com", classKey, verdictOK, "RSA with SHA-2; strength depends on the key size", "7.8", ""},
	{"ecdsa-sha2-nistp256", classKey, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp384", classKey, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp521", classKey, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp256-cert-v01@openssh.com", classKey, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp384-cert-v01@openssh.com", classKey, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"ecdsa-sha2-nistp521-cert-v01@openssh.com", classKey, verdictOK, "NIST curve, in OpenSSH's defaults", "5.7", ""},
	{"sk-ecdsa-sha2-nistp256@openssh.com", classKey, verdictOK, "hardware-bound FIDO key", "8.2", ""},
	{"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", classKey, verdictOK, "hardware-bound FIDO key", "8.2", ""},
	{"webauthn-sk-ecdsa-sha2-nistp256@openssh.com", classKey, verdictOK, "hardware-bound FIDO key", "8.3", ""},
	{"webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", classKey, verdictOK, "hardware-bound FIDO key", "10.3", ""},
	{"ssh-mldsa44-ed25519@openssh.com", classKey, verdictOK, "experimental post-quantum hybrid signature", "10.4", ""},
	{"ssh-mldsa44-ed25519-cert-v01@openssh.com", classKey, verdictOK, "experimental post-quantum hybrid signature", "10.4", ""},
	{"ssh-rsa", classKey, verdictFail, "RSA signatures with SHA-1; off by default since 8.8", "", ""},
	{"ssh-rsa-cert-v01@openssh.com", classKey, verdictFail, "RSA signatures with SHA-1; off by default since 8.8", "", ""},
	{"ssh-dss", classKey, verdictFail, "1024-bit DSA with SHA-1", "", "10.0"},
	{"ssh-dss-cert-v01@openssh.com", classKey, verdictFail, "1024-bit DSA with SHA-1", "", "10.0"},
	{"ssh-rsa-cert-v00@openssh.com", classKey, verdictFail, "legacy certificate format", "", "7.0"},
	{"ssh-dss-cert-v00@openssh.com", classKey, verdictFail, "legacy certificate format", "", "7.0"},
}

// algIndex finds a name's entry by class; it is built on first use, not at start-up.
var algIndex = sync.OnceValue(func() map[algClass]map[string]*algVerdict {
	m := map[algClass]map[string]*algVerdict{}
	for i := range algVerdicts {
		v := &algVerdicts[i]
		if m[v.class] == nil {
			m[v.class] = map[string]*algVerdict{}
		}
		m[v.class][v.name] = v
	}
	return m
})

// lookupAlg returns the entry for name in family f's namespace.
func lookupAlg(f keyword.AlgorithmFamily, name string) (*algVerdict, bool) {
	v, ok := algIndex()[classOf(f)][name]
	return v, ok
}

// algNames returns every name the table has for family f's namespace.
func algNames(f keyword.AlgorithmFamily) []string {
	var out []string
	c := classOf(f)
	for _, v := range algVerdicts {
		if v.class == c {
			out = append(out, v.name)
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

// verdictLevels name the verdicts for AlgorithmVerdict.
var verdictLevels = [...]string{verdictRecommended: "recommended", verdictOK: "ok", verdictWarn: "weak", verdictFail: "broken"}

// AlgorithmVerdict returns how the linter judges algorithm name in a list of family f:
// level is "recommended", "ok", "weak" (a warning of weak-algorithm) or "broken" (an
// error), reason says why in a few words. ok is false for a name the table does not
// judge (a pattern, a name it does not know).
func AlgorithmVerdict(f keyword.AlgorithmFamily, name string) (level, reason string, ok bool) {
	v, ok := lookupAlg(f, name)
	if !ok {
		return "", "", false
	}
	return verdictLevels[v.verdict], v.reason, true
}
