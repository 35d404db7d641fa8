package resolve

import "github.com/sshcfg/sshcfg/parser"

// LimitTrees bounds the whole trees the resolver keeps of the files it has read to about
// bytes of their source (0: no bound, the default). Beyond it, the trees used least
// recently are dropped and their bytes kept: a file is parsed again from them when a
// later call needs its tree (so its lines and blocks are then new values, equal to the
// old ones). A program that resolves every host of a large configuration one after the
// other (lint) then holds the source, the block indexes and the trees of the files its
// latest hosts used, not the trees of every file, which are several times the source.
// The tree used last is always kept; trees given with SetFile are never dropped. Trees
// are dropped when a file is read (as a call of Resolve or Hosts reads it) and by
// TrimTrees, never by Parsed or Tree: the trees they give stay the same until then.
func (r *Resolver) LimitTrees(bytes int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trees.limit = bytes
	r.trimTrees()
}

// TrimTrees drops the trees over LimitTrees' bound now, keeping the one used last: for a
// caller that has walked many files with Parsed, which parses dropped trees again but
// never drops any (a tree it gave stays the resolver's until the next file is read).
func (r *Resolver) TrimTrees() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trimTrees()
}

// treeLRU orders the droppable whole trees kept, most recently used first.
type treeLRU struct {
	limit int         // bytes of source; 0: no bound
	bytes int         // of the trees on the list
	head  *loadedFile // most recently used
	tail  *loadedFile // least recently used
}

// droppable reports whether lf's tree may be dropped and made again from its source: a
// whole tree of a regular file the resolver read itself.
func (lf *loadedFile) droppable() bool { return lf.src != nil }

// useTree marks lf's tree as the one used last. r.mu must be held.
func (r *Resolver) useTree(lf *loadedFile) {
	if r.trees.limit == 0 || !lf.droppable() || lf.file == nil {
		return
	}
	l := &r.trees
	if l.head == lf {
		return
	}
	if lf.listed {
		r.unlist(lf)
	}
	lf.listed, lf.prev, lf.next = true, nil, l.head
	if l.head != nil {
		l.head.prev = lf
	}
	l.head = lf
	if l.tail == nil {
		l.tail = lf
	}
	l.bytes += len(lf.src)
}

// unlist takes lf off the list. r.mu must be held.
func (r *Resolver) unlist(lf *loadedFile) {
	if !lf.listed {
		return
	}
	l := &r.trees
	if lf.prev != nil {
		lf.prev.next = lf.next
	} else {
		l.head = lf.next
	}
	if lf.next != nil {
		lf.next.prev = lf.prev
	} else {
		l.tail = lf.prev
	}
	lf.listed, lf.prev, lf.next = false, nil, nil
	l.bytes -= len(lf.src)
}

// trimTrees drops the least recently used trees until the rest fit the limit, keeping
// the one used last. r.mu must be held.
func (r *Resolver) trimTrees() {
	l := &r.trees
	for l.limit > 0 && l.bytes > l.limit && l.tail != nil && l.tail != l.head {
		lf := l.tail
		r.unlist(lf)
		if lf.index == nil && lf.walks > 0 {
			// a file a resolution read is likely read again: index it while the tree is
			// at hand (FocusFS indexes every file read)
			lf.index = buildIndex(lf.file)
		}
		lf.file = nil
	}
}

// treeOf returns lf's whole tree, parsing it again from its source when it was dropped,
// and marks it used. r.mu must be held.
func (r *Resolver) treeOf(lf *loadedFile) *parser.File {
	if lf.file == nil && lf.droppable() {
		lf.file = parser.Parse(lf.path, lf.src, parser.Options{Dialect: r.Dialect, Services: r.Env.Services, SourceGiven: true})
	}
	r.useTree(lf)
	return lf.file
}
