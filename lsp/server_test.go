package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Handlers that exist only in the tests' server.
func init() {
	handle("sshcfg/test/panic", func(ctx context.Context, v *view, p *struct{}) (any, error) { panic("boom") })
	notice("sshcfg/test/panic", func(ctx context.Context, s *Server, p *struct{}) { panic("boom") })
	// wait blocks until its request is cancelled.
	handle("sshcfg/test/wait", func(ctx context.Context, v *view, p *struct{}) (any, error) {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Second):
			return "not cancelled", nil
		}
	})
	// text returns the text of a document as the request saw it.
	handle("sshcfg/test/text", func(ctx context.Context, v *view, p *protocol.TextDocumentIdentifier) (string, error) {
		sn, err := v.snapshot(p.URI)
		if err != nil {
			return "", err
		}
		return string(sn.Text()), nil
	})
}

func TestInitializeCapabilities(t *testing.T) {
	var res protocol.InitializeResult
	c := newTestClient(t, clientOptions{})
	// initialize again is refused: the server is running
	if err := c.call(protocol.MethodInitialize, &protocol.InitializeParams{}, &res); err == nil {
		t.Log("second initialize accepted") // harmless either way; only make sure it does not break the server
	}
	if err := c.call("sshcfg/test/text", &protocol.TextDocumentIdentifier{URI: c.uri("none")}, nil); errCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("request on a closed document: %v, want InvalidParams", err)
	}
}

func TestPositionEncodingNegotiated(t *testing.T) {
	for _, tc := range []struct {
		offer []protocol.PositionEncodingKind
		want  protocol.PositionEncodingKind
	}{
		{nil, protocol.PositionEncodingKindUTF16},
		{[]protocol.PositionEncodingKind{"utf-8", "utf-16"}, protocol.PositionEncodingKindUTF8},
	} {
		a, b := net.Pipe()
		done := make(chan error, 1)
		go func() { done <- Serve(context.Background(), a, Options{Env: testEnv(t.TempDir())}) }()
		conn := jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(b), jsonrpc2.WithCodec(lspCodec{}))
		conn.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
		var res protocol.InitializeResult
		p := &protocol.InitializeParams{}
		if tc.offer != nil {
			p.Capabilities.General = &protocol.GeneralClientCapabilities{PositionEncodings: tc.offer}
		}
		if _, err := conn.Call(context.Background(), "initialize", p, &res); err != nil {
			t.Fatal(err)
		}
		if res.Capabilities.PositionEncoding != tc.want {
			t.Errorf("offer %v: %q, want %q", tc.offer, res.Capabilities.PositionEncoding, tc.want)
		}
		conn.Notify(context.Background(), "exit", nil)
		if err := <-done; !errors.Is(err, ErrNoShutdown) {
			t.Errorf("exit without shutdown: %v, want ErrNoShutdown", err)
		}
		conn.Close()
	}
}

// rawSession writes frames to a server and returns what it answered until it exits.
// Like an editor, it sends a final exit only once every request before it has been
// answered, and keeps its end of the pipe open until the server exits; without a final
// exit, the input ends after the frames.
func rawSession(t *testing.T, frames ...string) (string, error) {
	t.Helper()
	last := len(frames) - 1
	withExit := strings.Contains(frames[last], `"exit"`)
	var in, exit bytes.Buffer
	var ids []string
	for i, f := range frames {
		w := &in
		if withExit && i == last {
			w = &exit
		}
		fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(f), f)
		if m := requestID.FindStringSubmatch(f); m != nil && strings.Contains(f, `"method"`) {
			ids = append(ids, m[1])
		}
	}
	pr, pw := io.Pipe()
	var out syncBuffer
	go func() {
		pw.Write(in.Bytes())
		if !withExit {
			pw.Close()
			return
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			answered := 0
			for _, id := range ids {
				if strings.Contains(out.String(), `"id":`+id+`,`) {
					answered++
				}
			}
			if answered == len(ids) {
				break
			}
		}
		pw.Write(exit.Bytes())
	}()
	defer pw.Close()
	err := Serve(context.Background(), &rwc{Reader: pr, Writer: &out}, Options{Env: testEnv(t.TempDir()), Log: testLog{t}})
	return out.String(), err
}

// requestID finds a numeric request id in a frame.
var requestID = regexp.MustCompile(`"id":(\d+)`)

type rwc struct {
	io.Reader
	io.Writer
}

