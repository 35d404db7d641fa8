package parser_test

import (
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// TestSSHText checks the record of ssh's own words on error diagnostics: the words, the
// position form, the line that follows, and that sshcfg's hints stay out of them and out
// of Message (a suggestion lives in the Fix).
func TestSSHText(t *testing.T) {
	for _, c := range []struct {
		src      string
		cmdline  bool
		want     string // SSHText.Lines("F", 1)
		message  string
		fixTitle string
	}{
		{src: "Hostnme x\n", want: "F: line 1: Bad configuration option: hostnme",
			message: "Bad configuration option: hostnme", fixTitle: "Replace with Hostname"},
		{src: "Compression maybe\n", want: `F line 1: unsupported option "maybe".`, message: `unsupported option "maybe".`},
		{src: "LogLevel verbos\n", want: "F line 1: unsupported log level 'verbos'",
			message: "unsupported log level 'verbos'", fixTitle: "Replace with VERBOSE"},
		{src: "Match host\n", want: "Missing Match criteria for host\nF line 1: Bad Match condition",
			message: "Missing Match criteria for host"},
		{src: "Match all host x\n", want: "F line 1: 'all' cannot be combined with other Match attributes\nF line 1: Bad Match condition",
			message: "'all' cannot be combined with other Match attributes"},
		{src: "Host x\n", cmdline: true, want: "Host directive not supported as a command-line option",
			message: "Host directive not supported as a command-line option"},
		{src: "Port 1 2\n", want: "F line 1: keyword port extra arguments at end of line",
			message: "keyword port extra arguments at end of line"},
	} {
		f := parser.Parse("F", []byte(c.src), parser.Options{CommandLine: c.cmdline})
		errs := f.Diags.Errors()
		if len(errs) != 1 {
			t.Errorf("%q: want one error, got %+v", c.src, f.Diags)
			continue
		}
		d := errs[0]
		if got := d.SSH.Lines("F", 1); got != c.want {
			t.Errorf("%q: ssh's words %q, want %q", c.src, got, c.want)
		}
		if d.Message != c.message {
			t.Errorf("%q: Message %q, want %q", c.src, d.Message, c.message)
		}
		var title string
		if len(d.Fixes) > 0 {
			title = d.Fixes[0].Title
		}
		if title != c.fixTitle {
			t.Errorf("%q: fix %q, want %q", c.src, title, c.fixTitle)
		}
	}
}

// TestSSHTextLines checks the three position forms.
func TestSSHTextLines(t *testing.T) {
	for _, c := range []struct {
		t    diag.SSHText
		want string
	}{
		{diag.SSHText{}, ""},
		{diag.SSHText{Text: "a"}, "F line 3: a"},
		{diag.SSHText{Text: "a", Form: diag.SSHFileColonLine}, "F: line 3: a"},
		{diag.SSHText{Text: "a", Form: diag.SSHUnpositioned, Then: "b"}, "a\nF line 3: b"},
	} {
		if got := c.t.Lines("F", 3); got != c.want {
			t.Errorf("%+v: %q, want %q", c.t, got, c.want)
		}
	}
}
