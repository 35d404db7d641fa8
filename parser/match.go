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

// MatchCriterion describes one criterion of a Match line, as readconf.c's match_cfg_line
// knows it.
type MatchCriterion struct {
	// Name is the criterion in lower case (OpenSSH compares case-insensitively).
	Name string
	// Since is the first upstream release that knows it.
	Since string
	// Arg is true when the criterion takes an argument; from 10.0 it may also be written
	// as one word, name=argument.
	Arg bool
	// EmptyArgSince is the first release that accepts an empty argument ("" = never).
	EmptyArgSince string
	// Alone is true for "all", which cannot be combined with other criteria.
	Alone bool
	// Doc says what the criterion tests, with the differences between releases.
	Doc string
	// check validates the argument, returning OpenSSH's message or "".
	check func(arg string) string
}

// MatchCriteria lists the criteria of Match lines (readconf.c match_cfg_line, at the
// release tags named by Since).
var MatchCriteria = []MatchCriterion{
	{Name: "all", Since: "6.5", Alone: true, Doc: "Always matches; must stand alone (or follow canonical or final)."},
	{Name: "canonical", Since: "6.8", Doc: "Matches while the configuration is read again after hostname canonicalization."},
	{Name: "final", Since: "8.0", Doc: "Matches in the final pass, which it requests even without canonicalization. From 10.1 a negated final no longer requests it."},
	{Name: "exec", Since: "6.5", Arg: true, Doc: "Runs the command (after %-token expansion) through the shell; matches when it exits with 0."},
	{Name: "host", Since: "6.5", Arg: true, Doc: "Matches the host name (after Hostname and canonicalization) against the pattern list."},
	{Name: "originalhost", Since: "6.5", Arg: true, Doc: "Matches the destination as typed against the pattern list."},
	{Name: "user", Since: "6.5", Arg: true, Doc: "Matches the remote user name against the pattern list."},
	{Name: "localuser", Since: "6.5", Arg: true, Doc: "Matches the local user name against the pattern list."},
	{Name: "localnetwork", Since: "9.4", Arg: true, check: checkCIDRList, Doc: "Matches when a local interface has an address in one of the listed CIDR blocks."},
	{Name: "tagged", Since: "9.4", Arg: true, EmptyArgSince: "10.0", Doc: "Matches the Tag (or -P) value against the pattern list; from 10.0 an empty argument matches an unset tag."},
	{Name: "version", Since: "10.0", Arg: true, Doc: "Matches ssh's version string against the pattern list."},
	{Name: "sessiontype", Since: "10.0", Arg: true, Doc: "Matches the session type: shell, exec, subsystem or none."},
	{Name: "command", Since: "10.0", Arg: true, EmptyArgSince: "10.0", Doc: "Matches the remote command given on the command line; an empty argument matches no command."},
}

// LookupMatchCriterion returns the Match criterion called name (ASCII case-insensitive,
// as ssh compares), or nil.
func LookupMatchCriterion(name string) *MatchCriterion {
	lower := keyword.LowerASCII(name)
	for i := range MatchCriteria {
		if MatchCriteria[i].Name == lower {
			return &MatchCriteria[i]
		}
	}
	return nil
}

type matchError struct {
	msg  string
	span diag.Span
	code string // "" for CodeBadMatch
	// unpositioned is set for the messages ssh logs without file and line (those of
	// match_cfg_line itself and of addr_match_cidr_list).
	unpositioned bool
	// late is set for the errors ssh finds only after it has evaluated every criterion
	// and set the block's state (extra arguments after the criteria).
	late bool
}

// matchWord is one word of a Match line with where it came from.
type matchWord struct {
	v    string
	span diag.Span
}

