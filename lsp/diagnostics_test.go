package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// codes returns the codes of the diagnostics published for u, in order.
func codes(pubs map[uri.URI]*protocol.PublishDiagnosticsParams, u uri.URI) []string {
	var out []string
	if p := pubs[u]; p != nil {
		for _, d := range p.Diagnostics {
			c, _ := d.Code.(protocol.String)
			out = append(out, string(c))
		}
	}
	return out
}

// TestDiagnosticsBurst sends 50 edits without waiting: the diagnostics that end the
// burst are exactly those of the last version, and no publication is of an older
// version than one published before it.
func TestDiagnosticsBurst(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	u := c.open(".ssh/config", "Host a\n")
	c.settle()
	var last int32
	for i := range 50 {
		text := "Host a\n"
		for j := 0; j <= i%5; j++ {
			text += fmt.Sprintf("    Bogus%d yes\n", j) // i%5+1 unknown keywords
		}
		last = c.replace(u, text)
	}
	pubs := c.settle()
	p := pubs[u]
	if v, ok := p.Version.Get(); !ok || v != last {
		t.Fatalf("last publication is of version %v, want %d", p.Version, last)
	}
	// version 50 has 49%5+1 = 5 unknown keywords
	if got := len(p.Diagnostics); got != 5 {
		t.Errorf("%d diagnostics after the burst, want 5: %v", got, codes(pubs, u))
	}
}

// TestDiagnosticsIncludesAndClose: findings in an included file on disk are published
// for that file; an open buffer of the included file wins over the disk; closing clears.
func TestDiagnosticsIncludesAndClose(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.write(".ssh/inc.conf", "Host x\n    StrictHostKeyChecking no\n")
	u := c.open(".ssh/config", "Include inc.conf\nHost y\n    Port 22\n")
	inc := c.uri(".ssh/inc.conf")
	pubs := c.settle()
	if got := codes(pubs, inc); strings.Join(got, " ") != "SC4001" {
		t.Errorf("included file: %v, want [SC4001]", got)
	}
	if _, ok := pubs[inc].Version.Get(); ok {
		t.Error("a file that is not open got a version")
	}
	// the editor opens the included file and fixes it without saving
	c.open(".ssh/inc.conf", "Host x\n    StrictHostKeyChecking yes\n")
	pubs = c.settle()
	if got := codes(pubs, inc); len(got) != 0 {
		t.Errorf("included file after the unsaved fix: %v, want none", got)
	}
	if v, _ := pubs[inc].Version.Get(); v != 1 {
		t.Errorf("open included file published with version %d", v)
	}
	// an unknown keyword in the main buffer, then closing it clears its diagnostics
	c.replace(u, "Include inc.conf\nBogus 1\n")
	if got := codes(c.settle(), u); strings.Join(got, " ") != "SC1001" {
		t.Errorf("main buffer: %v, want [SC1001]", got)
	}
	c.close(u)
	if got := codes(c.settle(), u); len(got) != 0 {
		t.Errorf("closed buffer still has %v", got)
	}
}

// TestDiagnosticsWatchedFiles: an included file changed on disk is read again when the
// client says so.
func TestDiagnosticsWatchedFiles(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	c.write(".ssh/inc.conf", "Host x\n    Port 22\n")
	c.open(".ssh/config", "Include inc.conf\n")
	inc := c.uri(".ssh/inc.conf")
	if got := codes(c.settle(), inc); len(got) != 0 {
		t.Fatalf("clean include: %v", got)
	}
	c.write(".ssh/inc.conf", "Host x\n    ForwardAgent yes\n")
	c.mu.Lock()
	c.rounds = nil // the next round must be after the notification
	c.mu.Unlock()
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: inc, Type: protocol.FileChangeTypeChanged}}})
	if got := codes(c.settle(), inc); strings.Join(got, " ") != "SC4003" {
		t.Errorf("after the change on disk: %v, want [SC4003]", got)
	}
}

