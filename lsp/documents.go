package lsp

import (
	"context"
	"maps"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/resolve"
)

// document is one version of an open editor buffer. It never changes: an edit makes a
// new document.
type document struct {
	uri     uri.URI
	path    string // file-system path the resolver and linter know the buffer by
	version int32
	text    []byte
	seq     uint64 // order of creation across all documents of the server
	mapper  *mapper

	parseOnce sync.Once
	tree      *parser.File
}

// file returns the parsed buffer, parsed on first use.
func (d *document) file(opts parser.Options) *parser.File {
	d.parseOnce.Do(func() {
		opts.SourceGiven = true // d.text is never changed
		d.tree = parser.Parse(d.path, d.text, opts)
	})
	return d.tree
}

// docSet is the set of open documents at one moment. It never changes: every
// open/change/close makes a new set, so a request keeps the documents it arrived with.
type docSet struct {
	byURI   map[uri.URI]*document
	overlay resolve.MapFS // open buffers by path, for the resolver and the linter
}

// lookup returns the open document at u.
func (ds *docSet) lookup(u uri.URI) (*document, bool) {
	d, ok := ds.byURI[u]
	return d, ok
}

// byPath returns the open document whose path is p.
func (ds *docSet) byPath(p string) (*document, bool) {
	for _, d := range ds.byURI {
		if d.path == p {
			return d, true
		}
	}
	return nil, false
}

// store holds the current docSet; writers are the notification handlers, which run one
// at a time in wire order.
type store struct {
	mu  sync.Mutex // serialises updates (notifications and settings changes)
	cur atomic.Pointer[docSet]
	seq atomic.Uint64
}

func newStore() *store {
	s := &store{}
	s.cur.Store(&docSet{byURI: map[uri.URI]*document{}, overlay: resolve.MapFS{}})
	return s
}

// current returns the open documents now.
func (s *store) current() *docSet { return s.cur.Load() }

// update makes d the open document at its URI (nil text removes it) and returns the new set.
func (s *store) update(u uri.URI, d *document) *docSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	next := &docSet{byURI: maps.Clone(old.byURI), overlay: maps.Clone(old.overlay)}
	if prev, ok := old.byURI[u]; ok {
		delete(next.byURI, u)
		delete(next.overlay, prev.path)
	}
	if d != nil {
		d.seq = s.seq.Add(1)
		next.byURI[u] = d
		next.overlay[d.path] = d.text
	}
	s.cur.Store(next)
	return next
}

// pathOf returns the file-system path of a document URI: the file path of a file: URI;
// for other schemes (an unsaved "untitled:" buffer) a made-up absolute path under
// /sshcfg-buffer/, so that the buffer can still be resolved and linted.
func pathOf(u uri.URI) string {
	if u.IsFile() {
		return filepath.Clean(u.FsPath())
	}
	return "/sshcfg-buffer/" + url.PathEscape(string(u))
}

// uriOf returns the document URI of a file-system path: the open document's own URI
// when one has that path, a file: URI otherwise.
func (ds *docSet) uriOf(path string) uri.URI {
	if d, ok := ds.byPath(path); ok {
		return d.uri
	}
	return uri.File(path)
}

func init() {
	notice(protocol.MethodTextDocumentDidOpen, didOpen)
	notice(protocol.MethodTextDocumentDidChange, didChange)
	notice(protocol.MethodTextDocumentDidClose, didClose)
}

// didOpen stores the buffer, whatever its language id (editors call ssh_config
// sshconfig, ssh_config, ssh-config, sshclientconfig or nothing at all).
func didOpen(ctx context.Context, s *Server, p *protocol.DidOpenTextDocumentParams) {
	td := p.TextDocument
	s.setDocument(td.URI, td.Version, []byte(td.Text))
}

// didChange applies the changes in order: whole-document ones replace the text,
// partial ones splice their range (positions in the negotiated encoding).
func didChange(ctx context.Context, s *Server, p *protocol.DidChangeTextDocumentParams) {
	d, ok := s.docs.current().lookup(p.TextDocument.URI)
	if !ok {
		s.logf("didChange for %s, which is not open", p.TextDocument.URI)
		return
	}
	text := d.text
	for _, ch := range p.ContentChanges {
		switch ch := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = []byte(ch.Text)
		case *protocol.TextDocumentContentChangePartial:
			sp, err := newMapper(text, s.enc).span(ch.Range)
			if err != nil {
				s.logf("didChange for %s: %v; change dropped", p.TextDocument.URI, err)
				continue
			}
			next := make([]byte, 0, len(text)-sp.Len()+len(ch.Text))
			next = append(append(append(next, text[:sp.Start]...), ch.Text...), text[sp.End:]...)
			text = next
		}
	}
	s.setDocument(d.uri, p.TextDocument.Version, text)
}

// didClose forgets the buffer: the file on disk counts again.
func didClose(ctx context.Context, s *Server, p *protocol.DidCloseTextDocumentParams) {
	d, ok := s.docs.current().lookup(p.TextDocument.URI)
	if !ok {
		return
	}
	s.docs.update(d.uri, nil)
	s.resolver.forget(d.path)
	s.lints.forget(d.path)
	s.documentsChanged()
}

// setDocument makes text the version of the buffer at u.
func (s *Server) setDocument(u uri.URI, version int32, text []byte) {
	d := &document{uri: u, path: pathOf(u), version: version, text: text}
	d.mapper = newMapper(text, s.enc)
	s.docs.update(u, d)
	s.resolver.forget(d.path)
	s.documentsChanged()
}
