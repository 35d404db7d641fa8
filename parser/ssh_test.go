package parser_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// sshAllowed lists the corpus files on which the parser and the real ssh are allowed to
// disagree, with the disagreement expected (as summarised by sshDisagreement) and the
// reason: ssh's verdict depends on the environment (which only the resolver knows), or
// ssh gives up differently (a fatal error instead of a counted bad option) on a line the
// parser does flag. Files whose verdict depends on IgnoreUnknown are not listed: the test
// models IgnoreUnknown (see ignoredUnknown). Configs where ssh dies for resolver-time
// reasons without "terminating" (Match exec token expansion, ConnectionAttempts 0, …)
// agree by construction: the parser reports nothing and ssh counts no bad option. An
// entry whose file agrees with ssh is reported as stale.
var sshAllowed = map[string]struct{ diff, reason string }{
	"permitremoteopen-invalid-port": {
		diff:   "ssh fatal (exit 255 without terminating), parser has errors",
		reason: "ssh calls fatal() for a bad PermitRemoteOpen entry instead of counting a bad option; the parser reports the same line as an error",
	},
	"permitremoteopen-invalid": {
		diff:   "ssh fatal (exit 255 without terminating), parser has errors",
		reason: "ssh calls fatal() for a bad PermitRemoteOpen entry instead of counting a bad option; the parser reports the same line as an error",
	},
	"forwardagent-identityagent-invalid": {
		diff:   "ssh-only lines [2]; ssh terminating=true, parser errors=false",
		reason: "`${VAR}` with an unset variable: whether VAR is set is known only to the resolver, which has the environment",
	},
}

// sshErrorLine matches a line-numbered message of ssh about the config file; the file
// name is checked separately. ssh writes both "file line N:" and "file: line N:".
var sshErrorLine = regexp.MustCompile(`^(.*?):? line ([0-9]+): (.*)$`)

// sshNotErrors are line-numbered messages that ssh prints without counting a bad option.
var sshNotErrors = []string{
	`Unsupported option "`,
}

// sshResult is what one run of ssh -G said about a config file.
type sshResult struct {
	exit  int
	lines map[int]bool // lines reported as errors
	// messages are the error messages for each line, vis(3)-encoded as ssh prints them;
	// a message without a line number belongs to the next line-numbered one.
	messages    map[int][]string
	terminating bool // "file: terminating, N bad configuration options"
	stderr      string
}

// TestSSHDifferential runs the real ssh -G on every corpus file and checks that the lines
// it reports as errors are the lines where the parser has Error diagnostics, and that ssh
// gives up with "terminating" exactly when the parse has errors.
func TestSSHDifferential(t *testing.T) {
	sshPath, version := requireSSH(t)
	home := t.TempDir()
	services := etcServices(t)
	seen := map[string]bool{}
	for _, c := range loadCorpus(t) {
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "ssh_config")
			if err := os.WriteFile(path, c.Input, 0o600); err != nil {
				t.Fatal(err)
			}
			res := runSSH(t, sshPath, home, path, nil)
			f := parser.Parse("ssh_config", c.Input, parser.Options{Services: services})
			ours := map[int][]string{}
			x := f.LineIndex()
			for _, d := range f.Diags.Errors() {
				line := x.Position(d.Span.Start).Line
				ours[line] = append(ours[line], sshWords(d)...)
			}
			suppressed, ok := ignoredUnknown(f, "example.test")
			if !ok {
				t.Fatalf("cannot tell which lines IgnoreUnknown silences (IgnoreUnknown in a Match block); extend ignoredUnknown")
			}
			hasErrors := false
			for _, d := range f.Diags.Errors() {
				line := x.Position(d.Span.Start).Line
				if suppressed[line] && (d.Code == parser.CodeUnknownKeyword || d.Code == parser.CodeTooNew) {
					continue
				}
				hasErrors = true
			}
			for line := range suppressed {
				if onlyUnknownErrors(f.Diags, x, line) {
					delete(ours, line)
				}
			}
			got := sshDisagreement(res, ours, hasErrors)
			allowed, isAllowed := sshAllowed[c.Name]
			switch {
			case got == "" && isAllowed:
				t.Errorf("stale allow-list entry: parser and ssh now agree (expected %q)", allowed.diff)
			case got != "" && !isAllowed:
				t.Errorf("parser disagrees with %s: %s\nssh exit %d, stderr:\n%s\nparser diagnostics:\n%s",
					version, got, res.exit, res.stderr, dumpDiags(f))
			case got != allowed.diff:
				t.Errorf("allow-listed disagreement changed:\n got %s\nwant %s\nssh stderr:\n%s", got, allowed.diff, res.stderr)
			}
		})
	}
	for name := range sshAllowed {
		if !seen[name] {
			t.Errorf("allow-list names %s, which is not in the corpus", name)
		}
	}
}

