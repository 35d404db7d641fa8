package textdiff

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// randomText returns n lines drawn from a small alphabet, so that texts share lines.
func randomText(r *rand.Rand, n int, noFinalNewline bool) string {
	var b strings.Builder
	for range n {
		b.WriteString(string(rune('a' + r.IntN(6))))
		b.WriteByte('\n')
	}
	s := b.String()
	if noFinalNewline && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s
}

// mutate changes, deletes and inserts some lines of s.
func mutate(r *rand.Rand, s string) string {
	ls := strings.SplitAfter(s, "\n")
	var out []string
	for _, l := range ls {
		switch r.IntN(8) {
		case 0: // delete
		case 1:
			out = append(out, "x\n", l)
		case 2:
			out = append(out, "changed "+l)
		default:
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

// TestMatchesReference compares with the earlier whole-middle implementation on texts
// whose changed middle fits in the window (at most 60 lines here): the output must be
// the same.
func TestMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		a := randomText(r, r.IntN(30), r.IntN(4) == 0)
		b := mutate(r, a)
		if r.IntN(5) == 0 {
			b = randomText(r, r.IntN(30), r.IntN(4) == 0)
		}
		got, want := string(Unified("a", "b", []byte(a), []byte(b))), referenceUnified("a", "b", a, b)
		if got != want {
			t.Fatalf("case %d: a=%q b=%q\ngot:\n%s\nwant:\n%s", i, a, b, got, want)
		}
	}
}

// TestLargeDiffApplies diffs texts much longer than the window and checks that applying
// the diff to a gives b.
func TestLargeDiffApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20 {
		a := randomText(r, 200+r.IntN(3000), r.IntN(3) == 0)
		b := mutate(r, a)
		switch i % 5 {
		case 0:
			b = randomText(r, r.IntN(3000), false)
		case 1:
			a = ""
		}
		d := Unified("a", "b", []byte(a), []byte(b))
		got, err := apply(a, string(d))
		if err != nil || got != b {
			t.Fatalf("case %d: applying the diff: %v\n%s", i, err, d)
		}
	}
}

// apply applies a unified diff to a.
func apply(a, d string) (string, error) {
	src := strings.SplitAfter(a, "\n")
	if len(src) > 0 && src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out strings.Builder
	ls := strings.SplitAfter(d, "\n")
	if len(ls) < 2 || !strings.HasPrefix(ls[0], "--- ") || !strings.HasPrefix(ls[1], "+++ ") {
		return "", fmt.Errorf("no header")
	}
	next := 0 // next line of a to copy
	var last *strings.Builder
	for _, l := range ls[2:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "@@ -"):
			f := strings.Fields(l)
			start, _ := strconv.Atoi(strings.Split(f[1][1:], ",")[0])
			for ; next < start-1; next++ {
				out.WriteString(src[next])
			}
		case l == "\\ No newline at end of file\n":
			s := out.String()
			if last == &out {
				out.Reset()
				out.WriteString(strings.TrimSuffix(s, "\n"))
			}
		case l[0] == ' ':
			out.WriteString(l[1:])
			next++
			last = &out
		case l[0] == '-':
			next++
			last = nil
		case l[0] == '+':
			out.WriteString(l[1:])
			last = &out
		default:
			return "", fmt.Errorf("bad line %q", l)
		}
	}
	for ; next < len(src); next++ {
		out.WriteString(src[next])
	}
	return out.String(), nil
}

// formattingPair returns a config of about n bytes and its reformatted version: every
// indented line changes, blank lines and headers stay.
func formattingPair(n int) (a, b []byte) {
	var x, y bytes.Buffer
	for i := 0; x.Len() < n; i++ {
		fmt.Fprintf(&x, "Host host%d\n\tHostName 10.0.%d.%d\n\tUser user%d\n\tPort %d\n\n", i, i>>8&255, i&255, i%97, 2200+i%50)
		fmt.Fprintf(&y, "Host host%d\n  HostName 10.0.%d.%d\n  User user%d\n  Port %d\n\n", i, i>>8&255, i&255, i%97, 2200+i%50)
	}
	return x.Bytes(), y.Bytes()
}

