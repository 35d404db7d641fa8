package knownhosts

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/safefile"
)

// revokedIn reports whether the RevokedHostKeys file at path revokes key, as ssh's
// sshkey_check_revoked does: the file is a KRL (ssh-keygen -k) or a list of public keys.
// For a list, line is the line that revokes the key; for a KRL it is 0. As for ssh, a
// file that cannot be read or parsed is an error, and the key is then refused.
func revokedIn(path string, key ssh.PublicKey) (revoked bool, line int, err error) {
	data, _, err := safefile.ReadRegular(path, safefile.Limit)
	if err != nil {
		return false, 0, err
	}
	if bytes.HasPrefix(data, []byte(krlMagic)) {
		k, err := parseKRL(data)
		if err != nil {
			return false, 0, fmt.Errorf("%s: %w", path, err)
		}
		return k.revokes(key), 0, nil
	}
	for _, e := range parseHostKeyList(data) {
		if sameKey(plainKey(key), e.key) {
			return true, e.line, nil
		}
		if c, ok := key.(*ssh.Certificate); ok && sameKey(c.SignatureKey, e.key) {
			return true, e.line, nil
		}
	}
	return false, 0, nil
}

// listedKey is one key of a plain revoked-keys list.
type listedKey struct {
	key  ssh.PublicKey
	line int
}

// parseHostKeyList reads a list of public keys, one per line in authorized_keys form;
// lines that hold no key are skipped, as by ssh.
func parseHostKeyList(data []byte) []listedKey {
	var out []listedKey
	for n, l := range bytes.Split(data, []byte("\n")) {
		if k, _, _, _, err := ssh.ParseAuthorizedKey(l); err == nil {
			out = append(out, listedKey{plainKey(k), n + 1})
		}
	}
	return out
}

// krlMagic starts a key revocation list (PROTOCOL.krl).
const krlMagic = "SSHKRL\n\x00"

// KRL section types (PROTOCOL.krl).
const (
	krlCertificates  = 1
	krlExplicitKey   = 2
	krlSHA1          = 3
	krlSignature     = 4
	krlSHA256        = 5
	krlSerialList    = 0x20
	krlSerialRange   = 0x21
	krlSerialBitmap  = 0x22
	krlKeyID         = 0x23
	krlFormatVersion = 1
)

// krl is what a key revocation list revokes.
type krl struct {
	keys          [][]byte // plain key blobs
	sha1s, sha256 [][]byte // hashes of plain key blobs
	certs         []krlCerts
}

// krlCerts revokes certificates of one CA (ca nil: of every CA).
type krlCerts struct {
	ca      []byte
	serials []serialRange
	bitmaps []serialBitmap
	keyIDs  []string
}

type serialRange struct{ lo, hi uint64 }

type serialBitmap struct {
	offset uint64
	bits   []byte // big-endian: bit N (from the least significant) revokes offset+N
}

// wire reads SSH wire encoding.
type wire struct {
	b   []byte
	err error
}

var errKRL = errors.New("invalid KRL")

func (w *wire) take(n int) []byte {
	if w.err != nil || n < 0 || len(w.b) < n {
		w.err = errKRL
		return nil
	}
	v := w.b[:n]
	w.b = w.b[n:]
	return v
}

