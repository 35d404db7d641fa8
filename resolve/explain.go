package resolve

import (
	"sort"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
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

// Hosts lists the concrete Host aliases of the configuration that ssh would read with
// the given -F value ("" for the default files), following every Include (whatever
// block it sits in), in file order, each name once.
func (r *Resolver) Hosts(configFile string) []HostAlias {
	var out []HostAlias
	seen := map[string]bool{}
	var walk func(path string, user bool, depth int)
	walk = func(path string, user bool, depth int) {
		if depth > 16 {
			return
		}
		lf := r.load(path, "", false)
		if lf.err != nil {
			return
		}
		lf.file.Lines(func(l *parser.Line) bool {
			if l.Keyword == nil || l.Value == nil {
				return true
			}
			switch l.Keyword.Name {
			case "Host":
				for _, p := range l.Value.([]string) {
					if strings.ContainsAny(p, "*?!") || seen[p] {
						continue
					}
					seen[p] = true
					out = append(out, HostAlias{Name: p, File: path, Line: l.Number})
				}
			case "Include":
				for _, arg := range l.Value.([]string) {
					matches, _ := r.Env.FS.Glob(r.Env.includeGlob(arg, user))
					for _, m := range matches {
						walk(m, user, depth+1)
					}
				}
			}
			return true
		})
	}
	switch configFile {
	case "none":
	case "":
		walk(r.Env.userConfigPath(), true, 0)
		if r.Env.SystemConfig != "" {
			walk(r.Env.SystemConfig, false, 0)
		}
	default:
		walk(r.Env.abs(configFile), true, 0)
	}
	return out
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
