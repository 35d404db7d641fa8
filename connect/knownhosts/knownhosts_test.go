package knownhosts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/crypto/ssh"
)

// config is a configuration with one known_hosts file and a StrictHostKeyChecking mode.
func config(known, mode string, extra ...string) string {
	return "Host *\n  UserKnownHostsFile " + known + "\n  GlobalKnownHostsFile none\n  StrictHostKeyChecking " + mode +
		"\n" + strings.Join(extra, "\n") + "\n"
}

func problemOf(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want a *knownhosts.Error, got %v", err)
	}
	return e
}

func TestKnownKeyAccepted(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	other := f.key("other", "ed25519")
	cases := []struct {
		name, lines, dest string
		args              []string
	}{
		{"plain", line("web.example.com", host), "web.example.com", nil},
		{"case", line("WEB.Example.com", host), "web.EXAMPLE.com", nil},
		{"list", line("a,web.example.com,b", host), "web.example.com", nil},
		{"wildcard", line("*.example.com", host), "web.example.com", nil},
		{"question", line("we?.example.com", host), "web.example.com", nil},
		{"port", line("[web.example.com]:2222", host), "web.example.com", []string{"-p", "2222"}},
		{"port falls back to the bare name", line("web.example.com", host), "web.example.com", []string{"-p", "2222"}},
		{"alias", line("myalias", host), "web.example.com", []string{"-o", "HostKeyAlias=MyAlias", "-p", "2222"}},
		{"second line", line("web.example.com", other) + line("web.example.com", host), "web.example.com", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kh := f.file("kh_"+strings.ReplaceAll(c.name, " ", "_"), c.lines)
			s := f.checker(config(kh, "yes"), c.dest, nil, c.args...)
			if err := s.verify(host); err != nil {
				t.Fatalf("refused: %v", err)
			}
		})
	}
}

func TestUnknownNames(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	cases := []struct {
		name, lines, dest string
		args              []string
	}{
		{"negated", line("*.example.com,!web.example.com", host), "web.example.com", nil},
		{"other port", line("[web.example.com]:2222", host), "web.example.com", nil},
		{"alias hides the name", line("web.example.com", host), "web.example.com", []string{"-o", "HostKeyAlias=other"}},
		{"comment", "#" + line("web.example.com", host), "web.example.com", nil},
		{"bad marker", "@cert-authorities " + line("web.example.com", host), "web.example.com", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kh := f.file("kh_"+strings.ReplaceAll(c.name, " ", "_"), c.lines)
			s := f.checker(config(kh, "yes"), c.dest, nil, c.args...)
			e := problemOf(t, s.verify(host))
			if e.Problem != Unknown {
				t.Fatalf("problem %v, want Unknown: %v", e.Problem, e)
			}
			if !strings.Contains(e.Error(), kh) || !strings.Contains(s.warn.String(), "and you have requested strict checking.") {
				t.Errorf("message does not name the file: %v\n%s", e, s.warn.String())
			}
		})
	}
}

func TestHashedEntries(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	kh := f.file("kh", line("web.example.com", host), line("[web.example.com]:2222", host))
	f.keygen("-H", "-f", kh)
	if strings.Contains(readFile(t, kh), "example") {
		t.Fatal("ssh-keygen -H did not hash the file")
	}
	for _, args := range [][]string{nil, {"-p", "2222"}} {
		s := f.checker(config(kh, "yes"), "web.example.com", nil, args...)
		if err := s.verify(host); err != nil {
			t.Errorf("%v: refused: %v", args, err)
		}
	}
	s := f.checker(config(kh, "yes"), "mail.example.com", nil)
	if e := problemOf(t, s.verify(host)); e.Problem != Unknown {
		t.Errorf("another name matched a hashed line: %v", e)
	}
}

