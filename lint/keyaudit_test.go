package lint_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// finding is a finding reduced to what these tests compare.
type finding struct {
	code  string
	level lint.Level
	line  int
}

// lintOS lints home/.ssh/config on the real file system, as the user with uid.
func lintOS(t *testing.T, home string, uid int, d keyword.Dialect, now time.Time) []finding {
	t.Helper()
	env := &resolve.Env{FS: resolve.OSFS{}, User: resolve.User{Name: "me", UID: uid, Home: home}, Hostname: "laptop"}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: filepath.Join(home, ".ssh", "config"), Env: env, Dialect: d, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, f := range res.Findings {
		line := 0
		for _, file := range res.Files {
			if file.Path == f.File {
				line = file.Tree.LineIndex().Position(f.Span.Start).Line
			}
		}
		out = append(out, finding{f.Code, lint.LevelOf(f.Severity), line})
	}
	return out
}

func has(fs []finding, code string, level lint.Level, line int) bool {
	for _, f := range fs {
		if f.code == code && f.level == level && f.line == line {
			return true
		}
	}
	return false
}

func count(fs []finding, code string) int {
	n := 0
	for _, f := range fs {
		if f.code == code {
			n++
		}
	}
	return n
}

// writeHome makes home/.ssh with a config and files, each with its mode.
func writeHome(t *testing.T, config string, files map[string][]byte, mode map[string]os.FileMode) string {
	t.Helper()
	home := t.TempDir()
	dir := filepath.Join(home, ".ssh")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	files["config"] = []byte(strings.ReplaceAll(config, "HOME", home))
	for name, data := range files {
		m, ok := mode[name]
		if !ok {
			m = 0o600
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, m); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, m); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	return home
}

// ed25519Key returns an unencrypted OpenSSH private key file and its .pub line.
func ed25519Key(t *testing.T) (priv, pub []byte) {
	t.Helper()
	p, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(k, "test")
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := ssh.NewPublicKey(p)
	return pem.EncodeToMemory(block), ssh.MarshalAuthorizedKey(sp)
}

// TestPrivateKeyPermissions: a key the user owns with any group/other bit is ignored by
// ssh (sshkey_perm_ok); 0600 is fine; a key owned by someone else is not checked.
func TestPrivateKeyPermissions(t *testing.T) {
	key, _ := ed25519Key(t)
	cfg := "Host a\n    IdentityFile HOME/.ssh/id_open\nHost b\n    IdentityFile HOME/.ssh/id_closed\nHost c\n    IdentityFile HOME/.ssh/id_other\n"
	home := writeHome(t, cfg, map[string][]byte{"id_open": key, "id_closed": key, "id_other": key},
		map[string]os.FileMode{"id_open": 0o644, "id_other": 0o640})
	uid := os.Getuid()
	if err := os.Chown(filepath.Join(home, ".ssh", "id_other"), uid+1, -1); err != nil {
		t.Skipf("chown needs root: %v", err)
	}
	fs := lintOS(t, home, uid, keyword.Debian92, time.Time{})
	if !has(fs, "private-key-permissions", lint.LevelError, 2) || count(fs, "private-key-permissions") != 1 {
		t.Errorf("want one private-key-permissions error at line 2, got %v", fs)
	}
}

// TestKeyFindingOncePerKey: a key named in several blocks gives one finding per problem,
// at the first line naming it, with the other lines as related locations.
func TestKeyFindingOncePerKey(t *testing.T) {
	key, _ := ed25519Key(t)
	cfg := "Host a\n    IdentityFile HOME/.ssh/id_open\nHost b\n    IdentityFile HOME/.ssh/id_open\nHost c\n    IdentityFile HOME/.ssh/id_open\n"
	home := writeHome(t, cfg, map[string][]byte{"id_open": key}, map[string]os.FileMode{"id_open": 0o644})
	env := &resolve.Env{FS: resolve.OSFS{}, User: resolve.User{Name: "me", UID: os.Getuid(), Home: home}, Hostname: "laptop"}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: filepath.Join(home, ".ssh", "config"), Env: env, Dialect: keyword.Debian92})
	if err != nil {
		t.Fatal(err)
	}
	var perm []diag.Diagnostic
	for _, f := range res.Findings {
		if f.Code == "private-key-permissions" {
			perm = append(perm, f)
		}
	}
	if len(perm) != 1 {
		t.Fatalf("%d private-key-permissions findings, want 1: %v", len(perm), perm)
	}
	also := 0
	for _, r := range perm[0].Related {
		if strings.Contains(r.Message, "also names") {
			also++
		}
	}
	if also != 2 {
		t.Errorf("related %v: want the two other lines", perm[0].Related)
	}
}

