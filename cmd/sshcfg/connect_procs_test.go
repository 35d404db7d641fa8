package main

import (
	"runtime"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func TestLimitProcs(t *testing.T) {
	t.Setenv("GOMAXPROCS", "")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	resolveWith := func(options ...string) *resolve.Result {
		req := resolve.NewRequest("dest")
		req.ConfigFile = "none"
		for _, o := range options {
			req.Option(o)
		}
		res, err := resolve.New(resolve.OSEnv(t.TempDir(), false), keyword.Debian92).Resolve(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	tests := []struct {
		options []string
		procs   int // before the machine's limit
	}{
		{nil, 1},
		{[]string{"ProxyJump hop"}, 2},
		{[]string{"ProxyJump a,b@c:2222"}, 3},
		{[]string{"ProxyJump none"}, 1},
	}
	for _, tt := range tests {
		runtime.GOMAXPROCS(64)
		limitProcs(resolveWith(tt.options...))
		if got := runtime.GOMAXPROCS(0); got != tt.procs {
			t.Errorf("%q: GOMAXPROCS %d, want %d", tt.options, got, tt.procs)
		}
	}
	// A GOMAXPROCS of the environment wins.
	t.Setenv("GOMAXPROCS", "5")
	runtime.GOMAXPROCS(5)
	limitProcs(resolveWith())
	if got := runtime.GOMAXPROCS(0); got != 5 {
		t.Errorf("with GOMAXPROCS=5 in the environment: %d", got)
	}
}
