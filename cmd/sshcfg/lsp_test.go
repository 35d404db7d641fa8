package main

import (
	"fmt"
	"strings"
	"testing"
)

// frames renders JSON-RPC messages with the LSP header framing.
func frames(msgs ...string) string {
	var b strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(m), m)
	}
	return b.String()
}

func TestLSPExitCodes(t *testing.T) {
	const initialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	for _, tc := range []struct {
		name  string
		input string
		code  int
	}{
		{"shutdown then exit", frames(initialize, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`), 0},
		{"exit without shutdown", frames(initialize, `{"jsonrpc":"2.0","method":"exit"}`), 1},
		{"end of input", frames(initialize), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := sshcfg(t, tc.input, "--openssh", "9.2", "lsp", "--stdio")
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			if out != "" && !strings.HasPrefix(out, "Content-Length: ") {
				t.Errorf("stdout is not the protocol: %q", out)
			}
		})
	}
}
