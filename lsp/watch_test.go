package lsp

import (
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// TestRegistersWatchers: a client with dynamic registration is asked to watch ~/.ssh and
// /etc/ssh, with relative patterns when it supports them.
func TestRegistersWatchers(t *testing.T) {
	for _, relative := range []bool{false, true} {
		c := newTestClient(t, clientOptions{init: func(p *protocol.InitializeParams) {
			yes, rel := true, relative
			p.Capabilities.Workspace = &protocol.WorkspaceClientCapabilities{DidChangeWatchedFiles: &protocol.DidChangeWatchedFilesClientCapabilities{DynamicRegistration: &yes, RelativePatternSupport: &rel}}
		}})
		deadline := time.Now().Add(10 * time.Second)
		c.mu.Lock()
		for len(c.registrations) == 0 && time.Now().Before(deadline) {
			c.mu.Unlock()
			time.Sleep(time.Millisecond)
			c.mu.Lock()
		}
		got := ""
		if len(c.registrations) > 0 {
			got = string(c.registrations[0])
		}
		c.mu.Unlock()
		home := strings.TrimPrefix(string(c.uri(".ssh")), "file://")
		want := `"globPattern":"` + home + `/**/*"`
		if relative {
			want = `"globPattern":{"baseUri":"file://` + home + `","pattern":"**/*"}`
		}
		if !strings.Contains(got, `"method":"workspace/didChangeWatchedFiles"`) || !strings.Contains(got, want) || !strings.Contains(got, "/etc/ssh") {
			t.Errorf("relative=%v: registration %s, want %s and /etc/ssh", relative, got, want)
		}
	}
}
