package resolve

import (
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestNearMiss marks the blocks that nearly applied: a Host line stopped by a negation
// after a pattern matched, and a Match line where one criterion of several failed.
func TestNearMiss(t *testing.T) {
	config := "Host h !h\n  Port 1\n" + // near: h matched, !h stopped it
		"Host !h\n  Port 2\n" + // a negation alone: not near
		"Host other\n  Port 3\n" + // nothing matched: not near
		"Match host h user nobody-at-all\n  Port 4\n" + // one of two failed: near
		"Match host other user nobody-at-all\n  Port 5\n" + // two failed: not near
		"Match host other\n  Port 6\n" + // a single criterion: not near
		"Host h\n  Port 7\n" // applied
	res, _ := resolveTolerant(t, keyword.Debian92, map[string]tolerantFile{"config": {text: config}}, nil)
	want := map[int]bool{1: true, 3: false, 5: false, 7: true, 9: false, 11: false, 13: false}
	for _, b := range res.Blocks {
		if b.NearMiss != want[b.Line] {
			t.Errorf("line %d %q: NearMiss %v, want %v (%s)", b.Line, b.Header, b.NearMiss, want[b.Line], b.Reason)
		}
	}
}