// etcServices returns a port lookup over the TCP entries of /etc/services, which is what
// ssh's getservbyname reads: the parser's DefaultServices knows only common names, and the
// comparison must not flag "Port exec" that this machine's ssh accepts.
func etcServices(t testing.TB) func(string) (int, bool) {
	data, err := os.ReadFile("/etc/services")
	if err != nil {
		t.Logf("no /etc/services (%v); using parser.DefaultServices", err)
		return parser.DefaultServices
	}
	m := map[string]int{}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		num, proto, ok := strings.Cut(f[1], "/")
		port, err := strconv.Atoi(num)
		if !ok || proto != "tcp" || err != nil {
			continue
		}
		for _, name := range append([]string{f[0]}, f[2:]...) {
			if _, dup := m[name]; !dup {
				m[name] = port
			}
		}
	}
	return func(name string) (int, bool) {
		p, ok := m[name]
		return p, ok
	}
}

// requireSSH returns the path and version of the ssh to compare with. It skips the test
// when there is no ssh, or not the OpenSSH release the parser's default dialect describes,
// and fails instead when CI=true.
func requireSSH(t *testing.T) (path, version string) {
	t.Helper()
	skip := func(msg string) {
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; the differential test must run in CI")
		}
		t.Skip(msg)
	}
	path, err := exec.LookPath("ssh")
	if err != nil {
		skip("ssh is not installed")
	}
	out, _ := exec.Command(path, "-V").CombinedOutput()
	version = strings.TrimSpace(string(out))
	if !strings.HasPrefix(version, "OpenSSH_9.2p1 Debian") {
		skip(fmt.Sprintf("the parser's default dialect is OpenSSH 9.2p1 Debian; installed ssh is %q", version))
	}
	return path, version
}

