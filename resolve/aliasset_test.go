package resolve

import (
	"fmt"
	"testing"
)

// TestAliasSet lists names with repeats through the set as the hosts walk does, past
// several growths of its table, and checks that each name is kept once, at its first
// place.
func TestAliasSet(t *testing.T) {
	var s aliasSet
	var list []HostAlias
	want := map[string]int{}
	for i := range 5000 {
		name := fmt.Sprintf("h%d", (i*7919)%3001) // every name of 0..3000, most of them twice
		list = append(list, HostAlias{Name: name, Line: i})
		if !s.add(name, len(list)-1, list) {
			list = list[:len(list)-1]
			if _, ok := want[name]; !ok {
				t.Fatalf("%s: refused before it was listed", name)
			}
			continue
		}
		if _, ok := want[name]; ok {
			t.Fatalf("%s: listed twice", name)
		}
		want[name] = i
	}
	if len(list) != 3001 || s.n != 3001 {
		t.Fatalf("%d names listed, %d in the set; want 3001", len(list), s.n)
	}
	for _, h := range list {
		if want[h.Name] != h.Line {
			t.Errorf("%s listed from line %d, want its first, %d", h.Name, h.Line, want[h.Name])
		}
	}
	list = append(list, HostAlias{})
	if !s.add("", len(list)-1, list) || s.add("", len(list), append(list, HostAlias{})) {
		t.Error("the empty name is a name like another")
	}
}
