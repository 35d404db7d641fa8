package resolve

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
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

// FocusFS is GlobOnce's file system for a program that resolves every host of one
// configuration in turn with one Resolver (lint): while a host is in focus, an Include
// glob leaves out the files in which resolving that host would visit no block. A fleet
// of 1,000,000 hosts spread over 2,000 included files then costs each host the few files
// that name it, not all 2,000.
//
// A file is left out only when the resolver has read it before (its tree and block index
// are known) and none of its blocks can apply: no block the index always visits (a
// preamble of comments and blank lines does nothing), no Host or Match block filed under
// the host's name, and no Match host or Match user block filed under a name HostName or
// User can take while the host is resolved. Those names are learnt when the host is put
// in focus, from every file the resolver has read: the host itself, the local user, and
// every value the HostName and User lines of the blocks that can apply write, to a fixed
// point. Leaving out a file that visits nothing changes nothing but Result.Files: the
// Include restores the block state after each file. A glob that matches a file not read
// yet is not filtered, and the names are learnt again for the next host.
//
// FocusFS is for the first pass of a resolution without command-line options: one that
// takes a second pass (canonicalization, Match final) must be made again out of focus.
// It is safe for concurrent use, but the focus is one.
type FocusFS struct {
	FS
	mu      sync.Mutex
	r       *Resolver
	host    string
	names   focusNames            // learnt for host
	all     *globIndex            // every file r has read; nil: to be made
	indexes map[string]*globIndex // by pattern, for r
	// unfocused is a resolver one of whose resolutions took a second pass: Resolve no
	// longer focuses its resolutions
	unfocused *Resolver
}

// NewFocusFS wraps fsys (with GlobOnce) with nothing in focus.
func NewFocusFS(fsys FS) *FocusFS {
	return &FocusFS{FS: GlobOnce(fsys)}
}

// Resolve resolves req with r, with the focus on name (the destination as given) for
// the resolution's first pass, so that an Include glob lists only the files that can
// apply to it. It resolves with every file when name is "", when req names another host
// than name (user@host, ssh://…: the user comes from the command line, which the focus
// does not foresee), and, once a resolution by r takes a second pass (canonicalization,
// Match final), which the focus does not cover, that resolution again and every later
// one by r.
func (f *FocusFS) Resolve(ctx context.Context, r *Resolver, req *Request, name string) (*Result, error) {
	f.mu.Lock()
	off := f.unfocused == r
	f.mu.Unlock()
	if off || name == "" || req.Host != name {
		f.Focus(r, "")
		return r.ResolveContext(ctx, req)
	}
	f.Focus(r, name)
	res, err := r.ResolveContext(ctx, req)
	f.Focus(r, "")
	if err == nil && slices.ContainsFunc(res.Files, func(fr FileRead) bool { return fr.Pass > 1 }) {
		f.mu.Lock()
		f.unfocused = r
		f.mu.Unlock()
		return r.ResolveContext(ctx, req)
	}
	return res, err
}

// Focus puts host in focus for the resolutions r makes from now on; "" lists every file
// again.
func (f *FocusFS) Focus(r *Resolver, host string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r != f.r {
		f.r, f.all, f.indexes = r, nil, map[string]*globIndex{}
	}
	f.host = host
	if host == "" {
		return
	}
	if f.all == nil {
		r.mu.Lock()
		paths := slices.Sorted(maps.Keys(r.files))
		r.mu.Unlock()
		f.all = newGlobIndex(r, paths)
	}
	f.names = f.all.learn(host, r.Env.User.Name)
}

// Release forgets the resolvers f knows (the one in focus, one it no longer focuses)
// and its indexes, so that they can be collected while f lives on: a Result keeps its
// environment, and with it the file system.
func (f *FocusFS) Release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.r, f.host, f.names, f.all, f.indexes, f.unfocused = nil, "", focusNames{}, nil, nil, nil
}

