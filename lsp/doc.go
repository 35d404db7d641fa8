// Package lsp is sshcfg's language server: [Serve] speaks the Language Server Protocol
// (go.lsp.dev/protocol and go.lsp.dev/jsonrpc2 v1.0.1) over one connection. It is the
// only package that knows JSON-RPC and UTF-16; everything below it works on byte
// offsets, and position.go converts at the edge, in the encoding negotiated at
// initialize (UTF-16 unless the client offers UTF-8).
//
// Messages: notifications (didOpen, didChange, ...) run one at a time in the order they
// came, on the read loop; a request takes a view of the open documents as they are when
// it arrives and is then released to run concurrently with later messages, so a result
// is never computed on text older than the request's. $/cancelRequest cancels the
// request's context; a panicking handler is logged and answered with an internal error.
//
// Features live one per file and register themselves from init, with no central switch:
//
//	func init() {
//		advertise(func(c *protocol.ServerCapabilities) { c.HoverProvider = protocol.Boolean(true) })
//		handle(protocol.MethodTextDocumentHover, hover)
//	}
//
//	func hover(ctx context.Context, v *view, p *protocol.HoverParams) (*protocol.Hover, error) {
//		// the document as the request saw it, and the position as a byte offset
//		sn, off, err := v.snapshotAt(p.TextDocument, p.Position)
//		if err != nil {
//			return nil, err
//		}
//		...                                        // sn.File(), sn.Resolver(), sn.Lint(ctx)
//		return &protocol.Hover{Range: sn.Range(span), ...}, nil
//	}
//
// Diagnostics (diagnostics.go) are `sshcfg lint` run on every open buffer as a config
// file, through a file system that serves the open buffers instead of the files on
// disk, published per file, each with the version it was computed for. Linting every
// host of a large file takes long (about 0.3 s for 5,000 hosts), so an edit is answered
// in two stages: at once, the last lint's findings away from the edited lines plus the
// parser's diagnostics on them (quick.go); after the debounce, the full lint, run off
// the loop, abandoned when another edit comes and never published once stale. Tests drive the server in-process over a pipe (client_test.go) and
// with marker files, testdata/lsp/*.txtar (marker_test.go).
package lsp
