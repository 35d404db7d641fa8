package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// escapeCases are configurations whose messages carry control bytes, DEL, backslashes
// and bytes from 0x80 up: in keyword names, values, Host and Match lines, Include paths
// and the config file's own name. "$D" stands for the work directory. Files whose name
// starts with "ww" are made world-writable, which ssh refuses for an included file.
var escapeCases = []struct {
	name   string
	files  map[string]string
	config string   // the file passed with -F
	args   []string // more ssh arguments, before the host
}{
	{"keyword", map[string]string{"c": "Host x\n  Po\x1b\\\x80\xff\x7f\a\brt 22\n"}, "c", nil},
	{"value", map[string]string{"c": "Host x\n  Port 2\x1b]0;title\a\\\x7f\xe9\r\b\n"}, "c", nil},
	{"quoted tab", map[string]string{"c": "Host x\n  Port \"2\t3\x1b\"\n"}, "c", nil},
	{"enum value", map[string]string{"c": "Host x\n  Compression ye\x1bs\\\x9b\n"}, "c", nil},
	{"cipher list", map[string]string{"c": "Host x\n  Ciphers aes\x1b\\\x80\n"}, "c", nil},
	{"host pattern", map[string]string{"c": "Host x\x1b\\\x80 x\n  Port 22 junk\x1b\x80\\\n"}, "c", nil},
	{"match criteria", map[string]string{"c": "Match foo\x1b\\\x80\a\n"}, "c", nil},
	{"match argument", map[string]string{"c": "Match host a\x1b\\\x80 user\n"}, "c", nil},
	{"percent token", map[string]string{"c": "Host x\n  Hostname %\x1b\n"}, "c", nil},
	{"forward", map[string]string{"c": "Host x\n  LocalForward 1\x1b\\ 2\n"}, "c", nil},
	{"jump", map[string]string{"c": "Host x\n  ProxyJump a\x1b\\@\x80:99999\n"}, "c", nil},
	{"agent path", map[string]string{"c": "Host x\n  ForwardAgent \x1b\b\a\x7f\\\n"}, "c", nil},
	{"refused include", map[string]string{
		"c":              "Host x\n  Include $D/ww\x1b\x80\a\r\n",
		"ww\x1b\x80\a\r": "Host y\n",
	}, "c", nil},
	{"include with backslash", map[string]string{
		"c":               "Host x\n  Include $D/ww\x1b\\\\\x80\n",
		"ww\x1b\\\x80":    "Host y\n",
		"inc\x1b\\\x80/a": "Host z\n",
	}, "c", nil},
	{"include directory", map[string]string{
		"c":             "Host x\n  Include $D/inc\x1b*\n",
		"inc\x1b\x80/a": "Port 1\x1b\n",
	}, "c", nil},
	{"missing -F", map[string]string{}, "no\x1bsuch\\\x80", nil},
	{"config name", map[string]string{"c\x1b\\\x80\a": "Host x\n  Port 1\x1b\n"}, "c\x1b\\\x80\a", nil},
	{"long keyword", map[string]string{"c": "Host x\n  " + strings.Repeat("a", 1010) + strings.Repeat("\x1b", 6) + "b 1\n"}, "c", nil},
	{"long backslashes", map[string]string{"c": "Host x\n  " + strings.Repeat("a", 1009) + strings.Repeat("\\", 6) + "b 1\n"}, "c", nil},
	{"very long keyword", map[string]string{"c": "Host x\n  " + strings.Repeat("a\x80", 1500) + " 1\n"}, "c", nil},
	// ssh prints these with fprintf, unescaped: they carry command-line bytes only
	{"plain: port option", map[string]string{"c": ""}, "c", []string{"-p", "1\x1b\\\x80"}},
	{"plain: identity option", map[string]string{"c": ""}, "c", []string{"-i", "/no\x1bsuch\\"}},
	{"plain: forward option", map[string]string{"c": ""}, "c", []string{"-L", "1\x1b"}},
}

// TestResolveStderrEscapesLikeSSH compares `sshcfg resolve` with the live `ssh -G` on
// configurations whose messages contain bytes a terminal would act on: standard output,
// standard error and the exit status must be identical byte for byte, and standard error
// must carry no ESC from the configuration (ssh's logger escapes it; only messages ssh
// prints with fprintf about its own arguments are raw).
func TestResolveStderrEscapesLikeSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	for _, c := range escapeCases {
		dir := t.TempDir()
		writeEscapeFiles(t, dir, c.files)
		config := filepath.Join(dir, c.config)
		args := append(append([]string{"-F", config}, c.args...), "x")
		want, wantErr, wantStatus, err := sshtest.RunG(bin, dir, os.Environ(), args)
		if err != nil {
			t.Fatal(err)
		}
		got, gotErr, status := sshcfg(t, "", append([]string{"resolve"}, args...)...)
		if status != wantStatus || got != want || gotErr != wantErr {
			t.Errorf("%s: exit %d (ssh %d), stdout same: %v\nstderr:     %q\nssh stderr: %q",
				c.name, status, wantStatus, got == want, gotErr, wantErr)
		}
		if c.args == nil && strings.Contains(gotErr, "\x1b") {
			t.Errorf("%s: ESC on standard error: %q", c.name, gotErr)
		}
	}
}

// writeEscapeFiles creates the files of an escape case under dir.
func writeEscapeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(text, "$D", dir)), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(name, "ww") {
			if err := os.Chmod(p, 0o666); err != nil {
				t.Fatal(err)
			}
		}
	}
}
