package resolve

import "hash/maphash"

// aliasSet is the set of alias names a hosts walk has listed, held as indices into the
// list itself: an open-addressing table of int32, 8 to 16 bytes a name, where a map of
// strings took about 50 (and several times that, while it grew) on a fleet of 2,000,000
// aliases.
type aliasSet struct {
	seed  maphash.Seed
	slots []int32 // index+1 into the list; 0 is empty
	n     int
}

// add reports whether name was not in the set (the list's entry i holds it) and records
// i for it; list is the walk's list of aliases, entry i included.
func (s *aliasSet) add(name string, i int, list []HostAlias) bool {
	if 2*(s.n+1) > len(s.slots) {
		s.grow(list)
	}
	mask := uint64(len(s.slots) - 1)
	for h := maphash.String(s.seed, name) & mask; ; h = (h + 1) & mask {
		switch j := s.slots[h]; {
		case j == 0:
			s.slots[h] = int32(i + 1)
			s.n++
			return true
		case list[j-1].Name == name:
			return false
		}
	}
}

// grow doubles the table (16 slots at first) and files every name again.
func (s *aliasSet) grow(list []HostAlias) {
	if len(s.slots) == 0 {
		s.seed = maphash.MakeSeed()
	}
	old := s.slots
	s.slots = make([]int32, max(16, 2*len(old)))
	mask := uint64(len(s.slots) - 1)
	for _, j := range old {
		if j == 0 {
			continue
		}
		h := maphash.String(s.seed, list[j-1].Name) & mask
		for s.slots[h] != 0 {
			h = (h + 1) & mask
		}
		s.slots[h] = j
	}
}
