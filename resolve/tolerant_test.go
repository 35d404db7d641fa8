package resolve

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// tolerantFile is one file of a tolerant-mode case, written under the case's directory.
type tolerantFile struct {
	text string
	mode os.FileMode // 0: 0600
}

// resolveTolerant writes files into a new directory ($DIR in their text stands for it)
// and resolves host with -F $DIR/config in tolerant mode.
func resolveTolerant(t *testing.T, d keyword.Dialect, files map[string]tolerantFile, env map[string]string, extra ...string) (*Result, string) {
	t.Helper()
	dir := t.TempDir()
	for name, f := range files {
		mode := f.mode
		if mode == 0 {
			mode = 0o600
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(strings.ReplaceAll(f.text, "$DIR", dir)), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	e := osTestEnv(OSFS{})
	e.Getenv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	req, err := ParseArgs(append(append([]string{"-F", filepath.Join(dir, "config")}, extra...), "h"), d)
	if err != nil {
		t.Fatal(err)
	}
	req.Tolerant = true
	res, err := New(e, d).Resolve(req)
	if err != nil {
		t.Fatalf("tolerant resolution failed: %v", err)
	}
	return res, dir
}

// describe renders a diagnostic as "code file:line `text`", file relative to dir.
func describe(t *testing.T, d diag.Diagnostic, dir string) string {
	t.Helper()
	if d.File == "" {
		return d.Code + " -"
	}
	src, err := os.ReadFile(d.File)
	if err != nil {
		t.Fatal(err)
	}
	line := diag.NewLineIndex(src).Position(d.Span.Start).Line
	return d.Code + " " + strings.TrimPrefix(d.File, dir+"/") + ":" + strconv.Itoa(line) + " `" + string(src[d.Span.Start:d.Span.End]) + "`"
}

// TestTolerant resolves broken configurations in tolerant mode: each problem is a
// positioned diagnostic with its code, and what ssh's semantics still give resolves.
func TestTolerant(t *testing.T) {
	var many string
	for i := 1; i <= 33; i++ {
		many += " /k" + strconv.Itoa(i)
	}
	const certOnly = "ssh-ed25519-cert-v01@openssh.com"
	for _, c := range []struct {
		name  string
		files map[string]tolerantFile
		env   map[string]string
		args  []string
		want  []string // describe() of each diagnostic, in order
		check func(t *testing.T, r *Result)
	}{{
		name:  "bad line in a Host block",
		files: map[string]tolerantFile{"config": {text: "Host h\n  Port 2\n  Bogus yes\n  User bob\n"}},
		want:  []string{"unknown-keyword config:3 `Bogus`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 2, "bob") },
	}, {
		name:  "Host with an empty argument after a match does not apply",
		files: map[string]tolerantFile{"config": {text: "Port 7\nHost h \"\"\n  Port 2\n  User bob\n"}},
		want:  []string{"empty-argument config:2 `\"\"`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 7, "u") },
	}, {
		name:  "Host with an empty argument after a matching negation is no error",
		files: map[string]tolerantFile{"config": {text: "Host !h \"\"\n  Port 2\nHost *\n  Port 8\n"}},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 8, "u") },
	}, {
		name:  "two bad lines, values after both apply",
		files: map[string]tolerantFile{"config": {text: "Port 2\nCompression maybe\nMatch nosuch x\nUser bob\n"}},
		want:  []string{"bad-choice config:2 `maybe`", "bad-match config:3 `nosuch`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 2, "bob") },
	}, {
		name: "world-writable include",
		files: map[string]tolerantFile{
			"config": {text: "Include $DIR/inc\nPort 3\n"},
			"inc":    {text: "User mallory\nPort 9\n", mode: 0o666},
		},
		want:  []string{"include-refused config:1 `$DIR/inc`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 3, "u") },
	}, {
		name:  "include of itself",
		files: map[string]tolerantFile{"config": {text: "Include $DIR/config\nPort 4\n"}},
		want:  []string{"include-depth config:1 `$DIR/config`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 4, "u") },
	}, {
		name:  "unset variable",
		files: map[string]tolerantFile{"config": {text: "IdentityAgent ${NOPE}\nPort 5\n"}},
		want:  []string{"unset-variable config:1 `${NOPE}`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 5, "u") },
	}, {
		name:  "list limit",
		files: map[string]tolerantFile{"config": {text: "GlobalKnownHostsFile " + many + "\nPort 6\n"}},
		want:  []string{"list-limit config:1 `/k33`"},
		check: func(t *testing.T, r *Result) {
			wantPortUser(t, r, 6, "u")
			if got := r.Strings(keyword.GlobalKnownHostsFile); len(got) != 2 {
				t.Errorf("GlobalKnownHostsFile %q, want ssh's two defaults", got)
			}
		},
	}, {
		name:  "ConnectionAttempts 0",
		files: map[string]tolerantFile{"config": {text: "ConnectionAttempts 0\nPort 7\n"}},
		want:  []string{"invalid-setting config:1 `0`"},
		check: func(t *testing.T, r *Result) {
			wantPortUser(t, r, 7, "u")
			if n, _ := r.Int(keyword.ConnectionAttempts); n != 1 {
				t.Errorf("ConnectionAttempts %d, want the default 1", n)
			}
		},
	}, {
		name:  "invalid Ciphers list",
		files: map[string]tolerantFile{"config": {text: "Port 8\nCiphers aes*,zzz\n"}},
		want:  []string{"bad-algorithm-list config:2 `aes*,zzz`"},
		check: func(t *testing.T, r *Result) {
			wantPortUser(t, r, 8, "u")
			if got := r.Algorithms(keyword.Ciphers); len(got) < 2 {
				t.Errorf("Ciphers %q, want the default list", got)
			}
		},
	}, {
		name:  "CA algorithm list left empty (9.2: not fatal)",
		files: map[string]tolerantFile{"config": {text: "Port 8\nCASignatureAlgorithms " + certOnly + "\n"}},
		want:  []string{"invalid-setting config:2 `" + certOnly + "` warning"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 8, "u") },
	}, {
		name:  "Match exec not run",
		files: map[string]tolerantFile{"config": {text: "Match exec true\n  Port 9\n"}},
		want:  []string{"exec-not-run config:1 `exec true` info"},
	}, {
		name:  "user name with invalid characters",
		files: map[string]tolerantFile{"config": {text: "Port 10\n"}},
		args:  []string{"-o", "User=a;b"},
		want:  []string{"invalid-setting -"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 10, "u") },
	}, {
		name:  "bad command-line option: ssh stops, what was resolved is kept",
		files: map[string]tolerantFile{"config": {text: "Port 13\n"}},
		args:  []string{"-o", "User=x'y", "-o", "Port=14"},
		want:  []string{"ssh-stops -"},
	}, {
		name:  "bad PermitRemoteOpen entry",
		files: map[string]tolerantFile{"config": {text: "PermitRemoteOpen nosuch\nPort 11\n"}},
		want:  []string{"bad-permit-remote-open config:1 `nosuch`"},
		check: func(t *testing.T, r *Result) { wantPortUser(t, r, 11, "u") },
	}} {
		t.Run(c.name, func(t *testing.T) {
			res, dir := resolveTolerant(t, keyword.Debian92, c.files, nil, c.args...)
			var got []string
			for _, dg := range res.Diags {
				if dg.Severity == 0 {
					t.Errorf("diagnostic without severity: %+v", dg)
				}
				g := strings.ReplaceAll(describe(t, dg, dir), dir, "$DIR")
				if dg.Severity != diag.Error {
					g += " " + dg.Severity.String()
				}
				got = append(got, g)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if c.check != nil {
				c.check(t, res)
			}
		})
	}
}

func wantPortUser(t *testing.T, r *Result, port int, user string) {
	t.Helper()
	if got := r.Port(); got != port {
		t.Errorf("Port %d, want %d", got, port)
	}
	if got := r.User(); got != user {
		t.Errorf("User %q, want %q", got, user)
	}
}

// TestTolerantAgreesWhereSSHSucceeds resolves every case of testdata/resolve that ssh
// accepts (recorded exit 0) both ways: tolerant mode must give the same ssh -G output
// and no error diagnostic.
func TestTolerantAgreesWhereSSHSucceeds(t *testing.T) {
	compared := 0
	for _, c := range sshtest.LoadCases(t, "../testdata/resolve") {
		if _, status := c.Golden(t, sshtest.SecOutput); status != 0 {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			work := c.Setup(t)
			env := caseEnv(c.Environ(work), work)
			words := c.Words(t, work)
			strict := resolveOutcome(t, New(env, keyword.Debian92), words, false)
			req, err := ParseArgs(words, keyword.Debian92)
			if err != nil {
				t.Fatalf("ssh accepts the arguments, ParseArgs does not: %v", err)
			}
			req.Tolerant = true
			res, err := New(env, keyword.Debian92).Resolve(req)
			var fe *FatalError
			if errors.As(err, &fe) || err != nil {
				t.Fatalf("tolerant mode failed: %v", err)
			}
			if got := res.DumpG(); got != strict.out {
				t.Errorf("tolerant ssh -G output differs from strict:\n%s", sshtest.LineDiff(strict.out, got))
			}
			for _, d := range res.Diags.Errors() {
				t.Errorf("error diagnostic where ssh succeeds: %s %q", d.Code, d.Message)
			}
		})
		compared++
	}
	if compared == 0 {
		t.Fatal("no case with exit 0; the test proves nothing")
	}
}

// TestStrictUnchangedByTolerantCode checks that a strict resolution of a broken
// configuration still fails as ssh does, with the terminating message.
func TestStrictUnchangedByTolerantCode(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, []byte("Bogus yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := resolveWith(t, osTestEnv(OSFS{}), "-F", cfg, "h")
	var fe *FatalError
	if !errors.As(err, &fe) || fe.Msg != cfg+": terminating, 1 bad configuration options" {
		t.Fatalf("strict: got %v, want ssh's terminating error", err)
	}
}

// TestTolerantExpansion: a value whose tokens ssh cannot expand is a diagnostic at that
// value; the option is dropped and the rest resolves.
func TestTolerantExpansion(t *testing.T) {
	res, dir := resolveTolerant(t, keyword.Debian92, map[string]tolerantFile{
		"config": {text: "ControlPath /tmp/%q\nUserKnownHostsFile ~/k none\nHostName %q.example\nPort 12\n"},
	}, nil)
	var got []string
	for _, d := range res.Diags {
		got = append(got, describe(t, d, dir))
	}
	want := "none-not-alone config:2 `none`\ninvalid-setting config:3 `%q.example`\ninvalid-setting config:1 `/tmp/%q`"
	if strings.Join(got, "\n") != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	wantPortUser(t, res, 12, "u")
	if _, ok := res.String(keyword.ControlPath); ok {
		t.Errorf("ControlPath kept")
	}
	if res.Hostname != "h" {
		t.Errorf("Hostname %q, want the destination h", res.Hostname)
	}
}
