package resolve

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// SourceKind tells where a value came from.
type SourceKind int

// Where values come from.
const (
	FromDefault     SourceKind = iota // ssh's built-in default
	FromCommandLine                   // an ssh command-line option (-p, -o …)
	FromConfig                        // a line of a config file
	FromComputed                      // derived by ssh after reading the files (e.g. User, UpdateHostKeys)
)

// Source is the provenance of a value: the line that set it, or the option or default.
type Source struct {
	Kind SourceKind `json:"kind"`
	File string     `json:"file,omitempty"` // config file path, for FromConfig
	Line int        `json:"line,omitempty"` // 1-based line number, for FromConfig
	Span diag.Span  `json:"-"`              // bytes of that line, for FromConfig
	// ValueSpan is the bytes of the value on that line: from the first argument to the
	// end of the last (quotes included), or the raw text for keywords that take the rest
	// of the line (ProxyCommand …).
	ValueSpan diag.Span `json:"-"`
	// Arg is the command-line option, for FromCommandLine (e.g. "-p 2222", "-o Port=1").
	Arg  string `json:"arg,omitempty"`
	Pass int    `json:"pass,omitempty"` // 1 for the first pass over the files, 2 for the final pass
	// Include lists the Include lines that led to File, outermost first.
	Include []Source `json:"include,omitempty"`
}

var sourceKindNames = [...]string{"default", "command-line", "config", "computed"}

// MarshalText names the kind in JSON output.
func (k SourceKind) MarshalText() ([]byte, error) {
	if int(k) < len(sourceKindNames) {
		return []byte(sourceKindNames[k]), nil
	}
	return nil, fmt.Errorf("resolve: unknown source kind %d", int(k))
}

// UnmarshalText reads a kind written by MarshalText.
func (k *SourceKind) UnmarshalText(b []byte) error {
	for i, n := range sourceKindNames {
		if n == string(b) {
			*k = SourceKind(i)
			return nil
		}
	}
	return fmt.Errorf("resolve: unknown source kind %q", b)
}

// String renders the source as "file:line", "command line (-p 2222)" or "default".
func (s Source) String() string {
	switch s.Kind {
	case FromConfig:
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	case FromCommandLine:
		return "command line (" + s.Arg + ")"
	case FromComputed:
		return "computed"
	}
	return "default"
}

// sameLine reports whether two sources are the same config line or command-line option.
func (s Source) sameLine(t Source) bool {
	return s.Kind == t.Kind && s.File == t.File && s.Line == t.Line && s.Arg == t.Arg
}

// Setting is an effective value with its provenance and the assignments it beat.
type Setting struct {
	Value  any
	Source Source
	// Lost are later assignments of the same option that did not take effect.
	Lost []Source
}

// entry is one element of an accumulating option.
type entry struct {
	Value  string
	Class  int // identity file classes: 0 system file or default, 1 -i, 2 user/-F file or -o
	Source Source
}

// fwdEntry is one forwarding with its provenance.
type fwdEntry struct {
	Forward parser.Forward
	Source  Source
}

// options is the state ssh keeps while reading configuration: first-wins slots indexed
// by keyword ID (see slotIndex) plus the accumulating lists.
type options struct {
	slots          []slot
	identityFiles  []entry
	certFiles      []entry
	localForwards  []fwdEntry
	remoteForwards []fwdEntry
	sendEnv        []entry
	// dropped are the values of accumulating keywords ssh read and did not keep.
	dropped []droppedEntry
}

// slot holds one first-wins value. A shared Setting belongs to a table of defaults used
// by every resolution (see dialectDefaults) and must not be changed: own copies it first.
type slot struct {
	s      *Setting
	shared bool
}

func newOptions() *options { return &options{slots: make([]slot, numSlots())} }

// Slots of values ssh keeps beside a keyword's main one: the socket path of ForwardAgent
// and the interval of RekeyLimit (each first-wins on its own).
const (
	slotForwardAgentPath keyword.ID = -1 - iota
	slotRekeyInterval
	extraSlots = iota // how many such slots there are
)

// numSlots is the length of options.slots: every keyword ID, then the extra slots.
func numSlots() int { return keyword.NumIDs() + extraSlots }

