package resolve

import (
	"fmt"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// benchResolve measures resolving one host in a config of n Host blocks that is already
// parsed (the parse happens once, before the timer).
func benchResolve(b *testing.B, n int) {
	env := &Env{
		FS:       MapFS{"/bench/config": gencfg.Config(n)},
		User:     User{Name: "root", UID: 0, Home: "/root"},
		Hostname: "bench.example",
	}
	r := New(env, keyword.Debian92)
	host := fmt.Sprintf("host%d", n/2)
	req, err := ParseArgs([]string{"-F", "/bench/config", host}, keyword.Debian92)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := r.Resolve(req); err != nil { // parses and indexes the file
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Resolve(req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolve5000(b *testing.B)  { benchResolve(b, 5000) }
func BenchmarkResolve50000(b *testing.B) { benchResolve(b, 50000) }

// BenchmarkResolveAndDump includes rendering the ssh -G text.
func BenchmarkResolveAndDump5000(b *testing.B) {
	env := &Env{FS: MapFS{"/bench/config": gencfg.Config(5000)}, User: User{Name: "root", Home: "/root"}}
	r := New(env, keyword.Debian92)
	req, _ := ParseArgs([]string{"-F", "/bench/config", "host2500"}, keyword.Debian92)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := r.Resolve(req)
		if err != nil {
			b.Fatal(err)
		}
		_ = res.DumpG()
	}
}
