package session

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestEscapeFilter types sequences at a PTY session and checks what goes on to the
// server, what the user sees and which actions ran.
func TestEscapeFilter(t *testing.T) {
	help := "~?\r\n" + fmt.Sprintf(escapeHelp, '~')
	tests := []struct {
		name, typed, sent, shown, actions string
	}{
		{"no escape", "ls ~ -l\r", "ls ~ -l\r", "", ""},
		{"first character", "~.", "", "", "quit"},
		{"after a newline", "a\r~.ignored", "a\r", "", "quit"},
		{"not after a newline", "a~.\r", "a~.\r", "", ""},
		{"twice", "\n~~x", "\n~x", "", ""},
		{"unknown", "\r~x", "\r~x", "", ""},
		{"break", "\r~Bz", "\rz", "~B\r\n", "break"},
		{"help", "~?y", "y", help, ""},
		{"unsupported", "~&\r~#", "\r", "~& escape not available in sshcfg\r\n~# escape not available in sshcfg\r\n", ""},
		{"escape then newline", "~\r~.", "~\r", "", "quit"},
	}
	for _, tt := range tests {
		var shown bytes.Buffer
		var actions []string
		f := newEscapeFilter(iotest.OneByteReader(strings.NewReader(tt.typed)), '~', &shown,
			func() { actions = append(actions, "break") }, func() { actions = append(actions, "quit") })
		sent, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		if string(sent) != tt.sent || shown.String() != tt.shown || strings.Join(actions, " ") != tt.actions {
			t.Errorf("%s: typed %q: sent %q, shown %q, actions %q; want %q, %q, %q",
				tt.name, tt.typed, sent, shown.String(), actions, tt.sent, tt.shown, tt.actions)
		}
	}
}
