package parser

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Options tune parsing.
type Options struct {
	// Dialect selects the OpenSSH release whose grammar is followed. The zero value means
	// keyword.Debian92, the OpenSSH sshcfg is tested against.
	Dialect keyword.Dialect
	// Services resolves TCP service names in port fields; nil means DefaultServices.
	Services func(string) (int, bool)
	// CommandLine parses text given with ssh -o: Host, Match and Include are refused.
	CommandLine bool
}

// Diagnostic codes produced by the parser.
const (
	CodeNoArgument     = "no-argument"
	CodeInvalidQuotes  = "invalid-quotes"
	CodeUnknownKeyword = "unknown-keyword"
	CodeTooNew         = "keyword-too-new"
	CodeBadValue       = "bad-value"
	CodeMissingArg     = "missing-argument"
	CodeExtraArgs      = "extra-arguments"
	CodeDeprecated     = "deprecated-keyword"
	CodeUnsupported    = "unsupported-keyword"
	CodeIgnoredLine    = "ignored-line"
	CodeBadMatch       = "bad-match"
	CodeNotOnCmdline   = "not-on-command-line"
	CodeNulByte        = "nul-byte"
)

// Parse builds the lossless tree of one config file. It never fails and does no I/O:
// problems become diagnostics on the lines where they are, and parsing goes on.
func Parse(name string, src []byte, opts Options) *File {
	if opts.Dialect.Version.Major == 0 {
		opts.Dialect = keyword.Debian92
	}
	if opts.Services == nil {
		opts.Services = DefaultServices
	}
	f := &File{Name: name, Src: src, dialect: opts.Dialect}
	d := &decoder{dialect: opts.Dialect, services: opts.Services}
	cur := &Block{}
	f.Blocks = append(f.Blocks, cur)
	start, number := 0, 0
	for start < len(src) || (start == 0 && len(src) == 0) {
		if len(src) == 0 {
			break
		}
		number++
		end := bytes.IndexByte(src[start:], '\n')
		lineEnd := len(src)
		if end < 0 {
			end = len(src)
		} else {
			end += start
			lineEnd = end + 1
		}
		l := parseLine(f, d, src, start, end, lineEnd, number, opts)
		if l.IsBlockHeader() {
			cur = &Block{Header: l}
			f.Blocks = append(f.Blocks, cur)
		} else {
			cur.Lines = append(cur.Lines, l)
		}
		f.Diags = append(f.Diags, l.Diags...)
		start = lineEnd
	}
	return f
}

