package resolve

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// BenchmarkResolveIncludeGlob10000 is `sshcfg resolve` for one host of a config that
// includes a glob matching 10,000 small files (one Host block each), from disk: the glob,
// the owner and mode check, the reads and the one-shot parses of every file.
func BenchmarkResolveIncludeGlob10000(b *testing.B) {
	dir := b.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "conf.d"), 0o755); err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		body := fmt.Sprintf("Host h%d\n  HostName 10.0.%d.%d\n  User u%d\n  Port %d\n", i, i/256%256, i%256, i, 2000+i%100)
		if err := os.WriteFile(filepath.Join(dir, "conf.d", fmt.Sprintf("h%05d.conf", i)), []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("Include "+filepath.Join(dir, "conf.d", "*")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req, err := ParseArgs([]string{"-F", config, "h5000"}, keyword.Debian92)
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
