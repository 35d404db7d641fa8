package sshtest

import (
	"os/user"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Identity is the local account whose password entry ssh reads (getpwuid(getuid())): it
// gives the default user and %u, the home directory for ~ and %d, and the uid for %i.
// $HOME plays no part in them.
type Identity struct {
	Name string
	UID  int
	Home string
}

// Recorder is the account the goldens of testdata/resolve were recorded as: their
// "user root" and "/root/.ssh/known_hosts" lines come from its password entry. A
// comparison with the goldens resolves as this account (with the case files shown as
// owned by it, for the file owner check), so it does not depend on who runs the tests.
var Recorder = Identity{Name: "root", UID: 0, Home: "/root"}

// CurrentIdentity returns the account the tests run as, from the password database.
func CurrentIdentity() (Identity, error) {
	u, err := user.Current()
	if err != nil {
		return Identity{}, err
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return Identity{}, err
	}
	return Identity{Name: u.Username, UID: uid, Home: u.HomeDir}, nil
}

// Rewrite turns output that ssh printed as account id into what it prints as account to,
// as far as text allows: the home directory (at a path-segment boundary) and the user
// name (as a whole word). The uid (%i) and hashes over the user name (%C) cannot be
// rewritten; IdentityDependent tells whether a case may depend on them.
func (id Identity) Rewrite(out string, to Identity) string {
	if id == to {
		return out
	}
	var b strings.Builder
	for i := 0; i < len(out); {
		switch {
		case id.Home != "" && id.Home != "/" && strings.HasPrefix(out[i:], id.Home) && pathEnds(out, i+len(id.Home)):
			b.WriteString(to.Home)
			i += len(id.Home)
		case id.Name != "" && strings.HasPrefix(out[i:], id.Name) && !wordAt(out, i-1) && !wordAt(out, i+len(id.Name)):
			b.WriteString(to.Name)
			i += len(id.Name)
		default:
			b.WriteByte(out[i])
			i++
		}
	}
	return b.String()
}

// pathEnds reports whether a path can end before s[i].
func pathEnds(s string, i int) bool {
	return i >= len(s) || strings.IndexByte("/ \n,'\"|", s[i]) >= 0
}

// wordAt reports whether s[i] exists and could continue a user name.
func wordAt(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// identityTokens are what makes a case's output depend on the account beyond its name and
// home: the uid, hashes over the local user, and criteria or defaults that test the name.
var identityTokens = regexp.MustCompile(`%i|%C|(?i)localuser|(?i)\bmatch\b.*\buser\b`)

// IdentityDependent reports whether the case's output may differ between accounts in a
// way Rewrite cannot undo (%i, %C, Match localuser or user).
func (c *Case) IdentityDependent() bool {
	if identityTokens.MatchString(c.Args) {
		return true
	}
	for _, f := range c.Archive.Files {
		if !c.isSection(f.Name) && identityTokens.Match(f.Data) {
			return true
		}
	}
	return false
}

// isSection reports whether name is one of the case's non-file sections.
func (c *Case) isSection(name string) bool {
	return name == SecArgs || name == SecEnv || strings.HasPrefix(name, SecOutput) || strings.HasPrefix(name, SecExit)
}

// Golden returns the recorded output and exit status of section secOut ("ssh -G" or
// "ssh -G upstream-<release>"). A missing section fails the test with a hint to record
// it; goldens are never created outside -update.
func (c *Case) Golden(t testing.TB, secOut string) (out string, status int) {
	t.Helper()
	secSt := strings.Replace(secOut, SecOutput, SecExit, 1)
	out, ok := c.Section(secOut)
	st, ok2 := c.Section(secSt)
	if !ok || !ok2 {
		t.Fatalf("%s: no -- %s -- or -- %s -- section: record it with -update (go test ./resolve -update)", c.Path, secOut, secSt)
	}
	status, err := strconv.Atoi(strings.TrimSpace(st))
	if err != nil {
		t.Fatalf("%s: -- %s --: %v", c.Path, secSt, err)
	}
	return out, status
}

// CheckGolden compares the golden secOut of the case with live output of ssh (with the
// work directory already replaced by $WORK) run as account as, and fails the test when
// they differ, with a hint to run -update. Output made as another account than Recorder
// is rewritten first (see Rewrite); a case that depends on the account in a way that
// cannot be rewritten is then not compared, and CheckGolden reports false.
func (c *Case) CheckGolden(t testing.TB, secOut string, live string, liveStatus int, as Identity) (compared bool) {
	t.Helper()
	want, wantStatus := c.Golden(t, secOut)
	got := as.Rewrite(live, Recorder)
	if as != Recorder && (got != want || liveStatus != wantStatus) && c.IdentityDependent() {
		return false
	}
	if got != want || liveStatus != wantStatus {
		t.Errorf("%s: the golden -- %s -- (exit %d) differs from the live ssh (exit %d); if ssh is right, record it with -update (go test ./resolve -update):\n%s",
			c.Path, secOut, wantStatus, liveStatus, LineDiff(want, got))
	}
	return true
}

// RequireUpdateAsRecorder fails the test when goldens would be recorded as another
// account than Recorder: they would then name that account.
func RequireUpdateAsRecorder(t testing.TB) {
	t.Helper()
	id, err := CurrentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if id != Recorder {
		t.Fatalf("goldens are recorded as %s (uid %d, home %s); -update as %s would record that account", Recorder.Name, Recorder.UID, Recorder.Home, id.Name)
	}
}

// LineDiff shows the lines only in want (-) and only in got (+).
func LineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	count := func(l []string) map[string]int {
		m := map[string]int{}
		for _, x := range l {
			m[x]++
		}
		return m
	}
	wm, gm := count(w), count(g)
	var b strings.Builder
	for _, x := range w {
		if gm[x] == 0 {
			b.WriteString("- " + x + "\n")
		} else {
			gm[x]--
		}
	}
	for _, x := range g {
		if wm[x] == 0 {
			b.WriteString("+ " + x + "\n")
		} else {
			wm[x]--
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order)"
	}
	return b.String()
}
