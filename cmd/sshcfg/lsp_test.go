package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestLSPIncludeOfStandardInput runs the language server as editors do, its standard
// input carrying their requests, on a configuration that Includes /dev/stdin: it must
// not read its own input as a configuration file (which would swallow the requests sent
// after), but answer every request and report the Include.
func TestLSPIncludeOfStandardInput(t *testing.T) {
	dir := t.TempDir()
	bin := buildSshcfg(t, dir)
	config := filepath.Join(dir, "config")
	text := "Include /dev/stdin\nHost x\n  User y\n"
	if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--openssh", "9.2", "lsp", "--stdio")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	send := func(msgs ...string) {
		if _, err := io.WriteString(stdin, frames(msgs...)); err != nil {
			t.Fatal(err)
		}
	}
	uri, _ := json.Marshal("file://" + config)
	open, _ := json.Marshal(text)
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`,
		`{"jsonrpc":"2.0","method":"initialized","params":{}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":`+string(uri)+`,"languageId":"sshconfig","version":1,"text":`+string(open)+`}}}`)
	// the requests that follow the first diagnostics are what a server reading its own
	// input as a configuration file would swallow
	answered := map[int]bool{}
	reported := false
	r := bufio.NewReader(stdout)
	guard := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() }) // against a hang
	defer guard.Stop()
	sentHovers := false
	for !(answered[1] && answered[10] && answered[11] && answered[12] && answered[13] && reported) {
		var n int
		if _, err := fmt.Fscanf(r, "Content-Length: %d\r\n\r\n", &n); err != nil {
			t.Fatalf("reading the server's output: %v (answered %v, Include reported %v)", err, answered, reported)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatal(err)
		}
		var msg struct {
			ID     *int
			Method string
			Params struct{ Diagnostics []struct{ Code string } }
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		if msg.ID != nil {
			answered[*msg.ID] = true
		}
		if msg.Method == "textDocument/publishDiagnostics" {
			for _, d := range msg.Params.Diagnostics {
				reported = reported || d.Code == "SC2003"
			}
		}
		if answered[1] && !sentHovers {
			sentHovers = true
			for id := 10; id <= 13; id++ {
				send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/hover","params":{"textDocument":{"uri":%s},"position":{"line":2,"character":3}}}`, id, uri))
			}
		}
	}
	send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`)
	if err := cmd.Wait(); err != nil {
		t.Errorf("sshcfg lsp: %v", err)
	}
}
