package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func init() {
	handleOrdered(protocol.MethodInitialize, initialize)
	notice(protocol.MethodInitialized, initialized)
	handleOrdered(protocol.MethodShutdown, shutdown)
	notice(protocol.MethodExit, exit)
	advertise(func(c *protocol.ServerCapabilities) {
		open, change := true, protocol.TextDocumentSyncKindIncremental
		c.TextDocumentSync = &protocol.TextDocumentSyncOptions{OpenClose: &open, Change: &change}
	})
}

// initialize negotiates the position encoding, takes the client's settings and
// announces what the server can do: every registered feature's capabilities.
func initialize(ctx context.Context, v *view, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s := v.s
	if g := p.Capabilities.General; g != nil {
		s.enc = negotiate(g.PositionEncodings)
	}
	s.initSettings(p)
	s.clientCaps = p.Capabilities
	caps := protocol.ServerCapabilities{PositionEncoding: s.enc.kind()}
	for _, fn := range capabilities {
		fn(&caps)
	}
	s.state.Store(stateRunning)
	return &protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   protocol.ServerInfo{Name: "sshcfg"},
	}, nil
}

// initialized starts what needs the client: pulling its settings.
func initialized(ctx context.Context, s *Server, p *protocol.InitializedParams) {
	s.clientReady(ctx)
}

// shutdown stops diagnostics; the server then answers nothing but shutdown (a client may
// send it twice) until exit.
func shutdown(ctx context.Context, v *view, p *struct{}) (any, error) {
	v.s.state.Store(stateShutDown)
	v.s.diags.stop()
	return nil, nil
}

// exit ends Serve.
func exit(ctx context.Context, s *Server, p *struct{}) {
	s.exitOnce.Do(func() { close(s.exited) })
}
