package lsp

import (
	"context"
	"fmt"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// view is what a request handler works on: the server and the open documents as they
// were when the request arrived (later edits do not change them under the handler).
type view struct {
	s    *Server
	docs *docSet
}

// snapshot returns the open document at u as the request saw it. A document that is
// not open is an InvalidParams error, which a handler can return as it is.
func (v *view) snapshot(u uri.URI) (*snapshot, error) {
	d, ok := v.docs.lookup(u)
	if !ok {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("document %s is not open", u))
	}
	return &snapshot{s: v.s, docs: v.docs, doc: d}, nil
}

// snapshotAt is snapshot for a request about a position: the document and the byte
// offset of pos in it.
func (v *view) snapshotAt(doc protocol.TextDocumentIdentifier, pos protocol.Position) (*snapshot, int, error) {
	sn, err := v.snapshot(doc.URI)
	if err != nil {
		return nil, 0, err
	}
	off, err := sn.Offset(pos)
	if err != nil {
		return nil, 0, err
	}
	return sn, off, nil
}

// snapshot is one open document at one version, with what features need to answer
// about it: its tree, positions, a resolver that sees every open buffer, and lint.
type snapshot struct {
	s    *Server
	docs *docSet
	doc  *document
}

// URI returns the document's URI.
func (sn *snapshot) URI() uri.URI { return sn.doc.uri }

// Path returns the file-system path the resolver knows the document by.
func (sn *snapshot) Path() string { return sn.doc.path }

// Version returns the document version the snapshot holds.
func (sn *snapshot) Version() int32 { return sn.doc.version }

// Text returns the document's text; it must not be modified.
func (sn *snapshot) Text() []byte { return sn.doc.text }

// File returns the parsed document.
func (sn *snapshot) File() *parser.File { return sn.doc.file(sn.s.parserOptions()) }

// Dialect returns the OpenSSH dialect the document is checked for.
func (sn *snapshot) Dialect() keyword.Dialect { return sn.s.dialect() }

// Offset returns the byte offset of an LSP position in the document.
func (sn *snapshot) Offset(p protocol.Position) (int, error) {
	off, err := sn.doc.mapper.offset(p)
	if err != nil {
		return 0, jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	return off, nil
}

// Position returns the LSP position of a byte offset of the document.
func (sn *snapshot) Position(off int) protocol.Position { return sn.doc.mapper.position(off) }

// Range returns the LSP range of a span of the document.
func (sn *snapshot) Range(s diag.Span) protocol.Range { return sn.doc.mapper.rng(s) }

// Location returns the LSP location of a span in any file: an open document's current
// text when it is open, else src (the file's bytes as parsed, e.g. parser.File.Src).
func (sn *snapshot) Location(path string, src []byte, s diag.Span) protocol.Location {
	m := sn.s.mapperFor(sn.docs, path, src)
	return protocol.Location{URI: sn.docs.uriOf(path), Range: m.rng(s)}
}

// Resolver returns the server's resolver, which sees every open buffer instead of the
// file on disk (resolve.Resolver.SetFile) and caches the other files it reads.
func (sn *snapshot) Resolver() *resolve.Resolver {
	return sn.s.resolver.forDocs(sn.docs, sn.s.parserOptions())
}

// Lint returns what `sshcfg lint` reports for the document as its config file (the
// files it includes too), with the client's settings; it is computed once per set of
// open documents and settings.
func (sn *snapshot) Lint(ctx context.Context) (*lint.Result, error) {
	return sn.s.lint(ctx, sn.docs, sn.doc.path)
}

// mapperFor returns a position mapper for path: the open document's, else one over src
// (nil src: the mapper has no text and maps everything to the start).
func (s *Server) mapperFor(docs *docSet, path string, src []byte) *mapper {
	if d, ok := docs.byPath(path); ok {
		return d.mapper
	}
	return newMapper(src, s.enc)
}

// sharedResolver is the server's one resolver. Open buffers are handed to it as parsed
// trees (SetFile), the newest version of each; a change or close makes it forget.
type sharedResolver struct {
	mu  sync.Mutex
	r   *resolve.Resolver
	set map[string]uint64 // path → seq of the document given with SetFile
}

func newSharedResolver(env *resolve.Env, d keyword.Dialect) *sharedResolver {
	return &sharedResolver{r: resolve.New(env, d), set: map[string]uint64{}}
}

// forget drops what the resolver holds for path.
func (sr *sharedResolver) forget(path string) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	sr.r.Forget(path)
	delete(sr.set, path)
}

// forDocs gives the resolver the open documents it does not have yet (never an older
// version than it has) and returns it.
func (sr *sharedResolver) forDocs(docs *docSet, opts parser.Options) *resolve.Resolver {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	for _, d := range docs.byURI {
		if sr.set[d.path] < d.seq {
			sr.r.SetFile(d.path, d.file(opts))
			sr.set[d.path] = d.seq
		}
	}
	return sr.r
}

// reset replaces the resolver (after the dialect changed).
func (sr *sharedResolver) reset(env *resolve.Env, d keyword.Dialect) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	sr.r = resolve.New(env, d)
	clear(sr.set)
}
