package keyword

import "strconv"

// ID identifies a keyword of [Table] inside one build of sshcfg: every row has one
// constant, named after the canonical spelling, e.g. [Port] or [IdentityFile] (ids.go,
// written by `go test ./parser/keyword -update`; a test fails while it is stale). Code that stores or compares options indexes them by ID instead of by
// spelling. The numbers follow the table's order and may change between releases of
// sshcfg: persist the Name, never the number. The zero ID names no keyword.
type ID int

// Keyword returns the table row of id, or nil for an ID that names no keyword.
func (id ID) Keyword() *Keyword {
	if id <= 0 || int(id) > len(Table) {
		return nil
	}
	return &Table[id-1]
}

// String returns the canonical spelling of the keyword, or "ID(n)" for an unknown ID.
func (id ID) String() string {
	if k := id.Keyword(); k != nil {
		return k.Name
	}
	return "ID(" + strconv.Itoa(int(id)) + ")"
}

// NumIDs is one more than the largest ID: arrays indexed by ID have this length.
func NumIDs() int { return len(Table) + 1 }

// init numbers the table rows in order, so that Table[id-1].ID == id.
func init() {
	for i := range Table {
		Table[i].ID = ID(i + 1)
	}
}