// TestSSHRandomDifferential compares the parser with ssh on generated configs: lines of
// random keywords, separators and tricky arguments; Match lines; and raw runs of quotes,
// '=', '#', backslashes and control characters. Configs for which ssh fails fatally, or
// that use ${VAR} (whose validity depends on the environment), are not compared; those
// are resolver-time errors. SSHCFG_RANDOM_N (per kind, default 150) and
// SSHCFG_RANDOM_SEED (default 1) choose the amount and the sequence. Match exec runs
// with SHELL=/bin/false, so generated commands are never executed.
func TestSSHRandomDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs ssh hundreds of times")
	}
	sshPath, version := requireSSH(t)
	n, seed := 150, int64(1)
	if v, err := strconv.Atoi(os.Getenv("SSHCFG_RANDOM_N")); err == nil {
		n = v
	}
	if v, err := strconv.ParseInt(os.Getenv("SSHCFG_RANDOM_SEED"), 10, 64); err == nil {
		seed = v
	}
	home := t.TempDir()
	services := etcServices(t)
	dir := t.TempDir()
	for _, kind := range []string{"directives", "match", "lex"} {
		r := rand.New(rand.NewSource(seed))
		bad, compared := 0, 0
		for i := 0; i < n; i++ {
			src := randomConfig(r, kind)
			if strings.Contains(src, "${") {
				continue
			}
			path := filepath.Join(dir, "ssh_config")
			if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			res := runSSH(t, sshPath, home, path, []string{"SHELL=/bin/false"})
			if res.exit == 255 && !res.terminating {
				continue
			}
			compared++
			f := parser.Parse("ssh_config", []byte(src), parser.Options{Services: services})
			ours := map[int][]string{}
			x := f.LineIndex()
			for _, d := range f.Diags.Errors() {
				line := x.Position(d.Span.Start).Line
				ours[line] = append(ours[line], sshWords(d)...)
			}
			if got := sshDisagreement(res, ours, f.Diags.HasErrors()); got != "" {
				if bad++; bad <= 20 {
					t.Errorf("%s config %d disagrees with %s: %s\nconfig: %q\nssh: %s\nparser: %s", kind, i, version, got, src,
						strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(res.stderr, path, "F")), "\n", " | "),
						strings.ReplaceAll(strings.TrimSpace(dumpDiags(f)), "\n", " | "))
				}
			}
		}
		t.Logf("%s: %d configs compared, %d disagree", kind, compared, bad)
	}
}

// randomConfig generates one to three lines of the given kind (see TestSSHRandomDifferential).
func randomConfig(r *rand.Rand, kind string) string {
	pick := func(list []string) string { return list[r.Intn(len(list))] }
	var b strings.Builder
	if kind == "lex" {
		pieces := []string{"Port", "User", "Host", "Match", "IdentityFile", "SendEnv", "ProxyCommand", "ProxyJump",
			"\"", "'", "=", " ", "\t", "#", "\\", "\r", "\f", "\v", "22", "a", "\x00", "all", "h", " ", "="}
		for j := 0; j < 1+r.Intn(3); j++ {
			for k := 0; k < 1+r.Intn(8); k++ {
				b.WriteString(pick(pieces))
			}
			if r.Intn(5) > 0 {
				b.WriteString("\n")
			}
		}
		return b.String()
	}
	names := append(keyword.Names(), "frob", "Port", "HOST", "Match", "include")
	sort.Strings(names)
	words := []string{"yes", "no", "true", "false", "ask", "none", "any", "0", "1", "22", "-1", "+5", "010", "0x10",
		"1h", "1h30", "5x", "1.5", " ", "\"", "'", "\"a b\"", "'a b'", "\\", "\\ ", "#", "# c", "a#b", "=", "==", "%h",
		"$X", "a,b", ",", "a,,b", "*", "!x", "!", "host", "user", "all", "final", "canonical", "host=x", "user=",
		"localhost:80", "[::1]:22", "8080", "/tmp/s", "a:b:c", "u@h:22", "ssh://u@h:2", "@", "h1,h2", "aes128-ctr",
		"+aes128-ctr", "-x", "^curve25519-sha256", "ssh-ed25519", "ssh-*", "lowdelay", "af21", "256", "default", "1G",
		"15", "^A", "~", "ab", "confirm", "30m", "auto", "inet", "VERBOSE", "local7", "md5", "A=1", "B", "-",
		"0777", "0800", "any:1", "tun0", "\"\"", "''", "x\"y", "\xc3\xa9", "\xff", "\f", "\r", "\v"}
	if kind == "match" {
		names = []string{"Match", "match", "MATCH", "Host", "host"}
		words = []string{"host", "user", "all", "!all", "exec", "final", "!final", "canonical", "originalhost",
			"localuser", "tagged", "localnetwork", "host=x", "user=", "exec=true", "=", "\"\"", "x", "a,b", "!x", "*",
			"#", "# c", "\"a b\"", "'a", "b'", "true", "false", "Host", "ALL", "=x", "host=", "\"host\"",
			"\"host=x\"", "h\"o\"st", "address", "version", "\\", "x#y", "\"#\"", "\"\"x"}
	}
	for j := 0; j < 1+r.Intn(3); j++ {
		if r.Intn(4) == 0 {
			b.WriteString(pick([]string{" ", "\t", "=", " = "}))
		}
		b.WriteString(pick(names))
		b.WriteString(pick([]string{" ", "=", " = ", "\t", "  ", "==", " =", "= ", "\"\"", "\r"}))
		for k := 0; k < r.Intn(4); k++ {
			if k > 0 {
				b.WriteString(pick([]string{" ", "\t", "", "  "}))
			}
			b.WriteString(pick(words))
		}
		b.WriteString(pick([]string{"\n", "\n", "\n", " \n", "\r\n"}))
	}
	return b.String()
}

