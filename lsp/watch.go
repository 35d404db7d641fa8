package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

func init() {
	notice(protocol.MethodWorkspaceDidChangeWatchedFiles, didChangeWatchedFiles)
}

// didChangeWatchedFiles forgets what the server read of files that changed on disk (an
// included file edited elsewhere, a key replaced) and lints again. An open buffer stays
// what the editor says it is.
func didChangeWatchedFiles(ctx context.Context, s *Server, p *protocol.DidChangeWatchedFilesParams) {
	docs := s.docs.current()
	for _, ch := range p.Changes {
		if path := pathOf(ch.URI); !isOpen(docs, path) {
			s.resolver.forget(path)
		}
	}
	s.epoch.Add(1)
	s.documentsChanged()
}

// isOpen reports whether a document with the path is open.
func isOpen(docs *docSet, path string) bool {
	_, ok := docs.byPath(path)
	return ok
}
