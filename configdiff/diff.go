package configdiff

import (
	"fmt"
	"slices"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Side is one version of a configuration.
type Side struct {
	// FS serves the version's files (nil: the environment's).
	FS resolve.FS
	// Config is the path of the main file, as ssh's -F would name it.
	Config string
	// Display turns a path read through FS into the text shown to people; nil shows it as
	// it is.
	Display func(path string) string
}

// Change is one option whose effective value differs between the versions.
type Change struct {
	Option string `json:"option"` // the name ssh -G prints
	// Before and After are the values, one per ssh -G line (several for accumulating
	// options such as identityfile); empty when the version prints no such line.
	Before []string `json:"before"`
	After  []string `json:"after"`
	// Source is the line that caused the difference: the new version's, or the old
	// version's when the new value is no longer set by the configuration.
	Source Where `json:"source"`
}

// Where is a source shown to people: a file:line, or the kind of source.
type Where struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Kind is "config", "default" or "computed".
	Kind string `json:"kind"`
}

// String renders the place as file:line, or its kind.
func (w Where) String() string {
	if w.File != "" {
		return fmt.Sprintf("%s:%d", w.File, w.Line)
	}
	return w.Kind
}

// Status says whether a host is named by Host lines of each version.
type Status string

// Host statuses.
const (
	Kept    Status = "kept"    // named by both versions, or by neither (a host given by the caller)
	Added   Status = "added"   // named only by the new version
	Removed Status = "removed" // named only by the old version
)

// HostDiff is the effect of the change on one host.
type HostDiff struct {
	Host    string   `json:"host"`
	Status  Status   `json:"status"`
	Changes []Change `json:"changes"`
}

// Compare resolves every host alias named by either version, and the extra hosts, with
// env and dialect (tolerantly, never running Match exec), and returns the hosts whose
// effective settings differ, in the order the versions name them (old first), extra
// hosts last. Env's FS is replaced by each side's when the side has one.
func Compare(env *resolve.Env, dialect keyword.Dialect, old, new Side, extra []string) ([]HostDiff, error) {
	sides := [2]Side{old, new}
	var resolvers [2]*resolve.Resolver
	var named [2]map[string]bool
	var order []string
	seen := map[string]bool{}
	for i, s := range sides {
		e := *env
		e.Exec = nil
		if s.FS != nil {
			e.FS = s.FS
		}
		resolvers[i] = resolve.New(&e, dialect)
		aliases, _, err := resolvers[i].Hosts(s.Config)
		if err != nil {
			return nil, err
		}
		named[i] = map[string]bool{}
		for _, a := range aliases {
			named[i][a.Name] = true
			if !seen[a.Name] {
				seen[a.Name] = true
				order = append(order, a.Name)
			}
		}
	}
	for _, h := range extra {
		if !seen[h] {
			seen[h] = true
			order = append(order, h)
		}
	}
	var out []HostDiff
	for _, host := range order {
		var opts [2][]resolve.Option
		for i, s := range sides {
			req := resolve.NewRequest(host)
			req.ConfigFile = s.Config
			req.Tolerant = true
			res, err := resolvers[i].Resolve(req)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", host, err)
			}
			opts[i] = res.Options()
		}
		changes := compareOptions(opts[0], opts[1], sides)
		if len(changes) == 0 {
			continue
		}
		st := Kept
		switch {
		case named[1][host] && !named[0][host]:
			st = Added
		case named[0][host] && !named[1][host]:
			st = Removed
		}
		out = append(out, HostDiff{Host: host, Status: st, Changes: changes})
	}
	return out, nil
}

// optionLines are the ssh -G lines of one option name.
type optionLines struct {
	values  []string
	sources []resolve.Source
}

// group collects the lines of each option name, and the names in ssh -G order.
func group(opts []resolve.Option) (map[string]*optionLines, []string) {
	m := map[string]*optionLines{}
	var names []string
	for _, o := range opts {
		g := m[o.Name]
		if g == nil {
			g = &optionLines{}
			m[o.Name] = g
			names = append(names, o.Name)
		}
		g.values = append(g.values, o.Value)
		g.sources = append(g.sources, o.Source)
	}
	return m, names
}

// compareOptions lists the options whose lines differ, in the new version's ssh -G
// order, then the options only the old version prints.
func compareOptions(old, new []resolve.Option, sides [2]Side) []Change {
	before, oldNames := group(old)
	after, newNames := group(new)
	names := newNames
	for _, n := range oldNames {
		if after[n] == nil {
			names = append(names, n)
		}
	}
	var out []Change
	for _, n := range names {
		b, a := before[n], after[n]
		if b == nil {
			b = &optionLines{}
		}
		if a == nil {
			a = &optionLines{}
		}
		if slices.Equal(b.values, a.values) {
			continue
		}
		out = append(out, Change{Option: n, Before: b.values, After: a.values, Source: cause(b, a, sides)})
	}
	return out
}

// cause picks the line that made an option differ: the first new line whose value the
// old version does not have, when the configuration set it; otherwise the first old
// line the new version lost, when the configuration set it; otherwise the kind of the new
// value's source.
func cause(b, a *optionLines, sides [2]Side) Where {
	for i, v := range a.values {
		if src := a.sources[i]; src.Kind == resolve.FromConfig && !slices.Contains(b.values, v) {
			return where(src, sides[1])
		}
	}
	for i, v := range b.values {
		if src := b.sources[i]; src.Kind == resolve.FromConfig && !slices.Contains(a.values, v) {
			return where(src, sides[0])
		}
	}
	for _, src := range a.sources {
		if src.Kind == resolve.FromConfig {
			return where(src, sides[1])
		}
	}
	if len(a.sources) > 0 {
		return where(a.sources[0], sides[1])
	}
	return where(b.sources[0], sides[0])
}

// where shows a source in the side's terms.
func where(src resolve.Source, s Side) Where {
	switch src.Kind {
	case resolve.FromConfig:
		f := src.File
		if s.Display != nil {
			f = s.Display(f)
		}
		return Where{File: f, Line: src.Line, Kind: "config"}
	case resolve.FromComputed:
		return Where{Kind: "computed"}
	case resolve.FromCommandLine:
		return Where{Kind: "command line"}
	}
	return Where{Kind: "default"}
}
