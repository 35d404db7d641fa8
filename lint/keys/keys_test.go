package keys_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/lint/keys"
)

// requireKeygen returns the path of ssh-keygen; it skips the test when ssh-keygen is
// missing, and fails it instead under CI=true.
func requireKeygen(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh-keygen")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ssh-keygen is not installed, and CI=true requires it: %v", err)
		}
		t.Skip("ssh-keygen is not installed")
	}
	return p
}

// keygen makes a key with ssh-keygen in dir and returns its path.
func keygen(t *testing.T, keygen, dir, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	cmd := exec.Command(keygen, append([]string{"-q", "-f", path, "-C", name}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen %v: %v\n%s", args, err, out)
	}
	return path
}

// TestParseKeygenKeys reads keys of every type and format ssh-keygen 9.2 makes, encrypted
// and not, and checks type, size, encryption, comment and fingerprint against what
// ssh-keygen -l says — without the passphrase.
func TestParseKeygenKeys(t *testing.T) {
	kg := requireKeygen(t)
	dir := t.TempDir()
	cases := []struct {
		name      string
		args      []string
		format    keys.Format
		typ       string
		bits      int // 0: unknown without the passphrase
		encrypted bool
		comment   bool // the comment is readable (an unencrypted OpenSSH key)
	}{
		{"ed25519", []string{"-t", "ed25519", "-N", ""}, keys.FormatOpenSSH, "ssh-ed25519", 256, false, true},
		{"ed25519-enc", []string{"-t", "ed25519", "-N", "pass phrase"}, keys.FormatOpenSSH, "ssh-ed25519", 256, true, false},
		{"rsa1024", []string{"-t", "rsa", "-b", "1024", "-N", ""}, keys.FormatOpenSSH, "ssh-rsa", 1024, false, true},
		{"rsa2048", []string{"-t", "rsa", "-b", "2048", "-N", ""}, keys.FormatOpenSSH, "ssh-rsa", 2048, false, true},
		{"rsa3072-enc", []string{"-t", "rsa", "-b", "3072", "-N", "pass phrase"}, keys.FormatOpenSSH, "ssh-rsa", 3072, true, false},
		{"ecdsa256", []string{"-t", "ecdsa", "-b", "256", "-N", ""}, keys.FormatOpenSSH, "ecdsa-sha2-nistp256", 256, false, true},
		{"ecdsa384-enc", []string{"-t", "ecdsa", "-b", "384", "-N", "pass phrase"}, keys.FormatOpenSSH, "ecdsa-sha2-nistp384", 384, true, false},
		{"ecdsa521", []string{"-t", "ecdsa", "-b", "521", "-N", ""}, keys.FormatOpenSSH, "ecdsa-sha2-nistp521", 521, false, true},
		{"dsa", []string{"-t", "dsa", "-N", ""}, keys.FormatOpenSSH, "ssh-dss", 1024, false, true},
		{"dsa-enc", []string{"-t", "dsa", "-N", "pass phrase"}, keys.FormatOpenSSH, "ssh-dss", 1024, true, false},
		{"dsa-pem", []string{"-t", "dsa", "-m", "PEM", "-N", ""}, keys.FormatPEM, "ssh-dss", 1024, false, false},
		{"rsa-pem", []string{"-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""}, keys.FormatPEM, "ssh-rsa", 2048, false, false},
		{"rsa-pem-enc", []string{"-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "pass phrase"}, keys.FormatPEM, "ssh-rsa", 0, true, false},
		{"ecdsa-pem", []string{"-t", "ecdsa", "-m", "PEM", "-N", ""}, keys.FormatPEM, "ecdsa-sha2-nistp256", 256, false, false},
		{"rsa-pkcs8", []string{"-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", ""}, keys.FormatPKCS8, "ssh-rsa", 2048, false, false},
		{"rsa-pkcs8-enc", []string{"-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", "pass phrase"}, keys.FormatPKCS8, "", 0, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := keygen(t, kg, dir, c.name, c.args...)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			k, err := keys.Parse(data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if k.Kind != keys.PrivateKey || k.Format != c.format || k.Type != c.typ || k.Bits != c.bits || k.Encrypted != c.encrypted {
				t.Errorf("got kind %v format %q type %q bits %d encrypted %v; want private key %q %q %d %v",
					k.Kind, k.Format, k.Type, k.Bits, k.Encrypted, c.format, c.typ, c.bits, c.encrypted)
			}
			if c.comment && k.Comment != c.name {
				t.Errorf("comment %q, want %q", k.Comment, c.name)
			}
			if k.Public == nil {
				return
			}
			out, err := exec.Command(kg, "-l", "-f", path+".pub").Output()
			if err != nil {
				t.Fatal(err)
			}
			if fp := strings.Fields(string(out))[1]; k.Fingerprint() != fp {
				t.Errorf("fingerprint %s, ssh-keygen -l says %s", k.Fingerprint(), fp)
			}
			pub, err := os.ReadFile(path + ".pub")
			if err != nil {
				t.Fatal(err)
			}
			pk, err := keys.Parse(pub)
			if err != nil || pk.Kind != keys.PublicKey || pk.Type != k.Type || pk.Bits != k.Bits || pk.Comment != c.name {
				t.Errorf(".pub: %+v, %v", pk, err)
			}
		})
	}
}

// TestBcryptRounds reads the work factor of an encrypted OpenSSH key.
func TestBcryptRounds(t *testing.T) {
	kg := requireKeygen(t)
	path := keygen(t, kg, t.TempDir(), "k", "-t", "ed25519", "-N", "pass phrase", "-a", "7")
	data, _ := os.ReadFile(path)
	k, err := keys.Parse(data)
	if err != nil || k.KDF != "bcrypt" || k.Rounds != 7 || k.Cipher != "aes256-ctr" {
		t.Fatalf("got %+v, %v", k, err)
	}
}

// TestCertificate signs a certificate with x/crypto and reads its fields.
func TestCertificate(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	_, caPriv, _ := ed25519.GenerateKey(rand.Reader)
	ca, err := ssh.NewSignerFromKey(caPriv)
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := ssh.NewPublicKey(pub)
	cert := &ssh.Certificate{Key: sp, CertType: ssh.UserCert, KeyId: "me", ValidPrincipals: []string{"me"}, ValidAfter: 100, ValidBefore: 200}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	k, err := keys.Parse(append(ssh.MarshalAuthorizedKey(cert), ' '))
	if err != nil {
		t.Fatal(err)
	}
	if k.Kind != keys.Certificate || k.Type != "ssh-ed25519" || k.Bits != 256 || k.Cert.ValidBefore != 200 || k.Fingerprint() != ssh.FingerprintSHA256(sp) {
		t.Errorf("got %+v", k)
	}
}

// TestMarshalledOpenSSHKey reads an OpenSSH key written by x/crypto, with its comment.
func TestMarshalledOpenSSHKey(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "made in go")
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.Parse(pemEncode(block.Type, block.Bytes))
	if err != nil || k.Comment != "made in go" || k.Type != "ssh-ed25519" || k.Encrypted {
		t.Fatalf("got %+v, %v", k, err)
	}
	// Every truncation of the body is an error, never a panic.
	for n := 0; n < len(block.Bytes); n++ {
		if _, err := keys.Parse(pemEncode(block.Type, block.Bytes[:n])); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
}

func pemEncode(typ string, body []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: body})
}

// TestNotKeys tells files that are not keys from keys ssh cannot load.
func TestNotKeys(t *testing.T) {
	if _, err := keys.Parse([]byte("Host *\n    User me\n")); !errors.Is(err, keys.ErrNotKey) {
		t.Errorf("config: %v, want ErrNotKey", err)
	}
	var unsupported *keys.UnsupportedFormatError
	if _, err := keys.Parse([]byte("PuTTY-User-Key-File-3: ssh-ed25519\n")); !errors.As(err, &unsupported) {
		t.Errorf("ppk: %v, want UnsupportedFormatError", err)
	}
}

// TestEntries reads authorized_keys and known_hosts lines: options, markers, hashed host
// names, comments and bad lines, with their line numbers.
func TestEntries(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	sp, _ := ssh.NewPublicKey(pub)
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp)))
	auth := "# keys\n\nfrom=\"10.0.0.0/8\",no-pty " + line + " me@laptop\nssh-ed25519 AAAAnotbase64!\n"
	es := keys.ParseAuthorizedKeys([]byte(auth))
	if len(es) != 2 || es[0].Line != 3 || es[0].Key == nil || es[0].Key.Comment != "me@laptop" || len(es[0].Options) != 2 || es[1].Line != 4 || es[1].Err == nil {
		t.Errorf("authorized_keys: %+v", es)
	}
	known := "@cert-authority *.example.com " + line + "\n|1|c2FsdA==|aGFzaA== " + line + "\n"
	es = keys.ParseKnownHosts([]byte(known))
	if len(es) != 2 || es[0].Marker != "cert-authority" || es[0].Hosts[0] != "*.example.com" || es[1].Key == nil || es[1].Offset != strings.Index(known, "|1|") {
		t.Errorf("known_hosts: %+v", es)
	}
}

// FuzzKeyParse checks that no input makes the readers panic.
func FuzzKeyParse(f *testing.F) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, _ := ssh.MarshalPrivateKey(priv, "seed")
	f.Add(pem.EncodeToMemory(block))
	f.Add([]byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpvS0l0aW5nIGFyb3VuZCB3aXRoIGZha2Uga2V5cyE= c\n"))
	f.Add([]byte("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		keys.Parse(data)
		keys.ParseAuthorizedKeys(data)
		keys.ParseKnownHosts(data)
	})
}
