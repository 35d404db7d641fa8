// Package textdiff renders line diffs of two texts in unified format.
//
// The edit script is a longest common subsequence where the texts differ in places, as
// formatting makes them: the common prefix and suffix are matched directly, equal lines
// are matched as they come, and the rest is aligned by longest common subsequence within
// a sliding window of lines. Memory stays proportional to the input (a few bytes per
// line; Write streams the output) and time to the input times the window, however large
// and however different the texts are; a change wider than the window may be shown as a
// longer deletion and insertion than the minimum.
package textdiff

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
)

// window is how many lines of each text the longest-common-subsequence step looks at
// once.
const window = 64

// context is how many unchanged lines surround each change.
const context = 3

// Unified returns a unified diff (3 lines of context) from a to b, or nil if they are
// equal. A last line without a newline is marked as diff marks it.
func Unified(nameA, nameB string, a, b []byte) []byte {
	if bytes.Equal(a, b) {
		return nil
	}
	var out bytes.Buffer
	_ = Write(&out, nameA, nameB, a, b) // a bytes.Buffer takes every write
	return out.Bytes()
}

// Write writes the unified diff of Unified from a to b to w (nothing if they are equal),
// as it is rendered, without holding the whole diff in memory.
func Write(w io.Writer, nameA, nameB string, a, b []byte) error {
	if bytes.Equal(a, b) {
		return nil
	}
	x, y := splitLines(a), splitLines(b)
	out := bufio.NewWriterSize(w, 64<<10)
	render(out, nameA, nameB, x, y, diff(x, y))
	return out.Flush() // a write error is kept by out and returned here
}

// Edit-script operations, one per line: kept, deleted from a, inserted from b.
const (
	opKeep   = ' '
	opDelete = '-'
	opInsert = '+'
)

// lines is a text cut into lines: line i is text[starts[i]:starts[i+1]], newline included.
type lines struct {
	text   []byte
	starts []int
}

func splitLines(text []byte) lines {
	starts := make([]int, 1, bytes.Count(text, []byte("\n"))+2)
	for i := 0; i < len(text); {
		j := bytes.IndexByte(text[i:], '\n')
		if j < 0 {
			i = len(text)
		} else {
			i += j + 1
		}
		starts = append(starts, i)
	}
	return lines{text: text, starts: starts}
}

func (l lines) len() int          { return len(l.starts) - 1 }
func (l lines) line(i int) []byte { return l.text[l.starts[i]:l.starts[i+1]] }

// equal reports whether line i of x is line j of y.
func equal(x lines, i int, y lines, j int) bool {
	return bytes.Equal(x.line(i), y.line(j))
}

// diff returns the edit script from x to y: one operation per line. The common prefix
// and suffix are set aside first, then the rest is aligned from the front.
func diff(x, y lines) []byte {
	n, m := x.len(), y.len()
	ops := make([]byte, 0, max(n, m)+16)
	i, j := 0, 0
	for i < n && i < m && equal(x, i, y, i) {
		ops = append(ops, opKeep)
		i, j = i+1, j+1
	}
	suffix := 0
	for suffix < n-i && suffix < m-j && equal(x, n-1-suffix, y, m-1-suffix) {
		suffix++
	}
	n, m = n-suffix, m-suffix
	var w windowLCS
	for i < n || j < m {
		// matching equal lines at once is always part of some longest common subsequence
		if i < n && j < m && equal(x, i, y, j) {
			ops = append(ops, opKeep)
			i, j = i+1, j+1
			continue
		}
		xn, yn := min(n-i, window), min(m-j, window)
		script := w.script(x, i, xn, y, j, yn)
		if i+xn < n || j+yn < m {
			// the window cuts the texts: trust only the first half of its script
			script = script[:max(1, len(script)/2)]
		}
		for _, op := range script {
			ops = append(ops, op)
			if op != opInsert {
				i++
			}
			if op != opDelete {
				j++
			}
		}
	}
	for range suffix {
		ops = append(ops, opKeep)
	}
	return ops
}