// Glob expands pattern once, then leaves out the files the host in focus cannot use.
func (f *FocusFS) Glob(pattern string) ([]string, error) {
	matches, err := f.FS.Glob(pattern)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil || f.host == "" || len(matches) < 2 {
		return matches, err
	}
	gi := f.indexes[pattern]
	if gi == nil {
		gi = newGlobIndex(f.r, matches)
		if gi.unread {
			// what the new files write is not known: the names learnt may be short of it
			f.all = nil
			return matches, nil
		}
		f.indexes[pattern] = gi
	}
	return gi.keep(&f.names, matches), nil
}

// globIndex files the files an Include glob matched under the names their blocks are
// filed under, as blockIndex files blocks.
type globIndex struct {
	files  []*blockIndex // by match; nil for a file not read yet or not opened
	failed []bool        // by match: the file could not be opened (it sets nothing)
	unread bool          // some file is not read yet
	r      *Resolver
	loaded []*loadedFile // by match: the file read, for its tree (nil where files is)
	// always are the files with a block visited for every host (or unknown).
	always []int
	// host, originalHost, currentHost and user file the files as blockIndex files blocks.
	host, originalHost, currentHost, user fileNames
	// anyCurrentHost and anyUser are the files with blocks filed under the current host
	// name or user, for a host whose HostName or User cannot be told in advance.
	anyCurrentHost, anyUser []int
	// mark[i] == gen marks file i kept by the call of keep under way.
	mark []uint32
	gen  uint32
	// kept, found and blocks are keep's buffers, used again by each call.
	kept, found, blocks []int
}

// fileNames finds the files whose nameIndex may file blocks under a name.
type fileNames struct {
	common         affixes // files with literal keys, under the prefix those keys share
	prefix, suffix affixes // files under every head (tail) their blocks are filed under
	of             func(*blockIndex) *nameIndex
}

func (n *fileNames) add(ix *blockIndex, file int) {
	names := n.of(ix)
	if names.literals != nil {
		n.common.add(names.common, file)
	}
	for k := range names.prefix.byKey {
		n.prefix.add(k, file)
	}
	for k := range names.suffix.byKey {
		n.suffix.add(k, file)
	}
}

func (n *fileNames) seal() {
	n.common.seal()
	n.prefix.seal()
	n.suffix.seal()
}

// lookup appends the files with a block filed under a key name equals, starts or ends
// with.
func (n *fileNames) lookup(files []*blockIndex, name string, out []int) []int {
	start := len(out)
	out = n.common.lookup(name, false, out)
	named := out[:start]
	for _, i := range out[start:] {
		if n.of(files[i]).findLiteral(name) >= 0 {
			named = append(named, i)
		}
	}
	out = n.prefix.lookup(name, false, named)
	return n.suffix.lookup(name, true, out)
}

func newGlobIndex(r *Resolver, matches []string) *globIndex {
	gi := &globIndex{files: make([]*blockIndex, len(matches)), failed: make([]bool, len(matches)),
		r: r, loaded: make([]*loadedFile, len(matches)), mark: make([]uint32, len(matches))}
	gi.host.of = func(ix *blockIndex) *nameIndex { return &ix.host }
	gi.originalHost.of = func(ix *blockIndex) *nameIndex { return &ix.originalHost }
	gi.currentHost.of = func(ix *blockIndex) *nameIndex { return &ix.currentHost }
	gi.user.of = func(ix *blockIndex) *nameIndex { return &ix.user }
	for i, path := range matches {
		r.mu.Lock()
		lf := r.files[path]
		var ix *blockIndex
		if lf != nil && lf.err == nil && lf.walks > 0 && lf.index == nil {
			if tree := r.treeOf(lf); tree != nil {
				lf.index = buildIndex(tree)
				r.trimTrees()
			}
		}
		if lf != nil && lf.err == nil && lf.walks > 0 {
			ix = lf.index
		}
		gi.failed[i] = lf != nil && lf.err != nil
		r.mu.Unlock()
		if ix == nil { // kept for every host: the resolution reads it, or reports it
			gi.unread = gi.unread || lf == nil || lf.walks == 0
			gi.always = append(gi.always, i)
			continue
		}
		gi.files[i], gi.loaded[i] = ix, lf
		if ix.acts {
			gi.always = append(gi.always, i)
		}
		gi.host.add(ix, i)
		gi.originalHost.add(ix, i)
		gi.currentHost.add(ix, i)
		gi.user.add(ix, i)
		if !ix.currentHost.empty() {
			gi.anyCurrentHost = append(gi.anyCurrentHost, i)
		}
		if !ix.user.empty() {
			gi.anyUser = append(gi.anyUser, i)
		}
	}
	gi.host.seal()
	gi.originalHost.seal()
	gi.currentHost.seal()
	gi.user.seal()
	return gi
}