// TestAllocation diffs a ~5 MB config against its reformatted version, which changes
// most lines, and checks that less than 10 bytes are allocated per input byte (the diff
// itself is about twice the input). The earlier implementation needed memory quadratic
// in the number of changed lines. The race detector's instrumentation allocates more,
// so the bound is not checked under it.
func TestAllocation(t *testing.T) {
	if testing.Short() {
		t.Skip("diffs 5 MB")
	}
	a, b := formattingPair(5 << 20)
	var d []byte
	n := allocated(func() { d = Unified("a", "b", a, b) })
	if ratio := float64(n) / float64(len(a)); !raceEnabled && ratio > 10 {
		t.Errorf("diffing %d bytes allocated %d, %.1f per input byte; want under 10", len(a), n, ratio)
	}
	if !bytes.Contains(d, []byte("\n-\tHostName 10.0.0.7\n")) || !bytes.Contains(d, []byte("\n+  HostName 10.0.0.7\n")) {
		t.Error("diff lacks the expected change")
	}
}

func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// BenchmarkUnified reports the bytes allocated per input byte (allocB/inB) when diffing a
// ~5 MB config against its reformatted version.
func BenchmarkUnified(b *testing.B) {
	x, y := formattingPair(5 << 20)
	b.SetBytes(int64(len(x)))
	b.ReportAllocs()
	var total uint64
	for b.Loop() {
		total += allocated(func() { Unified("a", "b", x, y) })
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(len(x)), "allocB/inB")
}

// referenceUnified is the earlier implementation: a longest common subsequence of the
// whole changed middle, in memory quadratic in its size. It is the oracle for small inputs.
func referenceUnified(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	x, y := refSplitLines(a), refSplitLines(b)
	ops := refDiffOps(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	const ctx = 3
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := i
		for start > 0 && i-start < ctx && ops[start-1].kind == ' ' {
			start--
		}
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, run)
				break
			}
			end = run
		}
		ai, bi, an, bn := ops[start].ai+1, ops[start].bi+1, 0, 0
		var body strings.Builder
		for _, op := range ops[start:end] {
			switch op.kind {
			case ' ':
				an++
				bn++
				body.WriteString(" " + x[op.ai])
			case '-':
				an++
				body.WriteString("-" + x[op.ai])
			case '+':
				bn++
				body.WriteString("+" + y[op.bi])
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n%s", ai, an, bi, bn, body.String())
		i = end
	}
	return out.String()
}

type refOp struct {
	kind   byte
	ai, bi int
}

func refSplitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		if !strings.HasSuffix(l, "\n") {
			lines[i] = l + "\n\\ No newline at end of file\n"
		}
	}
	return lines
}

// diffOps computes an edit script: the common prefix and suffix are matched directly and
// the rest by longest common subsequence, which needs memory for the changed middle only.
func refDiffOps(x, y []string) []refOp {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []refOp
	for i := 0; i < pre; i++ {
		ops = append(ops, refOp{' ', i, i})
	}
	for _, o := range refLCSOps(x[pre:len(x)-suf], y[pre:len(y)-suf]) {
		ops = append(ops, refOp{o.kind, o.ai + pre, o.bi + pre})
	}
	for i := 0; i < suf; i++ {
		ops = append(ops, refOp{' ', len(x) - suf + i, len(y) - suf + i})
	}
	return ops
}

// lcsOps computes an edit script by longest common subsequence.
func refLCSOps(x, y []string) []refOp {
	n, m := len(x), len(y)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var ops []refOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, refOp{' ', i, j})
			i++
			j++
		case i < n && (j == m || t[i+1][j] >= t[i][j+1]):
			ops = append(ops, refOp{'-', i, j})
			i++
		default:
			ops = append(ops, refOp{'+', i, j})
			j++
		}
	}
	return ops
}

// failingWriter refuses every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

// TestWrite checks that Write streams what Unified returns, writes nothing for equal
// texts, and reports a failed write.
func TestWrite(t *testing.T) {
	a := strings.Repeat("same\nold\n", 20000)
	b := strings.Repeat("same\nnew\n", 20000)
	var out bytes.Buffer
	if err := Write(&out, "a", "b", []byte(a), []byte(b)); err != nil {
		t.Fatal(err)
	}
	if want := Unified("a", "b", []byte(a), []byte(b)); !bytes.Equal(out.Bytes(), want) || len(want) == 0 {
		t.Errorf("Write gave %d bytes, Unified %d", out.Len(), len(want))
	}
	out.Reset()
	if err := Write(&out, "a", "b", []byte(a), []byte(a)); err != nil || out.Len() != 0 {
		t.Errorf("equal texts: %d bytes, %v", out.Len(), err)
	}
	if err := Write(failingWriter{}, "a", "b", []byte(a), []byte(b)); err == nil {
		t.Error("a failed write was not reported")
	}
}