func TestChangedKeyRefusedInEveryMode(t *testing.T) {
	f := newFixture(t)
	known := f.key("known", "rsa -b 2048")
	sent := f.key("sent", "ed25519")
	for _, mode := range []string{"yes", "ask", "accept-new", "no", "off"} {
		t.Run(mode, func(t *testing.T) {
			kh := f.file("kh_"+mode, "# first\n", line("other.example.com", sent), line("web.example.com", known))
			before := readFile(t, kh)
			s := f.checker(config(kh, mode), "web.example.com", []string{"yes"})
			e := problemOf(t, s.verify(sent))
			if e.Problem != Changed || e.Entry == nil || e.Entry.File != kh || e.Entry.Line != 3 {
				t.Fatalf("got %#v", e)
			}
			where := kh + ":3"
			if !strings.Contains(e.Error(), where) || !strings.Contains(e.Error(), "offending RSA key") {
				t.Errorf("error does not name %s: %v", where, e)
			}
			w := s.warn.String()
			for _, want := range []string{"REMOTE HOST IDENTIFICATION HAS CHANGED", "Offending RSA key in " + where,
				"The fingerprint for the ED25519 key sent by the remote host is\n" + ssh.FingerprintSHA256(sent) + "."} {
				if !strings.Contains(w, want) {
					t.Errorf("warning lacks %q:\n%s", want, w)
				}
			}
			if len(s.asked) != 0 {
				t.Errorf("asked %q", s.asked)
			}
			if readFile(t, kh) != before {
				t.Error("known_hosts changed")
			}
		})
	}
}

func TestUnknownKeyByMode(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	fp := ssh.FingerprintSHA256(host)
	cases := []struct {
		mode    string
		answers []string
		added   bool
		problem Problem
	}{
		{"yes", nil, false, Unknown},
		{"ask", nil, false, NotConfirmed},            // no terminal
		{"ask", []string{"no"}, false, NotConfirmed}, // declined
		{"ask", []string{""}, false, NotConfirmed},   // an empty answer is no
		{"ask", []string{"  YES "}, true, 0},
		{"ask", []string{"maybe", fp}, true, 0},                     // the fingerprint typed
		{"ask", []string{"maybe", "SHA256:x"}, false, NotConfirmed}, // then EOF
		{"accept-new", nil, true, 0},
		{"no", nil, true, 0},
	}
	for i, c := range cases {
		t.Run(fmt.Sprintf("%s_%d", c.mode, i), func(t *testing.T) {
			kh := filepath.Join(f.dir, fmt.Sprintf("kh%d", i))
			s := f.checker(config(kh, c.mode), "web.example.com", c.answers)
			err := s.verify(host)
			if c.problem != 0 {
				if e := problemOf(t, err); e.Problem != c.problem {
					t.Fatalf("problem %v, want %v: %v", e.Problem, c.problem, e)
				}
			} else if err != nil {
				t.Fatalf("refused: %v", err)
			}
			got, _ := os.ReadFile(kh)
			if want := "web.example.com " + keyText(host) + "\n"; c.added != (string(got) == want) {
				t.Errorf("known_hosts %q (added: %v)", got, c.added)
			}
			if c.added && !strings.Contains(s.warn.String(), "Warning: Permanently added 'web.example.com' (ED25519) to the list of known hosts.") {
				t.Errorf("warning: %q", s.warn.String())
			}
			if c.answers != nil && c.mode == "ask" {
				q := s.asked[0]
				for _, want := range []string{
					"The authenticity of host 'web.example.com (192.0.2.10)' can't be established.\n",
					"ED25519 key fingerprint is " + fp + ".\n",
					"This key is not known by any other names.\n",
					"Are you sure you want to continue connecting (yes/no/[fingerprint])? "} {
					if !strings.Contains(q, want) {
						t.Errorf("question lacks %q:\n%s", want, q)
					}
				}
				if len(s.asked) > 1 && s.asked[1] != "Please type 'yes', 'no' or the fingerprint: " {
					t.Errorf("asked again %q", s.asked[1])
				}
			}
		})
	}
}

func TestAskNamesOtherNames(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	kh := f.file("kh", line("old.example.com", host), line("|1|ZmFrZXNhbHRmYWtlc2FsdGZha2U=|xxxx", host))
	s := f.checker(config(kh, "ask"), "web.example.com", []string{"no"})
	problemOf(t, s.verify(host))
	want := "This host key is known by the following other names/addresses:\n    " + kh + ":1: old.example.com\n    " + kh + ":2: [hashed name]\n"
	if len(s.asked) != 1 || !strings.Contains(s.asked[0], want) {
		t.Errorf("question %q lacks %q", s.asked, want)
	}
}

func TestRevoked(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	for _, mode := range []string{"yes", "no", "accept-new"} {
		kh := f.file("kh_"+mode, line("web.example.com", host), "@revoked * "+keyText(host)+"\n")
		s := f.checker(config(kh, mode), "web.example.com", nil)
		e := problemOf(t, s.verify(host))
		if e.Problem != Revoked || e.Entry.Line != 2 || !strings.Contains(e.Error(), kh+":2") {
			t.Errorf("%s: got %v", mode, e)
		}
		if !strings.Contains(s.warn.String(), "WARNING: REVOKED HOST KEY DETECTED!") {
			t.Errorf("%s: warning %q", mode, s.warn.String())
		}
	}
}

