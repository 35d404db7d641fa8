package parser

import (
	"fmt"
	"net"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Criterion is one condition of a Match line.
type Criterion struct {
	Negate bool
	Attr   string // lower-cased: all, canonical, final, exec, host, originalhost, user, …
	Arg    string // the pattern list or command; empty for all/canonical/final
	Span   diag.Span
}

// matchCriteria maps each Match attribute to the first OpenSSH release that knows it.
var matchCriteria = map[string]string{
	"all": "6.5", "canonical": "6.8", "final": "8.0", "exec": "6.5", "host": "6.5",
	"originalhost": "6.5", "user": "6.5", "localuser": "6.5",
	"localnetwork": "9.4", "tagged": "9.4", "version": "10.0", "sessiontype": "10.0",
	"command": "10.0",
}

type matchError struct {
	msg  string
	span diag.Span
	code string // "" for CodeBadMatch
}

// matchWord is one word of a Match line with where it came from.
type matchWord struct {
	v    string
	span diag.Span
}

// parseMatch splits and checks a Match line's criteria with the dialect's rules: OpenSSH
// before 9.9 cuts words with strdelim (so "host=h1" and "host = h1" both work); later
// releases use the argument splitter and accept "crit=value" as one word.
func parseMatch(src string, rest diag.Span, args []Arg, d keyword.Dialect) ([]Criterion, *matchError) {
	var words []matchWord
	// leftover is set when the criteria end at an empty word (`""`, or a word cut at a
	// second '=') with text after it: match_cfg_line stops there without consuming the
	// rest, and process_config_line then reports extra arguments. Before 9.9 only.
	var leftover diag.Span
	if d.Version.AtLeast("9.9") {
		for _, a := range args {
			words = append(words, matchWord{a.Value, a.Span})
		}
	} else {
		line := src[:rest.End]
		pos := rest.Start
		for {
			t, ok := strdelim(line, &pos, true)
			if !ok {
				break
			}
			if t.Value == "" {
				if pos >= 0 && pos < rest.End {
					leftover = diag.Span{Start: pos, End: rest.End}
				}
				break
			}
			words = append(words, matchWord{t.Value, t.Raw})
		}
	}
	extra := func() *matchError {
		return &matchError{"keyword match extra arguments at end of line", leftover, CodeExtraArgs}
	}
	newStyle := d.Version.AtLeast("10.0")
	var out []Criterion
	attributes := 0
	for i := 0; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w.v, "#") {
			leftover = diag.Span{} // a comment consumes the rest of the line
			break
		}
		c := Criterion{Span: w.span}
		attr := w.v
		if strings.HasPrefix(attr, "!") {
			c.Negate = true
			attr = attr[1:]
		}
		lower := asciiLower(attr)
		if lower == "all" {
			var next *matchWord
			if i+1 < len(words) {
				next = &words[i+1]
			}
			if attributes > 1 || (next != nil && next.v != "" && next.v[0] != '#') {
				return nil, &matchError{fmt.Sprintf("'%s' cannot be combined with other Match attributes", w.v), w.span, ""}
			}
			c.Attr = "all"
			out = append(out, c)
			if next != nil && next.v == "" && i+2 < len(words) {
				return nil, &matchError{"keyword match extra arguments at end of line", words[i+2].span, CodeExtraArgs}
			}
			if next != nil && next.v != "" && next.v[0] == '#' {
				leftover = diag.Span{}
			}
			if leftover.End > leftover.Start {
				return nil, extra()
			}
			return out, nil
		}
		attributes++
		if lower == "canonical" || lower == "final" {
			c.Attr = lower
			out = append(out, c)
			continue
		}
		hasArg := false
		if newStyle {
			if k, v, ok := strings.Cut(attr, "="); ok && isPrefixCrit(asciiLower(k)) {
				lower, c.Arg, hasArg = asciiLower(k), v, true
			}
		}
		if !hasArg {
			if i+1 >= len(words) {
				if newStyle {
					return nil, &matchError{fmt.Sprintf("missing argument for Match '%s'", w.v), w.span, ""}
				}
				return nil, &matchError{fmt.Sprintf("Missing Match criteria for %s", attr), w.span, ""}
			}
			i++
			c.Arg = words[i].v
			c.Span.End = words[i].span.End
		}
		emptyOK := newStyle && (lower == "tagged" || lower == "command")
		if (c.Arg == "" && !emptyOK) || strings.HasPrefix(c.Arg, "#") {
			return nil, &matchError{fmt.Sprintf("Missing Match criteria for %s", attr), c.Span, ""}
		}
		since, known := matchCriteria[lower]
		if !known || !d.Version.AtLeast(since) || lower == "all" {
			return nil, &matchError{fmt.Sprintf("Unsupported Match attribute %s", attr), w.span, ""}
		}
		c.Attr = lower
		if lower == "localnetwork" {
			if msg := checkCIDRList(c.Arg); msg != "" {
				return nil, &matchError{msg, c.Span, ""}
			}
		}
		out = append(out, c)
	}
	if attributes == 0 {
		return nil, &matchError{"One or more attributes required for Match", rest, ""}
	}
	if leftover.End > leftover.Start {
		return nil, extra()
	}
	return out, nil
}

func isPrefixCrit(a string) bool {
	switch a {
	case "host", "originalhost", "user", "localuser", "localnetwork", "version", "tagged", "command", "exec":
		return true
	}
	return false
}

// checkCIDRList validates a Match localnetwork list as OpenSSH's addr_match_cidr_list does:
// comma-separated addresses or CIDR blocks of hex digits, '.', ':' and '/', no empty
// entries. It returns OpenSSH's message, or "".
func checkCIDRList(list string) string {
	for _, e := range strings.Split(list, ",") {
		switch {
		case e == "":
			return fmt.Sprintf("addr_match_cidr_list: empty entry in list \"%s\"", list)
		case len(e) > 46+3:
			return fmt.Sprintf("addr_match_cidr_list: list entry \"%s\" too long", e)
		case strings.Trim(e, "0123456789abcdefABCDEF.:/") != "":
			return fmt.Sprintf("addr_match_cidr_list: list entry \"%s\" contains invalid characters\nInvalid network entry \"%s\"", e, e)
		}
		if _, _, err := net.ParseCIDR(e); err != nil && net.ParseIP(e) == nil {
			return fmt.Sprintf("Invalid network entry \"%s\"", e)
		}
	}
	return ""
}
