package lsp

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// panicWatch is a log that fails the test when a handler panicked (the server recovers
// from panics, so only its log shows them).
type panicWatch struct{ t *testing.T }

func (w panicWatch) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("panic in ")) {
		w.t.Errorf("%s", p)
	}
	return len(p), nil
}

// FuzzServe feeds arbitrary bytes to a server: framed JSON-RPC built from the input, and
// the input itself as raw stream. No panic, no hang; messages are capped at 64 KiB.
func FuzzServe(f *testing.F) {
	frame := func(msgs ...string) []byte {
		var b bytes.Buffer
		for _, m := range msgs {
			fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(m), m)
		}
		return b.Bytes()
	}
	const init = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]}}}}`
	open := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///f","languageId":"x","version":1,"text":"Host a\n  Port 22\n"}}}`
	change := `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///f","version":2},"contentChanges":[{"range":{"start":{"line":1,"character":99},"end":{"line":0,"character":2}},"text":"é🚀"}]}}`
	f.Add(frame(init, open, change, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`))
	f.Add(frame(init, `{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"x"}}`, `[{"a":1}]`, `{`))
	f.Add(frame(init, open, `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///f","version":3},"contentChanges":[{"text":"Match exec true\n"}]}}`))
	f.Add([]byte("Content-Length: 99999999999\r\n\r\n"))
	f.Add([]byte("Content-Length: 3\r\nContent-Length: 2\r\n\r\n{}"))
	f.Add([]byte(strings.Repeat("\r\n", 10)))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, input := range [][]byte{data, frame(init, string(data)), frame(init, open, strings.Replace(change, "é🚀", strings.ToValidUTF8(string(data), "?"), 1))} {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			var out syncBuffer
			Serve(ctx, &rwc{Reader: bytes.NewReader(input), Writer: &out}, Options{
				Env: testEnv("/nonexistent-sshcfg-home"), MaxMessageSize: 64 << 10, Debounce: time.Millisecond, Log: panicWatch{t},
			})
			if ctx.Err() != nil {
				t.Fatalf("the server did not stop at the end of input")
			}
			cancel()
		}
	})
}
