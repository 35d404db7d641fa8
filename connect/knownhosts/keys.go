package knownhosts

import (
	"bytes"
	"crypto/dsa" //lint:ignore SA1019 only to report a DSA key's size, as ssh does
	"crypto/ecdsa"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
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

// digest hashes key (the certified key for a certificate) with the hash FingerprintHash
// names, and returns the hash's name as ssh writes it.
func digest(key ssh.PublicKey, hashID int) (name string, sum []byte) {
	if hashID < 0 || hashID >= len(fingerprintHashes) {
		hashID = 2
	}
	h := fingerprintHashes[hashID]
	d := h.new()
	d.Write(plainKey(key).Marshal())
	return h.name, d.Sum(nil)
}

// fingerprint is ssh's fingerprint of key: "SHA256:base64" or "MD5:hex:pairs".
func fingerprint(key ssh.PublicKey, hashID int) string {
	name, sum := digest(key, hashID)
	if name == "MD5" {
		pairs := make([]string, len(sum))
		for i, b := range sum {
			pairs[i] = hex.EncodeToString([]byte{b})
		}
		return "MD5:" + strings.Join(pairs, ":")
	}
	return name + ":" + base64.RawStdEncoding.EncodeToString(sum)
}

// The random art field (VisualHostKey).
const (
	artWidth  = 17
	artHeight = 9
	artChars  = " .o+=*BOX@%&#/^SE" // visit counts, then the start and the end
)

// randomArt is ssh's picture of key's fingerprint (VisualHostKey): a bishop's walk over
// a 17×9 field driven by the digest's bits, framed with the key's type and size above and
// the hash's name below.
func randomArt(key ssh.PublicKey, hashID int) string {
	name, sum := digest(key, hashID)
	var field [artWidth][artHeight]int
	top := len(artChars) - 1
	x, y := artWidth/2, artHeight/2
	for _, b := range sum {
		for range 4 {
			x += int(b&1)*2 - 1
			y += int(b>>1&1)*2 - 1
			x = min(max(x, 0), artWidth-1)
			y = min(max(y, 0), artHeight-1)
			if field[x][y] < top-2 {
				field[x][y]++
			}
			b >>= 2
		}
	}
	field[artWidth/2][artHeight/2] = top - 1
	field[x][y] = top
	title := fmt.Sprintf("[%s %d]", typeName(key), keyBits(key))
	if len(title) > artWidth {
		title = "[" + typeName(key) + "]"
	}
	if len(title) >= artWidth { // ssh's buffer holds 16 bytes
		title = title[:artWidth-1]
	}
	var b strings.Builder
	border := func(label string) {
		b.WriteByte('+')
		left := (artWidth - len(label)) / 2
		b.WriteString(strings.Repeat("-", left) + label + strings.Repeat("-", artWidth-left-len(label)))
		b.WriteByte('+')
	}
	border(title)
	for y := range artHeight {
		b.WriteString("\n|")
		for x := range artWidth {
			b.WriteByte(artChars[min(field[x][y], top)])
		}
		b.WriteByte('|')
	}
	b.WriteByte('\n')
	border("[" + name + "]")
	return b.String()
}

// keyBits is ssh's sshkey_size: the modulus for RSA and DSA, the curve for ECDSA, 256 for
// Ed25519 and the security keys.
func keyBits(key ssh.PublicKey) int {
	k := plainKey(key)
	if c, ok := k.(ssh.CryptoPublicKey); ok {
		switch p := c.CryptoPublicKey().(type) {
		case *rsa.PublicKey:
			return p.N.BitLen()
		case *ecdsa.PublicKey:
			return p.Curve.Params().BitSize
		case *dsa.PublicKey:
			return p.P.BitLen()
		}
	}
	switch k.Type() {
	case ssh.KeyAlgoED25519, ssh.KeyAlgoSKED25519, ssh.KeyAlgoSKECDSA256:
		return 256
	}
	return 0
}

// keyText is the key as ssh writes it in known_hosts: "type base64".
func keyText(key ssh.PublicKey) string {
	return strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(key)), "\n")
}