// windowLCS holds the memory of the longest-common-subsequence step, reused from one
// window to the next.
type windowLCS struct {
	table []int32
	ops   []byte
}

// script returns an edit script from x[i:i+xn] to y[j:j+yn] of longest common
// subsequence, deletions before insertions where there is a choice.
func (w *windowLCS) script(x lines, i, xn int, y lines, j, yn int) []byte {
	cols := yn + 1
	if cap(w.table) < (xn+1)*cols {
		w.table = make([]int32, (window+1)*(window+1))
	}
	t := w.table[:(xn+1)*cols]
	// t[a*cols+b] is the length of the longest common subsequence of x[i+a:i+xn] and y[j+b:j+yn]
	for b := 0; b <= yn; b++ {
		t[xn*cols+b] = 0
	}
	for a := xn - 1; a >= 0; a-- {
		t[a*cols+yn] = 0
		for b := yn - 1; b >= 0; b-- {
			if equal(x, i+a, y, j+b) {
				t[a*cols+b] = t[(a+1)*cols+b+1] + 1
			} else {
				t[a*cols+b] = max(t[(a+1)*cols+b], t[a*cols+b+1])
			}
		}
	}
	s := w.ops[:0]
	a, b := 0, 0
	for a < xn || b < yn {
		switch {
		case a < xn && b < yn && equal(x, i+a, y, j+b):
			s = append(s, opKeep)
			a, b = a+1, b+1
		case a < xn && (b == yn || t[(a+1)*cols+b] >= t[a*cols+b+1]):
			s = append(s, opDelete)
			a++
		default:
			s = append(s, opInsert)
			b++
		}
	}
	w.ops = s
	return s
}

// render writes the unified diff of the edit script ops from x to y.
func render(s *bufio.Writer, nameA, nameB string, x, y lines, ops []byte) {
	s.WriteString("--- " + nameA + "\n+++ " + nameB + "\n")
	var num [20]byte
	ai, bi := 0, 0 // the lines of x and y at ops[i]
	for i := 0; i < len(ops); {
		if ops[i] == opKeep {
			i, ai, bi = i+1, ai+1, bi+1
			continue
		}
		back := 0
		for back < context && i-back > 0 && ops[i-back-1] == opKeep {
			back++
		}
		start := i - back
		end := i
		for end < len(ops) {
			if ops[end] != opKeep {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run] == opKeep {
				run++
			}
			if run-end > 2*context || run == len(ops) {
				end = min(end+context, run)
				break
			}
			end = run
		}
		an, bn := 0, 0
		for _, op := range ops[start:end] {
			if op != opInsert {
				an++
			}
			if op != opDelete {
				bn++
			}
		}
		s.WriteString("@@ -")
		s.Write(strconv.AppendInt(num[:0], int64(ai-back+1), 10))
		s.WriteString(",")
		s.Write(strconv.AppendInt(num[:0], int64(an), 10))
		s.WriteString(" +")
		s.Write(strconv.AppendInt(num[:0], int64(bi-back+1), 10))
		s.WriteString(",")
		s.Write(strconv.AppendInt(num[:0], int64(bn), 10))
		s.WriteString(" @@\n")
		xa, yb := ai-back, bi-back
		for _, op := range ops[start:end] {
			var l []byte
			switch op {
			case opKeep:
				l = x.line(xa)
				xa, yb = xa+1, yb+1
			case opDelete:
				l = x.line(xa)
				xa++
			case opInsert:
				l = y.line(yb)
				yb++
			}
			s.WriteByte(op)
			s.Write(l)
			if !bytes.HasSuffix(l, []byte("\n")) {
				s.WriteString("\n\\ No newline at end of file\n")
			}
		}
		ai, bi = xa, yb
		i = end
	}
}
