package resolve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeNSS returns a name service switch over the given nsswitch.conf and passwd texts,
// whose getent is a shell script that answers from answers (its arguments joined by
// spaces → its output; a missing key exits 2, as getent does for a name it cannot find)
// and logs every call to the returned file.
func fakeNSS(t *testing.T, nsswitch, passwd string, answers map[string]string) (*nss, string) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	log := filepath.Join(dir, "getent.log")
	script := "#!/bin/sh\necho \"$*\" >> " + log + "\ncase \"$*\" in\n"
	for args, out := range answers {
		script += "'" + args + "') printf '%s\\n' '" + out + "' ;;\n"
	}
	script += "*) exit 2 ;;\nesac\n"
	return &nss{
		passwdFile:   write("passwd", passwd, 0o644),
		nsswitchFile: write("nsswitch.conf", nsswitch, 0o644),
		getent:       write("getent", script, 0o755),
	}, log
}

// getentCalls returns the argument lists the fake getent was called with.
func getentCalls(t *testing.T, log string) []string {
	b, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

const testPasswd = `root:x:0:0:root:/root:/bin/bash
# a comment
+nis::::::
alice:x:1000:1000:Alice:/home/alice:/bin/sh
alice2:x:1000:1000:second entry for uid 1000:/home/alice2:/bin/sh
`

// TestNSSPasswdFromFiles checks that, with the files first in nsswitch.conf, getpwuid and
// getpwnam take the first matching entry of the passwd file and never run getent.
func TestNSSPasswdFromFiles(t *testing.T) {
	n, log := fakeNSS(t, "passwd: files systemd\n", testPasswd, nil)
	if u, ok := n.userByID(1000); !ok || u != (User{Name: "alice", UID: 1000, Home: "/home/alice"}) {
		t.Errorf("userByID(1000) = %+v, %v", u, ok)
	}
	if u, ok := n.userByName("alice2"); !ok || u.Home != "/home/alice2" {
		t.Errorf("userByName(alice2) = %+v, %v", u, ok)
	}
	if calls := getentCalls(t, log); calls != nil {
		t.Errorf("getent ran for users in the files: %q", calls)
	}
	env := osEnv("", false, n)
	if os.Getuid() == 0 && (env.User.Name != "root" || env.User.Home != "/root") {
		t.Errorf("OSEnv's user = %+v, want root's entry of the passwd file", env.User)
	}
}

// TestNSSPasswdFallsBackToGetent checks that users the passwd file lacks (LDAP, sssd,
// systemd's dynamic users) are asked of getent, and that a source named before the files
// is asked first.
func TestNSSPasswdFallsBackToGetent(t *testing.T) {
	answers := map[string]string{
		"passwd -- 5000":  "ldap:*:5000:5000:LDAP user:/home/ldap:/bin/sh",
		"passwd -- ldap":  "ldap:*:5000:5000:LDAP user:/home/ldap:/bin/sh",
		"passwd -- 1000":  "sss-alice:*:1000:1000::/net/alice:/bin/sh",
		"passwd -- 42":    "u42:*:42:42::/home/u42:/bin/sh",
		"passwd -- alice": "alice:*:1000:1000::/net/alice:/bin/sh",
	}
	n, log := fakeNSS(t, "passwd: files sss\n", testPasswd, answers)
	if u, ok := n.userByID(5000); !ok || u != (User{Name: "ldap", UID: 5000, Home: "/home/ldap"}) {
		t.Errorf("userByID(5000) = %+v, %v", u, ok)
	}
	if u, ok := n.userByName("ldap"); !ok || u.Home != "/home/ldap" {
		t.Errorf("userByName(ldap) = %+v, %v", u, ok)
	}
	if _, ok := n.userByName("nobody-at-all"); ok {
		t.Error("userByName found a user neither the files nor getent know")
	}
	// getent reads an all-digit key as a uid: what it finds is not the user named "42"
	if u, ok := n.userByName("42"); ok {
		t.Errorf("userByName(42) = %+v, the user of uid 42", u)
	}
	want := []string{"passwd -- 5000", "passwd -- ldap", "passwd -- nobody-at-all", "passwd -- 42"}
	if got := getentCalls(t, log); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("getent calls = %q, want %q", got, want)
	}

	n, _ = fakeNSS(t, "passwd: sss files # sssd first\n", testPasswd, answers)
	if u, ok := n.userByID(1000); !ok || u.Name != "sss-alice" {
		t.Errorf("with sss first, userByID(1000) = %+v, %v; want getent's sss-alice", u, ok)
	}
	if u, ok := n.userByName("alice"); !ok || u.Home != "/net/alice" {
		t.Errorf("with sss first, userByName(alice) = %+v, %v; want getent's entry", u, ok)
	}
	if env := osEnv("", false, &nss{passwdFile: n.passwdFile, nsswitchFile: n.nsswitchFile, getent: "/nonexistent/getent"}); env.User.Name != "root" || env.User.Home != "/" {
		t.Errorf("with no answer, OSEnv's user = %+v, want the fallback root at /", env.User)
	}
}