func TestRevokedUnderBareName(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	for _, mode := range []string{"accept-new", "no"} {
		kh := f.file("kh_bare_"+mode, "@revoked web.example.com "+keyText(host)+"\n")
		s := f.checker(config(kh, mode), "web.example.com", nil, "-p", "2222")
		if e := problemOf(t, s.verify(host)); e.Problem != Revoked || e.Entry.Line != 1 {
			t.Errorf("%s: got %v", mode, e)
		}
		if got := readFile(t, kh); strings.Count(got, "\n") != 1 {
			t.Errorf("%s: recorded %q", mode, got)
		}
	}
}

// hostCert makes a CA and signs host's public key with it (-h) for principals, with
// extra ssh-keygen options; it returns the CA's public key and the certificate.
func (f *fixture) hostCert(name, principals string, extra ...string) (ca, cert ssh.PublicKey) {
	f.t.Helper()
	ca = f.key(name+"_ca", "ed25519")
	f.key(name, "ed25519")
	args := []string{"-q", "-s", name + "_ca", "-I", name, "-h"}
	if principals != "" {
		args = append(args, "-n", principals)
	}
	args = append(append(args, extra...), name+".pub")
	f.keygen(args...)
	return ca, f.pub(filepath.Join(f.dir, name+"-cert.pub"))
}

func TestCertificates(t *testing.T) {
	f := newFixture(t)
	ca, good := f.hostCert("good", "web.example.com,other")
	_, anyName := f.hostCert("anyname", "")
	_, wrongName := f.hostCert("wrong", "mail.example.com")
	_, expired := f.hostCert("expired", "web.example.com", "-V", "20000101:20000102")
	_, future := f.hostCert("future", "web.example.com", "-V", "+52w:+104w")
	_, critical := f.hostCert("critical", "web.example.com", "-O", "force-command=true")
	userCA := f.key("userca", "ed25519")
	f.key("user", "ed25519")
	f.keygen("-q", "-s", "userca", "-I", "user", "-n", "web.example.com", "user.pub")
	userCert := f.pub(filepath.Join(f.dir, "user-cert.pub"))

	cas := "@cert-authority *.example.com " + keyText(ca) + "\n"
	// the other CAs sign with their own key: list them all
	for _, n := range []string{"anyname", "wrong", "expired", "future", "critical"} {
		cas += "@cert-authority *.example.com " + keyText(f.pub(filepath.Join(f.dir, n+"_ca.pub"))) + "\n"
	}
	cas += "@cert-authority *.example.com " + keyText(userCA) + "\n"
	kh := f.file("kh", cas)
	ok := []struct {
		name string
		cert ssh.PublicKey
	}{{"good", good}, {"no principals", anyName}}
	for _, c := range ok {
		s := f.checker(config(kh, "yes"), "web.example.com", nil, "-p", "2222")
		if err := s.verify(c.cert); err != nil {
			t.Errorf("%s: refused: %v", c.name, err)
		}
	}
	bad := []struct {
		name, reason string
		cert         ssh.PublicKey
	}{
		{"wrong principal", "Certificate invalid: name is not a listed principal", wrongName},
		{"expired", "Certificate invalid: expired", expired},
		{"not yet valid", "Certificate invalid: not yet valid", future},
		{"critical option", "Certificate contains unsupported critical options", critical},
		{"user certificate", "Certificate invalid: not a host certificate", userCert},
	}
	for _, c := range bad {
		s := f.checker(config(kh, "yes"), "web.example.com", nil)
		e := problemOf(t, s.verify(c.cert))
		if e.Problem != Unknown || e.Certificate != c.reason || !strings.Contains(s.warn.String(), c.reason) {
			t.Errorf("%s: got %v (certificate: %q)\n%s", c.name, e, e.Certificate, s.warn.String())
		}
	}
	// the certificate is refused, its plain key is then known: accepted, as by ssh
	plainKH := f.file("kh_plain", line("web.example.com", wrongName.(*ssh.Certificate).Key))
	if err := f.checker(config(plainKH, "yes"), "web.example.com", nil).verify(wrongName); err != nil {
		t.Errorf("plain key of a refused certificate: %v", err)
	}
	// a CA listed for other names does not apply
	s := f.checker(config(kh, "yes"), "web.example.org", nil)
	if e := problemOf(t, s.verify(good)); e.Problem != Unknown {
		t.Errorf("CA for other names: %v", e)
	}
	// a revoked CA refuses its certificates
	rkh := f.file("kh_revoked_ca", cas, "@revoked * "+keyText(ca)+"\n")
	if e := problemOf(t, f.checker(config(rkh, "no"), "web.example.com", nil).verify(good)); e.Problem != Revoked || e.Entry.Line != 8 {
		t.Errorf("revoked CA: %v", e)
	}
}

