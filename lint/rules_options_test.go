package lint

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// TestOptionRulesNeverRunCommands lints a configuration that names a command in every
// place ssh runs one; lintText fails the test if the linter asks to run any.
func TestOptionRulesNeverRunCommands(t *testing.T) {
	got := lintText(t, `Match exec "touch /tmp/sshcfg-pwned-%h"
  User x
Host web
  ProxyCommand ssh -W %h:%p bastion
  KnownHostsCommand /usr/local/bin/hosts %H
  PermitLocalCommand yes
  LocalCommand touch /tmp/sshcfg-pwned-local
  RemoteCommand touch /tmp/sshcfg-pwned-remote
`)
	for _, want := range []string{"01:match-exec", "01:command-token-injection", "04:command-token-injection", "04:proxycommand-to-proxyjump", "06:permit-local-command"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %s; got %v", want, got)
		}
	}
	if slices.Contains(got, "01:exec-not-run") {
		t.Errorf("the resolver's exec-not-run note should be folded into match-exec; got %v", got)
	}
}

// TestLosingLinesAreNotRisky checks that a risky value that loses to an earlier line is
// not reported as risky: ssh never acts on it (the structure rules report it as
// shadowed, which is the finding that matters there).
func TestLosingLinesAreNotRisky(t *testing.T) {
	got := lintText(t, `Host *
  ForwardAgent no
  ForwardX11 no
  UserKnownHostsFile ~/.ssh/known_hosts
Host web
  ForwardAgent yes
  ForwardX11 yes
  UserKnownHostsFile /dev/null
`)
	for _, g := range got {
		if g[:2] >= "06" && !strings.HasSuffix(g, ":shadowed-setting") {
			t.Errorf("reported a line ssh ignores: %s (all: %v)", g, got)
		}
	}
}

func TestUnquotedTokens(t *testing.T) {
	for cmd, want := range map[string]string{
		"nc %h %p":                 "h",
		"nc '%h' %p":               "",
		`nc "%h" %p`:               "h",
		"echo 100%%h":              "",
		`echo \'%h\'`:              "h",
		"ssh -l %r -W %h:%p %n %u": "rhn",
		"ssh -W '%h:%p' '%r'@bast": "",
		"ssh -W %h:%p %h":          "h",
	} {
		if got := unquotedTokens(cmd); got != want {
			t.Errorf("unquotedTokens(%q) = %q, want %q", cmd, got, want)
		}
	}
}

func TestJumpOf(t *testing.T) {
	for cmd, want := range map[string]string{
		"ssh -W %h:%p bastion":        "bastion",
		"ssh  -W [%h]:%p u@b.example": "u@b.example",
		"ssh -W %h:%p -q bastion":     "",
		"ssh -W %h:%p %r@bastion":     "",
		"ssh -W %h:22 bastion":        "",
		"nc %h %p":                    "",
	} {
		if got, _ := jumpOf(cmd); got != want {
			t.Errorf("jumpOf(%q) = %q, want %q", cmd, got, want)
		}
	}
}

func TestUniqueControlPath(t *testing.T) {
	for raw, want := range map[string]bool{
		"~/.ssh/cm-%C":        true,
		"~/.ssh/%r@%h:%p":     true,
		"~/.ssh/%r@%h":        false,
		"~/.ssh/%%C-%h":       false,
		"/run/user/%i/ssh-%C": true,
	} {
		if got := uniqueControlPath(raw); got != want {
			t.Errorf("uniqueControlPath(%q) = %v, want %v", raw, got, want)
		}
	}
}

func TestProxyJumpFix(t *testing.T) {
	config := "Host internal\n  ProxyCommand = ssh -W %h:%p bastion\n"
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte(config)}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Code != "proxycommand-to-proxyjump" {
			continue
		}
		e := f.Fixes[0].Edits[0]
		got := config[:e.Span.Start] + e.New + config[e.Span.End:]
		if want := "Host internal\n  ProxyJump bastion\n"; got != want {
			t.Errorf("fixed config = %q, want %q", got, want)
		}
		return
	}
	t.Errorf("no proxycommand-to-proxyjump finding in %v", res.Findings)
}

// TestOneFindingPerLine checks that a line judged differently for two hosts is reported
// once, at the most severe level.
func TestOneFindingPerLine(t *testing.T) {
	got := lintText(t, `Host bastion
  ForwardAgent yes
  StrictHostKeyChecking no
Host *
  AddKeysToAgent yes
  PasswordAuthentication yes
  UserKnownHostsFile /dev/null
  StrictHostKeyChecking accept-new
`)
	count := map[string]int{}
	for _, g := range got {
		count[g]++
	}
	for _, want := range []string{"05:add-keys-to-agent", "06:password-to-unverified-host"} {
		if count[want] != 1 {
			t.Errorf("%s reported %d times, want once; got %v", want, count[want], got)
		}
	}
}

// TestControlPathUnderHomeInTmp checks that a ControlPath under the user's home is not
// reported as shared when the home itself is under /tmp, and that one in /tmp outside the
// home still is.
func TestControlPathUnderHomeInTmp(t *testing.T) {
	config := "Host own\n  ControlMaster auto\n  ControlPath ~/.ssh/sockets/%C\nHost shared\n  ControlMaster auto\n  ControlPath /tmp/cm-%C\n"
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte(config)}, User: resolve.User{Name: "me", UID: 1000, Home: "/tmp/ci-home"}}
	res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env, Dialect: keyword.Debian92})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, f := range res.Findings {
		if f.Code == "controlpath-shared-dir" {
			lines = append(lines, diag.NewLineIndex([]byte(config)).Position(f.Span.Start).Line)
		}
	}
	if !slices.Equal(lines, []int{6}) {
		t.Errorf("controlpath-shared-dir at lines %v, want [6]", lines)
	}
}
