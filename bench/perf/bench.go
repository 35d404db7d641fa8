package main

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// exponent returns k in cost ∝ size^k between two sizes (the slope on a log-log plot);
// ok is false when a cost is not positive.
func exponent(n1, n2, c1, c2 float64) (float64, bool) {
	if n1 <= 0 || n2 <= 0 || c1 <= 0 || c2 <= 0 || n1 == n2 {
		return 0, false
	}
	return math.Log(c2/c1) / math.Log(n2/n1), true
}

// fit returns the least-squares slope of log(cost) on log(size) over the points with a
// positive cost; ok is false with fewer than two.
func fit(sizes, costs []float64) (float64, bool) {
	var xs, ys []float64
	for i := range sizes {
		if costs[i] > 0 && sizes[i] > 0 {
			xs, ys = append(xs, math.Log(sizes[i])), append(ys, math.Log(costs[i]))
		}
	}
	if len(xs) < 2 {
		return 0, false
	}
	var mx, my float64
	for i := range xs {
		mx, my = mx+xs[i], my+ys[i]
	}
	mx, my = mx/float64(len(xs)), my/float64(len(xs))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	return sxy / sxx, sxx > 0
}

// benchLine is one line of `go test -bench` output: the name without the GOMAXPROCS
// suffix and each metric by unit.
type benchLine struct {
	Name    string
	Metrics map[string]float64
}

// parseBenchOutput reads the benchmark lines of go test's output.
func parseBenchOutput(out string) []benchLine {
	var lines []benchLine
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		b := benchLine{Name: name, Metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				b.Metrics[f[i+1]] = v
			}
		}
		lines = append(lines, b)
	}
	return lines
}

// medians returns, for each benchmark name, the median of each metric over its lines
// (-count runs), with the names in first-seen order.
func medians(lines []benchLine) ([]string, map[string]map[string]float64) {
	var names []string
	vals := map[string]map[string][]float64{}
	for _, l := range lines {
		if vals[l.Name] == nil {
			names = append(names, l.Name)
			vals[l.Name] = map[string][]float64{}
		}
		for u, v := range l.Metrics {
			vals[l.Name][u] = append(vals[l.Name][u], v)
		}
	}
	out := map[string]map[string]float64{}
	for name, m := range vals {
		out[name] = map[string]float64{}
		for u, vs := range m {
			slices.Sort(vs)
			med := vs[len(vs)/2]
			if len(vs)%2 == 0 {
				med = (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
			}
			out[name][u] = med
		}
	}
	return names, out
}

// goTest runs go test in dir with args and returns its output.
func goTest(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", append([]string{"test"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go test %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out), nil
}

// parseResult is the parser's whole-tree benchmark: the source handed over to Parse (as
// the resolver and the language server hand theirs) and, in Copy, Parse copying it.
type parseResult struct {
	parseRow
	Copy  parseRow
	Count int
}

// parseRow is one benchmark's medians and what they give per line of source.
type parseRow struct {
	MBps, BytesPerOp, AllocsPerOp, AllocsPerLine, Lines, BytesPerLine float64
}

// parseLinesFallback is the line count of the parser benchmark's config (its doc
// comment), used only when the benchmark reports no per-line metric to derive it from.
const parseLinesFallback = 25_404

func parseBenchmark(o options) (parseResult, error) {
	count := 5
	if o.parseBench == "1x" {
		count = 1
	}
	out, err := goTest(filepath.Join(o.repo, "parser"), "-run", "^$", "-bench", "^BenchmarkParse(Copy)?$", "-benchmem",
		"-benchtime", o.parseBench, "-count", strconv.Itoa(count), ".")
	if err != nil {
		return parseResult{}, err
	}
	_, m := medians(parseBenchOutput(out))
	r := parseResult{Count: count}
	for name, row := range map[string]*parseRow{"BenchmarkParse": &r.parseRow, "BenchmarkParseCopy": &r.Copy} {
		b, ok := m[name]
		if !ok {
			return parseResult{}, fmt.Errorf("no %s line in:\n%s", name, out)
		}
		*row = parseRow{MBps: b["MB/s"], BytesPerOp: b["B/op"], AllocsPerOp: b["allocs/op"], AllocsPerLine: b["allocs/line"]}
		switch {
		case b["B/line"] > 0: // reported by the benchmark itself, over the source's lines
			row.BytesPerLine = b["B/line"]
			row.Lines = math.Round(row.BytesPerOp / row.BytesPerLine)
		case row.AllocsPerLine > 0:
			row.Lines = math.Round(row.AllocsPerOp / row.AllocsPerLine)
		default:
			row.Lines = parseLinesFallback
		}
		if row.BytesPerLine == 0 {
			row.BytesPerLine = row.BytesPerOp / row.Lines
		}
	}
	return r, nil
}

// peerResult is the kevinburke/ssh_config comparison.
type peerResult struct {
	Bench   []peerBench
	Answers string // Markdown, from bench/peers
}

// peerBench is one benchmark run by both libraries.
type peerBench struct {
	Name                   string
	Ours, Theirs           float64 // ns/op
	OursBytes, TheirsBytes float64 // B/op
}

func peers(o options) (peerResult, error) {
	dir := filepath.Join(o.repo, "bench", "peers")
	out, err := goTest(dir, "-run", "^$", "-bench", ".", "-benchmem", "-count", "3", ".")
	if err != nil {
		return peerResult{}, err
	}
	names, m := medians(parseBenchOutput(out))
	var r peerResult
	for _, name := range names {
		base, ok := strings.CutSuffix(name, "/sshcfg")
		if !ok {
			continue
		}
		kb, ok := m[base+"/kevinburke"]
		if !ok {
			continue
		}
		r.Bench = append(r.Bench, peerBench{Name: strings.TrimPrefix(base, "Benchmark"),
			Ours: m[name]["ns/op"], Theirs: kb["ns/op"], OursBytes: m[name]["B/op"], TheirsBytes: kb["B/op"]})
	}
	cmd := exec.Command("go", "run", ".", "-hosts", "10000")
	cmd.Dir = dir
	ans, err := cmd.Output()
	if err != nil {
		return peerResult{}, fmt.Errorf("bench/peers answers: %v", err)
	}
	r.Answers = string(ans)
	return r, nil
}
