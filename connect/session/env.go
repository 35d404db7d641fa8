package session

import (
	"os"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
	"github.com/sshcfg/sshcfg/resolve"
)

// envVar is one variable a session sends.
type envVar struct{ name, value string }

// sendEnv lists the local variables SendEnv passes, as ssh picks them
// (client_session2_setup): the environment in its own order, each variable whose name
// matches one of the kept patterns. Getenv, when set, gives the values, and also
// variables named by a pattern without wildcards that the environment list lacks.
func sendEnv(res *resolve.Result, opts Options) []envVar {
	var patterns []string
	for _, e := range res.List(keyword.SendEnv).Kept {
		if p, ok := e.Value.(string); ok {
			patterns = append(patterns, p)
		}
	}
	if len(patterns) == 0 {
		return nil
	}
	environ := opts.Environ
	if environ == nil {
		environ = os.Environ()
	}
	lookup := opts.Getenv
	var out []envVar
	seen := map[string]bool{}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || seen[name] || !matchesAny(name, patterns) {
			continue
		}
		seen[name] = true
		if lookup != nil {
			if value, ok = lookup(name); !ok {
				continue
			}
		}
		out = append(out, envVar{name, value})
	}
	if lookup == nil {
		return out
	}
	for _, p := range patterns {
		if seen[p] || strings.ContainsAny(p, "*?") {
			continue
		}
		seen[p] = true
		if value, ok := lookup(p); ok {
			out = append(out, envVar{p, value})
		}
	}
	return out
}

func matchesAny(name string, patterns []string) bool {
	for _, p := range patterns {
		if pattern.Match(name, p) {
			return true
		}
	}
	return false
}

// setEnv lists SetEnv's NAME=value pairs in order; an entry without "=" is skipped, as
// ssh skips it.
func setEnv(res *resolve.Result) []envVar {
	var out []envVar
	for _, kv := range res.Strings(keyword.SetEnv) {
		if name, value, ok := strings.Cut(kv, "="); ok {
			out = append(out, envVar{name, value})
		}
	}
	return out
}

// termName is the TERM a PTY asks for: SetEnv's TERM when it is not empty, else the
// local one (ssh_session2_setup).
func termName(set []envVar, getenv func(string) (string, bool)) string {
	for _, v := range set {
		if v.name == "TERM" {
			if v.value != "" {
				return v.value
			}
			break
		}
	}
	t, _ := getenv("TERM")
	return t
}
