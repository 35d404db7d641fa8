package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hosts on a -F file that cannot be opened fails like resolve: ssh's message, status 255.
func TestHostsMissingConfigFails(t *testing.T) {
	out, errOut, code := sshcfg(t, "", "hosts", "-F", "/no/such/file")
	if code != exitSSH || out != "" || errOut != "Can't open user config file /no/such/file: No such file or directory\r\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if out, errOut, code := sshcfg(t, "", "hosts", "--json", "-F", "/no/such/file"); code != exitSSH || out != "" || errOut == "" {
		t.Errorf("--json: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// Three files that include each other through dir/* used to keep hosts and completion
// busy for minutes; now they finish and hosts reports the cycle at the Include.
// Completion reports nothing of its own (cobra prints its directive on standard error).
func TestHostsIncludeCycleFinishes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"config": "Host top\nInclude $D/dir/*\n"}
	for _, n := range []string{"a", "b", "c"} {
		files["dir/"+n] = "Host h" + n + "\nInclude $D/dir/*\n"
	}
	writeEscapeFiles(t, dir, files)
	config := filepath.Join(dir, "config")
	out, errOut, code := sshcfg(t, "", "hosts", "-F", config)
	if code != 0 || strings.Count(out, "\n") != 4 {
		t.Errorf("exit %d, hosts:\n%s", code, out)
	}
	want := "sshcfg: " + dir + "/dir/a:2:9: error: Include cycle: " + dir + "/dir/a includes itself"
	if !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr %q, want one line starting %q", errOut, want)
	}
	out, errOut, code = sshcfg(t, "", "__complete", "explain", "-F", config, "")
	if code != 0 || !strings.HasPrefix(out, "ha\nhb\nhc\ntop\n") || strings.Contains(errOut, "sshcfg") {
		t.Errorf("completion: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// An included file ssh refuses (world-writable) is reported with the Include's position.
func TestHostsReportsRefusedInclude(t *testing.T) {
	dir := t.TempDir()
	writeEscapeFiles(t, dir, map[string]string{
		"config": "Host a\n\nInclude $D/wwfile\n",
		"wwfile": "Host hidden\n",
	})
	out, errOut, code := sshcfg(t, "", "hosts", "-F", filepath.Join(dir, "config"))
	want := "sshcfg: " + dir + "/config:3:9: error: Bad owner or permissions on " + dir + "/wwfile [include-refused]\n"
	if code != 0 || errOut != want || strings.Contains(out, "hidden") {
		t.Errorf("exit %d\nstdout %q\nstderr %q\nwant   %q", code, out, errOut, want)
	}
}

// hosts, explain and completion never print raw control bytes from the configuration.
func TestOutputsEscapeControlBytes(t *testing.T) {
	dir := t.TempDir()
	nasty := "\x1b]0;t\a\b\r\x7f\\\x80\xc2\x9b"
	writeEscapeFiles(t, dir, map[string]string{
		"config": "Host x x" + nasty + " a\x01b\n" +
			"  Hostname h" + nasty + "\n" +
			"  User \"u\tv" + nasty + "\"\n" +
			"  SetEnv A=\"1\t2" + nasty + "\"\n" +
			"  Include $D/inc\x1b\x9b\n" +
			"Host clean\n",
		"inc\x1b\x9b": "Host included\x1b\n  Port 2\n",
	})
	config := filepath.Join(dir, "config")
	runs := [][]string{
		{"hosts", "-F", config},
		{"explain", "-F", config, "x"},
		{"explain", "--all", "-F", config, "x"},
		{"__complete", "explain", "-F", config, ""},
		{"__complete", "resolve", "-F", config, ""},
		{"hosts", "--json", "-F", config},
		{"explain", "--json", "-F", config, "x"},
	}
	for _, args := range runs {
		out, errOut, code := sshcfg(t, "", args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
			continue
		}
		for _, s := range []string{out, errOut} {
			if bad := rawControl(s); bad != "" {
				t.Errorf("%v: raw %s in output %q", args, bad, s)
			}
		}
	}
	// the escapes are readable, and JSON keeps the text (invalid UTF-8 becomes U+FFFD, as
	// encoding/json writes it)
	out, _, _ := sshcfg(t, "", "hosts", "-F", config)
	if !strings.Contains(out, `x\033]0;t\007\010\015\177\\\200\302\233`+"\t") {
		t.Errorf("hosts text:\n%s", out)
	}
	out, _, _ = sshcfg(t, "", "__complete", "explain", "-F", config, "")
	if !strings.HasPrefix(out, "clean\nx\n:") {
		t.Errorf("completion should offer only the names it can complete as written:\n%s", out)
	}
	out, _, _ = sshcfg(t, "", "explain", "--json", "-F", config, "x")
	var e explanation
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	if e.Hostname != "h"+strings.ToValidUTF8(nasty, "\uFFFD") {
		t.Errorf("JSON hostname %q", e.Hostname)
	}
}

// rawControl names the first byte of s a terminal would act on (a control byte other
// than newline and tab, DEL, or a C1 control in UTF-8), or returns "".
func rawControl(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 && c != '\n' && c != '\t', c == 0x7f:
			return fmt.Sprintf("byte %#02x", c)
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return "C1 control"
		}
	}
	return ""
}

// TestCompletionSkipsFIFOs: shell completion of host names does not wait on an included
// FIFO no one writes to (the shell would hang at the Tab key); it offers the other hosts.
func TestCompletionSkipsFIFOs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("Include "+fifo+"\nHost alpha\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	go func() {
		out, _, _ := sshcfg(t, "", "__complete", "resolve", "-F", config, "")
		done <- out
	}()
	select {
	case out := <-done:
		if !strings.HasPrefix(out, "alpha\n:") {
			t.Errorf("completion:\n%s", out)
		}
	case <-time.After(time.Minute): // a guard against a hang, not a measure
		t.Fatal("completion waited on the FIFO")
	}
}
