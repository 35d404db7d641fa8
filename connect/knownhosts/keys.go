package knownhosts

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strings"

	"golang.org/x/crypto/ssh"
)

// plainKey is the key a certificate certifies, or key itself.
func plainKey(key ssh.PublicKey) ssh.PublicKey {
	if c, ok := key.(*ssh.Certificate); ok {
		return c.Key
	}
	return key
}

// sameKey reports whether a and b are the same public key (ssh's sshkey_equal).
func sameKey(a, b ssh.PublicKey) bool {
	return a != nil && b != nil && bytes.Equal(a.Marshal(), b.Marshal())
}

// typeNames are ssh's short names of key types (sshkey_type), as its messages show them.
var typeNames = map[string]string{
	ssh.KeyAlgoRSA:        "RSA",
	"ssh-dss":             "DSA", // named for messages only
	ssh.KeyAlgoECDSA256:   "ECDSA",
	ssh.KeyAlgoECDSA384:   "ECDSA",
	ssh.KeyAlgoECDSA521:   "ECDSA",
	ssh.KeyAlgoED25519:    "ED25519",
	ssh.KeyAlgoSKECDSA256: "ECDSA-SK",
	ssh.KeyAlgoSKED25519:  "ED25519-SK",
}

// typeName is ssh's short name for the type of key ("ED25519", "RSA-CERT").
func typeName(key ssh.PublicKey) string {
	if c, ok := key.(*ssh.Certificate); ok {
		return typeName(c.Key) + "-CERT"
	}
	if n, ok := typeNames[key.Type()]; ok {
		return n
	}
	return strings.ToUpper(key.Type())
}

// certPlainTypes maps certificate algorithms to the type of the key they certify.
var certPlainTypes = map[string]string{
	ssh.CertAlgoRSAv01:             ssh.KeyAlgoRSA,
	ssh.CertAlgoRSASHA256v01:       ssh.KeyAlgoRSA,
	ssh.CertAlgoRSASHA512v01:       ssh.KeyAlgoRSA,
	"ssh-dss-cert-v01@openssh.com": "ssh-dss",
	ssh.CertAlgoECDSA256v01:        ssh.KeyAlgoECDSA256,
	ssh.CertAlgoECDSA384v01:        ssh.KeyAlgoECDSA384,
	ssh.CertAlgoECDSA521v01:        ssh.KeyAlgoECDSA521,
	ssh.CertAlgoED25519v01:         ssh.KeyAlgoED25519,
	ssh.CertAlgoSKECDSA256v01:      ssh.KeyAlgoSKECDSA256,
	ssh.CertAlgoSKED25519v01:       ssh.KeyAlgoSKED25519,
}

// algorithmKeyType is the key type (as known_hosts stores it) a host key algorithm uses,
// and whether the algorithm is a certificate algorithm. The RSA signature algorithms all
// use ssh-rsa keys.
func algorithmKeyType(alg string) (keyType string, cert bool) {
	if t, ok := certPlainTypes[alg]; ok {
		return t, true
	}
	switch alg {
	case ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSASHA512:
		return ssh.KeyAlgoRSA, false
	}
	return alg, false
}

// fingerprintHashes are FingerprintHash's values in OpenSSH's numbering (SSH_DIGEST_*).
var fingerprintHashes = []struct {
	name string
	new  func() hash.Hash
}{
	{"MD5", md5.New},
	{"SHA1", sha1.New},
	{"SHA256", sha256.New},
	{"SHA384", sha512.New384},
	{"SHA512", sha512.New},
}

// fingerprint is ssh's fingerprint of key (of the certified key for a certificate) with
// the hash FingerprintHash names: "SHA256:base64" or "MD5:hex:pairs".
func fingerprint(key ssh.PublicKey, hashID int) string {
	if hashID < 0 || hashID >= len(fingerprintHashes) {
		hashID = 2
	}
	h := fingerprintHashes[hashID]
	d := h.new()
	d.Write(plainKey(key).Marshal())
	sum := d.Sum(nil)
	if h.name == "MD5" {
		pairs := make([]string, len(sum))
		for i, b := range sum {
			pairs[i] = hex.EncodeToString([]byte{b})
		}
		return "MD5:" + strings.Join(pairs, ":")
	}
	return h.name + ":" + base64.RawStdEncoding.EncodeToString(sum)
}

// keyText is the key as ssh writes it in known_hosts: "type base64".
func keyText(key ssh.PublicKey) string {
	return strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(key)), "\n")
}
