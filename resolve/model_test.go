package resolve

import (
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestModelMatchesPrinter checks, on every differential case ssh accepts, that the typed
// model (Get and List) holds what the ssh -G printer shows: each printed option of a
// first-wins keyword has the source and losers Get reports, and the lines of each
// accumulating keyword are List's entries in order.
func TestModelMatchesPrinter(t *testing.T) {
	d := keyword.Debian92
	checked := 0
	for _, g := range groupCases(sshtest.LoadCases(t, "../testdata/resolve")) {
		work := g[0].Setup(t)
		env := caseEnv(g[0].Environ(work), work)
		for _, c := range g {
			req, err := ParseArgs(c.Words(t, work), d)
			if err != nil {
				continue
			}
			res, err := New(env, d).Resolve(req)
			if err != nil {
				continue
			}
			checked++
			lists := map[keyword.ID][]Source{}
			for _, o := range res.Options() {
				k := keyword.Lookup(o.Name)
				if k == nil || k.Multi == keyword.Block || k.ID == keyword.Hostname || k.ID == keyword.ForwardAgent || k.ID == keyword.RekeyLimit {
					continue // printed from the final host name, or from two slots
				}
				if k.Multi == keyword.Accumulate {
					lists[k.ID] = append(lists[k.ID], o.Source)
					continue
				}
				s, ok := res.Get(k.ID)
				if !ok {
					if o.Source.Kind != FromDefault {
						t.Errorf("%s: %s printed from %v, but Get has no value", c.Name, o.Name, o.Source)
					}
					continue
				}
				if s.Source.String() != o.Source.String() || len(s.Lost) != len(o.Lost) {
					t.Errorf("%s: %s: Get says %v (lost %v), the printer %v (lost %v)", c.Name, o.Name, s.Source, s.Lost, o.Source, o.Lost)
				}
			}
			for id, printed := range lists {
				if id == keyword.LocalForward || id == keyword.DynamicForward {
					continue // ssh's printer shows socket forwards under both names
				}
				kept := res.List(id).Kept
				if len(kept) != len(printed) {
					t.Errorf("%s: %v: %d printed, List has %d", c.Name, id, len(printed), len(kept))
					continue
				}
				for i := range kept {
					if kept[i].Source.String() != printed[i].String() {
						t.Errorf("%s: %v entry %d: List %v, printer %v", c.Name, id, i, kept[i].Source, printed[i])
					}
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d cases resolved; the corpus should give hundreds", checked)
	}
}