// TestConfigPermissions: ~/.ssh/config owned by another user or writable by others is
// refused by ssh (an error at line 1); group write is a Debian warning and an upstream
// error; 0600 is fine.
func TestConfigPermissions(t *testing.T) {
	uid := os.Getuid()
	for _, c := range []struct {
		name    string
		mode    os.FileMode
		owner   int
		dialect keyword.Dialect
		want    lint.Level // 0: no finding
	}{
		{"0600", 0o600, uid, keyword.Debian92, 0},
		{"0666", 0o666, uid, keyword.Debian92, lint.LevelError},
		{"0602", 0o602, uid, keyword.Debian92, lint.LevelError},
		{"0660-debian", 0o660, uid, keyword.Debian92, lint.LevelWarning},
		{"0660-upstream", 0o660, uid, keyword.Upstream92, lint.LevelError},
		{"other-owner", 0o600, uid + 1, keyword.Debian92, lint.LevelError},
		{"root-owner", 0o600, 0, keyword.Debian92, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			home := writeHome(t, "Host x\n    User me\n", map[string][]byte{}, map[string]os.FileMode{"config": c.mode})
			if c.owner != uid {
				if err := os.Chown(filepath.Join(home, ".ssh", "config"), c.owner, -1); err != nil {
					t.Skipf("chown needs root: %v", err)
				}
			}
			fs := lintOS(t, home, uid, c.dialect, time.Time{})
			switch {
			case c.want == 0 && count(fs, "config-permissions") != 0:
				t.Errorf("want no config-permissions finding, got %v", fs)
			case c.want != 0 && (!has(fs, "config-permissions", c.want, 1) || count(fs, "config-permissions") != 1):
				t.Errorf("want one config-permissions %v at line 1, got %v", c.want, fs)
			}
		})
	}
}

// TestConfigPermissionsOnlyWhereSSHChecks: a file given as ssh -F is not checked by ssh
// unless it is the user's own config.
func TestConfigPermissionsOnlyWhereSSHChecks(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "other.conf")
	if err := os.WriteFile(p, []byte("Host x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o666)
	env := &resolve.Env{FS: resolve.OSFS{}, User: resolve.User{Name: "me", UID: os.Getuid(), Home: dir}}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: p, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Code == "config-permissions" {
			t.Errorf("unexpected %v", f)
		}
	}
}

// TestAsOf: the clock the run judges dates by comes from Options.Now: an RSA 2048 key is
// a note before 2031 and a warning from 2031; a certificate is expired or not by it.
func TestAsOf(t *testing.T) {
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := ssh.MarshalPrivateKey(rk, "rsa")
	_, caKey, _ := ed25519.GenerateKey(rand.Reader)
	ca, _ := ssh.NewSignerFromKey(caKey)
	sp, _ := ssh.NewPublicKey(&rk.PublicKey)
	cert := &ssh.Certificate{Key: sp, CertType: ssh.UserCert, ValidAfter: uint64(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()),
		ValidBefore: uint64(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).Unix())}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	files := resolve.MapFS{
		"/home/me/.ssh/config":          []byte("Host x\n    IdentityFile ~/.ssh/id_rsa\n"),
		"/home/me/.ssh/id_rsa":          pem.EncodeToMemory(block),
		"/home/me/.ssh/id_rsa-cert.pub": ssh.MarshalAuthorizedKey(cert),
	}
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	levels := func(now time.Time) map[string]lint.Level {
		res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]lint.Level{}
		for _, f := range res.Findings {
			out[f.Code] = lint.LevelOf(f.Severity)
		}
		return out
	}
	at := func(y int) time.Time { return time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }
	if l := levels(at(2025)); l["rsa-key-below-3072"] != lint.LevelNote || l["certificate-not-yet-valid"] != lint.LevelWarning || l["certificate-expired"] != 0 {
		t.Errorf("2025: %v", l)
	}
	if l := levels(at(2026)); l["certificate-not-yet-valid"] != 0 || l["certificate-expired"] != 0 || l["certificate-expiring"] != 0 {
		t.Errorf("2026: %v", l)
	}
	if l := levels(time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)); l["certificate-expiring"] != lint.LevelNote || l["certificate-expired"] != 0 {
		t.Errorf("2026-12-10: %v", l)
	}
	if l := levels(at(2031)); l["rsa-key-below-3072"] != lint.LevelWarning || l["certificate-expired"] != lint.LevelError {
		t.Errorf("2031: %v", l)
	}
}