func TestRecordHashed(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	kh := filepath.Join(f.dir, "kh")
	s := f.checker(config(kh, "accept-new", "  HashKnownHosts yes"), "Web.Example.com", nil, "-p", "2222")
	if err := s.verify(host); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, kh)
	if !strings.HasPrefix(got, "|1|") || strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, " "+keyText(host)+"\n") {
		t.Fatalf("recorded %q", got)
	}
	// ssh-keygen finds it under the name
	if out := f.keygen("-F", "[web.example.com]:2222", "-f", kh); !strings.Contains(out, "found: line 1") {
		t.Errorf("ssh-keygen -F: %s", out)
	}
	if err := f.checker(config(kh, "yes"), "web.example.com", nil, "-p", "2222").verify(host); err != nil {
		t.Errorf("recorded key refused: %v", err)
	}
}

func TestRecordKeepsFile(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	kh := f.file("kh", "# no final newline")
	if err := os.Chmod(kh, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := f.checker(config(kh, "accept-new"), "web.example.com", nil).verify(host); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, kh), "# no final newline\n"+line("web.example.com", host); got != want {
		t.Errorf("file %q, want %q", got, want)
	}
	if fi, _ := os.Stat(kh); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode())
	}

	// a new file inside ~/.ssh: the directory is made, the file is private
	s := f.checker(config("~/.ssh/known_hosts", "accept-new"), "web.example.com", nil)
	if err := s.verify(host); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(f.home, ".ssh", "known_hosts")
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("new file: %v %v", fi, err)
	}
	if fi, err := os.Stat(filepath.Dir(p)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("new ~/.ssh: %v %v", fi, err)
	}

	// a named pipe is neither read nor written; the connection goes on (as ssh's does)
	fifo := filepath.Join(f.dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	s = f.checker(config(fifo, "accept-new"), "web.example.com", nil)
	if err := s.verify(host); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.warn.String(), "Failed to add the host to the list of known hosts ("+fifo+")") {
		t.Errorf("warning %q", s.warn.String())
	}

	// /dev/null takes the key
	s = f.checker(config("/dev/null", "no"), "web.example.com", nil)
	if err := s.verify(host); err != nil || !strings.Contains(s.warn.String(), "Permanently added") {
		t.Errorf("/dev/null: %v %q", err, s.warn.String())
	}
}

