package main

import (
	"testing"

	"github.com/kevinburke/ssh_config"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// The benchmarks run each library on the generated 5,000-host config of record
// (gencfg.Config(5000), bench/gen's default), as sub-benchmarks …/sshcfg and
// …/kevinburke side by side; bench/run.sh prints their ratios.

const benchPath = "/bench/config"

var (
	benchSrc   = gencfg.Config(5000)
	benchHosts = []string{"host0", "host2500", "host4999"}
)

// benchEnv is an in-memory environment holding the config of record.
func benchEnv() *resolve.Env {
	return &resolve.Env{
		FS:       resolve.MapFS{benchPath: benchSrc},
		User:     resolve.User{Name: "root", UID: 0, Home: "/root"},
		Hostname: "bench.example",
	}
}

// sinkUser and friends keep the answers alive, so the lookups cannot be optimised away.
var (
	sinkUser, sinkHostname string
	sinkPort               int
)

// sink reads the three answers from a resolution.
func sink(res *resolve.Result) {
	sinkUser, sinkPort = res.User(), res.Port()
	sinkHostname, _ = res.String(keyword.Hostname)
}

// requests returns one request per bench host.
func requests(b *testing.B, oneShot bool) []*resolve.Request {
	var reqs []*resolve.Request
	for _, h := range benchHosts {
		req, err := resolve.ParseArgs([]string{"-F", benchPath, h}, keyword.Debian92)
		if err != nil {
			b.Fatal(err)
		}
		req.OneShot = oneShot
		reqs = append(reqs, req)
	}
	return reqs
}

// BenchmarkDecode5000 decodes the whole config into a tree: sshcfg's lossless tree
// (parser.Parse) against kevinburke's (ssh_config.DecodeBytes).
func BenchmarkDecode5000(b *testing.B) {
	b.Run("sshcfg", func(b *testing.B) {
		b.SetBytes(int64(len(benchSrc)))
		b.ReportAllocs()
		for b.Loop() {
			parser.Parse(benchPath, benchSrc, parser.Options{Dialect: keyword.Debian92})
		}
	})
	b.Run("kevinburke", func(b *testing.B) {
		b.SetBytes(int64(len(benchSrc)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ssh_config.DecodeBytes(benchSrc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGet5000 looks up User, HostName and Port of three hosts (first, middle, last
// block) in a config decoded beforehand: sshcfg resolves each host completely (every
// option, as ssh -G) with a resolver holding the tree; kevinburke's Get scans for each key.
func BenchmarkGet5000(b *testing.B) {
	b.Run("sshcfg", func(b *testing.B) {
		r := resolve.New(benchEnv(), keyword.Debian92)
		r.SetFile(benchPath, parser.Parse(benchPath, benchSrc, parser.Options{Dialect: keyword.Debian92}))
		reqs := requests(b, false)
		for _, req := range reqs { // the second resolution of a file builds its block index
			for range 2 {
				if _, err := r.Resolve(req); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			for _, req := range reqs {
				res, err := r.Resolve(req)
				if err != nil {
					b.Fatal(err)
				}
				sink(res)
			}
		}
	})
	b.Run("kevinburke", func(b *testing.B) {
		cfg, err := ssh_config.DecodeBytes(benchSrc)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			for _, h := range benchHosts {
				for _, k := range []string{"User", "HostName", "Port"} {
					v, err := cfg.Get(h, k)
					if err != nil {
						b.Fatal(err)
					}
					sinkUser = v
				}
			}
		}
	})
}

// BenchmarkDecodeAndGet5000 answers User, HostName and Port of the middle host from the
// config's bytes, as a one-shot command does: sshcfg's one-shot resolution (which parses
// only what the host needs) against kevinburke's DecodeBytes and three Gets.
func BenchmarkDecodeAndGet5000(b *testing.B) {
	b.Run("sshcfg", func(b *testing.B) {
		env := benchEnv()
		req := requests(b, true)[1]
		b.SetBytes(int64(len(benchSrc)))
		b.ReportAllocs()
		for b.Loop() {
			res, err := resolve.New(env, keyword.Debian92).Resolve(req)
			if err != nil {
				b.Fatal(err)
			}
			sink(res)
		}
	})
	b.Run("kevinburke", func(b *testing.B) {
		b.SetBytes(int64(len(benchSrc)))
		b.ReportAllocs()
		for b.Loop() {
			cfg, err := ssh_config.DecodeBytes(benchSrc)
			if err != nil {
				b.Fatal(err)
			}
			for _, k := range []string{"User", "HostName", "Port"} {
				v, err := cfg.Get(benchHosts[1], k)
				if err != nil {
					b.Fatal(err)
				}
				sinkUser = v
			}
		}
	})
}
