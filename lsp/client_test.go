package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/resolve"
)

// testClient is an editor for tests: it talks to a server running in-process over a
// pipe, initializes it, opens and edits documents, sends requests and notifications,
// and keeps every publishDiagnostics it receives.
type testClient struct {
	t    testing.TB
	conn jsonrpc2.Conn
	dir  string // the workspace: files of the test live here
	done chan error

	mu            sync.Mutex
	changed       *sync.Cond
	diags         map[uri.URI]*protocol.PublishDiagnosticsParams // latest per file, decoded on demand
	raw           map[uri.URI]json.RawMessage                    // latest per file, as received
	version       map[uri.URI]int32                              // version of the latest per file (-1: none)
	received      int64                                          // publishDiagnostics received
	rounds        []round                                        // what the server reported publishing
	config        json.RawMessage                                // answer to workspace/configuration
	versions      map[uri.URI]int32                              // versions of the open documents
	quickAt       time.Time                                      // when the server last finished a quick round
	registrations []json.RawMessage                              // client/registerCapability params received
}

// round is one round of publications as the server reported it.
type round struct {
	versions map[string]int32
	sent     int64
}

// testEnv is a resolver environment whose home is dir and which owns its files.
func testEnv(dir string) *resolve.Env {
	home := dir
	return &resolve.Env{
		FS:   resolve.OSFS{},
		User: resolve.User{Name: "tester", UID: os.Getuid(), Home: home},
		Getenv: func(name string) (string, bool) {
			if name == "HOME" {
				return home, true
			}
			return "", false
		},
		Hostname: "workstation",
	}
}

// clientOptions change how newTestClient starts.
type clientOptions struct {
	init     func(p *protocol.InitializeParams)
	server   func(o *Options)
	settings json.RawMessage // answer to workspace/configuration (nil: the client does not offer it)
}

// newTestClient starts a server on a pipe and initializes it; the server is shut down
// cleanly when the test ends (and must exit with no error).
func newTestClient(t testing.TB, co clientOptions) *testClient {
	t.Helper()
	c := &testClient{t: t, dir: t.TempDir(), done: make(chan error, 1), diags: map[uri.URI]*protocol.PublishDiagnosticsParams{}, raw: map[uri.URI]json.RawMessage{}, version: map[uri.URI]int32{}, versions: map[uri.URI]int32{}, config: co.settings}
	c.changed = sync.NewCond(&c.mu)
	serverEnd, clientEnd := net.Pipe()
	opts := Options{Env: testEnv(c.dir), Debounce: 5 * time.Millisecond, published: c.roundDone}
	if co.server != nil {
		co.server(&opts)
	}
	go func() { c.done <- Serve(context.Background(), serverEnd, opts) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(clientEnd), jsonrpc2.WithCodec(lspCodec{}))
	c.conn.Go(context.Background(), c.handle)
	p := &protocol.InitializeParams{}
	if co.settings != nil {
		yes := true
		p.Capabilities.Workspace = &protocol.WorkspaceClientCapabilities{Configuration: &yes}
	}
	if co.init != nil {
		co.init(p)
	}
	var res protocol.InitializeResult
	if err := c.call(protocol.MethodInitialize, p, &res); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	c.notify(protocol.MethodInitialized, &protocol.InitializedParams{})
	t.Cleanup(c.shutdown)
	return c
}

// shutdown sends shutdown and exit, and checks that the server stopped cleanly.
func (c *testClient) shutdown() {
	c.t.Helper()
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		c.t.Errorf("shutdown: %v", err)
	}
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		c.t.Errorf("the server did not exit")
	}
	c.conn.Close()
}

// handle answers what the server sends the client.
func (c *testClient) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		// Only the URI and version are read now; the rest when a test looks (an editor's
		// decoding is not the server's latency).
		var head struct {
			URI     uri.URI `json:"uri"`
			Version *int32  `json:"version"`
		}
		if err := json.Unmarshal(req.Params(), &head); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
			return nil, nil
		}
		c.mu.Lock()
		c.raw[head.URI] = append(json.RawMessage(nil), req.Params()...)
		delete(c.diags, head.URI)
		c.version[head.URI] = -1
		if head.Version != nil {
			c.version[head.URI] = *head.Version
		}
		c.received++
		c.changed.Broadcast()
		c.mu.Unlock()
	case protocol.MethodClientRegisterCapability:
		c.mu.Lock()
		c.registrations = append(c.registrations, append(json.RawMessage(nil), req.Params()...))
		c.changed.Broadcast()
		c.mu.Unlock()
	case protocol.MethodWorkspaceConfiguration:
		c.mu.Lock()
		defer c.mu.Unlock()
		return []json.RawMessage{c.config}, nil
	}
	return nil, nil
}