// runSSH runs ssh -G on the config at path with an empty HOME, no stdin and the extra
// environment variables given, and collects the error lines it reports.
func runSSH(t *testing.T, sshPath, home, path string, env []string) sshResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sshPath, "-G", "-F", path, "example.test")
	cmd.Env = append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "LC_ALL=C"}, env...)
	cmd.Stdin = nil // /dev/null
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	res := sshResult{lines: map[int]bool{}, messages: map[int][]string{}, stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running ssh: %v", err)
		}
		res.exit = ee.ExitCode()
	}
	if ctx.Err() != nil {
		t.Fatalf("ssh timed out")
	}
	// Messages without a line number ("Missing Match criteria for host", "Unsupported
	// Match attribute x", "Unsupported KEX algorithm …") come just before the line-numbered
	// message for the same line ("line N: Bad Match condition"), so the line-numbered ones
	// are enough to place every error.
	var pending []string
	for _, l := range strings.Split(res.stderr, "\n") {
		l = strings.TrimSuffix(l, "\r") // ssh ends log lines with CR LF
		if strings.HasPrefix(l, path+": terminating, ") {
			res.terminating = true
			continue
		}
		m := sshErrorLine.FindStringSubmatch(l)
		if m == nil || m[1] != path {
			if l != "" && !strings.HasPrefix(l, "Pseudo-terminal") {
				pending = append(pending, l)
			}
			continue
		}
		if isSSHWarning(m[3]) {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		res.lines[n] = true
		res.messages[n] = append(res.messages[n], pending...)
		res.messages[n] = append(res.messages[n], m[3])
		pending = nil
	}
	if res.exit != 0 && res.exit != 255 {
		t.Fatalf("ssh exited %d:\n%s", res.exit, res.stderr)
	}
	return res
}

