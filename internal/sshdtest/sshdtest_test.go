package sshdtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestStartAndLogin logs in to a started server with OpenSSH's own client.
func TestStartAndLogin(t *testing.T) {
	s := Start(t, Options{})
	if _, err := exec.LookPath("ssh"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ssh not installed")
		}
		t.Skip("ssh not installed")
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "id")
	Keygen(t, key, "ecdsa -b 521", "")
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	s.Authorize(t, string(pub))
	known := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(known, []byte(s.KnownHostsLine("127.0.0.1")), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ssh", "-F", "none", "-i", key, "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "UserKnownHostsFile="+known, "-o", "GlobalKnownHostsFile=/dev/null",
		"-p", strconv.Itoa(s.Port), "127.0.0.1", "echo", "hello").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "hello" {
		t.Fatalf("ssh: %v\n%s\nsshd log:\n%s", err, out, s.Log())
	}
}
