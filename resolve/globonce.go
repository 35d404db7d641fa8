package resolve

import (
	"slices"
	"sync"
)

// GlobOnce wraps fsys so that each Include pattern is expanded once. ssh expands an
// Include for every pass of its one destination; a program resolving every host of a
// configuration in one run (lint, `sshcfg hosts --format fzf`) would list the directory
// and check its files again for each host, a cost that grows with hosts times files. The
// files must not change while the wrapper is in use. It is safe for concurrent use.
func GlobOnce(fsys FS) FS {
	return &globOnceFS{FS: fsys, globs: map[string]globbed{}}
}

// globOnceFS is GlobOnce's file system.
type globOnceFS struct {
	FS
	mu    sync.Mutex
	globs map[string]globbed
}

// globbed is the expansion of a pattern.
type globbed struct {
	matches []string
	err     error
}

// Glob expands each pattern once. Every call gets the same matches (the resolver only
// reads them), capped so that an append copies them.
func (g *globOnceFS) Glob(pattern string) ([]string, error) {
	g.mu.Lock()
	e, ok := g.globs[pattern]
	g.mu.Unlock()
	if !ok {
		e.matches, e.err = g.FS.Glob(pattern)
		g.mu.Lock()
		g.globs[pattern] = e
		g.mu.Unlock()
	}
	return slices.Clip(e.matches), e.err
}
