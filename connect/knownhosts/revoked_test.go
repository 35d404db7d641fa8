package knownhosts

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestRevokedHostKeys(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	other := f.key("other", "ecdsa")
	ca, cert := f.hostCert("cert", "web.example.com", "-z", "42")
	_, cert7 := f.hostCert("cert7", "web.example.com", "-z", "7")
	f.keygen("-q", "-s", "cert_ca", "-I", "bad host", "-h", "-n", "web.example.com", "-z", "0", "cert7.pub")
	byID := f.pub(filepath.Join(f.dir, "cert7-cert.pub"))
	spec := func(name string, lines ...string) string {
		p := f.file(name, strings.Join(lines, "\n")+"\n")
		return p
	}
	kh := f.file("kh", line("web.example.com", host), line("web.example.com", other),
		"@cert-authority * "+keyText(ca)+"\n", "@cert-authority * "+keyText(f.pub(filepath.Join(f.dir, "cert7_ca.pub")))+"\n")

	// KRLs made by ssh-keygen -k
	keyKRL := filepath.Join(f.dir, "keys.krl")
	f.keygen("-q", "-k", "-f", keyKRL, "host.pub")
	hashKRL := filepath.Join(f.dir, "hash.krl")
	f.keygen("-q", "-k", "-f", hashKRL, spec("hash.spec", "hash: "+ssh.FingerprintSHA256(host)))
	sha1KRL := filepath.Join(f.dir, "sha1.krl")
	f.keygen("-q", "-k", "-f", sha1KRL, spec("sha1.spec", "sha1: "+keyText(host)))
	serialKRL := filepath.Join(f.dir, "serial.krl")
	f.keygen("-q", "-k", "-f", serialKRL, "-s", "cert_ca.pub", spec("serial.spec", "serial: 40-50", "serial: 1000"))
	idKRL := filepath.Join(f.dir, "id.krl")
	f.keygen("-q", "-k", "-f", idKRL, "-s", "cert_ca.pub", spec("id.spec", "id: bad host"))
	caKRL := filepath.Join(f.dir, "ca.krl")
	f.keygen("-q", "-k", "-f", caKRL, "cert_ca.pub")
	var odd []string
	for i := 1; i < 100; i += 2 {
		odd = append(odd, "serial: "+strconv.Itoa(i))
	}
	bitmapKRL := filepath.Join(f.dir, "bitmap.krl")
	f.keygen("-q", "-k", "-f", bitmapKRL, "-s", "cert7_ca.pub", spec("bitmap.spec", odd...))
	otherBitmapKRL := filepath.Join(f.dir, "bitmap2.krl")
	f.keygen("-q", "-k", "-f", otherBitmapKRL, "-s", "cert_ca.pub", spec("bitmap2.spec", odd...))
	if k, err := parseKRL([]byte(readFile(t, bitmapKRL))); err != nil || len(k.certs) != 1 || len(k.certs[0].bitmaps) == 0 {
		t.Fatalf("ssh-keygen made no bitmap section: %+v %v", k, err)
	}
	list := f.file("list", "# revoked\n\n", keyText(other)+" comment\n", keyText(host)+"\n")

	cases := []struct {
		name, file string
		key        ssh.PublicKey
		revoked    bool
		line       int
	}{
		{"krl key", keyKRL, host, true, 0},
		{"krl key, other", keyKRL, other, false, 0},
		{"krl sha256", hashKRL, host, true, 0},
		{"krl sha256, other", hashKRL, other, false, 0},
		{"krl sha1", sha1KRL, host, true, 0},
		{"krl serial range", serialKRL, cert, true, 0},
		{"krl serial, other", serialKRL, cert7, false, 0},
		{"krl serial bitmap", bitmapKRL, cert7, true, 0},
		{"krl serial bitmap, even", otherBitmapKRL, cert, false, 0},
		{"krl key id", idKRL, byID, true, 0},
		{"krl key id, other", idKRL, cert, false, 0},
		{"krl CA", caKRL, cert, true, 0},
		{"list", list, host, true, 4},
		{"list, other line", list, other, true, 3},
		{"list, certificate's CA", spec("calist", keyText(ca)), cert, true, 1},
		{"list, not listed", spec("nolist", keyText(other)), host, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := f.checker(config(kh, "yes", "  RevokedHostKeys "+c.file), "web.example.com", nil)
			err := s.verify(c.key)
			if !c.revoked {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := problemOf(t, err)
			if e.Problem != Revoked || e.Entry.File != c.file || e.Entry.Line != c.line {
				t.Fatalf("got %v", e)
			}
			if !strings.Contains(s.warn.String(), "revoked by file "+c.file) {
				t.Errorf("warning %q", s.warn.String())
			}
		})
	}

	// a file that cannot be read or parsed refuses every key, as in ssh
	bad := f.file("bad.krl", "SSHKRL\n\x00garbage")
	for _, p := range []string{filepath.Join(f.dir, "missing"), bad} {
		s := f.checker(config(kh, "yes", "  RevokedHostKeys "+p), "web.example.com", nil)
		if e := problemOf(t, s.verify(host)); e.Problem != RevocationUnchecked || !strings.Contains(e.Error(), p) {
			t.Errorf("%s: got %v", p, e)
		}
	}
	if _, err := os.Stat(bad); err != nil {
		t.Fatal(err)
	}
}