// tree returns the tree of file i, which has an index: parsed again if the resolver
// dropped it (Resolver.LimitTrees).
func (gi *globIndex) tree(i int) *parser.File {
	gi.r.mu.Lock()
	defer gi.r.mu.Unlock()
	return gi.r.treeOf(gi.loaded[i])
}

// inert reports whether a block does nothing when visited: lines before the first Host
// or Match line that are all blank or comments.
func inert(b *parser.Block) bool {
	return b.Header == nil && !slices.ContainsFunc(b.Lines, func(l *parser.Line) bool {
		return l.Kind != parser.LineBlank && l.Kind != parser.LineComment
	})
}

// focusNames are the names a focused host's blocks are looked up by: the host, and
// every value Match host and Match user may compare while it is resolved.
type focusNames struct {
	host, originalHost string
	currentHosts       []string // lower-cased
	users              []string
	anyHost, anyUser   bool // a value could not be told in advance
}

// learn returns the names a host's Match host and Match user lines may compare: the
// files are found by the host's names first, then by each User and HostName value learnt
// from the blocks of the files found, until no new value turns up; a file is scanned
// for values once, then only for the blocks the values learnt since can add.
func (gi *globIndex) learn(host, localUser string) focusNames {
	lower := pattern.LowerASCII(host)
	n := focusNames{host: host, originalHost: lower, currentHosts: []string{lower}, users: []string{localUser}}
	kept := gi.start(&n)
	var found focusNames // the values whose files are in kept: counts of n's lists, and the any flags
	var scanned focusNames
	scannedFiles := 0
	for {
		kept = gi.addDynamic(&n, &found, kept)
		// scan the new files with every value, the others with the values learnt since
		now := n
		for j, i := range kept {
			ix := gi.files[i]
			if ix == nil {
				if !gi.failed[i] {
					n.anyHost, n.anyUser = true, true // a file not read yet: anything
				}
				continue
			}
			blocks := gi.blocks[:0]
			if j >= scannedFiles {
				cands, made := ix.candidates(n.host, n.originalHost, blocks)
				if made == nil {
					cands = append(blocks, cands...)
				}
				blocks = dynamic(ix, now.currentHosts, now.users, now.anyHost, now.anyUser, cands)
			} else {
				blocks = dynamic(ix, now.currentHosts[len(scanned.currentHosts):], now.users[len(scanned.users):], now.anyHost && !scanned.anyHost, now.anyUser && !scanned.anyUser, blocks)
			}
			learnFrom(gi.tree(i), blocks, &n)
			gi.blocks = blocks[:0]
		}
		scanned, scannedFiles = now, len(kept)
		if len(n.currentHosts) == len(now.currentHosts) && len(n.users) == len(now.users) && n.anyHost == now.anyHost && n.anyUser == now.anyUser {
			break
		}
	}
	gi.kept = kept[:0]
	return n
}