// roundDone records a round of publications (the server's test hook); quick rounds
// only leave their time.
func (c *testClient) roundDone(versions map[string]int32, sent int64, full bool) {
	c.mu.Lock()
	if !full {
		c.quickAt = time.Now()
		c.changed.Broadcast()
		c.mu.Unlock()
		return
	}
	c.rounds = append(c.rounds, round{versions: versions, sent: sent})
	c.changed.Broadcast()
	c.mu.Unlock()
}

// call sends a request and decodes its result into result (nil: discarded).
func (c *testClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

// notify sends a notification.
func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// uri returns the URI of a workspace file.
func (c *testClient) uri(name string) uri.URI { return uri.File(filepath.Join(c.dir, name)) }

// write puts a file in the workspace (not opened).
func (c *testClient) write(name, text string) {
	c.t.Helper()
	p := filepath.Join(c.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// open opens a workspace file in the editor with text, at version 1.
func (c *testClient) open(name, text string) uri.URI {
	u := c.uri(name)
	c.mu.Lock()
	c.versions[u] = 1
	c.mu.Unlock()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "sshconfig", Version: 1, Text: text}})
	return u
}

// change sends changes to an open document and returns its new version.
func (c *testClient) change(u uri.URI, changes ...protocol.TextDocumentContentChangeEvent) int32 {
	c.mu.Lock()
	c.versions[u]++
	v := c.versions[u]
	c.mu.Unlock()
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: v},
		ContentChanges: changes,
	})
	return v
}

// replace replaces the whole text of an open document.
func (c *testClient) replace(u uri.URI, text string) int32 {
	return c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
}

// close closes an open document.
func (c *testClient) close(u uri.URI) {
	c.mu.Lock()
	delete(c.versions, u)
	c.mu.Unlock()
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
}

// settle waits until the server has published diagnostics for the open documents as
// they are now and the client has received them all, and returns the latest
// diagnostics of every file.
func (c *testClient) settle() map[uri.URI]*protocol.PublishDiagnosticsParams {
	c.t.Helper()
	deadline := time.AfterFunc(20*time.Second, func() {
		c.mu.Lock()
		c.changed.Broadcast()
		c.mu.Unlock()
	})
	defer deadline.Stop()
	start := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.settled() {
		if time.Since(start) > 20*time.Second {
			c.t.Fatalf("no diagnostics for versions %v", c.versions)
		}
		c.changed.Wait()
	}
	return c.decodeAll()
}

// decodeAll decodes the latest publication of every file; c.mu is held.
func (c *testClient) decodeAll() map[uri.URI]*protocol.PublishDiagnosticsParams {
	for u := range c.raw {
		c.decoded(u)
	}
	return maps.Clone(c.diags)
}

// decoded returns the latest publication for u, decoded; c.mu is held.
func (c *testClient) decoded(u uri.URI) *protocol.PublishDiagnosticsParams {
	if p, ok := c.diags[u]; ok {
		return p
	}
	raw, ok := c.raw[u]
	if !ok {
		return nil
	}
	p := &protocol.PublishDiagnosticsParams{}
	if err := protocol.Unmarshal(raw, p); err != nil {
		c.t.Errorf("publishDiagnostics: %v", err)
	}
	c.diags[u] = p
	return p
}

// settled reports whether the last round was computed for the current versions and all
// its publications have arrived; c.mu is held.
func (c *testClient) settled() bool {
	if len(c.rounds) == 0 {
		return false
	}
	last := c.rounds[len(c.rounds)-1]
	if len(last.versions) != len(c.versions) || c.received < last.sent {
		return false
	}
	for u, v := range c.versions {
		if last.versions[string(u)] != v {
			return false
		}
	}
	return true
}

// errCode returns the JSON-RPC code of an error, 0 if it has none.
func errCode(err error) jsonrpc2.Code {
	var je *jsonrpc2.Error
	if errors.As(err, &je) {
		return je.Code
	}
	return 0
}

// awaitVersion waits for a publication of u at version v (either stage) and returns it.
func (c *testClient) awaitVersion(u uri.URI, v int32) *protocol.PublishDiagnosticsParams {
	c.t.Helper()
	deadline := time.AfterFunc(20*time.Second, func() {
		c.mu.Lock()
		c.changed.Broadcast()
		c.mu.Unlock()
	})
	defer deadline.Stop()
	start := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if got, ok := c.version[u]; ok && got == v {
			return c.decoded(u)
		}
		if time.Since(start) > 20*time.Second {
			c.t.Fatalf("no diagnostics for %s version %d", u, v)
		}
		c.changed.Wait()
	}
}

// awaitQuick waits for a quick round that ended after t and returns when it ended.
func (c *testClient) awaitQuick(t time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.quickAt.After(t) {
		c.changed.Wait()
	}
	return c.quickAt
}
