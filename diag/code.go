package diag

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
)

// Code describes one kind of diagnostic. Every code a layer can emit is registered once, by
// the package that emits it, so that linters, formatters, the LSP and generated docs all
// read the same id, slug, severity and text.
type Code struct {
	// ID is the stable identifier, "SC" and four digits, never reused for another meaning.
	// The first digit names the layer: 1 parser, 2 resolver, 3 and up lint.
	ID string
	// Slug is the short name carried in Diagnostic.Code, e.g. "unknown-keyword".
	Slug string
	// Severity is the severity a diagnostic of this code gets unless its producer says
	// otherwise (see New).
	Severity Severity
	// Doc explains in one paragraph what the diagnostic means and what to do about it.
	Doc string
	// Since is the sshcfg version that introduced the code, e.g. "0.1".
	Since string
}

var registry struct {
	sync.RWMutex
	byID, bySlug map[string]Code
}

// validID reports whether id is "SC" and four digits, the first not 0.
func validID(id string) bool {
	if len(id) != 6 || id[:2] != "SC" || id[2] == '0' {
		return false
	}
	for i := 2; i < 6; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// validSlug reports whether slug is lower-case words of letters and digits joined by
// single '-', starting with a letter.
func validSlug(slug string) bool {
	if slug == "" || slug[0] < 'a' || slug[0] > 'z' || slug[len(slug)-1] == '-' {
		return false
	}
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && slug[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// lazyRegistrars are the functions given to RegisterLazily.
var lazyRegistrars atomic.Pointer[[]func()]

// RegisterLazily is for a package with many codes that most runs never look up: instead
// of registering them at initialisation, its init function hands over a function that
// registers them, which every lookup of the registry (LookupCode, AllCodes, New) calls
// first. register must be safe to call many times and from several goroutines at once,
// and do its work once (sync.Once).
func RegisterLazily(register func()) {
	for {
		old := lazyRegistrars.Load()
		var list []func()
		if old != nil {
			list = append(list, *old...)
		}
		list = append(list, register)
		if lazyRegistrars.CompareAndSwap(old, &list) {
			return
		}
	}
}

// registerLazyCodes makes sure the codes of RegisterLazily are in the registry.
func registerLazyCodes() {
	if list := lazyRegistrars.Load(); list != nil {
		for _, register := range *list {
			register()
		}
	}
}

// Register adds codes to the registry. It is meant for package initialisation: it panics
// on a malformed id or slug, a missing severity, doc or version, and on an id or slug that
// is already registered, since each is a programming error.
func Register(codes ...Code) {
	registry.Lock()
	defer registry.Unlock()
	if registry.byID == nil {
		registry.byID, registry.bySlug = map[string]Code{}, map[string]Code{}
	}
	for _, c := range codes {
		switch {
		case !validID(c.ID):
			panic(fmt.Sprintf("diag: code id %q is not SC followed by four digits", c.ID))
		case !validSlug(c.Slug):
			panic(fmt.Sprintf("diag: code %s: slug %q is not lower-case words joined by '-'", c.ID, c.Slug))
		case !c.Severity.valid():
			panic(fmt.Sprintf("diag: code %s has no default severity", c.ID))
		case c.Doc == "" || c.Since == "":
			panic(fmt.Sprintf("diag: code %s needs Doc and Since", c.ID))
		}
		if old, dup := registry.byID[c.ID]; dup {
			panic(fmt.Sprintf("diag: code id %s registered twice (%s and %s)", c.ID, old.Slug, c.Slug))
		}
		if old, dup := registry.bySlug[c.Slug]; dup {
			panic(fmt.Sprintf("diag: code slug %s registered twice (%s and %s)", c.Slug, old.ID, c.ID))
		}
		registry.byID[c.ID] = c
		registry.bySlug[c.Slug] = c
	}
}

// LookupCode finds a registered code by its id ("SC1001") or its slug ("unknown-keyword").
func LookupCode(idOrSlug string) (Code, bool) {
	registerLazyCodes()
	registry.RLock()
	defer registry.RUnlock()
	if c, ok := registry.byID[idOrSlug]; ok {
		return c, true
	}
	c, ok := registry.bySlug[idOrSlug]
	return c, ok
}

// AllCodes returns every registered code, sorted by id.
func AllCodes() []Code {
	registerLazyCodes()
	registry.RLock()
	out := make([]Code, 0, len(registry.byID))
	for _, c := range registry.byID {
		out = append(out, c)
	}
	registry.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// New returns a diagnostic of the registered code slug at span, with the code's default
// severity. It panics if slug is not registered: emitting an unregistered code is a
// programming error.
func New(slug string, span Span, msg string) Diagnostic {
	c, ok := LookupCode(slug)
	if !ok {
		panic(fmt.Sprintf("diag: code %q is not registered", slug))
	}
	return Diagnostic{Span: span, Severity: c.Severity, Code: c.Slug, Message: msg}
}