// TestSignedKRL: a KRL's signature sections are checked as ssh checks them.
func TestSignedKRL(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	krlPath := filepath.Join(f.dir, "keys.krl")
	f.keygen("-q", "-k", "-f", krlPath, "host.pub")
	unsigned := []byte(readFile(t, krlPath))
	signer := f.signer("krlsigner")
	sign := func(body []byte, s ssh.Signer) []byte {
		out := append(append([]byte{}, body...), krlSignature)
		out = appendString(out, s.PublicKey().Marshal())
		sig, err := s.Sign(nil, out)
		if err != nil {
			t.Fatal(err)
		}
		return appendString(out, ssh.Marshal(sig))
	}
	signed := sign(unsigned, signer)
	if k, err := parseKRL(signed); err != nil || !k.revokes(host) {
		t.Fatalf("signed KRL: %v", err)
	}
	twice := sign(signed, f.signer("second"))
	if _, err := parseKRL(twice); err != nil {
		t.Errorf("two signers: %v", err)
	}
	// ssh-keygen -Q (which reads KRLs as ssh does) agrees
	query := func(krl []byte) (string, error) {
		p := filepath.Join(f.dir, "query.krl")
		if err := os.WriteFile(p, krl, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("ssh-keygen", "-Q", "-f", p, filepath.Join(f.dir, "host.pub"))
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, _ := query(twice); !strings.Contains(out, "REVOKED") {
		t.Errorf("ssh-keygen -Q on our signed KRL: %s", out)
	}
	bad := append([]byte{}, signed...)
	bad[len(unsigned)-1] ^= 1 // inside the signed part
	if _, err := parseKRL(bad); err == nil {
		t.Error("a KRL changed after signing was accepted")
	}
	if out, err := query(bad); err == nil || strings.Contains(out, "REVOKED") {
		t.Errorf("ssh-keygen -Q accepted the changed KRL: %s", out)
	}
	if _, err := parseKRL(sign(signed, signer)); err == nil {
		t.Error("signed twice by one key")
	}
	// the signer revokes itself
	self := filepath.Join(f.dir, "self.krl")
	f.keygen("-q", "-k", "-f", self, "krlsigner.pub")
	if _, err := parseKRL(sign([]byte(readFile(t, self)), signer)); err == nil {
		t.Error("a KRL signed only by a revoked key was accepted")
	}
}

func appendString(b, s []byte) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

// signer makes a key pair and returns its signer.
func (f *fixture) signer(name string) ssh.Signer {
	f.t.Helper()
	f.key(name, "ed25519")
	priv, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		f.t.Fatal(err)
	}
	s, err := ssh.ParsePrivateKey(priv)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}
