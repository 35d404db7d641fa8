package resolve

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Option is one line of the effective configuration with where it came from.
type Option struct {
	Name   string   `json:"name"`   // as ssh -G prints it
	Value  string   `json:"value"`  // as ssh -G prints it
	Source Source   `json:"source"` // the assignment that won
	Lost   []Source `json:"lost,omitempty"`
}

// HostAlias is a concrete host name (no wildcard, no negation) named by a Host line.
type HostAlias struct {
	Name string `json:"name"`
	File string `json:"file"`
	Line int    `json:"line"`
}

// Diagnostic codes of [Resolver.Hosts]: Include problems that make ssh stop.
const (
	// CodeIncludeUnreadable is an included file ssh cannot open, or a pattern it cannot glob.
	CodeIncludeUnreadable = "include-unreadable"
	// CodeIncludeRefused is a file whose owner or mode ssh refuses: an included file, or
	// the default user configuration (reported at its start).
	CodeIncludeRefused = "include-refused"
	// CodeIncludeDepth is an Include cycle or a chain deeper than ssh's limit.
	CodeIncludeDepth = "include-depth"
)

// maxIncludeDepth is ssh's limit on nested Includes (READCONF_MAX_DEPTH).
const maxIncludeDepth = 16

// Hosts lists the concrete Host aliases of the configuration that ssh would read with
// the given -F value ("" for the default files), following every Include (whatever
// block it sits in), in file order, each name once. Each file is walked once, wherever
// it is included. The diagnostics, positioned at the Include argument, are the Include
// problems that would make ssh stop: a file it cannot open or refuses for its owner or
// mode (whose aliases are left out), and, reported once, an Include cycle or a chain
// deeper than ssh's 16 levels. The error is ssh's *FatalError when the -F file cannot be
// opened. The whole trees of the files read stay with the resolver, for Parsed and later
// calls (Aliases keeps less).
func (r *Resolver) Hosts(configFile string) ([]HostAlias, diag.Diagnostics, error) {
	return r.hosts(configFile, wholeTree)
}

// Aliases is Hosts for a caller that wants the aliases and nothing else of the files
// (the hosts command): each file is parsed keeping only its global block, its Host and
// Match lines and the lines ssh acts on in any block (Include among them), and that tree
// is dropped once the file is walked unless a diagnostic is about it, so memory stays a
// small multiple of the configuration's size. Parsed does not see the partial trees
// kept; LineIndex and Tree do.
func (r *Resolver) Aliases(configFile string) ([]HostAlias, diag.Diagnostics, error) {
	return r.hosts(configFile, headersTree)
}

// hosts is Hosts, keeping trees of kind.
func (r *Resolver) hosts(configFile string, kind treeKind) ([]HostAlias, diag.Diagnostics, error) {
	w := &hostsWalk{r: r, kind: kind, files: map[hostsFile]*hostsFileState{}}
	switch configFile {
	case "none":
	case "":
		user := r.Env.UserConfigPath()
		w.walk(hostsFile{user, true}, true, 0, nil)
		if r.Env.SystemConfig != "" {
			w.walk(hostsFile{r.Env.SystemConfig, false}, false, 0, nil)
		}
	default:
		path := r.Env.abs(configFile)
		lf, tree := r.load(path, "", false, kind)
		if lf.err != nil {
			return nil, nil, fatalf("Can't open user config file %s: %s", configFile, errText(lf.err))
		}
		w.first, w.firstTree = lf, tree
		w.walk(hostsFile{path, true}, false, 0, nil)
	}
	if cap(w.out) > len(w.out)+len(w.out)/8 {
		w.out = slices.Clone(w.out) // the room the list grew into is not kept by the caller
	}
	return w.out, w.diags, nil
}

// hostsWalk is the state of one [Resolver.Hosts] call.
type hostsWalk struct {
	r             *Resolver
	kind          treeKind // the trees kept of the files walked
	out           []HostAlias
	seen          aliasSet // alias names listed
	diags         diag.Diagnostics
	files         map[hostsFile]*hostsFileState
	depthReported bool
	// first is the -F file, loaded already to check that it opens, and its tree
	first     *loadedFile
	firstTree *parser.File
	// cited are the files diagnostics point into: their partial trees are kept (for
	// LineIndex) when the others are dropped
	cited map[string]bool
}

