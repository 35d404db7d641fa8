package resolve

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sshcfg/sshcfg/internal/golden"
	"github.com/sshcfg/sshcfg/internal/sshtest"
)

// minRandomSuccess is the share (in percent) of random cases on which ssh must succeed
// (exit 0) and sshcfg print the same: configs that ssh rejects compare little.
const minRandomSuccess = 60

// minKindShare is the share (in percent) of those successes that must hold a line of each
// kind of drawnKinds.
const minKindShare = 5

// randomIncludes are the files the random configs' Include lines name, relative to the
// work directory; each case fills them with lines of the pool. Relative Include paths
// of a user config are taken from ~/.ssh (here home/.ssh).
var randomIncludes = []string{"home/.ssh/inc.conf", "home/.ssh/d/a.conf", "home/.ssh/d/b.conf", "abs.conf"}

// generatedLines are drawn besides the corpus lines (one line in eight of a config):
// Include lines for randomIncludes (and a file that does not exist), and Match exec
// criteria with harmless commands ("$WORK" is the work directory). ssh must accept each.
var generatedLines = []string{
	"Include inc.conf",
	"Include d/*.conf",
	"Include ~/.ssh/d/b.conf nosuch.conf",
	"Include $WORK/abs.conf",
	"Match exec true",
	"Match exec false",
	"Match !exec false host h,web",
	`Match exec "test %h = h"`,
	`Match exec "test %h = x"`,
	`Match host web exec "test %p = 22"`,
	"Match final exec true",
	"Match canonical exec false",
}

// TestRandomDifferential builds configs by drawing lines at random (fixed seed) from the
// config lines of the resolver corpus that ssh accepts on their own (Canonicalize* lines
// included), plus generatedLines (Include with files in the work directory, Match exec
// with harmless commands), and
// compares sshcfg with the live ssh -G on them, for a host named in the config. At least
// minRandomSuccess percent of the cases must be successes of ssh that sshcfg reproduces.
// SSHCFG_RANDOM_CASES sets how many configs (default 300); SSHCFG_RANDOM_SEED changes
// the seed.
func TestRandomDifferential(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	dialect := sshtest.Dialect(t, bin)
	n := envInt("SSHCFG_RANDOM_CASES", 300)
	seed := int64(envInt("SSHCFG_RANDOM_SEED", 1))
	work := t.TempDir()
	home := filepath.Join(work, "home")
	for _, f := range randomIncludes {
		writeFile(t, filepath.Join(work, f), "")
	}
	sshEnv := []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	lines, hosts, opts := linePool(t)
	pool := acceptedLines(t, bin, work, sshEnv, lines)
	if len(pool) < 100 {
		t.Fatalf("ssh accepts only %d of %d corpus lines", len(pool), len(lines))
	}
	t.Logf("%d of %d corpus lines accepted by ssh", len(pool), len(lines))
	var special, included []string // included: lines for the included files, no Include (no loops)
	for _, l := range generatedLines {
		special = append(special, strings.ReplaceAll(l, "$WORK", work))
	}
	if ok := acceptedLines(t, bin, work, sshEnv, special); len(ok) != len(special) {
		t.Fatalf("ssh accepts only %q of the generated lines %q", ok, special)
	}
	included = append(included, pool...)
	for _, l := range special {
		if !strings.Contains(strings.ToLower(l), "include") {
			included = append(included, l)
		}
	}

	rng := rand.New(rand.NewSource(seed))
	// draw returns k lines of from, or of special with a chance of one in specialOdds.
	draw := func(from []string, k, specialOdds int) string {
		var b strings.Builder
		for j := 0; j < k; j++ {
			if specialOdds > 0 && rng.Intn(specialOdds) == 0 {
				b.WriteString(special[rng.Intn(len(special))])
			} else {
				b.WriteString(from[rng.Intn(len(from))])
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	cfg := filepath.Join(work, "config")
	env := OSEnv("", true)
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
	env.Exec = ShellExec(env.Getenv, work)
	failures, successes := 0, 0
	// drawnKinds counts the successes whose config has a line of each kind the pool must
	// not lose: Include (its files filled), Match exec, canonicalisation.
	drawnKinds := map[string]int{"include": 0, "exec": 0, "canonical": 0}
	for i := 0; i < n && failures < 10; i++ {
		src := draw(pool, 3+rng.Intn(10), 8)
		writeFile(t, cfg, src)
		incs := map[string]string{}
		for _, f := range randomIncludes {
			incs[f] = draw(included, rng.Intn(4), 0)
			writeFile(t, filepath.Join(work, f), incs[f])
		}
		host := hosts[rng.Intn(len(hosts))]
		args := []string{"-F", cfg}
		for k := rng.Intn(3); k > 0; k-- {
			args = append(args, opts[rng.Intn(len(opts))]...)
		}
		args = append(args, host)
		want, _, wantStatus, err := sshtest.RunG(bin, work, sshEnv, args)
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
		switch {
		case got != want || status != wantStatus:
			failures++
			var files strings.Builder
			for _, f := range randomIncludes {
				if incs[f] != "" {
					files.WriteString("-- " + f + " --\n" + incs[f])
				}
			}
			t.Errorf("case %d (args %q), exit %d vs ssh %d, config:\n%s%s\ndiff:\n%s", i, args[2:], status, wantStatus, src, files.String(), sshtest.LineDiff(want, got))
		case status == 0:
			successes++
			for k := range drawnKinds {
				if strings.Contains(strings.ToLower(src), k) {
					drawnKinds[k]++
				}
			}
		}
	}
	t.Logf("%d of %d random cases: ssh succeeded and sshcfg printed the same; with Include, Match exec, Canonical* lines: %v", successes, n, drawnKinds)
	if failures > 0 {
		return
	}
	if successes*100 < n*minRandomSuccess {
		t.Errorf("only %d of %d random cases are successes of ssh (at least %d%% wanted): the pool draws too many lines ssh rejects", successes, n, minRandomSuccess)
	}
	for k, c := range drawnKinds {
		if c*100 < successes*minKindShare {
			t.Errorf("only %d of %d successes have a line with %q (at least %d%% wanted)", c, successes, k, minKindShare)
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// acceptedLines keeps the lines on which ssh -G succeeds when the line is the whole
// config, running ssh on them two at a time.
func acceptedLines(t *testing.T, bin, work string, env, lines []string) []string {
	ok := make([]bool, len(lines))
	dir := t.TempDir()
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				cfg := filepath.Join(dir, strconv.Itoa(i))
				if err := os.WriteFile(cfg, []byte(lines[i]+"\n"), 0o644); err != nil {
					continue
				}
				_, _, st, err := sshtest.RunG(bin, work, env, []string{"-F", cfg, "h"})
				ok[i] = err == nil && st == 0
			}
		}()
	}
	for i := range lines {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []string
	for i, l := range lines {
		if ok[i] {
			out = append(out, l)
		}
	}
	return out
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// linePool collects the config lines of the corpus, but for Match exec (the corpus's
// commands may write files; generatedLines has harmless ones) and Include lines (which
// name files of their own cases), the host names they mention, and the command-line
// options the cases use (without -F).
func linePool(t *testing.T) (lines, hosts []string, opts [][]string) {
	paths, _ := filepath.Glob("../testdata/resolve/*.txtar")
	seen := map[string]bool{}
	hosts = []string{"h", "web", "example.test", "localhost"}
	for _, p := range paths {
		a, err := golden.Read(p)
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
					strings.Contains(low, "include") || strings.Contains(l, "$WORK") {
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