func (w *wire) u8() byte {
	if v := w.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (w *wire) u32() uint32 {
	if v := w.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (w *wire) u64() uint64 {
	if v := w.take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func (w *wire) str() []byte {
	n := w.u32()
	if n > uint32(len(w.b)) {
		w.err = errKRL
		return nil
	}
	return w.take(int(n))
}

// parseKRL reads a KRL as ssh's ssh_krl_from_blob does without trusted signers: its
// signature sections (at the end) must hold valid signatures of the KRL up to them, by
// keys that are not all revoked.
func parseKRL(data []byte) (*krl, error) {
	w := &wire{b: data[len(krlMagic):]}
	if w.u32() != krlFormatVersion {
		return nil, fmt.Errorf("%w: unsupported format version", errKRL)
	}
	w.u64() // krl_version
	w.u64() // generated_date
	w.u64() // flags
	w.str() // reserved
	w.str() // comment
	k := &krl{}
	var signers []ssh.PublicKey
	for w.err == nil && len(w.b) > 0 {
		typ := w.u8()
		if typ == krlSignature {
			signer, err := verifyKRLSignature(data, w)
			if err != nil {
				return nil, err
			}
			if slices.ContainsFunc(signers, func(s ssh.PublicKey) bool { return sameKey(s, signer) }) {
				return nil, fmt.Errorf("%w: signed more than once with the same key", errKRL)
			}
			signers = append(signers, signer)
			continue
		}
		if len(signers) > 0 {
			return nil, fmt.Errorf("%w: a section follows the signature", errKRL)
		}
		sec := &wire{b: w.str()}
		if w.err != nil {
			break
		}
		switch typ {
		case krlCertificates:
			k.certs = append(k.certs, parseKRLCerts(sec))
		case krlExplicitKey:
			for sec.err == nil && len(sec.b) > 0 {
				k.keys = append(k.keys, sec.str())
			}
		case krlSHA1:
			k.sha1s = append(k.sha1s, hashes(sec, sha1.Size)...)
		case krlSHA256:
			k.sha256 = append(k.sha256, hashes(sec, sha256.Size)...)
		default:
			return nil, fmt.Errorf("%w: unknown section type %d", errKRL, typ)
		}
		if sec.err != nil {
			return nil, sec.err
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if len(signers) > 0 && !slices.ContainsFunc(signers, func(s ssh.PublicKey) bool { return !k.revokes(s) }) {
		return nil, fmt.Errorf("%w: every key that signed it is revoked", errKRL)
	}
	return k, nil
}

// verifyKRLSignature reads a signature section's key and signature from w (positioned
// after the section type) and checks the signature over data up to the signature.
func verifyKRLSignature(data []byte, w *wire) (ssh.PublicKey, error) {
	key, err := ssh.ParsePublicKey(w.str())
	if err != nil || w.err != nil {
		return nil, fmt.Errorf("%w: bad signature key", errKRL)
	}
	signed := data[:len(data)-len(w.b)]
	sw := &wire{b: w.str()}
	sig := &ssh.Signature{Format: string(sw.str()), Blob: sw.str(), Rest: sw.b}
	if w.err != nil || sw.err != nil {
		return nil, fmt.Errorf("%w: bad signature", errKRL)
	}
	if len(sig.Rest) == 0 {
		sig.Rest = nil
	}
	if err := key.Verify(signed, sig); err != nil {
		return nil, fmt.Errorf("%w: signature does not verify: %v", errKRL, err)
	}
	return key, nil
}

// hashes reads a section of key hashes of size bytes each.
func hashes(sec *wire, size int) [][]byte {
	var out [][]byte
	for sec.err == nil && len(sec.b) > 0 {
		if h := sec.str(); len(h) == size {
			out = append(out, h)
		} else {
			sec.err = fmt.Errorf("%w: a hash of %d bytes", errKRL, len(h))
		}
	}
	return out
}

func parseKRLCerts(sec *wire) krlCerts {
	c := krlCerts{ca: sec.str()}
	if len(c.ca) == 0 {
		c.ca = nil
	}
	sec.str() // reserved
	for sec.err == nil && len(sec.b) > 0 {
		typ := sec.u8()
		sub := &wire{b: sec.str()}
		switch typ {
		case krlSerialList:
			for sub.err == nil && len(sub.b) > 0 {
				s := sub.u64()
				c.serials = append(c.serials, serialRange{s, s})
			}
		case krlSerialRange:
			c.serials = append(c.serials, serialRange{sub.u64(), sub.u64()})
		case krlSerialBitmap:
			c.bitmaps = append(c.bitmaps, serialBitmap{sub.u64(), sub.str()})
		case krlKeyID:
			for sub.err == nil && len(sub.b) > 0 {
				c.keyIDs = append(c.keyIDs, string(sub.str()))
			}
		default:
			sub.err = fmt.Errorf("%w: unknown certificate section type %d", errKRL, typ)
		}
		if sub.err != nil {
			sec.err = sub.err
		}
	}
	return c
}

// revokes is ssh's ssh_krl_check_key: the key (or certificate) itself, then for a
// certificate its CA's key.
func (k *krl) revokes(key ssh.PublicKey) bool {
	if k.keyRevoked(key) {
		return true
	}
	c, ok := key.(*ssh.Certificate)
	return ok && k.keyRevoked(c.SignatureKey)
}

// keyRevoked is ssh's is_key_revoked: by hash, by explicit key, and for a certificate by
// key ID or serial under its CA or under any CA.
func (k *krl) keyRevoked(key ssh.PublicKey) bool {
	blob := plainKey(key).Marshal()
	s1, s256 := sha1.Sum(blob), sha256.Sum256(blob)
	if containsBytes(k.sha1s, s1[:]) || containsBytes(k.sha256, s256[:]) || containsBytes(k.keys, blob) {
		return true
	}
	c, ok := key.(*ssh.Certificate)
	if !ok {
		return false
	}
	ca := c.SignatureKey.Marshal()
	for _, rc := range k.certs {
		if rc.ca != nil && !bytes.Equal(rc.ca, ca) {
			continue
		}
		if slices.Contains(rc.keyIDs, c.KeyId) {
			return true
		}
		if c.Serial == 0 { // the default when the CA gives none
			continue
		}
		for _, r := range rc.serials {
			if r.lo <= c.Serial && c.Serial <= r.hi {
				return true
			}
		}
		for _, b := range rc.bitmaps {
			if c.Serial < b.offset {
				continue
			}
			n := c.Serial - b.offset
			if n/8 < uint64(len(b.bits)) && b.bits[uint64(len(b.bits))-1-n/8]>>(n%8)&1 == 1 {
				return true
			}
		}
	}
	return false
}

func containsBytes(list [][]byte, b []byte) bool {
	return slices.ContainsFunc(list, func(x []byte) bool { return bytes.Equal(x, b) })
}
