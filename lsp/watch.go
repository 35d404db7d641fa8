package lsp

import (
	"context"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
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

// watchedDirs are the directories whose files configs read: the user's ~/.ssh (config,
// Includes, keys) and the system's /etc/ssh.
func (s *Server) watchedDirs() []string {
	dirs := []string{"/etc/ssh"}
	if home := s.opts.Env.User.Home; home != "" {
		dirs = append([]string{filepath.Join(home, ".ssh")}, dirs...)
	}
	return dirs
}

// registerWatchers asks the client to send workspace/didChangeWatchedFiles for every
// file under the watched directories: as relative patterns when the client supports
// them, else as absolute glob strings.
func (s *Server) registerWatchers(ctx context.Context) {
	var ws []protocol.FileSystemWatcher
	for _, dir := range s.watchedDirs() {
		var g protocol.GlobPattern = protocol.Pattern(filepath.ToSlash(dir) + "/**/*")
		if s.watchRelative {
			g = &protocol.RelativePattern{BaseURI: protocol.URI(uri.File(dir)), Pattern: "**/*"}
		}
		ws = append(ws, protocol.FileSystemWatcher{GlobPattern: g})
	}
	opts, err := protocol.Marshal(&protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: ws})
	if err == nil {
		err = s.client.RegisterCapability(ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID: "sshcfg-watched-files", Method: protocol.MethodWorkspaceDidChangeWatchedFiles, RegisterOptions: opts,
		}}})
	}
	if err != nil {
		s.logf("registering file watchers: %v", err)
	}
}
