package lint

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/internal/gencfg"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// benchKeys is how many key files the benchmark's configuration names, and benchRSA how
// many of them are RSA (the rest ed25519).
const benchKeys, benchRSA = 100, 10

// BenchmarkLint5000 lints the generated 5,000-host configuration (internal/gencfg: 10,000
// aliases, wildcard blocks, 1,667 IdentityFile lines) in a home directory holding the
// first 100 of the keys those lines name (id_host0, id_host3, …: ed25519 and RSA pairs
// made in the setup), from the real file system. The goal is under one second per run on
// the 2-core machine; docs/performance.md has the figure.
func BenchmarkLint5000(b *testing.B) {
	home := b.TempDir()
	dir := filepath.Join(home, ".ssh")
	if err := os.Mkdir(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	for i := range benchKeys {
		writeBenchKey(b, filepath.Join(dir, fmt.Sprintf("id_host%d", 3*i)), i < benchRSA)
	}
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, gencfg.Config(5000), 0o600); err != nil {
		b.Fatal(err)
	}
	env := resolve.OSEnv(home, false)
	opts := Options{ConfigFile: config, Env: env, Dialect: keyword.Debian92}
	for b.Loop() {
		if _, err := Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// writeBenchKey writes an unencrypted OpenSSH private key (mode 0600) and its .pub.
func writeBenchKey(b *testing.B, path string, isRSA bool) {
	var priv any
	if isRSA {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			b.Fatal(err)
		}
		priv = k
	} else {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		priv = k
	}
	block, err := ssh.MarshalPrivateKey(priv, "bench")
	if err != nil {
		b.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLintFleet lints generated fleets (internal/gencfg.FleetConfig: a main config
// Including conf.d/*.conf, ProxyJump and wildcard group blocks, Match blocks, a trailing
// Host *) of two sizes, from the real file system, reporting the cost per host. The
// fleet's group defaults are written once, after every host, so the blocks that apply to
// one host do not grow with the fleet: a linear lint shows the same ns/host at both sizes.
func BenchmarkLintFleet(b *testing.B) {
	for _, n := range []int{20_000, 80_000} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			home := b.TempDir()
			fleet := gencfg.FleetConfig(n, filepath.Join(home, "fleet"))
			if err := fleet.Write(); err != nil {
				b.Fatal(err)
			}
			opts := Options{ConfigFile: fleet.Main(), Env: resolve.OSEnv(home, false), Dialect: keyword.Debian92}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Run(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/host")
		})
	}
}
