package sshtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

const casesDir = "../../testdata/resolve"

// RecorderHostname is the host name of the machine the goldens were recorded on (%l, %L
// and %C of the host-dependent cases).
const RecorderHostname = "vm"

// goldenSections are the output sections every case records, one per dialect.
var goldenSections = []string{SecOutput, SecOutput + " upstream-9.2p1", SecOutput + " upstream-10.5p1"}

func TestRewrite(t *testing.T) {
	tester := Identity{Name: "tester", UID: 1000, Home: "/home/tester"}
	for _, c := range []struct{ in, want string }{
		{"user tester\n", "user root\n"},
		{"userknownhostsfile /home/tester/.ssh/known_hosts /home/tester/.ssh/known_hosts2\n", "userknownhostsfile /root/.ssh/known_hosts /root/.ssh/known_hosts2\n"},
		{"controlpath /home/tester/cm//home/tester|h|tester|%\n", "controlpath /root/cm//root|h|root|%\n"},
		{"remotecommand echo h tester 22 tester ${HOME} ~\n", "remotecommand echo h root 22 root ${HOME} ~\n"},
		{"controlpath /home/tester/.ssh/cm-tester@db:22\n", "controlpath /root/.ssh/cm-root@db:22\n"},
		// Not the name or the home: other words and longer paths stay.
		{"user testers\nhostname xtester\nidentityfile /home/testerx/k /home/tester2\n", "user testers\nhostname xtester\nidentityfile /home/testerx/k /home/tester2\n"},
		{"user bob\n", "user bob\n"},
	} {
		if got := tester.Rewrite(c.in, Recorder); got != c.want {
			t.Errorf("Rewrite(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Recorder.Rewrite("user root\n", Recorder); got != "user root\n" {
		t.Errorf("Rewrite to the same account changed %q", got)
	}
}

// TestCasesHaveGoldens fails on a case without a recorded output and exit status for
// every dialect: goldens are only ever written by -update, never on the fly.
func TestCasesHaveGoldens(t *testing.T) {
	for _, c := range LoadCases(t, casesDir) {
		for _, sec := range goldenSections {
			c.Golden(t, sec)
		}
	}
}

// TestGoldensMatchLive runs the installed ssh (and the upstream builds named by
// $SSHCFG_UPSTREAM_SSH_DIR) on every case and fails when a golden differs from what ssh
// prints now: goldens that went stale would make the offline comparison wrong. The
// goldens name the recording account (Recorder); run as another account, ssh's output is
// rewritten to that account, and cases that depend on the account in a way text cannot
// undo are left out (and counted).
func TestGoldensMatchLive(t *testing.T) {
	id, err := CurrentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	bin := RequireSSH(t)
	d := Dialect(t, bin)
	if !d.Debian || d.Version != keyword.Debian92.Version {
		t.Skipf("the goldens of -- %s -- are recorded from Debian's 9.2p1; installed: %s", SecOutput, d.Release)
	}
	builds := []struct{ bin, sec string }{{bin, SecOutput}}
	if dir := os.Getenv("SSHCFG_UPSTREAM_SSH_DIR"); dir != "" {
		for _, r := range []string{"9.2p1", "10.5p1"} {
			builds = append(builds, struct{ bin, sec string }{filepath.Join(dir, r, "ssh"), SecOutput + " upstream-" + r})
		}
	}
	host, _ := os.Hostname()
	compared, accountDependent, skipped := 0, 0, 0
	for _, c := range LoadCases(t, casesDir) {
		if strings.Contains(string(c.Archive.Comment), "needs: system-config") ||
			(strings.HasPrefix(c.Name, "host-dependent") && host != RecorderHostname) {
			skipped++ // the machine's own ssh_config or host name
			continue
		}
		work := c.Setup(t)
		for _, b := range builds {
			out, _, st, err := RunG(b.bin, work, c.EnvList(work), c.Words(t, work))
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			if c.CheckGolden(t, b.sec, strings.ReplaceAll(out, work, "$WORK"), st, id) {
				compared++
			} else {
				accountDependent++
			}
		}
	}
	t.Logf("%d goldens compared with the live ssh as %s; %d depend on the account %s (not compared), %d cases on the machine", compared, id.Name, accountDependent, Recorder.Name, skipped)
}