// hostsFile identifies a walk of one file: relative Includes resolve against ~/.ssh in
// user configurations and /etc/ssh in the system one.
type hostsFile struct {
	path string
	user bool
}

// hostsFileState is what the walk knows about a file it has entered.
type hostsFileState struct {
	walking  bool // on the current Include chain: entering it again is a cycle
	done     bool // walked already: its aliases are listed
	height   int  // the longest Include chain below the file
	reported bool // its open or permission problem has been reported
	// the mode and owner the file had when walked, for the checks of a later Include of
	// it (its tree may be gone)
	mode fs.FileMode
	uid  int
}

// includeSite is the Include argument that led to a file (for a top-level file, the
// start of the file itself).
type includeSite struct {
	file string
	span diag.Span
}

// walk lists the aliases of a file, entered at Include depth depth from site
// (nil for a top-level file), and returns the length of the longest Include chain below
// it. checkPerm applies ssh's owner and mode check. A top-level file ssh cannot open is
// skipped in silence, as ssh does with its default files (Hosts checks -F first).
func (w *hostsWalk) walk(key hostsFile, checkPerm bool, depth int, site *includeSite) int {
	path := key.path
	if depth > maxIncludeDepth {
		w.reportDepth(site, fmt.Sprintf("Include nested more than %d deep", maxIncludeDepth))
		return 0
	}
	st := w.files[key]
	if st == nil {
		st = &hostsFileState{}
		w.files[key] = st
	}
	if st.walking {
		w.reportDepth(site, fmt.Sprintf("Include cycle: %s includes itself", path))
		return 0
	}
	var lf *loadedFile
	var tree *parser.File
	switch {
	case st.done: // listed already: only the checks are made again
		lf = &loadedFile{mode: st.mode, uid: st.uid}
		if checkPerm && !w.r.permitted(st.mode, st.uid) {
			lf.err = errBadPermissions
		}
	case w.first != nil && depth == 0:
		lf, tree, w.first, w.firstTree = w.first, w.firstTree, nil, nil
	default:
		lf, tree = w.r.load(path, "", checkPerm, w.kind)
	}
	top := site == nil
	if top {
		site = &includeSite{file: path}
	}
	switch {
	case errors.Is(lf.err, errBadPermissions):
		w.reportFile(st, site, path, CodeIncludeRefused, "Bad owner or permissions on "+path)
		return 0
	case lf.err != nil && (top || errors.Is(lf.err, fs.ErrNotExist)):
		return 0 // ssh skips a default file it cannot open, and an include that vanished
	case lf.err != nil:
		w.reportFile(st, site, path, CodeIncludeUnreadable, fmt.Sprintf("Can't open user config file %s: %s", path, errText(lf.err)))
		return 0
	case st.done:
		if depth+st.height > maxIncludeDepth {
			w.reportDepth(site, fmt.Sprintf("Include nested more than %d deep", maxIncludeDepth))
		}
		return st.height
	}
	st.walking = true
	height := 0
	w.reserve(tree)
	tree.Lines(func(l *parser.Line) bool {
		if l.Keyword() == nil || l.Value == nil {
			return true
		}
		switch l.Keyword().Kind {
		case keyword.KindHost:
			for _, p := range l.Value.([]string) {
				if strings.ContainsAny(p, "*?!") {
					continue
				}
				w.out = append(w.out, HostAlias{Name: p, File: path, Line: l.Number()})
				if !w.seen.add(p, len(w.out)-1, w.out) {
					w.out = w.out[:len(w.out)-1] // listed already
				}
			}
		case keyword.KindInclude:
			for i, arg := range l.Value.([]string) {
				at := &includeSite{file: path, span: l.Rest()}
				if i < len(l.Args()) {
					at.span = l.Args()[i].Span()
				}
				pattern := w.r.Env.includeGlob(arg, key.user)
				matches, err := w.r.Env.FS.Glob(pattern)
				if err != nil {
					w.report(at, CodeIncludeUnreadable, diag.Error, "glob failed for "+pattern)
				}
				for _, m := range matches {
					if h := w.walk(hostsFile{m, key.user}, true, depth+1, at) + 1; h > height {
						height = h
					}
				}
			}
		}
		return true
	})
	st.walking, st.done, st.height = false, true, height
	st.mode, st.uid = lf.mode, lf.uid
	if w.kind == headersTree && w.cited[path] && lf.mode.IsRegular() {
		w.r.store(path, "", headersTree, lf) // for LineIndex; the other trees are dropped
	}
	return height
}