// keep returns the matches in which a host with the names n can visit a block, in order.
func (gi *globIndex) keep(n *focusNames, matches []string) []string {
	kept := gi.start(n)
	var found focusNames
	kept = gi.addDynamic(n, &found, kept)
	gi.kept = kept[:0]
	if len(kept) == len(matches) {
		return matches
	}
	slices.Sort(kept)
	out := make([]string, len(kept))
	for j, i := range kept {
		out[j] = matches[i]
	}
	return out
}

// start begins a new set of kept files, with the files always visited and those with
// blocks filed under n's host and original host.
func (gi *globIndex) start(n *focusNames) []int {
	if gi.gen++; gi.gen == 0 { // wrapped: no mark may hold the new generation
		clear(gi.mark)
		gi.gen = 1
	}
	kept := gi.add(gi.kept[:0], gi.always)
	kept = gi.lookup(kept, &gi.host, n.host)
	return gi.lookup(kept, &gi.originalHost, n.originalHost)
}

// addDynamic adds to kept the files with blocks filed under the current host names and
// users of n that found does not hold yet, and makes found hold them.
func (gi *globIndex) addDynamic(n, found *focusNames, kept []int) []int {
	if n.anyHost && !found.anyHost {
		kept = gi.add(kept, gi.anyCurrentHost)
	}
	for _, c := range n.currentHosts[len(found.currentHosts):] {
		kept = gi.lookup(kept, &gi.currentHost, c)
	}
	if n.anyUser && !found.anyUser {
		kept = gi.add(kept, gi.anyUser)
	}
	for _, u := range n.users[len(found.users):] {
		kept = gi.lookup(kept, &gi.user, u)
	}
	*found = *n
	return kept
}

// add appends to kept the files not marked yet, marking them.
func (gi *globIndex) add(kept, files []int) []int {
	for _, i := range files {
		if gi.mark[i] != gi.gen {
			gi.mark[i] = gi.gen
			kept = append(kept, i)
		}
	}
	return kept
}

// lookup adds to kept the files with blocks filed in names under name.
func (gi *globIndex) lookup(kept []int, names *fileNames, name string) []int {
	gi.found = names.lookup(gi.files, name, gi.found[:0])
	return gi.add(kept, gi.found)
}

// dynamic appends to out the blocks of a file filed under one of the current host names
// or users (all of those filed under current host names or users when allHosts or
// allUsers).
func dynamic(ix *blockIndex, hosts, users []string, allHosts, allUsers bool, out []int) []int {
	for _, d := range []struct {
		names  *nameIndex
		values []string
		all    bool
	}{{&ix.currentHost, hosts, allHosts}, {&ix.user, users, allUsers}} {
		if d.names.empty() {
			continue
		}
		if d.all {
			out = append(out, d.names.all()...)
			continue
		}
		for _, v := range d.values {
			out = d.names.lookup(v, out)
		}
	}
	return out
}

// learnFrom adds to n the values the HostName and User lines of the blocks write.
func learnFrom(tree *parser.File, blocks []int, n *focusNames) {
	for _, b := range blocks {
		for _, l := range tree.Blocks[b].Lines {
			if l.Kind != parser.LineDirective || l.Keyword() == nil {
				continue
			}
			switch l.Keyword().ID {
			case keyword.User:
				v, ok := l.Value.(string)
				if !ok || strings.ContainsAny(v, "%$") {
					n.anyUser = true
				} else if !slices.Contains(n.users, v) {
					n.users = append(n.users, v)
				}
			case keyword.Hostname:
				v, ok := l.Value.(string)
				if !ok {
					n.anyHost = true
					continue
				}
				if exp, err := percentExpand(v, tokens{'h': n.host}); err == nil {
					v = exp
				}
				if v = pattern.LowerASCII(v); !slices.Contains(n.currentHosts, v) {
					n.currentHosts = append(n.currentHosts, v)
				}
			}
		}
	}
}
