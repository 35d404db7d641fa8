package lsp

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/lint/report"
	"github.com/sshcfg/sshcfg/resolve"
)

// diagnoser publishes what `sshcfg lint` reports for every open document (as a config
// file of its own) and the files it includes, in two stages:
//
//   - quick, a few milliseconds after an edit: for each edited document, the findings of
//     the last lint outside the edited bytes (moved with the text) and the parser's
//     diagnostics inside them, so that typing gets feedback at once even when linting the
//     whole configuration takes long (every host of a 5,000-host file is resolved);
//   - full, once edits pause for the debounce time: lint of every open document, run off
//     the loop and abandoned as soon as another edit comes, published only if nothing
//     changed meanwhile.
//
// All publications are made by the loop goroutine, each carries the version of the text
// it was computed for, and a burst of edits ends with the full diagnostics of its last
// version.
type diagnoser struct {
	s       *Server
	kickc   chan struct{}
	stopped atomic.Bool
	done    chan struct{}

	// The rest belongs to the loop goroutine.
	published map[uri.URI]bool     // URIs whose last publication was not empty
	shown     map[string]*document // the document version last published, by path
	lastFull  *fullRound           // the last full round published
	sent      int64                // publishDiagnostics notifications sent
}

// quickDelay gathers the edits of one keystroke (a client may send several changes)
// before the quick stage runs.
const quickDelay = time.Millisecond

func newDiagnoser(s *Server) *diagnoser {
	return &diagnoser{s: s, kickc: make(chan struct{}, 1), done: make(chan struct{}),
		published: map[uri.URI]bool{}, shown: map[string]*document{}}
}

// documentsChanged tells the diagnoser that the open documents or the files around them
// changed.
func (s *Server) documentsChanged() { s.diags.kick() }

func (d *diagnoser) kick() {
	select {
	case d.kickc <- struct{}{}:
	default:
	}
}

// stop makes the diagnoser publish nothing more (after shutdown).
func (d *diagnoser) stop() { d.stopped.Store(true) }

// wait returns when run has returned.
func (d *diagnoser) wait() { <-d.done }

// fullRound is the result of linting every open document.
type fullRound struct {
	docs     *docSet
	settings *Settings
	epoch    uint64
	pubs     []publication
	// findings of each open document's file, for the quick stage to carry, and the text
	// of every file read, for related locations
	findings map[string]diag.Diagnostics
	sources  map[string][]byte
}

// current reports whether the round was computed on what the server has now.
func (r *fullRound) current(s *Server) bool {
	return r.docs == s.docs.current() && r.settings == s.settings.Load() && r.epoch == s.epoch.Load()
}

// run is the diagnoser's loop, until ctx is done.
func (d *diagnoser) run(ctx context.Context) {
	defer close(d.done)
	quick, full := time.NewTimer(time.Hour), time.NewTimer(time.Hour)
	quick.Stop()
	full.Stop()
	results := make(chan *fullRound, 1)
	cancelFull := func() {}
	defer func() { cancelFull() }()
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.kickc:
			cancelFull() // its result would be stale
			quick.Reset(quickDelay)
			full.Reset(d.s.opts.Debounce)
		case <-quick.C:
			if !d.stopped.Load() {
				d.quick(ctx)
			}
		case <-full.C:
			if d.stopped.Load() {
				continue
			}
			fctx, cancel := context.WithCancel(ctx)
			cancelFull = cancel
			r := &fullRound{docs: d.s.docs.current(), settings: d.s.settings.Load(), epoch: d.s.epoch.Load()}
			go func() {
				d.compute(fctx, r)
				if fctx.Err() == nil {
					select {
					case results <- r:
					case <-ctx.Done():
					}
				}
			}()
		case r := <-results:
			if !r.current(d.s) || d.stopped.Load() {
				continue // the change that made it stale has kicked again
			}
			d.publish(ctx, r.pubs)
			d.lastFull = r
			clear(d.shown) // closed documents are forgotten
			for _, doc := range r.docs.byURI {
				d.shown[doc.path] = doc
			}
			d.report(r.docs, true)
		}
	}
}

// report calls the test hook after a round of publications.
func (d *diagnoser) report(docs *docSet, full bool) {
	if hook := d.s.opts.published; hook != nil {
		versions := map[string]int32{}
		for _, doc := range docs.byURI {
			versions[string(doc.uri)] = doc.version
		}
		hook(versions, d.sent, full)
	}
}

// publication is the diagnostics of one file.
type publication struct {
	uri     uri.URI
	version protocol.Optional[int32]
	open    bool
	diags   []protocol.Diagnostic
}