// TestNSSHostsFallsBackToGetent checks that a hosts line with sources Go's resolver does
// not know sends canonicalisation lookups to `getent ahosts`, whose canonical name is
// kept without its final dot.
func TestNSSHostsFallsBackToGetent(t *testing.T) {
	answers := map[string]string{
		"ahosts -- web.example.": "192.0.2.7       STREAM real.example.org.\n192.0.2.7       DGRAM",
		"ahosts -- bare.local.":  "192.0.2.8       STREAM",
	}
	n, log := fakeNSS(t, "hosts: files mdns4_minimal [NOTFOUND=return] dns\n", "", answers)
	ctx := context.Background()
	if cname, ok := n.lookupHost(ctx, "web.example."); !ok || cname != "real.example.org" {
		t.Errorf("lookupHost(web.example.) = %q, %v", cname, ok)
	}
	if cname, ok := n.lookupHost(ctx, "bare.local."); !ok || cname != "bare.local." {
		t.Errorf("lookupHost(bare.local.) = %q, %v; want the name itself", cname, ok)
	}
	if _, ok := n.lookupHost(ctx, "missing.invalid."); ok {
		t.Error("lookupHost found a name getent does not")
	}
	if got := getentCalls(t, log); len(got) != 3 {
		t.Errorf("getent calls = %q, want 3", got)
	}
	for _, line := range []string{"hosts: files dns\n", "hosts:\tdns files\n", "passwd: files\n"} {
		n, _ := fakeNSS(t, line, "", nil)
		if !n.hostsGoResolvable() {
			t.Errorf("%q: Go's resolver not used", line)
		}
	}
}

// TestNSSMatchesGetent compares the local user, as sshcfg finds it (systemNames, and
// libcNames, which other systems use), with glibc's answer from getent (skipped where
// getent is not installed).
func TestNSSMatchesGetent(t *testing.T) {
	if _, err := exec.LookPath("getent"); err != nil {
		t.Skip("getent is not installed")
	}
	uid := os.Getuid()
	out, err := exec.Command("getent", "passwd", strconv.Itoa(uid)).Output()
	if err != nil {
		t.Skipf("getent passwd %d: %v", uid, err)
	}
	want, _ := parsePasswdLine(strings.TrimSuffix(string(out), "\n"))
	for _, names := range []nameService{systemNames, libcNames{}} {
		if got, ok := names.userByID(uid); !ok || got != want {
			t.Errorf("%T.userByID(%d) = %+v, %v; getent says %+v", names, uid, got, ok, want)
		}
		if got, ok := names.userByName(want.Name); !ok || got != want {
			t.Errorf("%T.userByName(%q) = %+v, %v; getent says %+v", names, want.Name, got, ok, want)
		}
		if _, ok := names.userByName("no-such-user-sshcfg"); ok {
			t.Errorf("%T.userByName found a user that does not exist", names)
		}
	}
}