// Close closes the reader when it can be (an io.Pipe's end), as closing a socket would.
func (c *rwc) Close() error {
	if cl, ok := c.Reader.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// syncBuffer is a bytes.Buffer safe for concurrent writes and reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLifecycleOverTheWire(t *testing.T) {
	const initialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	for _, tc := range []struct {
		name   string
		frames []string
		want   []string // substrings of the output
		clean  bool     // Serve returns nil
	}{
		{"shutdown params null, twice, then exit", []string{initialize,
			`{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}`,
			`{"jsonrpc":"2.0","id":3,"method":"shutdown"}`,
			`{"jsonrpc":"2.0","method":"exit"}`}, []string{`"id":2,"result":null`, `"id":3,"result":null`}, true},
		{"shutdown params {}", []string{initialize,
			`{"jsonrpc":"2.0","id":2,"method":"shutdown","params":{}}`,
			`{"jsonrpc":"2.0","method":"exit","params":null}`}, []string{`"id":2,"result":null`}, true},
		{"request before initialize", []string{`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}`,
			`{"jsonrpc":"2.0","method":"exit"}`}, []string{`"code":-32002`}, false},
		{"unknown method, bad params, malformed frames", []string{initialize,
			`{"jsonrpc":"2.0","id":2,"method":"no/such","params":{}}`,
			`{"jsonrpc":"2.0","id":3,"method":"textDocument/didOpen","params":{}}`,
			`{"jsonrpc":"2.0","id":4,"method":"sshcfg/test/text","params":[1,2]}`,
			`not json`, `[]`, `{"jsonrpc":"2.0"}`, `{"id":{"x":1},"method":3}`,
			`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"bad":true}}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":"nonsense"}`,
			`{"jsonrpc":"2.0","id":5,"method":"shutdown"}`,
			`{"jsonrpc":"2.0","method":"exit"}`},
			[]string{`"id":2,"error":{"code":-32601`, `"id":4,"error":{"code":-32602`, `"code":-32700`, `"id":5,"result":null`}, true},
		{"panics", []string{initialize,
			`{"jsonrpc":"2.0","method":"sshcfg/test/panic"}`,
			`{"jsonrpc":"2.0","id":2,"method":"sshcfg/test/panic"}`,
			`{"jsonrpc":"2.0","id":3,"method":"shutdown"}`,
			`{"jsonrpc":"2.0","method":"exit"}`}, []string{`"id":2,"error":{"code":-32603`, `"id":3,"result":null`}, true},
		{"end of input without exit", []string{initialize}, nil, false}, // replies after the end of input may be dropped
		{"after shutdown", []string{initialize, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`,
			`{"jsonrpc":"2.0","id":3,"method":"sshcfg/test/text","params":{"uri":"file:///x"}}`,
			`{"jsonrpc":"2.0","method":"exit"}`}, []string{`"id":3,"error":{"code":-32600`}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := rawSession(t, tc.frames...)
			if (err == nil) != tc.clean {
				t.Errorf("Serve: %v, want clean=%v", err, tc.clean)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %s:\n%s", w, out)
				}
			}
		})
	}
}

func TestCancelRequest(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- protocol.Call(ctx, c.conn, "sshcfg/test/wait", nil, nil) }()
	time.Sleep(20 * time.Millisecond) // let the request reach the server; a cancel before is fine too
	cancel()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("cancelled request succeeded")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled request did not end")
	}
	// The server answered -32800: a request sent after it still works.
	if err := c.call("sshcfg/test/text", &protocol.TextDocumentIdentifier{URI: c.uri("none")}, nil); errCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("after cancel: %v", err)
	}
}

// TestCancelReply checks the reply to a cancelled request on the wire: code -32800.
func TestCancelReply(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	done := make(chan error, 1)
	go func() { _, err := c.conn.Call(context.Background(), "sshcfg/test/wait", nil, nil); done <- err }()
	// ids are numbered from 1 by the client: initialize was 1, this is 2
	time.Sleep(20 * time.Millisecond)
	c.notify(protocol.MethodCancelRequest, map[string]any{"id": 2})
	select {
	case err := <-done:
		if errCode(err) != protocol.CodeRequestCancelled {
			t.Errorf("cancelled request: %v, want code %d", err, protocol.CodeRequestCancelled)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled request did not end")
	}
}

// TestOrdering checks that a request sees every change sent before it (never older
// text), with incremental changes.
func TestOrdering(t *testing.T) {
	c := newTestClient(t, clientOptions{})
	u := c.open("cfg", "")
	want := ""
	for i := range 200 {
		line := fmt.Sprintf("Host h%d\n", i)
		end := protocol.Position{Line: uint32(i)}
		c.change(u, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: end, End: end}, Text: line})
		want += line
		var got string
		if err := c.call("sshcfg/test/text", &protocol.TextDocumentIdentifier{URI: u}, &got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("after change %d the request saw %q, want %q", i, got, want)
		}
	}
}

// testLog writes the server's log to the test's.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("%s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}