// reserve makes room for the aliases of f at once, at least doubling the list: a
// configuration of a million hosts in 2,000 files would otherwise copy the list once a
// file, and the copies left behind would be most of the walk's memory.
func (w *hostsWalk) reserve(f *parser.File) {
	n := 0
	f.Lines(func(l *parser.Line) bool {
		if l.Keyword() != nil && l.Keyword().Kind == keyword.KindHost {
			pats, _ := l.Value.([]string)
			n += len(pats)
		}
		return true
	})
	if need := len(w.out) + n; need > cap(w.out) {
		// at least double: growing by each file's share would copy the list once a file
		w.out = slices.Grow(w.out, max(need, 2*cap(w.out))-len(w.out))
	}
}

// reportDepth reports an Include cycle or too deep a chain, once per call of Hosts (ssh
// stops at the first).
func (w *hostsWalk) reportDepth(site *includeSite, msg string) {
	if w.depthReported {
		return
	}
	w.depthReported = true
	w.report(site, CodeIncludeDepth, diag.Error, msg+` (ssh stops: "Too many recursive configuration includes")`)
}

// reportFile reports a file's open or permission problem once, at the first Include
// that reached it.
func (w *hostsWalk) reportFile(st *hostsFileState, site *includeSite, path, code, msg string) {
	if st.reported {
		return
	}
	st.reported = true
	w.report(site, code, diag.Error, msg)
}

// report records a diagnostic at site.
func (w *hostsWalk) report(site *includeSite, code string, sev diag.Severity, msg string) {
	if w.cited == nil {
		w.cited = map[string]bool{}
	}
	w.cited[site.file] = true
	w.diags = append(w.diags, diag.Diagnostic{File: site.file, Span: site.span, Severity: sev, Code: code, Message: msg})
}

// LineIndex returns the line index of a file the resolver has read, or nil, to turn the
// spans of its diagnostics into line numbers.
func (r *Resolver) LineIndex(path string) *diag.LineIndex {
	if f, ok := r.Tree(path); ok {
		return f.LineIndex()
	}
	return nil
}

// Tree returns a tree of a file the resolver has read: the whole tree when it has one,
// else a partial tree (File.Partial) of a one-shot or traced call, or one Aliases kept
// (of a file its diagnostics point into). Every tree of a file has its whole source (for
// File.Text) and all its diagnostics; ok is false for a file the resolver has not read,
// or could not, or whose partial tree was not kept.
func (r *Resolver) Tree(path string) (f *parser.File, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if lf := r.files[path]; lf != nil && r.treeOf(lf) != nil {
		return lf.file, true
	}
	if lf := r.partial[path].latest; lf != nil && lf.file != nil {
		return lf.file, true
	}
	return nil, false
}

// Parsed returns the tree of a file the resolver has read (whole, not a one-shot partial
// tree) with the mode and owner it had when opened; ok is false for a file it has not
// read, or could not.
func (r *Resolver) Parsed(path string) (f *parser.File, mode fs.FileMode, uid int, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lf := r.files[path]
	if lf == nil || r.treeOf(lf) == nil {
		return nil, 0, 0, false
	}
	return lf.file, lf.mode, lf.uid, true
}

// Opened returns the mode and owner a file the resolver has read whole had when opened,
// as Parsed does but without the tree (which Parsed parses again when LimitTrees dropped
// it); ok is false for a file it has not read, or could not.
func (r *Resolver) Opened(path string) (mode fs.FileMode, uid int, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lf := r.files[path]
	if lf == nil || lf.file == nil && !lf.droppable() {
		return 0, 0, false
	}
	return lf.mode, lf.uid, true
}

// SortedHostNames returns the alias names sorted, for shell completion.
func SortedHostNames(hs []HostAlias) []string {
	names := make([]string, len(hs))
	for i, h := range hs {
		names[i] = h.Name
	}
	sort.Strings(names)
	return names
}