// compute lints every open document and gathers the findings by file into r.
func (d *diagnoser) compute(ctx context.Context, r *fullRound) {
	s, docs := d.s, r.docs
	byPath := map[string]diag.Diagnostics{}
	sources := map[string][]byte{}
	roots := make([]*document, 0, len(docs.byURI))
	for _, doc := range docs.byURI {
		roots = append(roots, doc)
		byPath[doc.path] = nil
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].path < roots[j].path })
	for _, doc := range roots {
		res, err := s.lint(ctx, docs, doc.path)
		if err != nil {
			if ctx.Err() == nil {
				s.logf("lint %s: %v", doc.path, err)
			}
			continue
		}
		for _, f := range res.Files {
			sources[f.Path] = f.Tree.Src
			if _, ok := byPath[f.Path]; !ok {
				byPath[f.Path] = nil
			}
		}
		for _, f := range res.Findings {
			byPath[f.File] = append(byPath[f.File], f)
		}
	}
	r.findings, r.sources = map[string]diag.Diagnostics{}, sources
	out := make([]publication, 0, len(byPath))
	for path, found := range byPath {
		found = dedupe(found)
		m := s.mapperFor(docs, path, sources[path])
		p := publication{uri: docs.uriOf(path), diags: make([]protocol.Diagnostic, 0, len(found))}
		if doc, ok := docs.byPath(path); ok {
			p.version, p.open = protocol.NewOptional(doc.version), true
		}
		for _, f := range found {
			p.diags = append(p.diags, s.toProtocol(docs, m, f, sources))
		}
		if p.open {
			r.findings[path] = found
		}
		out = append(out, p)
	}
	// files that are not open first, so that a client waiting for an open document's
	// diagnostics has those of its includes already
	sort.Slice(out, func(i, j int) bool {
		if out[i].open != out[j].open {
			return !out[i].open
		}
		return out[i].uri < out[j].uri
	})
	r.pubs = out
}

// dedupe sorts findings and drops repeats (a file included by two open documents).
func dedupe(ds diag.Diagnostics) diag.Diagnostics {
	ds.Sort()
	out := ds[:0]
	for i, f := range ds {
		if i > 0 {
			p := ds[i-1]
			if p.Span == f.Span && p.Code == f.Code && p.Message == f.Message {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// publish sends the publications, and empty ones for files that had diagnostics before
// and have none now.
func (d *diagnoser) publish(ctx context.Context, pubs []publication) {
	now := map[uri.URI]bool{}
	for _, p := range pubs {
		now[p.uri] = true
	}
	for u := range d.published {
		if !now[u] {
			pubs = append([]publication{{uri: u, diags: []protocol.Diagnostic{}}}, pubs...)
		}
	}
	for _, p := range pubs {
		if err := d.s.client.PublishDiagnostics(ctx, &protocol.PublishDiagnosticsParams{URI: p.uri, Version: p.version, Diagnostics: p.diags}); err != nil {
			d.s.logf("publishDiagnostics: %v", err)
			return
		}
		d.sent++
		if len(p.diags) > 0 {
			d.published[p.uri] = true
		} else {
			delete(d.published, p.uri)
		}
	}
}

// severities maps diag severities to LSP's.
var severities = map[diag.Severity]protocol.DiagnosticSeverity{
	diag.Error:   protocol.DiagnosticSeverityError,
	diag.Warning: protocol.DiagnosticSeverityWarning,
	diag.Info:    protocol.DiagnosticSeverityInformation,
	diag.Hint:    protocol.DiagnosticSeverityHint,
}

// toProtocol renders a finding in file m maps: the code's id as code, a link to its
// section of docs/rules.md, related places in whatever file they are.
func (s *Server) toProtocol(docs *docSet, m *mapper, f diag.Diagnostic, sources map[string][]byte) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:    m.rng(f.Span),
		Severity: severities[f.Severity],
		Source:   protocol.NewOptional("sshcfg"),
		Message:  protocol.String(f.Message),
	}
	if c, ok := diag.LookupCode(f.Code); ok {
		out.Code = protocol.String(c.ID)
		out.CodeDescription = protocol.CodeDescription{Href: uri.URI(report.DocURL(c))}
	} else if f.Code != "" {
		out.Code = protocol.String(f.Code)
	}
	for _, r := range f.Related {
		rm := m
		if r.File != f.File {
			rm = s.mapperFor(docs, r.File, sources[r.File])
		}
		out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: docs.uriOf(r.File), Range: rm.rng(r.Span)},
			Message:  r.Message,
		})
	}
	return out
}

// lintCache keeps the last lint result of each config file, for the set of open
// documents, the settings and the epoch of files on disk it was computed with.
type lintCache struct {
	mu      sync.Mutex
	entries map[string]lintEntry
}

type lintEntry struct {
	docs     *docSet
	settings *Settings
	epoch    uint64
	res      *lint.Result
}

// forget drops the cached result for path (its document was closed).
func (c *lintCache) forget(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, path)
}

// lint runs `sshcfg lint` on config file path as docs and the settings have it, or
// returns the result of the run that did. Match exec is never run.
func (s *Server) lint(ctx context.Context, docs *docSet, path string) (*lint.Result, error) {
	settings, epoch := s.settings.Load(), s.epoch.Load()
	s.lints.mu.Lock()
	e, ok := s.lints.entries[path]
	s.lints.mu.Unlock()
	if ok && e.docs == docs && e.settings == settings && e.epoch == epoch {
		return e.res, nil
	}
	env := *s.opts.Env
	env.FS = resolve.OverlayFS{Base: s.opts.Env.FS, Files: docs.overlay}
	env.Exec = nil
	res, err := lint.Run(ctx, lint.Options{ConfigFile: path, Env: &env, Dialect: s.dialect(), Project: settings.project()})
	if err != nil {
		return nil, err
	}
	s.lints.mu.Lock()
	if s.lints.entries == nil {
		s.lints.entries = map[string]lintEntry{}
	}
	s.lints.entries[path] = lintEntry{docs: docs, settings: settings, epoch: epoch, res: res}
	s.lints.mu.Unlock()
	return res, nil
}
