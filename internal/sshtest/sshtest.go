// Package sshtest runs the real OpenSSH client for differential tests and splits command
// lines the way a shell does.
package sshtest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// RequireSSH returns the path of the ssh binary. Without one it skips the test, or fails
// it when CI=true (CI must have every tool the tests need).
func RequireSSH(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ssh is not installed, and CI=true requires it: %v", err)
		}
		t.Skip("ssh is not installed")
	}
	return p
}

// Available reports whether ssh is on PATH.
func Available() bool {
	_, err := exec.LookPath("ssh")
	return err == nil
}

// RunG runs `ssh -G args…` in dir with exactly the environment env and stdin on
// /dev/null, and returns its standard output, standard error and exit status.
func RunG(bin, dir string, env, args []string) (stdout, stderr string, status int, err error) {
	cmd := exec.Command(bin, append([]string{"-G"}, args...)...)
	cmd.Dir = dir
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return o.String(), e.String(), ee.ExitCode(), nil
	}
	return o.String(), e.String(), 0, err
}

// SplitWords splits a command line into words like a POSIX shell: blanks separate words,
// single quotes keep everything, double quotes keep everything but \" and \\, and a
// backslash outside quotes escapes the next character.
func SplitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\' || s[i+1] == '$' || s[i+1] == '`') {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// Dialect returns the dialect of the ssh binary at bin, from `ssh -V`.
func Dialect(t testing.TB, bin string) keyword.Dialect {
	t.Helper()
	out, err := exec.Command(bin, "-V").CombinedOutput()
	if err != nil {
		t.Fatalf("%s -V: %v", bin, err)
	}
	release, _, _ := strings.Cut(strings.TrimSpace(string(out)), ",")
	d, ok := keyword.DialectOf(release)
	if !ok {
		t.Fatalf("cannot tell the OpenSSH release from %q", out)
	}
	return d
}
