package resolve

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// FuzzResolve resolves arbitrary configs (held in memory, commands never run) for a few
// hosts: resolution must not panic, must be deterministic, and every fatal error must be
// a FatalError (what ssh reports with exit 255).
func FuzzResolve(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/resolve/*.txtar")
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			continue
		}
		for _, file := range a.Files {
			if file.Name == "config" {
				f.Add(file.Data, "h")
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, host string) {
		if host == "" || strings.HasPrefix(host, "-") {
			return
		}
		env := &Env{
			FS:       MapFS{"/f/config": src},
			User:     User{Name: "root", UID: 0, Home: "/root"},
			Hostname: "fuzz.example",
		}
		req, err := ParseArgs([]string{"-F", "/f/config", host}, keyword.Debian92)
		if err != nil {
			return
		}
		out := func() string {
			res, err := New(env, keyword.Debian92).Resolve(req)
			if err != nil {
				if _, ok := err.(*FatalError); !ok {
					t.Fatalf("error is not a FatalError: %v", err)
				}
				return "fatal: " + err.Error()
			}
			return res.DumpG()
		}
		if a, b := out(), out(); a != b {
			t.Fatalf("not deterministic:\n%s\n---\n%s", a, b)
		}
	})
}