func TestRecordRefusesChangedFile(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	kh := f.file("kh", "a.example.com "+keyText(host)+"\n")
	// the file changes between the check's read and the write
	afterRead = func(string) {
		if err := os.WriteFile(kh, []byte("changed\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { afterRead = func(string) {} }()
	err := appendAtomic(kh, line("web.example.com", host), "")
	if err == nil {
		t.Fatal("a file changed underneath was replaced")
	}
	if got := readFile(t, kh); got != "changed\n" {
		t.Errorf("file %q", got)
	}
}

func TestCannotRecord(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	for _, mode := range []string{"no", "accept-new", "ask"} {
		s := f.checker("Host *\n  UserKnownHostsFile none\n  GlobalKnownHostsFile none\n  StrictHostKeyChecking "+mode+"\n", "web.example.com", []string{"yes"})
		if e := problemOf(t, s.verify(host)); e.Problem != CannotRecord || len(s.asked) != 0 {
			t.Errorf("%s: %v, asked %q", mode, e, s.asked)
		}
	}
	// a key in the global file is still accepted
	g := f.file("global", line("web.example.com", host))
	s := f.checker("Host *\n  UserKnownHostsFile none\n  GlobalKnownHostsFile "+g+"\n  StrictHostKeyChecking yes\n", "web.example.com", nil)
	if err := s.verify(host); err != nil {
		t.Error(err)
	}
}

func TestCheckHostIP(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	other := f.key("other", "ed25519")
	ip := " CheckHostIP yes"

	// host known, address unknown: the address is added
	kh := f.file("kh1", line("web.example.com", host))
	s := f.checker(config(kh, "yes", ip), "web.example.com", nil)
	if err := s.verify(host); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, kh); !strings.HasSuffix(got, line("192.0.2.10", host)) {
		t.Errorf("address not added: %q", got)
	}
	if !strings.Contains(s.warn.String(), "Warning: Permanently added the ED25519 host key for IP address '192.0.2.10' to the list of known hosts.") {
		t.Errorf("warning %q", s.warn.String())
	}

	// a new host: "host,ip" on one line
	kh2 := filepath.Join(f.dir, "kh2")
	if err := f.checker(config(kh2, "accept-new", ip), "web.example.com", nil).verify(host); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, kh2); got != line("web.example.com,192.0.2.10", host) {
		t.Errorf("recorded %q", got)
	}

	// the address is known with another key: refused unless StrictHostKeyChecking no
	kh3 := f.file("kh3", line("web.example.com", host), line("192.0.2.10", other))
	e := problemOf(t, f.checker(config(kh3, "yes", ip), "web.example.com", nil).verify(host))
	if e.Problem != IPMismatch || e.Entry.Line != 2 || !strings.Contains(e.Error(), kh3+":2") {
		t.Errorf("got %v", e)
	}
	s = f.checker(config(kh3, "no", ip), "web.example.com", nil)
	if err := s.verify(host); err != nil || !strings.Contains(s.warn.String(), "Offending key for IP in "+kh3+":2\nMatching host key in "+kh3+":1") {
		t.Errorf("off: %v %q", err, s.warn.String())
	}
	s = f.checker(config(kh3, "ask", ip), "web.example.com", []string{"yes"})
	if err := s.verify(host); err != nil || len(s.asked) != 1 || !strings.HasSuffix(s.asked[0], "(yes/no)? ") {
		t.Errorf("ask: %v %q", err, s.asked)
	}

	// host changed and address unknown: the DNS spoofing warning too
	kh4 := f.file("kh4", line("web.example.com", other))
	s = f.checker(config(kh4, "yes", ip), "web.example.com", nil)
	if e := problemOf(t, s.verify(host)); e.Problem != Changed || !strings.Contains(s.warn.String(), "POSSIBLE DNS SPOOFING DETECTED") {
		t.Errorf("got %v %q", e, s.warn.String())
	}

	// not for proxied connections, nor loopback
	for _, extra := range []string{"ProxyCommand nc %h %p", "ProxyJump bastion"} {
		kh5 := f.file("kh5", line("web.example.com", host))
		if err := f.checker(config(kh5, "yes", ip, extra), "web.example.com", nil).verify(host); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, kh5); got != line("web.example.com", host) {
			t.Errorf("%s: address checked: %q", extra, got)
		}
	}
}

