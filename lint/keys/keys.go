// Package keys reads OpenSSH key files without ever needing a passphrase: private keys
// (OpenSSH format, PEM and PKCS#8), public keys, certificates, and the lines of
// authorized_keys and known_hosts files. For each it reports what an audit needs — the
// key type and size, whether a private key is encrypted and how, the comment, the
// SHA256 fingerprint and a certificate's fields.
//
// Public keys and certificates are parsed with golang.org/x/crypto/ssh. Private keys in
// OpenSSH format are read with our own reader of the file's unencrypted envelope, which
// carries the public key and the cipher and KDF names in the clear: it gives the type,
// size and encryption of every key type (DSA and security-key keys included, which
// x/crypto cannot parse) without decrypting anything.
//
//	k, err := keys.Parse(data)
//	if err == nil {
//		fmt.Println(k.Type, k.Bits, k.Encrypted, k.Fingerprint())
//	}
package keys

import (
	"bytes"
	"crypto"
	//lint:ignore SA1019 the audit recognises and reports DSA keys; it never uses them
	"crypto/dsa" //nolint:staticcheck // DSA keys are what we look for
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Kind says what a key file holds.
type Kind int

// The kinds of key file.
const (
	PrivateKey Kind = iota + 1
	PublicKey
	Certificate
)

var kindNames = [...]string{"", "private key", "public key", "certificate"}

// String returns "private key", "public key" or "certificate".
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Format is the encoding of a private key file.
type Format string

// The private key formats.
const (
	FormatOpenSSH Format = "openssh" // -----BEGIN OPENSSH PRIVATE KEY-----
	FormatPEM     Format = "pem"     // -----BEGIN RSA/EC/DSA PRIVATE KEY----- (PKCS#1, SEC 1)
	FormatPKCS8   Format = "pkcs8"   // -----BEGIN (ENCRYPTED) PRIVATE KEY-----
)

// Key is what a key file tells without a passphrase.
type Key struct {
	Kind Kind
	// Format is the private key's encoding ("" for public keys and certificates).
	Format Format
	// Type is the key's algorithm name as ssh writes it ("ssh-ed25519", "ssh-rsa",
	// "ecdsa-sha2-nistp256", "ssh-dss", "sk-ssh-ed25519@openssh.com"); for a
	// certificate, the certified key's. "" when the file does not say (an encrypted
	// PEM or PKCS#8 key).
	Type string
	// Bits is the key's size: the RSA modulus, the DSA prime, the ECDSA curve; 256 for
	// Ed25519. 0 when unknown.
	Bits int
	// Public is the public key (for a certificate, the *ssh.Certificate); nil when the
	// file does not hold it in the clear.
	Public ssh.PublicKey
	// Cert is the certificate, for Kind Certificate.
	Cert *ssh.Certificate
	// Encrypted says a private key needs a passphrase. Cipher and KDF name its
	// protection ("aes256-ctr", "bcrypt"); Rounds is the bcrypt work factor.
	Encrypted   bool
	Cipher, KDF string
	Rounds      int
	// LegacyPEMEncryption marks a PEM key encrypted the old OpenSSL way (Proc-Type:
	// 4,ENCRYPTED): its key is derived from the passphrase with one MD5 pass.
	LegacyPEMEncryption bool
	// Comment is the key's comment ("" when none or when it is encrypted).
	Comment string
}

// Fingerprint returns the key's SHA256 fingerprint as ssh-keygen -l prints it ("" when
// the public key is unknown).
func (k *Key) Fingerprint() string {
	if k.Public == nil {
		return ""
	}
	if k.Cert != nil {
		return ssh.FingerprintSHA256(k.Cert.Key)
	}
	return ssh.FingerprintSHA256(k.Public)
}

// ErrNotKey is returned by Parse for data that is not a key file of any known format.
var ErrNotKey = errors.New("not a key file")

// UnsupportedFormatError is returned for a key file in a format OpenSSH cannot load.
type UnsupportedFormatError struct{ Format string }

func (e *UnsupportedFormatError) Error() string {
	return e.Format + " key file: ssh cannot load this format (convert it with puttygen or ssh-keygen)"
}

// Parse reads a key file: a private key, a public key or a certificate. It never needs
// a passphrase. Data that is not a key file gives ErrNotKey; a malformed key another
// error.
func Parse(data []byte) (*Key, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN ")):
		return parsePEM(trimmed)
	case bytes.HasPrefix(trimmed, []byte("PuTTY-User-Key-File-")):
		return nil, &UnsupportedFormatError{Format: "PuTTY (.ppk)"}
	case bytes.HasPrefix(trimmed, []byte("---- BEGIN SSH2 PUBLIC KEY ----")):
		return nil, &UnsupportedFormatError{Format: "RFC 4716 (SSH2) public"}
	}
	line := trimmed
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	k, err := ParsePublic(line)
	if err != nil {
		return nil, ErrNotKey
	}
	return k, nil
}