// TestKeyFindingsOncePerLine: an IdentityFile in Host * applies to every host lint
// resolves, yet each finding is reported once, at the line, with the key as related
// location.
func TestKeyFindingsOncePerLine(t *testing.T) {
	files := resolve.MapFS{
		"/home/me/.ssh/config": []byte("Host a b c d.*\n    User x\nHost *\n    IdentityFile ~/.ssh/id_missing\n"),
	}
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := lint.Run(context.Background(), lint.Options{ConfigFile: "/home/me/.ssh/config", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	var got []diag.Diagnostic
	for _, f := range res.Findings {
		if f.Code == "missing-key-file" {
			got = append(got, f)
		}
	}
	if len(got) != 1 || len(got[0].Related) != 1 || got[0].Related[0].File != "/home/me/.ssh/id_missing" {
		t.Fatalf("got %+v", got)
	}
}

// TestAuditKeys audits a directory: key files at line 1, authorized_keys and known_hosts
// entries at their lines, non-key files skipped, a .pub beside its private key not
// judged twice for type.
func TestAuditKeys(t *testing.T) {
	priv, pub := ed25519Key(t)
	dsaLine := "ssh-dss AAAAB3NzaC1kc3MAAACBAPq1Sh3bYpQc26t7l52mw0qjaCaMwOI5SaNn89bOjmzDSNZV8auElmhsqQH8WPKsMMoe0q8zfjB74wVZO5sTQwA0gDTf6d1Ua6d8qtKwVERYLbnT+YOoUuVDK77MEDlbJYPkVkM4VQSiN1Q1SME13kwGw/Fgduy5l7G962wcTCZ9AAAAFQDBzP0kdZ3VjhdjaCCnPhqJmn5n1QAAAIEA3ekI5ELctthdeVanjjPauMfi3fVwL5B9Xar5W/U2f+owxJy26CohwRf3Qua4JgoKpZBk4pqU9324k4cfK/ocSr5EvszoTD7KD1KGcgvuzMRulhoh+/1b9uYbBRSg09fZcdUI32SrLzcluJnlt061VeM82rXot3axw81+oOFf9tUAAACAITkj3OclkO+GKk2VXywm86ydnDcSpY2fH+gtR/sJSk05ArzaIzq4IysosbpZbz4zCnqAr/0OlIzVTt5nka1uEibAO1MnuHukrpyZrX9X1cMYzuklygNQb+SLHGMoLSri9e4AbX3Ajjn4Un3Y3c+jQttW2KUYs7h57l/yhpkT1hw= old@dsa\n"
	files := resolve.MapFS{
		"/h/.ssh/id_ed25519":      priv,
		"/h/.ssh/id_ed25519.pub":  pub,
		"/h/.ssh/config":          []byte("Host *\n"),
		"/h/.ssh/authorized_keys": []byte("# mine\n" + string(pub) + dsaLine),
		"/h/.ssh/known_hosts":     []byte("github.com " + string(pub) + "garbage line\n"),
	}
	env := &resolve.Env{FS: files, User: resolve.User{Name: "me", UID: 1000, Home: "/h"}}
	audit, err := lint.AuditKeys(env, "/h/.ssh", time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(audit.Keys) != 6 {
		t.Errorf("want 6 keys (2 files, 2 authorized_keys lines, 2 known_hosts lines), got %d: %+v", len(audit.Keys), audit.Keys)
	}
	var got []string
	for _, f := range audit.Findings {
		p := diag.NewLineIndex(audit.Sources[f.File]).Position(f.Span.Start)
		got = append(got, filepath.Base(f.File)+":"+strconv.Itoa(p.Line)+":"+f.Code)
	}
	want := []string{"authorized_keys:3:dsa-key", "id_ed25519:1:unencrypted-private-key", "known_hosts:2:unusable-key-file"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings\n got %v\nwant %v", got, want)
	}
}
