package resolve

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// TestRandomDifferential builds configs by drawing lines at random (fixed seed) from every
// config of the resolver corpus and compares sshcfg with the live ssh -G on them, for a
// host named in the config. SSHCFG_RANDOM_CASES sets how many configs (default 300);
// SSHCFG_RANDOM_SEED changes the seed. Commands are never run: lines with Match exec,
// LocalCommand and friends are left out of the pool.
func TestRandomDifferential(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	dialect := sshtest.Dialect(t, bin)
	n := envInt("SSHCFG_RANDOM_CASES", 300)
	seed := int64(envInt("SSHCFG_RANDOM_SEED", 1))
	pool, hosts, opts := linePool(t)
	rng := rand.New(rand.NewSource(seed))
	work := t.TempDir()
	home := filepath.Join(work, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(work, "config")
	env := OSEnv("", false)
	env.WorkDir = work
	env.Getenv = func(k string) (string, bool) {
		switch k {
		case "HOME":
			return home, true
		case "PATH":
			return "/usr/bin:/bin", true
		}
		return "", false
	}
	failures := 0
	for i := 0; i < n && failures < 10; i++ {
		var b strings.Builder
		for j := 0; j < 3+rng.Intn(10); j++ {
			b.WriteString(pool[rng.Intn(len(pool))])
			b.WriteByte('\n')
		}
		src := b.String()
		if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		host := hosts[rng.Intn(len(hosts))]
		args := []string{"-F", cfg}
		for k := rng.Intn(3); k > 0; k-- {
			args = append(args, opts[rng.Intn(len(opts))]...)
		}
		args = append(args, host)
		want, _, wantStatus, err := sshtest.RunG(bin, work, []string{"HOME=" + home, "PATH=/usr/bin:/bin"}, args)
		if err != nil {
			t.Fatal(err)
		}
		got, status := "", 0
		req, err := ParseArgs(args, dialect)
		if err == nil {
			var res *Result
			req.OneShot = i%2 == 1 // half the cases through the partial trees
			if res, err = New(env, dialect).Resolve(req); err == nil {
				got = res.DumpG()
			}
		}
		if err != nil {
			status = 255
		}
		if got != want || status != wantStatus {
			failures++
			t.Errorf("case %d (args %q), exit %d vs ssh %d, config:\n%s\ndiff:\n%s", i, args[2:], status, wantStatus, src, lineDiff(want, got))
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// linePool collects the config lines of the corpus that run no command, the host
// names they mention, and the command-line options the cases use (without -F).
func linePool(t *testing.T) (lines, hosts []string, opts [][]string) {
	paths, _ := filepath.Glob("../testdata/resolve/*.txtar")
	seen := map[string]bool{}
	hosts = []string{"h", "web", "example.test"}
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if f.Name == "args" {
				opts = append(opts, optionGroups(string(f.Data))...)
			}
			if f.Name != "config" {
				continue
			}
			for _, l := range strings.Split(string(f.Data), "\n") {
				low := strings.ToLower(l)
				if strings.TrimSpace(l) == "" || seen[l] || strings.Contains(low, "exec") ||
					strings.Contains(low, "command") || strings.Contains(low, "include") ||
					strings.Contains(low, "canonical") || strings.Contains(l, "$WORK") {
					continue
				}
				seen[l] = true
				lines = append(lines, l)
				if fs := strings.Fields(l); len(fs) == 2 && strings.EqualFold(fs[0], "host") && !strings.ContainsAny(fs[1], "*?!\"'") {
					hosts = append(hosts, fs[1])
				}
			}
		}
	}
	return lines, hosts, opts
}

// optionGroups splits a case's argument line into its options, each with its value,
// leaving out -F, the destination and anything that names a file of the case.
func optionGroups(line string) [][]string {
	words, err := sshtest.SplitWords(strings.TrimSpace(line))
	if err != nil || strings.Contains(line, "$WORK") {
		return nil
	}
	var out [][]string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if !strings.HasPrefix(w, "-") || len(w) < 2 {
			break
		}
		g := []string{w}
		if len(w) == 2 && strings.IndexByte(optionsWithArg, w[1]) >= 0 && i+1 < len(words) {
			i++
			g = append(g, words[i])
		}
		if w == "-F" || w == "-i" || w == "-E" || strings.HasPrefix(w, "-F") {
			continue
		}
		out = append(out, g)
	}
	return out
}
