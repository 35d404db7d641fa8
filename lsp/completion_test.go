package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/internal/gencfg"
)

// Path completion lists regular files, directories and links to them, never a FIFO
// (opening one would block) nor a link to one, and at most maxPathEntries names.
func TestListDirSkipsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"key", "sub/x"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "kfifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"klink": "key", "kfifolink": "kfifo", "kdangling": "nothing"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, e := range listDir(dir, "k") {
		got = append(got, fmt.Sprintf("%s:%v", e.name, e.dir))
	}
	if want := "key:false klink:false"; strings.Join(got, " ") != want {
		t.Errorf("listDir = %v, want %s", got, want)
	}
	if got := listDir(filepath.Join(dir, "kfifo"), ""); got != nil {
		t.Errorf("listDir of a FIFO = %v, want nothing", got)
	}
	for i := range maxPathEntries + 10 {
		if err := os.WriteFile(filepath.Join(dir, "sub", fmt.Sprintf("f%03d", i)), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if got := listDir(filepath.Join(dir, "sub"), ""); len(got) != maxPathEntries {
		t.Errorf("listDir of a big directory: %d entries, want %d", len(got), maxPathEntries)
	}
}

// Aliases past maxHostItems: only those starting with the typed text, at most
// maxHostItems, and the list is marked incomplete.
func TestCompleteManyHosts(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	src := string(gencfg.Config(1000)) + "Host x\n    ProxyJump host99\n"
	u := c.open(".ssh/config", src)
	lines := strings.Count(src, "\n")
	res := completeAt(t, c, u, protocol.Position{Line: uint32(lines - 1), Character: uint32(len("    ProxyJump host99"))})
	if !res.IsIncomplete {
		t.Errorf("the list is not marked incomplete")
	}
	if len(res.Items) == 0 || len(res.Items) > maxHostItems {
		t.Fatalf("%d items, want 1..%d", len(res.Items), maxHostItems)
	}
	for _, it := range res.Items {
		if it.Kind == protocol.CompletionItemKindReference && !strings.HasPrefix(it.Label, "host99") {
			t.Errorf("item %q does not start with host99", it.Label)
		}
	}
}

func completeAt(t testing.TB, c *testClient, u uri.URI, pos protocol.Position) *protocol.CompletionList {
	t.Helper()
	var res protocol.CompletionList
	p := &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: pos}}
	if err := c.call(protocol.MethodTextDocumentCompletion, p, &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

// BenchmarkCompletion completes on the generated 5,000-host config, over the pipe
// (decoding and encoding included), at a keyword, an enum value, an algorithm list
// element, a %-token, a ProxyJump alias and an IdentityFile path.
func BenchmarkCompletion(b *testing.B) {
	c := newTestClient(b, clientOptions{})
	base := string(gencfg.Config(5000))
	cases := []struct{ name, line string }{
		{"keyword", "    Forw"},
		{"enum", "    StrictHostKeyChecking "},
		{"algorithm", "    Ciphers +aes128-ctr,"},
		{"token", "    ControlPath ~/.ssh/%"},
		{"proxyjump", "    ProxyJump host12"},
		{"path", "    IdentityFile ~/.ssh/"},
	}
	var sb strings.Builder
	sb.WriteString(base)
	sb.WriteString("Host bench\n")
	first := strings.Count(base, "\n") + 1
	for _, tc := range cases {
		sb.WriteString(tc.line + "\n")
	}
	u := c.open(".ssh/config", sb.String())
	c.settle() // no lint running behind the requests
	for i, tc := range cases {
		pos := protocol.Position{Line: uint32(first + i), Character: uint32(len(tc.line))}
		completeAt(b, c, u, pos) // fills the alias cache
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				completeAt(b, c, u, pos)
			}
		})
	}
}

// An empty document and a comment: keywords in the first, nothing in the second.
func TestCompleteEmptyAndComment(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	u := c.open(".ssh/config", "")
	if res := completeAt(t, c, u, protocol.Position{}); len(res.Items) == 0 {
		t.Errorf("no keywords offered in an empty document")
	}
	c.replace(u, "# Forw")
	if res := completeAt(t, c, u, protocol.Position{Character: 6}); len(res.Items) != 0 {
		t.Errorf("%d items offered in a comment", len(res.Items))
	}
}
