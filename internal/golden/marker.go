package golden

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Marker is one note `#@name(arg, …)` in a section. A marker is a whole comment line:
// blanks, then "#@", the name, the arguments in parentheses, and nothing after them but
// blanks. (OpenSSH ends a line at a '#' that starts an argument, so a note after a
// directive would change nothing for ssh but could not be told from a comment either.)
//
// A marker annotates the next line of the section that is not itself a marker, so
// several markers may stack above one line. At the end of the section (no such line)
// it annotates the empty position after the last line.
type Marker struct {
	Name string
	// Args are the arguments, split at commas and trimmed of blanks. An argument may be
	// a Go string literal ("a, b" or `a, b`), which is unquoted; "()" has no arguments
	// and an empty unquoted argument is an error.
	Args []string
	// Line is the 1-based line number of the marker within the section, Offset the
	// byte offset of its line's start.
	Line, Offset int
	// TargetLine and Target are the line number and start offset of the annotated line
	// (len(data) and the line after the last when the section ends first).
	TargetLine, Target int
}

// Markers returns the markers of a section's data, in order. A line that starts with
// "#@" after blanks but is not a well-formed marker is an error, so a typo cannot turn
// a note into a silent comment.
func Markers(data []byte) ([]Marker, error) {
	var out []Marker
	pending := 0 // markers at the end of out still waiting for their target line
	line := 0
	target := func(line, off int) {
		for i := len(out) - pending; i < len(out); i++ {
			out[i].TargetLine, out[i].Target = line, off
		}
		pending = 0
	}
	for off := 0; off < len(data); {
		end := len(data)
		if nl := bytes.IndexByte(data[off:], '\n'); nl >= 0 {
			end = off + nl + 1
		}
		line++
		text := strings.TrimRight(string(data[off:end]), "\r\n")
		if body, ok := strings.CutPrefix(strings.TrimLeft(text, " \t"), "#@"); ok {
			m, err := parseMarker(body)
			if err != nil {
				return nil, fmt.Errorf("line %d: marker %q: %v", line, text, err)
			}
			m.Line, m.Offset = line, off
			out = append(out, m)
			pending++
		} else {
			target(line, off)
		}
		off = end
	}
	target(line+1, len(data))
	return out, nil
}

// parseMarker parses `name(arg, …)` followed by optional blanks.
func parseMarker(s string) (Marker, error) {
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return Marker{}, fmt.Errorf("no '(' after the name")
	}
	m := Marker{Name: s[:open]}
	if m.Name == "" || strings.IndexFunc(m.Name, func(r rune) bool {
		return !(r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}) >= 0 {
		return Marker{}, fmt.Errorf("name %q is not letters, digits, '_' and '-'", m.Name)
	}
	rest := strings.TrimLeft(s[open+1:], " \t")
	if r, ok := strings.CutPrefix(rest, ")"); ok {
		if strings.TrimRight(r, " \t") != "" {
			return Marker{}, fmt.Errorf("text after ')'")
		}
		return m, nil
	}
	for {
		var arg string
		rest = strings.TrimLeft(rest, " \t")
		if rest != "" && (rest[0] == '"' || rest[0] == '`') {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return Marker{}, fmt.Errorf("bad quoted argument: %v", err)
			}
			arg, _ = strconv.Unquote(q)
			rest = strings.TrimLeft(rest[len(q):], " \t")
		} else {
			n := strings.IndexAny(rest, ",)\"`")
			if n < 0 {
				return Marker{}, fmt.Errorf("no closing ')'")
			}
			arg, rest = strings.TrimRight(rest[:n], " \t"), rest[n:]
			if arg == "" {
				return Marker{}, fmt.Errorf("empty argument %d (write \"\" for an empty string)", len(m.Args)+1)
			}
		}
		m.Args = append(m.Args, arg)
		switch {
		case strings.HasPrefix(rest, ","):
			rest = rest[1:]
		case strings.HasPrefix(rest, ")"):
			if strings.TrimRight(rest[1:], " \t") != "" {
				return Marker{}, fmt.Errorf("text after ')'")
			}
			return m, nil
		default:
			return Marker{}, fmt.Errorf("expected ',' or ')' after argument %d", len(m.Args))
		}
	}
}