func isSSHWarning(msg string) bool {
	for _, p := range sshNotErrors {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// sshDisagreement summarises how the parser's view differs from ssh's, "" when it does not.
// ours maps each line with an Error diagnostic to those diagnostics' messages.
func sshDisagreement(res sshResult, ours map[int][]string, hasErrors bool) string {
	var parts []string
	var lines []int
	for l := range ours {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	for _, l := range lines {
		if res.lines[l] && !messageAgrees(ours[l], res.messages[l]) {
			parts = append(parts, fmt.Sprintf("line %d: parser says %q, ssh says %q", l, ours[l], res.messages[l]))
		}
	}
	var sshOnly, oursOnly []int
	for l := range res.lines {
		if _, ok := ours[l]; !ok {
			sshOnly = append(sshOnly, l)
		}
	}
	for l := range ours {
		if !res.lines[l] {
			oursOnly = append(oursOnly, l)
		}
	}
	sort.Ints(sshOnly)
	sort.Ints(oursOnly)
	if len(sshOnly) > 0 {
		parts = append(parts, fmt.Sprintf("ssh-only lines %v", sshOnly))
	}
	if len(oursOnly) > 0 {
		parts = append(parts, fmt.Sprintf("parser-only lines %v", oursOnly))
	}
	switch {
	case res.exit == 255 && !res.terminating && hasErrors:
		parts = append(parts, "ssh fatal (exit 255 without terminating), parser has errors")
	case res.terminating != hasErrors:
		parts = append(parts, fmt.Sprintf("ssh terminating=%t, parser errors=%t", res.terminating, hasErrors))
	}
	if res.terminating && res.exit != 255 {
		parts = append(parts, fmt.Sprintf("ssh said terminating but exited %d", res.exit))
	}
	return strings.Join(parts, "; ")
}

// sshWords are the lines of ssh's own report that the parser recorded for d (its SSH
// field), without their positions.
func sshWords(d diag.Diagnostic) []string {
	if d.SSH.Text == "" {
		return nil
	}
	out := strings.Split(d.SSH.Text, "\n")
	if d.SSH.Then != "" {
		out = append(out, d.SSH.Then)
	}
	return out
}

// messageAgrees reports whether the parser's record of ssh's words for a line (see
// sshWords), vis(3)-encoded the way ssh prints it, appears line for line and in order
// among what ssh printed for it. ssh may print more: some value parsers log a line of
// their own first ("Unsupported KEX algorithm …") that the parser does not record.
func messageAgrees(ours, ssh []string) bool {
	if len(ours) == 0 {
		return false
	}
	i := 0
	for _, s := range ssh {
		if i < len(ours) && sshVis(ours[i]) == s {
			i++
		}
	}
	return i == len(ours)
}

// sshVis encodes s like OpenSSH's log output (strnvis with VIS_SAFE|VIS_OCTAL): a
// backslash is doubled, and bytes other than printable ASCII, space, tab, newline, BEL,
// BS and CR become \ooo.
func sshVis(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c >= 0x21 && c <= 0x7e, c == ' ', c == '\t', c == '\n', c == '\a', c == '\b', c == '\r':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\%03o", c)
		}
	}
	return b.String()
}

// onlyUnknownErrors reports whether every error on the line is an unknown-keyword error.
func onlyUnknownErrors(ds diag.Diagnostics, x *diag.LineIndex, line int) bool {
	for _, d := range ds.Errors() {
		if x.Position(d.Span.Start).Line == line && d.Code != parser.CodeUnknownKeyword && d.Code != parser.CodeTooNew {
			return false
		}
	}
	return true
}

// ignoredUnknown models ssh's IgnoreUnknown for a destination host: the first IgnoreUnknown
// in an active block sets a pattern list, and later unknown keywords that match it are not
// errors. It returns the lines whose unknown keyword ssh silences. Only Host blocks are
// evaluated; ok is false when an IgnoreUnknown sits in a Match block.
func ignoredUnknown(f *parser.File, host string) (lines map[int]bool, ok bool) {
	lines = map[int]bool{}
	var patterns string
	for _, b := range f.Blocks {
		active := true
		if b.Header != nil {
			if b.Header.Name() != "host" {
				for _, l := range b.Lines {
					if l.Name() == "ignoreunknown" {
						return nil, false
					}
				}
				active = false
			} else {
				active = hostMatches(b.Header, host)
			}
		}
		for _, l := range b.Lines {
			if l.Kind != parser.LineDirective {
				continue
			}
			if l.Name() == "ignoreunknown" && active && patterns == "" && len(l.Args()) > 0 {
				patterns = l.Args()[0].Value
				continue
			}
			if patterns != "" && l.Keyword() == nil && pattern.MatchList(l.Name(), patterns, true) == 1 {
				lines[l.Number()] = true
			}
		}
	}
	return lines, true
}

// hostMatches evaluates a Host line against host as ssh does: a matching negated pattern
// makes the block inactive; otherwise any matching pattern makes it active.
func hostMatches(h *parser.Line, host string) bool {
	active := false
	for _, a := range h.Args() {
		p, neg := strings.CutPrefix(a.Value, "!")
		if pattern.Match(host, p) {
			if neg {
				return false
			}
			active = true
		}
	}
	return active
}