// TestSettings: rule levels and targetOpenSSH from initializationOptions and from
// workspace/configuration.
func TestSettings(t *testing.T) {
	const text = "Host a\n    ForwardAgent yes\n    Bogus x\n"
	t.Run("initializationOptions", func(t *testing.T) {
		c := newTestClient(t, clientOptions{init: func(p *protocol.InitializeParams) {
			p.InitializationOptions = protocol.LSPAny(`{"sshcfg":{"rules":{"forward-agent":"error","SC1001":"off"}}}`)
		}})
		u := c.open(".ssh/config", text)
		p := c.settle()[u]
		if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != protocol.DiagnosticSeverityError {
			t.Errorf("got %+v, want one error (SC4003 raised, SC1001 off)", p.Diagnostics)
		}
	})
	t.Run("empty didChangeConfiguration keeps initializationOptions", func(t *testing.T) {
		// Eglot pushes {"settings": {}} right after connecting
		c := newTestClient(t, clientOptions{init: func(p *protocol.InitializeParams) {
			p.InitializationOptions = protocol.LSPAny(`{"sshcfg":{"rules":{"forward-agent":"error","SC1001":"off"}}}`)
		}})
		c.notify(protocol.MethodWorkspaceDidChangeConfiguration, &protocol.DidChangeConfigurationParams{Settings: protocol.LSPAny(`{}`)})
		u := c.open(".ssh/config", text)
		p := c.settle()[u]
		if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != protocol.DiagnosticSeverityError {
			t.Errorf("got %+v, want the initializationOptions still applied", p.Diagnostics)
		}
	})
	t.Run("workspace/configuration", func(t *testing.T) {
		c := newTestClient(t, clientOptions{settings: json.RawMessage(`{"rules":{"SC4003":"off"}}`)})
		u := c.open(".ssh/config", text)
		// the settings arrive asynchronously: wait for a round without SC4003
		for range 50 {
			if got := codes(c.settle(), u); strings.Join(got, " ") == "SC1001" {
				return
			}
			c.mu.Lock()
			c.rounds = nil
			c.mu.Unlock()
			c.replace(u, text)
		}
		t.Error("workspace/configuration settings never applied")
	})
	t.Run("targetOpenSSH", func(t *testing.T) {
		// a keyword newer than the target is reported; with a newer target it is not
		const newer = "Host a\n    RefuseConnection yes\n"
		for _, tc := range []struct{ target, want string }{{"9.2", "SC1002"}, {"10.5", ""}} {
			c := newTestClient(t, clientOptions{init: func(p *protocol.InitializeParams) {
				p.InitializationOptions = protocol.LSPAny(`{"targetOpenSSH":"` + tc.target + `"}`)
			}})
			u := c.open(".ssh/config", newer)
			got := strings.Join(codes(c.settle(), u), " ")
			if !strings.Contains(got, tc.want) || (tc.want == "" && got != "") {
				t.Errorf("target %s: %q, want %q", tc.target, got, tc.want)
			}
		}
	})
}

// TestNeverRunsExec: a Match exec in an open buffer is never run.
func TestNeverRunsExec(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	marker := filepath.Join(c.dir, "ran")
	c.open(".ssh/config", "Match exec \"touch "+marker+"\"\n    Port 2\nHost a\n")
	c.settle()
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the server ran a Match exec command")
	}
}

// TestUntitledBuffer: a buffer that is not a file is linted and published by its URI.
func TestUntitledBuffer(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	u := uri.URI("untitled:Untitled-1")
	c.mu.Lock()
	c.versions[u] = 1
	c.mu.Unlock()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "ssh_config", Version: 1, Text: "Bogus 1\n"}})
	if got := codes(c.settle(), u); strings.Join(got, " ") != "SC1001" {
		t.Errorf("untitled buffer: %v, want [SC1001]", got)
	}
}

// TestDiagnosticsIncludeOfFIFO: an Include of a FIFO no one writes to is reported at the
// Include line, not waited on (the full diagnostics would never come).
func TestDiagnosticsIncludeOfFIFO(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	fifo := filepath.Join(c.dir, ".ssh", "fifo")
	if err := os.MkdirAll(filepath.Dir(fifo), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	u := c.open(".ssh/config", "Include "+fifo+"\nHost y\n    Port 22\n")
	if got := codes(c.settle(), u); strings.Join(got, " ") != "SC2003" {
		t.Errorf("diagnostics %v, want [SC2003] (include-unreadable)", got)
	}
}
