package lsp

import (
	"context"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// The feature registry. A feature lives in a file of its own and registers itself from
// an init function, with no central switch to edit:
//
//	func init() {
//		advertise(func(c *protocol.ServerCapabilities) { c.HoverProvider = protocol.Boolean(true) })
//		handle(protocol.MethodTextDocumentHover, hover)
//	}
//
//	func hover(ctx context.Context, v *view, p *protocol.HoverParams) (*protocol.Hover, error) {
//		sn, err := v.snapshot(p.TextDocument.URI)
//		...
//	}
//
// Requests run concurrently, each on the documents as they were when it arrived (its
// view); notifications run one at a time, in the order they came.

// requestHandler answers one request; params are the raw JSON parameters.
type requestHandler struct {
	fn func(ctx context.Context, v *view, params jsonrpc2.RawMessage) (any, error)
	// ordered requests run before the next message is read (initialize, shutdown);
	// the others are released to run concurrently.
	ordered bool
}

// notificationHandler acts on one notification. It cannot fail: a problem is logged.
type notificationHandler func(ctx context.Context, s *Server, params jsonrpc2.RawMessage)

var (
	requests      = map[string]requestHandler{}
	notifications = map[string]notificationHandler{}
	// capabilities fill in what the server announces in its initialize result.
	capabilities []func(c *protocol.ServerCapabilities)
)

// handle registers fn as the handler of request method; its parameters are decoded into
// a P. A handler returns a *jsonrpc2.Error for a specific error code; other errors go out
// as internal errors, context cancellation as RequestCancelled.
func handle[P, R any](method string, fn func(ctx context.Context, v *view, p *P) (R, error)) {
	register(method, requestHandler{fn: decoded(fn)})
}

// handleOrdered is handle for a request that must finish before the next message is
// read: lifecycle requests that change the server's state.
func handleOrdered[P, R any](method string, fn func(ctx context.Context, v *view, p *P) (R, error)) {
	register(method, requestHandler{fn: decoded(fn), ordered: true})
}

func register(method string, h requestHandler) {
	if _, dup := requests[method]; dup {
		panic("lsp: two handlers for " + method)
	}
	requests[method] = h
}

// decoded wraps fn with the decoding of its parameters.
func decoded[P, R any](fn func(ctx context.Context, v *view, p *P) (R, error)) func(context.Context, *view, jsonrpc2.RawMessage) (any, error) {
	return func(ctx context.Context, v *view, raw jsonrpc2.RawMessage) (any, error) {
		p := new(P)
		if err := decodeParams(raw, p); err != nil {
			return nil, err
		}
		return fn(ctx, v, p)
	}
}

// notice registers fn as the handler of notification method.
func notice[P any](method string, fn func(ctx context.Context, s *Server, p *P)) {
	if _, dup := notifications[method]; dup {
		panic("lsp: two handlers for " + method)
	}
	notifications[method] = func(ctx context.Context, s *Server, raw jsonrpc2.RawMessage) {
		p := new(P)
		if err := decodeParams(raw, p); err != nil {
			s.logf("%s: %v", method, err)
			return
		}
		fn(ctx, s, p)
	}
}

// advertise registers a change to the capabilities announced at initialize.
func advertise(fn func(c *protocol.ServerCapabilities)) {
	capabilities = append(capabilities, fn)
}

// decodeParams decodes raw into p; absent or null parameters leave p at its zero value.
func decodeParams(raw jsonrpc2.RawMessage, p any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := protocol.Unmarshal(raw, p); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("invalid params: %v", err))
	}
	return nil
}
