package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostsFzfFocusAgreesWithResolve: hosts --format fzf resolves each alias reading only
// the included files that can apply to it; every line must give the host name and user
// that resolving the alias alone gives: with values set in other files (a Match host on
// a HostName set elsewhere, a Match user on a User set elsewhere, a wildcard block), for
// aliases written user@host and ssh://user@host:port (another host once parsed), and,
// with a Match final block, when resolutions take a second pass, which the focus does not
// cover (every alias is then resolved with every file).
func TestHostsFzfFocusAgreesWithResolve(t *testing.T) {
	for _, final := range []string{"", "Match final host f.example\n  User finaluser\n"} {
		dir := t.TempDir()
		files := map[string]string{
			"config":           "Include " + filepath.Join(dir, "conf.d", "*.conf") + "\nHost * !final-one\n  User fallback\n",
			"conf.d/10-a.conf": "Host alpha\n  HostName 10.1.0.1\nHost beta\n  User admin\nHost gamma\n  HostName gamma.internal\n",
			"conf.d/15-c.conf": "Host deploy@box ssh://ops@box:2222\n",
			"conf.d/20-b.conf": "Host delta\n  HostName 10.2.0.2\nHost eps\nHost final-one\n  HostName f.example\n" +
				"Host box\n  HostName box.example\n",
			"conf.d/30-match.conf": "Match host 10.1.*\n  User tenone\nMatch user admin\n  HostName admin.example\n" +
				"Host *.internal\n  User internal\n" + final,
		}
		for name, body := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		config := filepath.Join(dir, "config")
		out, errOut, code := sshcfg(t, "", "--openssh", "debian-9.2", "hosts", "--format", "fzf", "-F", config)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 9 {
			t.Fatalf("%d lines, want 9:\n%s", len(lines), out)
		}
		for _, line := range lines {
			f := strings.Split(line, "\t")
			got, errOut, code := sshcfg(t, "", "--openssh", "debian-9.2", "resolve", "-F", config, f[0])
			if code != 0 {
				t.Fatalf("resolve %s: exit %d: %s", f[0], code, errOut)
			}
			var hostname, user string
			for _, l := range strings.Split(got, "\n") {
				if v, ok := strings.CutPrefix(l, "hostname "); ok {
					hostname = v
				}
				if v, ok := strings.CutPrefix(l, "user "); ok {
					user = v
				}
			}
			if f[1] != hostname || f[2] != user {
				t.Errorf("final %q, %s: fzf gives host name %q, user %q; resolve gives %q, %q", final, f[0], f[1], f[2], hostname, user)
			}
		}
	}
}