// ParsePublic reads a public key or certificate line ("type base64 [comment]").
func ParsePublic(line []byte) (*Key, error) {
	pub, comment, _, _, err := ssh.ParseAuthorizedKey(line)
	if err != nil {
		return nil, err
	}
	return publicKey(pub, comment), nil
}

// publicKey describes a parsed public key or certificate.
func publicKey(pub ssh.PublicKey, comment string) *Key {
	k := &Key{Kind: PublicKey, Public: pub, Comment: comment}
	describe := pub
	if c, ok := pub.(*ssh.Certificate); ok {
		k.Kind, k.Cert, describe = Certificate, c, c.Key
	}
	k.Type, k.Bits = describe.Type(), Size(describe)
	return k
}

// Size returns a public key's size in bits (0 when unknown).
func Size(pub ssh.PublicKey) int {
	cp, ok := pub.(ssh.CryptoPublicKey)
	if !ok {
		return 0
	}
	switch k := cp.CryptoPublicKey().(type) {
	case *rsa.PublicKey:
		return k.N.BitLen()
	case *ecdsa.PublicKey:
		return k.Curve.Params().BitSize
	case *dsa.PublicKey:
		return k.P.BitLen()
	case ed25519.PublicKey:
		return 256
	}
	return 0
}

// parsePEM reads a PEM-armoured private key.
func parsePEM(data []byte) (*Key, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("malformed PEM armour")
	}
	switch block.Type {
	case "OPENSSH PRIVATE KEY":
		return parseOpenSSH(block.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		return &Key{Kind: PrivateKey, Format: FormatPKCS8, Encrypted: true}, nil
	case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "PRIVATE KEY":
	default:
		return nil, ErrNotKey
	}
	k := &Key{Kind: PrivateKey, Format: FormatPEM}
	if block.Type == "PRIVATE KEY" {
		k.Format = FormatPKCS8
	}
	if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
		k.Encrypted, k.LegacyPEMEncryption = true, true
		k.Cipher, _, _ = strings.Cut(block.Headers["DEK-Info"], ",")
		k.Type = pemKeyTypes[block.Type]
		return k, nil
	}
	raw, err := ssh.ParseRawPrivateKey(pem.EncodeToMemory(block))
	if err != nil {
		return nil, err
	}
	var pub ssh.PublicKey
	switch p := raw.(type) {
	case *dsa.PrivateKey:
		pub, err = ssh.NewPublicKey(&p.PublicKey)
	case crypto.Signer:
		pub, err = ssh.NewPublicKey(p.Public())
	default:
		err = fmt.Errorf("unsupported private key %T", raw)
	}
	if err != nil {
		return nil, err
	}
	k.Public, k.Type, k.Bits = pub, pub.Type(), Size(pub)
	return k, nil
}

// pemKeyTypes maps the PEM block type of an encrypted key to its algorithm (ECDSA's
// curve, and so its full name, is inside the encrypted part).
var pemKeyTypes = map[string]string{
	"RSA PRIVATE KEY": ssh.KeyAlgoRSA,
	//lint:ignore SA1019 the audit recognises and reports DSA keys; it never uses them
	"DSA PRIVATE KEY": ssh.KeyAlgoDSA,
}
