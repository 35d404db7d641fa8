package parser_test

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser"
)

// TestRepeatedValuesCostNoAllocation keeps the values a fleet repeats on every host from
// costing an allocation each: ForwardAgent yes/no, the same ProxyJump line after line,
// and a Host of one pattern.
func TestRepeatedValuesCostNoAllocation(t *testing.T) {
	var b strings.Builder
	const hosts = 2000
	for i := range hosts {
		b.WriteString("Host h" + strings.Repeat("x", i%7) + "\n  ForwardAgent no\n  ProxyJump bastion\n  ForwardAgent yes\n")
	}
	src := []byte(b.String())
	opts := parser.Options{SourceGiven: true}
	allocs := testing.AllocsPerRun(3, func() { parser.Parse("fleet", src, opts) })
	if allocs > hosts/20 {
		t.Errorf("parsing %d hosts makes %v allocations, want at most %d", hosts, allocs, hosts/20)
	}
}

// TestSharedJumpGivenBack checks that a ProxyJump of a dropped line does not stay the
// one later lines share: its room is written again by the next jump boxed.
func TestSharedJumpGivenBack(t *testing.T) {
	// "=ProxyJump y" takes the full parse (it starts with '='), so it is built, then
	// dropped with its block, and its room given back.
	src := "Host a\n  ProxyJump x\nHost b\n  =ProxyJump y\nHost a2\n  ProxyJump y\n  ProxyJump z\n"
	keep := func(h *parser.Line) bool { return strings.HasPrefix(h.Args()[0].Value, "a") }
	f := parser.Parse("f", []byte(src), parser.Options{Keep: keep})
	var got []string
	f.Lines(func(l *parser.Line) bool {
		if j, ok := l.Value.(parser.Jump); ok {
			got = append(got, j.Host)
		}
		return true
	})
	if strings.Join(got, " ") != "x y z" {
		t.Errorf("jumps of the kept lines: %q, want x y z", got)
	}
}
