package resolve

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/parser"
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

// allHosts parses the generated config of n Host blocks once and returns a resolver that
// holds the tree, warmed (its block index built), and one request per Host block: for
// the block's first alias without wildcards — every host lint and the LSP resolve.
func allHosts(b *testing.B, n int) (*Resolver, []*Request) {
	const path = "/bench/config"
	src := gencfg.Config(n)
	env := &Env{
		FS:       MapFS{path: src},
		User:     User{Name: "root", UID: 0, Home: "/root"},
		Hostname: "bench.example",
	}
	r := New(env, keyword.Debian92)
	f := parser.Parse(path, src, parser.Options{Dialect: r.Dialect})
	r.SetFile(path, f)
	var reqs []*Request
	for _, blk := range f.Blocks {
		if h := blk.Header; h != nil && h.Keyword() != nil && h.Keyword().Kind == keyword.KindHost {
			pats, _ := h.Value.([]string)
			if len(pats) == 0 || strings.ContainsAny(pats[0], "*?!") {
				continue
			}
			req, err := ParseArgs([]string{"-F", path, pats[0]}, r.Dialect)
			if err != nil {
				b.Fatal(err)
			}
			reqs = append(reqs, req)
		}
	}
	if len(reqs) != n {
		b.Fatalf("%d concrete hosts, want %d", len(reqs), n)
	}
	for _, req := range reqs[:2] { // the second resolution builds the block index
		if _, err := r.Resolve(req); err != nil {
			b.Fatal(err)
		}
	}
	res, err := r.Resolve(reqs[n-1])
	if err != nil || res.Hostname != fmt.Sprintf("10.%d.%d.%d", (n-1)>>16&255, (n-1)>>8&255, (n-1)&255) {
		b.Fatalf("host%d resolves to %q (%v)", n-1, res.Hostname, err)
	}
	return r, reqs
}

// reportPerHost adds the time per host resolved to the benchmark's results.
func reportPerHost(b *testing.B, hosts int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*hosts), "ns/host")
}

// BenchmarkResolveAllHosts5000 resolves every host of a 5,000-host config, one after the
// other, with one resolver that has parsed the file once: what lint and the LSP do. An
// op is all 5,000 hosts.
func BenchmarkResolveAllHosts5000(b *testing.B) {
	r, reqs := allHosts(b, 5000)
	resolveEach(b, r, reqs)
}

// BenchmarkResolveAllHostsParallel5000 resolves the same hosts from GOMAXPROCS goroutines
// sharing one resolver (and its file cache). An op is all 5,000 hosts.
func BenchmarkResolveAllHostsParallel5000(b *testing.B) {
	r, reqs := allHosts(b, 5000)
	workers := runtime.GOMAXPROCS(0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var next atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := int(next.Add(1)) - 1; j < len(reqs); j = int(next.Add(1)) - 1 {
					if _, err := r.Resolve(reqs[j]); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	reportPerHost(b, len(reqs))
}

// BenchmarkResolveOneShotFromDisk is what `sshcfg resolve` does for one host of the
// generated 5,000-host config: read the file from disk, parse only what the host needs,
// resolve and print.
func BenchmarkResolveOneShotFromDisk5000(b *testing.B) {
	path := filepath.Join(b.TempDir(), "config")
	if err := os.WriteFile(path, gencfg.Config(5000), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		req, err := ParseArgs([]string{"-F", path, "host2500"}, keyword.Debian92)
		if err != nil {
			b.Fatal(err)
		}
		req.OneShot = true
		res, err := New(OSEnv("", false), keyword.Debian92).Resolve(req)
		if err != nil {
			b.Fatal(err)
		}
		_ = res.DumpG()
	}
}

// fleetHosts loads the generated fleet of n hosts (internal/gencfg.FleetConfig: a main
// config Including about n/500 files, each with wildcard, negated and Match blocks) into a
// resolver, warmed, and returns one request per concrete host name of the fleet.
func fleetHosts(b *testing.B, n int) (*Resolver, []*Request) {
	fleet := gencfg.FleetConfig(n, "/fleet")
	fsys := MapFS{}
	for _, file := range fleet.Files {
		fsys[filepath.Join(fleet.Dir, file.Name)] = file.Src
	}
	env := &Env{FS: fsys, User: User{Name: "root", UID: 0, Home: "/root"}, Hostname: "bench.example"}
	r := New(env, keyword.Debian92)
	var reqs []*Request
	for _, file := range fleet.Files {
		f := parser.Parse(file.Name, file.Src, parser.Options{Dialect: r.Dialect})
		for _, blk := range f.Blocks {
			if h := blk.Header; h != nil && h.Keyword() != nil && h.Keyword().Kind == keyword.KindHost {
				pats, _ := h.Value.([]string)
				if len(pats) == 0 || strings.ContainsAny(pats[0], "*?!") {
					continue
				}
				req, err := ParseArgs([]string{"-F", fleet.Main(), pats[0]}, r.Dialect)
				if err != nil {
					b.Fatal(err)
				}
				reqs = append(reqs, req)
			}
		}
	}
	if len(reqs) < n {
		b.Fatalf("%d concrete hosts, want at least %d", len(reqs), n)
	}
	for _, req := range reqs[:2] { // the second resolution builds the block indexes
		if _, err := r.Resolve(req); err != nil {
			b.Fatal(err)
		}
	}
	return r, reqs
}

// BenchmarkResolveAllHostsFleet10000 resolves every host of a 10,000-host fleet spread
// over Included files, one after the other with one warmed resolver (what lint, hosts and
// the LSP do). An op is every host.
func BenchmarkResolveAllHostsFleet10000(b *testing.B) {
	r, reqs := fleetHosts(b, 10000)
	resolveEach(b, r, reqs)
}

// resolveEach times resolving every request in turn with r; an op is all of them.
func resolveEach(b *testing.B, r *Resolver, reqs []*Request) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, req := range reqs {
			if _, err := r.Resolve(req); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerHost(b, len(reqs))
}
