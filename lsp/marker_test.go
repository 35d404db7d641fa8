package lsp

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/sshcfg/sshcfg/internal/golden"
)

// Marker tests: each testdata/lsp/*.txtar is a workspace. Its sections are files (the
// first section and every section holding a marker are opened in the editor, the rest
// stay on disk only), except:
//
//	-- settings --   JSON initializationOptions (optional)
//	-- want --       the results, rewritten with -update
//
// A marker `#@name(args)` on its own comment line annotates the next line that is not a
// marker (golden.Markers). Each marker kind is a function registered by its own file
// (marker_diag_test.go: `#@diag()`), so a new capability adds a file, not a case here:
//
//	func init() { registerMarker("hover", hoverMarker) }
//
// The workspace directory is the user's home ($HOME in results), so `.ssh/config` is
// the user's config. The want section holds one block per marker, "file:line: name(args)" followed by the
// kind's result lines indented, then the diagnostics no #@diag line claimed.

// sections are the names of archive sections that are goldens, not workspace files.
var sections = map[string]bool{"want": true, "settings": true}

// markerKind runs one marker and returns its result lines.
type markerKind func(mt *markerTest, m *marker) []string

var markerKinds = map[string]markerKind{}

// registerMarker makes `#@name(...)` markers run kind.
func registerMarker(name string, kind markerKind) {
	if _, dup := markerKinds[name]; dup {
		panic("two marker kinds named " + name)
	}
	markerKinds[name] = kind
}

// markerTest is the state of one marker file: the editor, the files and diagnostics.
type markerTest struct {
	t     *testing.T
	c     *testClient
	diags map[uri.URI]*protocol.PublishDiagnosticsParams
	// claimed are the diagnostics a #@diag marker reported (by file, then index).
	claimed map[uri.URI]map[int]bool
	files   map[string][]byte // section name → text
	archive *golden.Archive   // for kinds with golden sections of their own
}

// marker is one marker of a file section.
type marker struct {
	golden.Marker
	File string  // section name
	URI  uri.URI // the file's URI
}

// lineText returns the text of the line the marker annotates, without its newline.
func (m *marker) lineText(mt *markerTest) string {
	text := mt.files[m.File][m.Target:]
	if i := strings.IndexByte(string(text), '\n'); i >= 0 {
		text = text[:i]
	}
	return strings.TrimRight(string(text), "\r")
}

// pos returns the position of the start of the first occurrence of sub in the annotated
// line (its start when sub is ""), in the client's encoding, UTF-16.
func (m *marker) pos(mt *markerTest, sub string) protocol.Position {
	mt.t.Helper()
	line := m.lineText(mt)
	i := strings.Index(line, sub)
	if i < 0 {
		mt.t.Fatalf("%s:%d: %q is not on the line %q", m.File, m.TargetLine, sub, line)
	}
	return protocol.Position{Line: uint32(m.TargetLine - 1), Character: uint32(utf16Len([]byte(line[:i])))}
}

// rel names a URI by its section name (or its URI when it is not a workspace file).
func (mt *markerTest) rel(u uri.URI) string {
	if r, err := filepath.Rel(mt.c.dir, u.FsPath()); err == nil && u.IsFile() && !strings.HasPrefix(r, "..") {
		return r
	}
	return string(u)
}

// rng renders a range as 1-based line:column-line:column (columns in UTF-16 units).
func rng(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line+1, r.Start.Character+1, r.End.Line+1, r.End.Character+1)
}

func TestMarkers(t *testing.T) {
	for _, a := range golden.Load(t, "../testdata/lsp/*.txtar") {
		t.Run(strings.TrimSuffix(filepath.Base(a.Path), ".txtar"), func(t *testing.T) {
			runMarkerFile(t, a)
		})
	}
}

func runMarkerFile(t *testing.T, a *golden.Archive) {
	var co clientOptions
	if s, ok := a.Get("settings"); ok {
		co.init = func(p *protocol.InitializeParams) { p.InitializationOptions = protocol.LSPAny(s) }
	}
	c := newTestClient(t, co)
	mt := &markerTest{t: t, c: c, claimed: map[uri.URI]map[int]bool{}, files: map[string][]byte{}, archive: a}
	var markers []*marker
	var open []string
	for i, f := range a.Files {
		if sections[f.Name] {
			continue
		}
		mt.files[f.Name] = f.Data
		c.write(f.Name, string(f.Data))
		ms, err := golden.Markers(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		for _, m := range ms {
			markers = append(markers, &marker{Marker: m, File: f.Name, URI: c.uri(f.Name)})
		}
		if i == 0 || len(ms) > 0 {
			open = append(open, f.Name)
		}
	}
	for _, name := range open {
		c.open(name, string(mt.files[name]))
	}
	mt.diags = c.settle()
	var out []string
	for _, m := range markers {
		kind, ok := markerKinds[m.Name]
		if !ok {
			t.Fatalf("%s:%d: unknown marker kind %q", m.File, m.Line, m.Name)
		}
		out = append(out, fmt.Sprintf("%s:%d: %s(%s)", m.File, m.TargetLine, m.Name, strings.Join(m.Args, ", ")))
		for _, l := range kind(mt, m) {
			out = append(out, "\t"+l)
		}
	}
	out = append(out, mt.unclaimed()...)
	got := strings.ReplaceAll(strings.Join(out, "\n")+"\n", c.dir, "$HOME")
	a.Check(t, "want", []byte(got))
}

// unclaimed lists the diagnostics no #@diag marker reported, so none goes unnoticed.
func (mt *markerTest) unclaimed() []string {
	var out []string
	uris := make([]uri.URI, 0, len(mt.diags))
	for u := range mt.diags {
		uris = append(uris, u)
	}
	slices.Sort(uris)
	for _, u := range uris {
		for i, d := range mt.diags[u].Diagnostics {
			if !mt.claimed[u][i] {
				out = append(out, fmt.Sprintf("unclaimed %s:%s", mt.rel(u), formatDiag(mt, d)))
			}
		}
	}
	return out
}
