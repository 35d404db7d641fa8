package resolve

import (
	"maps"
	"slices"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// The typed model: every effective value of a resolution, indexed by keyword ID, with the
// assignment that set it and the ones that lost. The -G printer, explain, lint, the
// language server and connect all read it; see also the typed views in views.go.
//
// Setting.Value holds, by the keyword's value kind:
//   - flags and enums (KindFlag, KindEnum): int, OpenSSH's constant for the word
//     (keyword.Keyword.Word names it; the views in views.go give named constants);
//   - KindInt, KindPort, KindOctal, KindEscapeChar: int; KindTime: int seconds;
//   - KindString, KindPath, KindCommand, KindAlgorithms: string (algorithm lists after the
//     + - ^ assembly, comma-separated);
//   - KindList, KindPathList, KindSetEnv: []string;
//   - KindProxyJump: parser.Jump; KindAddKeysToAgent: parser.AddKeysToAgent;
//     KindControlPersist: parser.ControlPersist; KindIPQoS: parser.IPQoS;
//     KindTunnelDevice: parser.TunnelDevice; KindObscureKeystrokeTiming: int milliseconds;
//     KindRekeyLimit: int64 bytes (the interval: Result.RekeyInterval);
//     KindForwardAgent: int 0/1 (a socket path: Result.ForwardAgentPath).

// Get returns the effective setting of a keyword that keeps one value, with its source
// and the assignments that lost. ok is false when ssh has no value for it (an option
// without a default that nothing set, an option the dialect does not print, an
// accumulating keyword — use List — or a block keyword).
func (r *Result) Get(id keyword.ID) (s Setting, ok bool) {
	k := id.Keyword()
	if k == nil || k.Multi == keyword.Accumulate {
		return Setting{}, false
	}
	p := r.opts.setting(id)
	if p == nil {
		return Setting{}, false
	}
	s = *p
	// defaults are shared by every resolution: hand out copies of what could be changed
	s.Lost = slices.Clone(s.Lost)
	if l, ok := s.Value.([]string); ok {
		s.Value = slices.Clone(l)
	}
	return s, true
}

// Entry is one value of an accumulating keyword (IdentityFile, CertificateFile,
// LocalForward, RemoteForward, DynamicForward, SendEnv) with the assignment that added it.
// Value is a string for files and SendEnv patterns and a parser.Forward for forwards.
type Entry struct {
	Value  any
	Source Source
}

// DropReason says why ssh did not keep a value it read.
type DropReason int

// Why values are dropped.
const (
	// DropDuplicate: the same value was already in the list (ssh adds it once).
	DropDuplicate DropReason = iota + 1
	// DropOverLimit: the list was full (ssh allows 100 identity and 100 certificate files).
	DropOverLimit
	// DropRemoved: a later "SendEnv -pattern" removed it.
	DropRemoved
	// DropCleared: ClearAllForwardings (or -W) cleared the forwards.
	DropCleared
)

var dropReasonNames = [...]string{"", "duplicate", "over-limit", "removed", "cleared"}

// String names the reason.
func (d DropReason) String() string {
	if d > 0 && int(d) < len(dropReasonNames) {
		return dropReasonNames[d]
	}
	return "unknown"
}

// MarshalText names the reason in JSON output.
func (d DropReason) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Dropped is a value ssh read for an accumulating keyword and did not keep.
type Dropped struct {
	Value  any
	Source Source
	Reason DropReason
	// By is the assignment that caused the drop when there is one: the earlier
	// duplicate, the SendEnv -pattern line, the ClearAllForwardings line.
	By *Source
}

// Entries are the values of an accumulating keyword in ssh's order, and the ones it
// dropped, in the order they were read.
type Entries struct {
	Kept    []Entry
	Dropped []Dropped
}

// List returns the values of an accumulating keyword, each with its source, and those ssh
// dropped and why. Defaults (the identity files ssh tries when none is configured) have
// Source.Kind FromDefault. It returns empty Entries for a keyword that keeps one value.
func (r *Result) List(id keyword.ID) Entries {
	o := r.opts
	var out Entries
	switch id {
	case keyword.IdentityFile, keyword.CertificateFile, keyword.SendEnv:
		for _, e := range *o.entries(id) {
			out.Kept = append(out.Kept, Entry{Value: e.Value, Source: e.Source})
		}
	case keyword.LocalForward, keyword.DynamicForward, keyword.RemoteForward:
		list := o.localForwards
		if id == keyword.RemoteForward {
			list = o.remoteForwards
		}
		for _, e := range list {
			if forwardKind(e.Forward, id == keyword.RemoteForward) == id {
				out.Kept = append(out.Kept, Entry{Value: e.Forward, Source: e.Source})
			}
		}
	default:
		return out
	}
	for _, d := range o.dropped {
		if d.id == id {
			out.Dropped = append(out.Dropped, d.Dropped)
		}
	}
	return out
}

// forwardKind tells which keyword a stored forward belongs to: local and dynamic forwards
// share ssh's list, a dynamic one connects to "socks".
func forwardKind(f parser.Forward, remote bool) keyword.ID {
	switch {
	case remote:
		return keyword.RemoteForward
	case f.HasConnectHost && f.ConnectHost == "socks":
		return keyword.DynamicForward
	}
	return keyword.LocalForward
}

// droppedEntry is a Dropped value with the keyword it belongs to.
type droppedEntry struct {
	id keyword.ID
	Dropped
}

// drop records a value ssh read and did not keep.
func (o *options) drop(id keyword.ID, v any, src Source, why DropReason, by *Source) {
	o.dropped = append(o.dropped, droppedEntry{id: id, Dropped: Dropped{Value: v, Source: src, Reason: why, By: by}})
}

// SetBy returns the keywords to which the config line at file:line (1-based, file as in
// Source.File) gave a value, kept or not: the keywords whose winning setting, lost
// assignments, list entries or dropped list values have that line as their source.
// They are sorted by ID, each once (the final pass reads a line again). A line that set
// nothing for this host — a Host or Match line, a line in a block that did not apply,
// a comment — gives none. The language server uses it to resolve the line under the
// cursor.
func (r *Result) SetBy(file string, line int) []keyword.ID {
	o := r.opts
	at := func(s Source) bool { return s.Kind == FromConfig && s.File == file && s.Line == line }
	seen := map[keyword.ID]bool{}
	for i, sl := range o.slots {
		s := sl.s
		if s == nil {
			continue
		}
		id := slotID(i)
		switch id {
		case slotForwardAgentPath:
			id = keyword.ForwardAgent
		case slotRekeyInterval:
			id = keyword.RekeyLimit
		}
		if at(s.Source) || slices.ContainsFunc(s.Lost, at) {
			seen[id] = true
		}
	}
	for _, id := range []keyword.ID{keyword.IdentityFile, keyword.CertificateFile, keyword.SendEnv} {
		if slices.ContainsFunc(*o.entries(id), func(e entry) bool { return at(e.Source) }) {
			seen[id] = true
		}
	}
	for _, e := range o.localForwards {
		if at(e.Source) {
			seen[forwardKind(e.Forward, false)] = true
		}
	}
	for _, e := range o.remoteForwards {
		if at(e.Source) {
			seen[keyword.RemoteForward] = true
		}
	}
	for _, d := range o.dropped {
		if at(d.Source) {
			seen[d.id] = true
		}
	}
	ids := slices.Collect(maps.Keys(seen))
	slices.Sort(ids)
	return ids
}