// parseMatch splits and checks a Match line's criteria with the dialect's rules: OpenSSH
// before 9.9 cuts words with strdelim (so "host=h1" and "host = h1" both work); later
// releases use the argument splitter and accept "crit=value" as one word. On error it
// also returns the criteria before the bad one, which match_cfg_line evaluates first.
func parseMatch(src string, rest diag.Span, args []Arg, d keyword.Dialect) ([]Criterion, *matchError) {
	var words []matchWord
	// leftover is set when the criteria end at an empty word (`""`, or a word cut at a
	// second '=') with text after it: match_cfg_line stops there without consuming the
	// rest, and process_config_line then reports extra arguments. Before 9.9 only.
	var leftover diag.Span
	if d.Version.AtLeast("9.9") {
		for _, a := range args {
			words = append(words, matchWord{a.Value, a.Span()})
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
		return &matchError{msg: "keyword match extra arguments at end of line", span: leftover, code: CodeExtraArgs, late: true}
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
		crit := LookupMatchCriterion(lower)
		if crit != nil && crit.Alone {
			var next *matchWord
			if i+1 < len(words) {
				next = &words[i+1]
			}
			if attributes > 1 || (next != nil && next.v != "" && next.v[0] != '#') {
				return out, &matchError{msg: fmt.Sprintf("'%s' cannot be combined with other Match attributes", w.v), span: w.span}
			}
			c.Attr = crit.Name
			out = append(out, c)
			if next != nil && next.v == "" && i+2 < len(words) {
				return out, &matchError{msg: "keyword match extra arguments at end of line", span: words[i+2].span, code: CodeExtraArgs, late: true}
			}
			if next != nil && next.v != "" && next.v[0] == '#' {
				leftover = diag.Span{}
			}
			if leftover.End > leftover.Start {
				return out, extra()
			}
			return out, nil
		}
		attributes++
		if crit != nil && !crit.Arg {
			c.Attr = lower
			out = append(out, c)
			continue
		}
		hasArg := false
		if newStyle {
			if k, v, ok := strings.Cut(attr, "="); ok {
				if pc := LookupMatchCriterion(asciiLower(k)); pc != nil && pc.Arg {
					crit, lower, c.Arg, hasArg = pc, pc.Name, v, true
				}
			}
		}
		if !hasArg {
			if i+1 >= len(words) {
				if newStyle {
					return out, &matchError{msg: fmt.Sprintf("missing argument for Match '%s'", w.v), span: w.span}
				}
				return out, &matchError{msg: fmt.Sprintf("Missing Match criteria for %s", attr), span: w.span, unpositioned: true}
			}
			i++
			c.Arg = words[i].v
			c.Span.End = words[i].span.End
		}
		emptyOK := crit != nil && crit.EmptyArgSince != "" && d.Version.AtLeast(crit.EmptyArgSince)
		if (c.Arg == "" && !emptyOK) || strings.HasPrefix(c.Arg, "#") {
			return out, &matchError{msg: fmt.Sprintf("Missing Match criteria for %s", attr), span: c.Span, unpositioned: true}
		}
		if crit == nil || !d.Version.AtLeast(crit.Since) {
			return out, &matchError{msg: fmt.Sprintf("Unsupported Match attribute %s", attr), span: w.span, unpositioned: true}
		}
		c.Attr = lower
		if crit.check != nil {
			if msg := crit.check(c.Arg); msg != "" {
				return out, &matchError{msg: msg, span: c.Span, unpositioned: true}
			}
		}
		out = append(out, c)
	}
	if attributes == 0 {
		return out, &matchError{msg: "One or more attributes required for Match", span: rest, unpositioned: true}
	}
	if leftover.End > leftover.Start {
		return out, extra()
	}
	return out, nil
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

// MatchBeforeError tells, for a Match line of f whose criteria are in error, which
// criteria ssh evaluates before it meets the error, in order (match_cfg_line runs them,
// Match exec commands included, before it rejects the line). all is set when the error
// comes only after every criterion was evaluated and the block's state set (extra
// arguments at the end of the line). ok is false for any other line.
func (f *File) MatchBeforeError(l *Line) (crit []Criterion, all, ok bool) {
	if l.Kind != LineDirective || l.Keyword() == nil || l.Keyword().Kind != keyword.KindMatch || l.Value != nil {
		return nil, false, false
	}
	crit, e := parseMatch(f.text, l.Rest(), l.Args(), f.dialect)
	if e == nil {
		return nil, false, false
	}
	code := e.code
	if code == "" {
		code = CodeBadMatch
	}
	for _, d := range l.Diags() {
		if d.Code == code && d.Message == e.msg {
			return crit, e.late, true
		}
	}
	return nil, false, false // the line failed before its criteria were read
}