// parseLine lexes and validates one line.
func parseLine(f *File, d *decoder, src []byte, start, end, lineEnd, number int, opts Options) *Line {
	lx := lexLine(src, start, end)
	l := &Line{
		Span:   diag.Span{Start: start, End: lineEnd},
		Number: number,
		Kind:   lx.kind,
		Tokens: lx.tokens(src, start, end, lineEnd),
	}
	report := func(sp diag.Span, sev diag.Severity, code, format string, a ...any) {
		l.Diags = append(l.Diags, diag.Diagnostic{
			File: f.Name, Span: sp, Severity: sev, Code: code, Message: fmt.Sprintf(format, a...),
		})
	}
	if lx.ignored.Len() > 0 {
		report(lx.ignored, diag.Warning, CodeNulByte, "NUL byte: ssh ignores the rest of the line")
	}
	if l.Kind == LineIgnored {
		if lx.openQuote {
			report(lx.content, diag.Warning, CodeIgnoredLine, "ssh ignores this line: the quote in the keyword is not closed")
		} else {
			report(lx.content, diag.Warning, CodeIgnoredLine, "ssh ignores this line: it has no keyword")
		}
	}
	if l.Kind != LineDirective {
		return l
	}
	l.Name = asciiLower(lx.key.Value)
	l.KeySpan = lx.key.Raw
	l.Rest = lx.rest
	l.Args = lx.args
	whole := diag.Span{Start: lx.key.Raw.Start, End: lx.content.End}
	var k *keyword.Keyword
	if isASCII(l.Name) { // keyword.Lookup folds Unicode; no keyword has non-ASCII bytes
		k = opts.Dialect.Lookup(l.Name)
	}
	if lx.noArgument {
		// ssh checks for an argument before it looks the keyword up; a keyword the
		// dialect knows is still recorded, for hover and completion.
		if k != nil && opts.Dialect.Knows(k) {
			l.Keyword = k
		}
		report(whole, diag.Error, CodeNoArgument, "no argument after keyword \"%s\"", l.Name)
		return l
	}
	if k != nil && !opts.Dialect.Knows(k) {
		if k.Since != "" && !opts.Dialect.Version.AtLeast(k.Since) {
			report(l.KeySpan, diag.Error, CodeTooNew, "Bad configuration option: %s (needs OpenSSH %s or newer; this is %s)", l.Name, k.Since, opts.Dialect.Version)
		} else {
			report(l.KeySpan, diag.Error, CodeUnknownKeyword, "Bad configuration option: %s (not supported by this OpenSSH build)", l.Name)
		}
		k = nil
		l.Keyword = nil
		return l
	}
	l.Keyword = k
	if k == nil {
		dg := diag.Diagnostic{File: f.Name, Span: l.KeySpan, Severity: diag.Error, Code: CodeUnknownKeyword,
			Message: "Bad configuration option: " + l.Name}
		if s := Suggest(l.Name); s != "" {
			dg.Message += fmt.Sprintf(" (did you mean %s?)", s)
			dg.Fixes = []diag.Fix{{Title: "Replace with " + s, Edits: []diag.Edit{{Span: l.KeySpan, New: s}}}}
		}
		l.Diags = append(l.Diags, dg)
		return l
	}
	if !lx.quotesOK {
		report(lx.rest, diag.Error, CodeInvalidQuotes, "invalid quotes")
		return l
	}
	if opts.CommandLine && (k.Kind == keyword.KindHost || k.Kind == keyword.KindMatch || k.Kind == keyword.KindInclude) {
		what := "Host"
		if k.Kind == keyword.KindInclude {
			what = "Include"
		} else if k.Kind == keyword.KindMatch && opts.Dialect.Version.AtLeast("9.3") {
			what = "Match"
		}
		report(whole, diag.Error, CodeNotOnCmdline, "%s directive not supported as a command-line option", what)
		return l
	}
	switch {
	case k.Status == keyword.Deprecated:
		report(l.KeySpan, diag.Warning, CodeDeprecated, "Deprecated option \"%s\": ssh ignores it", l.Name)
		return l
	case k.Status == keyword.Ignored:
		report(l.KeySpan, diag.Info, CodeDeprecated, "ssh ignores \"%s\"", l.Name)
		return l
	case k.Status == keyword.Unsupported || !opts.Dialect.Supports(k):
		report(l.KeySpan, diag.Warning, CodeUnsupported, "Unsupported option \"%s\": ssh ignores it", l.Name)
		return l
	}
	if k.Kind == keyword.KindMatch {
		crit, e := parseMatch(f.Src, lx.rest, lx.args, opts.Dialect)
		if e != nil {
			sp := whole
			if e.span.End > e.span.Start {
				sp = e.span
			}
			code := CodeBadMatch
			if e.code != "" {
				code = e.code
			}
			report(sp, diag.Error, code, "%s", e.msg)
			return l
		}
		l.Value = crit
		return l
	}
	v, used, err := d.decode(k, l, string(src[lx.rest.Start:lx.rest.End]))
	if err != nil {
		sp := whole
		if err.arg >= 0 && err.arg < len(l.Args) {
			sp = l.Args[err.arg].Span
		}
		report(sp, diag.Error, err.code, "%s", err.msg)
		return l
	}
	if used < len(l.Args) {
		sp := diag.Span{Start: l.Args[used].Span.Start, End: l.Args[len(l.Args)-1].Span.End}
		report(sp, diag.Error, CodeExtraArgs, "keyword %s extra arguments at end of line", l.Name)
		return l
	}
	l.Value = v
	return l
}

// Suggest returns the canonical keyword closest to a misspelled one, or "".
func Suggest(name string) string {
	name = asciiLower(name)
	best, bestDist := "", 4
	if len(name) < 5 {
		bestDist = 2
	}
	names := make([]string, 0, len(keyword.Table))
	for i := range keyword.Table {
		if keyword.Table[i].Status == keyword.Supported {
			names = append(names, keyword.Table[i].Name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if dist := editDistance(name, asciiLower(n)); dist < bestDist {
			best, bestDist = n, dist
		}
	}
	return best
}

// editDistance is the Damerau-Levenshtein (optimal string alignment) distance.
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
