package parser_test

import (
	"sync"
	"testing"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
)

// TestLineIndexConcurrent calls File.LineIndex from many goroutines at once on a fresh
// tree; run with -race, it fails if the lazy build is not synchronised.
func TestLineIndexConcurrent(t *testing.T) {
	f := parser.Parse("c", []byte("Host a\n  User b\n  Port 22\nHost c\n"), parser.Options{})
	const n = 64
	var wg sync.WaitGroup
	got := make([]*diag.LineIndex, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			x := f.LineIndex()
			if p := x.Position(16); p.Line != 3 || p.Column != 1 {
				t.Errorf("Position(16) = %v, want 3:1", p)
			}
			got[i] = x
		}()
	}
	close(start)
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("goroutine %d got another index: the index was built more than once", i)
		}
	}
}