func TestHostKeyAlgorithms(t *testing.T) {
	f := newFixture(t)
	rsa := f.key("rsa", "rsa -b 2048")
	ecdsa := f.key("ecdsa", "ecdsa -b 384")
	ed := f.key("ed", "ed25519")
	ca := f.key("ca", "ed25519")
	cases := []struct {
		name, lines, extra string
		want               []string
	}{
		{"nothing known", "", "", []string{"ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"}},
		{"rsa known", line("web.example.com", rsa), "", []string{"rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}},
		{"ecdsa 384 known", line("web.example.com", ecdsa), "  HostKeyAlgorithms -ssh-ed25519*", []string{"ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"}},
		{"best known: as is", line("web.example.com", ed), "", nil},
		{"CA known", "@cert-authority *.example.com " + keyText(ca) + "\n" + line("web.example.com", rsa), "", []string{"ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}},
		{"set explicitly: as is", line("web.example.com", rsa), "  HostKeyAlgorithms ssh-ed25519,rsa-sha2-256,sk-ssh-ed25519@openssh.com", []string{"ssh-ed25519", "rsa-sha2-256"}},
		{"appended: reordered", line("web.example.com", rsa), "  HostKeyAlgorithms +ssh-rsa", []string{"rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kh := f.file(fmt.Sprintf("kh%d", i), c.lines)
			got := f.checker(config(kh, "yes", c.extra), "web.example.com", nil).HostKeyAlgorithms()
			want := c.want
			if want == nil {
				want = cases[0].want
			}
			if !slices.Equal(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}

func TestUnsupportedHostKeyAlgorithms(t *testing.T) {
	f := newFixture(t)
	kh := f.file("kh", "")
	s := f.checker(config(kh, "yes", "  HostKeyAlgorithms sk-ssh-ed25519@openssh.com,ssh-ed25519,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com"), "web.example.com", nil)
	if got, want := s.UnsupportedHostKeyAlgorithms(), []string{"sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com"}; !slices.Equal(got, want) {
		t.Errorf("got %v", got)
	}
	if got := s.HostKeyAlgorithms(); !slices.Equal(got, []string{"ssh-ed25519"}) {
		t.Errorf("got %v", got)
	}
}

func TestMatchPatternList(t *testing.T) {
	cases := []struct {
		host, list string
		want       int
	}{
		{"web.example.com", "web.example.com", 1},
		{"web.example.com", "*.example.com", 1},
		{"web.example.com", "*.EXAMPLE.com", 1},
		{"web.example.com", "*", 1},
		{"web.example.com", "w*b.*.com", 1},
		{"web.example.com", "???.example.com", 1},
		{"web.example.com", "??.example.com", 0},
		{"web.example.com", "*.example.com,!web.example.com", -1},
		{"web.example.com", "!mail.example.com", 0},
		{"web.example.com", "a,,b", 0},
		{"[web.example.com]:2222", "[web.example.com]:2222", 1},
		{"[web.example.com]:2222", "*.example.com", 0},
		{"[web.example.com]:2222", "[*.example.com]:*", 1},
		{"", "*", 1},
		{"a", "" + strings.Repeat("a", 1023), 0},
	}
	for _, c := range cases {
		if got := matchPatternList(c.host, c.list); got != c.want {
			t.Errorf("matchPatternList(%q, %q) = %d, want %d", c.host, c.list, got, c.want)
		}
	}
}

func TestMessagesEscapeConfigBytes(t *testing.T) {
	f := newFixture(t)
	host := f.key("host", "ed25519")
	kh := filepath.Join(f.dir, "kh")
	s := f.checker(config(kh, "yes"), "web", nil, "-o", "HostKeyAlias=evil\x1b]0;title\x07")
	e := problemOf(t, s.verify(host))
	for _, m := range []string{e.Error(), s.warn.String()} {
		if strings.ContainsAny(m, "\x1b\x07") {
			t.Errorf("raw control bytes in %q", m)
		}
	}
}

// TestRandomArtLikeSSHKeygen compares VisualHostKey's picture with ssh-keygen -lv's.
func TestRandomArtLikeSSHKeygen(t *testing.T) {
	f := newFixture(t)
	for _, typ := range []string{"ed25519", "rsa -b 3072", "ecdsa -b 521", "ecdsa -b 256"} {
		name := strings.ReplaceAll(typ, " ", "")
		key := f.key(name, typ)
		for hashID, hash := range map[int]string{0: "md5", 1: "sha1", 2: "sha256", 4: "sha512"} {
			out := f.keygen("-l", "-v", "-E", hash, "-f", name+".pub")
			_, want, _ := strings.Cut(strings.TrimSpace(out), "\n")
			if got := randomArt(key, hashID); got != want {
				t.Errorf("%s %s:\n%s\nssh-keygen:\n%s", typ, hash, got, want)
			}
			if fp := strings.Fields(out)[1]; fp != fingerprint(key, hashID) {
				t.Errorf("%s %s: fingerprint %s, ssh-keygen %s", typ, hash, fingerprint(key, hashID), fp)
			}
		}
	}
	// shown with the question and on a match
	host := f.key("host", "ed25519")
	kh := f.file("kh_visual", line("web.example.com", host))
	s := f.checker(config(kh, "yes", "  VisualHostKey yes"), "web.example.com", nil)
	if err := s.verify(host); err != nil || !strings.Contains(s.warn.String(), "Host key fingerprint is "+ssh.FingerprintSHA256(host)+"\n+--[ED25519 256]--+\n") {
		t.Errorf("%v %q", err, s.warn.String())
	}
	s = f.checker(config(filepath.Join(f.dir, "kh_visual2"), "ask", "  VisualHostKey yes"), "web.example.com", []string{"no"})
	problemOf(t, s.verify(host))
	if len(s.asked) != 1 || !strings.Contains(s.asked[0], ".\n+--[ED25519 256]--+\n") {
		t.Errorf("asked %q", s.asked)
	}
}