// slotIndex is the index of id in options.slots: keyword IDs index themselves, the
// extra (negative) slots follow the keyword table.
func slotIndex(id keyword.ID) int {
	if id < 0 {
		return keyword.NumIDs() - 1 - int(id)
	}
	return int(id)
}

// slotID is the keyword ID (or extra slot) at index i of options.slots.
func slotID(i int) keyword.ID {
	if i >= keyword.NumIDs() {
		return keyword.ID(keyword.NumIDs() - 1 - i)
	}
	return keyword.ID(i)
}

// setting returns the slot of a keyword that keeps one value, or nil when unset. The
// Setting must not be changed: use own for that.
func (o *options) setting(id keyword.ID) *Setting { return o.slots[slotIndex(id)].s }

// own returns the slot's Setting for changing in place, copying a shared default first;
// nil when unset.
func (o *options) own(id keyword.ID) *Setting {
	sl := &o.slots[slotIndex(id)]
	if sl.shared {
		c := *sl.s
		c.Lost = append([]Source(nil), c.Lost...)
		sl.s, sl.shared = &c, false
	}
	return sl.s
}

// put stores s, which the options own, in the slot of id (nil clears it).
func (o *options) put(id keyword.ID, s *Setting) { o.slots[slotIndex(id)] = slot{s: s} }

// putShared stores a shared default, which own copies before any change.
func (o *options) putShared(id keyword.ID, s *Setting) {
	o.slots[slotIndex(id)] = slot{s: s, shared: true}
}

// unset clears the slot of id.
func (o *options) unset(id keyword.ID) { o.put(id, nil) }

// setValue replaces the value of a set slot, keeping its provenance and losers.
func (o *options) setValue(id keyword.ID, v any) { o.own(id).Value = v }

// lose records src as a losing assignment on the slot of id, which must be set.
func (o *options) lose(id keyword.ID, src Source) {
	s := o.own(id)
	s.Lost = append(s.Lost, src)
}

// entries returns the list of an accumulating keyword kept as plain entries.
func (o *options) entries(id keyword.ID) *[]entry {
	switch id {
	case keyword.IdentityFile:
		return &o.identityFiles
	case keyword.CertificateFile:
		return &o.certFiles
	case keyword.SendEnv:
		return &o.sendEnv
	}
	return nil
}

// get returns the slot's value, or nil if unset.
func (o *options) get(id keyword.ID) any {
	if s := o.setting(id); s != nil {
		return s.Value
	}
	return nil
}

// isSet reports whether the slot has a value.
func (o *options) isSet(id keyword.ID) bool { return o.setting(id) != nil }

// setFirst stores v in slot name unless it is already set; a losing assignment is
// recorded on the winner. It reports whether v was stored.
func (o *options) setFirst(id keyword.ID, v any, src Source) bool {
	if s := o.setting(id); s != nil {
		if !s.Source.sameLine(src) { // the final pass reads the winning line again
			o.lose(id, src)
		}
		return false
	}
	o.put(id, &Setting{Value: v, Source: src})
	return true
}

// setAlways stores v, replacing any earlier value (command-line overrides, last-wins).
func (o *options) setAlways(id keyword.ID, v any, src Source) {
	if s := o.setting(id); s != nil {
		lost := s.Lost[:len(s.Lost):len(s.Lost)] // appending never writes into s's array
		if s.Source.Kind != FromDefault {
			lost = append(lost, s.Source)
		}
		o.put(id, &Setting{Value: v, Source: src, Lost: lost})
		return
	}
	o.put(id, &Setting{Value: v, Source: src})
}

// str returns a string slot or "" with ok false when unset.
func (o *options) str(id keyword.ID) (string, bool) {
	v, ok := o.get(id).(string)
	return v, ok
}

// num returns an int slot, or def when unset.
func (o *options) num(id keyword.ID, def int) int {
	if v, ok := o.get(id).(int); ok {
		return v
	}
	return def
}

// strs returns a []string slot.
func (o *options) strs(id keyword.ID) ([]string, bool) {
	v, ok := o.get(id).([]string)
	return v, ok
}
