package glob

import "errors"

// char is one element of a compiled pattern: a byte of the pattern (quoted or not) or,
// with the meta bit set, an operator.
type char uint16

const (
	metaBit    char = 0x8000 // operator, not a byte
	protectBit char = 0x4000 // byte quoted by a backslash (before compilation only)
	byteMask   char = 0x00ff
	end        char = 0 // end of the pattern
)

// Operators of a compiled pattern.
const (
	opAll   = '*' | metaBit // any run of bytes
	opOne   = '?' | metaBit // any one byte
	opSet   = '[' | metaBit // start of a bracket expression
	opNot   = '!' | metaBit // the bracket expression is negated
	opRange = '-' | metaBit // range between the previous and the next byte
	opClass = ':' | metaBit // the next element is an index into classes
	opEnd   = ']' | metaBit // end of a bracket expression
)

func isMeta(c char) bool { return c&metaBit != 0 }

// pathMax is PATH_MAX on Linux; patterns and paths are limited by it.
const pathMax = 4096

// ErrUndefined reports a pattern on which ssh reads past the end of the pattern
// (it crashes): a bracket expression whose only ']' closes a class or ends a range.
var ErrUndefined = errors.New("bracket expression runs past the end of the pattern")

// ErrPathTooLong reports a match longer than ssh's path buffer.
var ErrPathTooLong = errors.New("path too long")

// errNoMatch stops compilation of a pattern that can match nothing.
var errNoMatch = errors.New("no match")

// classes are the character classes of the C locale, in the order of ssh's table (the
// order is observable: index 0 ends the pattern).
var classes = []struct {
	name string
	is   func(c byte) bool
}{
	{"alnum", func(c byte) bool { return isAlpha(c) || isDigit(c) }},
	{"alpha", isAlpha},
	{"blank", func(c byte) bool { return c == ' ' || c == '\t' }},
	{"cntrl", func(c byte) bool { return c < 0x20 || c == 0x7f }},
	{"digit", isDigit},
	{"graph", func(c byte) bool { return c > ' ' && c < 0x7f }},
	{"lower", func(c byte) bool { return c >= 'a' && c <= 'z' }},
	{"print", func(c byte) bool { return c >= ' ' && c < 0x7f }},
	{"punct", func(c byte) bool { return c > ' ' && c < 0x7f && !isAlpha(c) && !isDigit(c) }},
	{"space", func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }},
	{"upper", func(c byte) bool { return c >= 'A' && c <= 'Z' }},
	{"xdigit", func(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }},
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// quoted is a pattern whose backslashes have been read: a byte that followed one carries
// protectBit, so it equals none of the special bytes.
type quoted []char

// at returns q[i], or end past the end.
func (q quoted) at(i int) char {
	if i < len(q) {
		return q[i]
	}
	return end
}

// quote reads the pattern's backslashes. A trailing backslash is a protected backslash.
func quote(pattern string) quoted {
	out := make([]char, 0, len(pattern)+1)
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '\\' {
			out = append(out, char(c))
			continue
		}
		if i+1 < len(pattern) {
			i++
			c = pattern[i]
		}
		out = append(out, char(c)|protectBit)
	}
	return out
}

// compile translates a quoted pattern into operators and plain bytes, terminated by end.
// Quoted bytes become plain bytes. It returns errNoMatch for an unknown class name and
// ErrUndefined where ssh would read past the end.
func compile(q quoted) ([]char, error) {
	out := make([]char, 0, len(q)+1)
	for i := 0; i < len(q); {
		c := q[i]
		i++
		switch c {
		case '*':
			// adjacent stars collapse into one
			if len(out) == 0 || out[len(out)-1] != opAll {
				out = append(out, opAll)
			}
		case '?':
			out = append(out, opOne)
		case '[':
			var err error
			out, i, err = compileSet(q, i, out)
			if err != nil {
				return nil, err
			}
		default:
			out = append(out, c&byteMask)
		}
	}
	return append(out, end), nil
}

// compileSet compiles the bracket expression whose '[' ends before q[i], appending to
// out; it returns the index after the expression. Without a later ']' the '[' is an
// ordinary byte.
func compileSet(q quoted, i int, out []char) ([]char, int, error) {
	first := q.at(i)
	if first == '!' {
		i++
	}
	if q.at(i) == end || !hasClose(q, i+1) {
		if first == '!' {
			i--
		}
		return append(out, '['), i, nil
	}
	out = append(out, opSet)
	if first == '!' {
		out = append(out, opNot)
	}
	c := q.at(i)
	i++
	for {
		if c == '[' && q.at(i) == ':' {
			status := 0
			for c == '[' && q.at(i) == ':' {
				var idx int
				idx, status = classAt(q, i)
				if status != 0 {
					break
				}
				out = append(out, opClass, char(idx))
				i += len(classes[idx].name) + 3
				c = q.at(i)
				i++
			}
			if status < 0 {
				return nil, 0, errNoMatch
			}
			if c == ']' {
				break
			}
		}
		if c == end {
			return nil, 0, ErrUndefined
		}
		out = append(out, c&byteMask)
		if q.at(i) == '-' && q.at(i+1) != ']' {
			hi := q.at(i + 1)
			if hi == end {
				return nil, 0, ErrUndefined
			}
			out = append(out, opRange, hi&byteMask)
			i += 2
		}
		c = q.at(i)
		i++
		if c == ']' {
			break
		}
	}
	return append(out, opEnd), i, nil
}

// hasClose reports whether an unquoted ']' occurs at or after q[i].
func hasClose(q quoted, i int) bool {
	for ; i < len(q); i++ {
		if q[i] == ']' {
			return true
		}
	}
	return false
}

// classAt reads a class name after the ':' at q[i] ("[:name:]" with the '[' before i).
// status is 1 when the text is not a class expression (no ":]" follows), -1 for an
// unknown name and 0 with the class's index otherwise.
func classAt(q quoted, i int) (idx, status int) {
	start := i + 1
	colon := -1
	for j := start; j < len(q); j++ {
		if q[j] == ':' {
			colon = j
			break
		}
	}
	if colon < 0 || colon+1 >= len(q) || q[colon+1] != ']' {
		return 0, 1
	}
	name := make([]byte, 0, colon-start)
	for _, c := range q[start:colon] {
		if c > byteMask {
			return 0, -1 // a quoted byte never equals a class name's
		}
		name = append(name, byte(c))
	}
	for k, cl := range classes {
		if cl.name == string(name) {
			return k, 0
		}
	}
	return 0, -1
}
