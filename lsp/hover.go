package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// textDocument/hover: on a keyword its documentation; on a Host or Match line the
// settings ssh will use for the block's hosts, each with the line that set it; on an
// algorithm name its verdict; on a %-token what it expands to for the block's host.

func init() {
	advertise(func(c *protocol.ServerCapabilities) { c.HoverProvider = protocol.Boolean(true) })
	handle(protocol.MethodTextDocumentHover, hover)
}

// Bounds of a settings hover: the hosts resolved and the option lines shown.
const (
	hoverMaxHosts = 4
	hoverMaxLines = 60
	hoverMaxValue = 100 // bytes of one value before it is clipped
)

func hover(ctx context.Context, v *view, p *protocol.HoverParams) (*protocol.Hover, error) {
	sn, off, err := v.snapshotAt(p.TextDocument, p.Position)
	if err != nil {
		return nil, err
	}
	c := sn.File().At(off)
	if c.Line == nil || c.Line.Kind != parser.LineDirective {
		return nil, nil
	}
	h := &hoverCtx{ctx: ctx, sn: sn, c: c, md: v.s.markdownHover()}
	var ok bool
	switch {
	case c.Line.IsBlockHeader() && (c.Part == parser.PartKeyword || c.Part == parser.PartArg):
		ok, err = h.block()
	case c.Part == parser.PartKeyword:
		ok = h.keyword()
	case c.Part == parser.PartArg && c.Arg != nil && c.Line.Keyword() != nil:
		if ok, err = h.token(); !ok && err == nil {
			ok = h.algorithm()
		}
	}
	if err != nil || !ok {
		return nil, err
	}
	kind := protocol.MarkupKindPlainText
	if h.md {
		kind = protocol.MarkupKindMarkdown
	}
	r := sn.Range(h.span)
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: kind, Value: strings.TrimRight(h.b.String(), "\n") + "\n"}, Range: &r}, nil
}

// markdownHover reports whether the client takes Markdown hovers: unless it lists the
// formats it takes without markdown.
func (s *Server) markdownHover() bool {
	td := s.clientCaps.TextDocument
	if td == nil || td.Hover == nil || len(td.Hover.ContentFormat) == 0 {
		return true
	}
	return slices.Contains(td.Hover.ContentFormat, protocol.MarkupKindMarkdown)
}

// hoverCtx is one hover being written.
type hoverCtx struct {
	ctx  context.Context
	sn   *snapshot
	c    parser.Cursor
	md   bool
	b    strings.Builder
	span diag.Span // the word hovered
}

// code writes s as inline code (Markdown) or as it is.
func (h *hoverCtx) code(s string) string {
	s = printable(s)
	if !h.md {
		return s
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// bold writes s in bold (Markdown) or as it is.
func (h *hoverCtx) bold(s string) string {
	if !h.md {
		return s
	}
	return "**" + s + "**"
}

// codeBlock writes lines as a code block (Markdown) or indented.
func (h *hoverCtx) codeBlock(lines []string) {
	if !h.md {
		for _, l := range lines {
			h.b.WriteString("    " + l + "\n")
		}
		return
	}
	fence := "```"
	for _, l := range lines {
		for strings.Contains(l, fence) {
			fence += "`"
		}
	}
	h.b.WriteString(fence + "\n")
	for _, l := range lines {
		h.b.WriteString(l + "\n")
	}
	h.b.WriteString(fence + "\n")
}

// printable replaces control characters, so that config bytes never reach the editor raw.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, s)
}

// keyword documents the keyword under the cursor; an unknown keyword has no hover (its
// diagnostic says enough).
func (h *hoverCtx) keyword() bool {
	k := h.c.Line.Keyword()
	if k == nil {
		return false
	}
	h.span = h.c.Span
	d := h.sn.Dialect()
	fmt.Fprintf(&h.b, "%s (%s)\n\n%s\n\n", h.bold(k.Name), k.Kind, k.Doc)
	def := k.DefaultFor(d)
	switch {
	case !d.Supports(k):
		fmt.Fprintf(&h.b, "Not acted on by %s (%s).\n\n", d.Release, k.Status)
	case def == "":
		fmt.Fprintf(&h.b, "Default for %s: none (ssh -G prints no line).\n\n", d.Release)
	default:
		fmt.Fprintf(&h.b, "Default for %s: %s\n\n", d.Release, h.code(clip(def)))
	}
	since := "OpenSSH " + k.Since
	if k.Since == "" {
		since = "before OpenSSH 3.0"
	}
	fmt.Fprintf(&h.b, "Since %s", since)
	if k.Until != "" {
		fmt.Fprintf(&h.b, "; removed in OpenSSH %s", k.Until)
	}
	h.b.WriteString(".\n")
	return true
}

// clip shortens a long value.
func clip(s string) string {
	if len(s) <= hoverMaxValue {
		return s
	}
	cut := hoverMaxValue
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// hostTarget is a host name a block header names, and the pattern it stands for.
type hostTarget struct {
	name, pattern string
}

// blockHosts returns the hosts whose settings a hover on header l shows: for a Host line
// each positive pattern (a wildcard one as a made-up name it matches), only the hovered
// one when the cursor is on a pattern; for a Match line the host and originalhost
// patterns (a made-up name when it names none); exec says it has a Match exec criterion,
// which the server never runs.
func blockHosts(l *parser.Line, arg int) (hosts []hostTarget, exec bool) {
	seen := map[string]bool{}
	add := func(p string) {
		if p == "" || strings.HasPrefix(p, "!") {
			return
		}
		name, ok := lint.NameMatching(p)
		if !ok || seen[name] {
			return
		}
		seen[name] = true
		hosts = append(hosts, hostTarget{name, p})
	}
	if l.Name() == "host" {
		for i, a := range l.Args() {
			if arg < 0 || i == arg {
				add(a.Value)
			}
		}
		return hosts, false
	}
	crits, _ := l.Value.([]parser.Criterion)
	for _, c := range crits {
		switch {
		case c.Attr == "exec":
			exec = true
		case !c.Negate && (c.Attr == "host" || c.Attr == "originalhost"):
			for _, p := range strings.Split(c.Arg, ",") {
				add(p)
			}
		}
	}
	if len(hosts) == 0 {
		hosts = append(hosts, hostTarget{"x", ""})
	}
	return hosts, exec
}

// resolveHost resolves host with the document as the config file, tolerantly and traced (the
// server never runs Match exec: its Env has no Exec).
func (h *hoverCtx) resolveHost(host string) (*resolve.Result, error) {
	req := resolve.NewRequest(host)
	req.ConfigFile = h.sn.Path()
	req.Tolerant = true
	req.Trace = true // the hover says why the block matches (BlockEval.Reason)
	return h.sn.Resolver().ResolveContext(h.ctx, req)
}

// block shows, for each host the Host or Match line names, the options ssh will use that
// are not defaults, each with the line that set it.
func (h *hoverCtx) block() (bool, error) {
	l := h.c.Line
	arg := -1
	h.span = h.c.Span
	if h.c.Part == parser.PartArg && l.Name() == "host" {
		arg = h.c.Index
	}
	hosts, exec := blockHosts(l, arg)
	if len(hosts) == 0 {
		fmt.Fprintf(&h.b, "%s names no host: a negated pattern only excludes.\n", h.code(h.sn.File().Text(h.c.Span)))
		return true, nil
	}
	if exec {
		fmt.Fprintf(&h.b, "%s is unknown here: the language server never runs commands, so the resolver treats it as not matching and the settings below leave this block out.\n\n", h.code("Match exec"))
	}
	budget := hoverMaxLines
	for i, t := range hosts {
		if i == hoverMaxHosts {
			fmt.Fprintf(&h.b, "…%d more hosts\n", len(hosts)-i)
			break
		}
		res, err := h.resolveHost(t.name)
		if err != nil {
			if h.ctx.Err() != nil {
				return false, err
			}
			fmt.Fprintf(&h.b, "%s: cannot resolve: %s\n\n", h.bold("Host "+h.code(t.name)), printable(err.Error()))
			continue
		}
		budget = h.hostSettings(t, l, res, budget)
	}
	return true, nil
}

// hostSettings writes the settings of one host that a config line set (the request has
// no command-line options but the destination) within budget lines and returns what is
// left of the budget.
func (h *hoverCtx) hostSettings(t hostTarget, l *parser.Line, res *resolve.Result, budget int) int {
	title := "Host " + h.code(t.name)
	if t.pattern != t.name && t.pattern != "" {
		title += " (a name " + h.code(t.pattern) + " matches)"
	} else if t.pattern == "" {
		title += " (a made-up name: the Match names no host)"
	}
	fmt.Fprintf(&h.b, "%s\n\n", h.bold(title))
	for _, be := range res.Blocks {
		if be.File == h.sn.Path() && be.Line == l.Number() {
			state := "matches"
			if !be.Matched {
				state = "does not match"
			}
			fmt.Fprintf(&h.b, "This block %s (%s).\n\n", state, printable(be.Reason))
			break
		}
	}
	var rows [][3]string
	defaults := 0
	for _, o := range res.Options() {
		if o.Source.Kind != resolve.FromConfig {
			defaults++
			continue
		}
		rows = append(rows, [3]string{o.Name, printable(clip(o.Value)), h.sourceName(o.Source)})
	}
	if len(rows) == 0 {
		fmt.Fprintf(&h.b, "Every option has its default (%d options).\n\n", defaults)
		return budget
	}
	shown := min(len(rows), max(budget, 0))
	// align the sources after the values, except after values too long to be worth it
	// (paths and algorithm lists), which would push every other source far right
	const alignMax = 40
	w0, w1 := 0, 0
	for _, r := range rows[:shown] {
		w0 = max(w0, len(r[0]))
		if len(r[1]) <= alignMax {
			w1 = max(w1, len(r[1]))
		}
	}
	lines := make([]string, 0, shown+1)
	for _, r := range rows[:shown] {
		lines = append(lines, fmt.Sprintf("%-*s %-*s  # %s", w0, r[0], w1, r[1], r[2]))
	}
	if shown < len(rows) {
		lines = append(lines, fmt.Sprintf("…%d more", len(rows)-shown))
	}
	h.codeBlock(lines)
	fmt.Fprintf(&h.b, "Left out: %d options at their defaults, computed or from the destination.\n\n", defaults)
	return budget - shown
}

// sourceName names a source as file:line, the file relative to the document's directory
// when it is there.
func (h *hoverCtx) sourceName(s resolve.Source) string {
	if s.Kind != resolve.FromConfig {
		return s.String()
	}
	name := s.File
	if rel, err := filepath.Rel(filepath.Dir(h.sn.Path()), s.File); err == nil && !strings.HasPrefix(rel, "..") {
		name = rel
	}
	return fmt.Sprintf("%s:%d", printable(name), s.Line)
}

// hoverTokens says what each %-token stands for.
var hoverTokens = map[byte]string{
	'%': "a literal '%'",
	'C': "a hash of %l%h%p%r%j (the connection)",
	'd': "the local user's home directory",
	'f': "the fingerprint of the server's host key",
	'H': "the known_hosts host name or address being looked up",
	'h': "the remote host name",
	'I': "why KnownHostsCommand is being run",
	'i': "the local user ID",
	'j': "the ProxyJump value",
	'K': "the server's host key, base64-encoded",
	'k': "the HostKeyAlias, else the host name as given",
	'L': "the local host name, without its domain",
	'l': "the local host name, with its domain",
	'n': "the host name as given on the command line",
	'p': "the remote port",
	'r': "the remote user name",
	'T': "the tunnel interface ssh opened, or NONE",
	't': "the type of the server's host key",
	'u': "the local user name",
}

// token explains the %-token under the cursor and expands it for the block's host.
func (h *hoverCtx) token() (bool, error) {
	l, k := h.c.Line, h.c.Line.Keyword()
	if !k.Expand.Has(keyword.ExpandTokens) {
		return false, nil
	}
	src := h.sn.File().Src
	off := h.c.Offset
	var letter byte
	for i := h.c.Arg.Span().Start; i+1 < h.c.Arg.Span().End; i++ {
		if src[i] != '%' {
			continue
		}
		if off == i || off == i+1 {
			letter = src[i+1]
			h.span = diag.Span{Start: i, End: i + 2}
			break
		}
		i++ // the token's letter, which may itself be '%'
	}
	if letter == 0 {
		return false, nil
	}
	tok := "%" + string(letter)
	if letter != '%' && !strings.ContainsRune(k.TokensFor(h.sn.Dialect()), rune(letter)) {
		fmt.Fprintf(&h.b, "%s is not a token %s accepts in %s.\n", h.code(tok), k.Name, h.sn.Dialect().Release)
		return true, nil
	}
	fmt.Fprintf(&h.b, "%s: %s.\n\n", h.code(tok), hoverTokens[letter])
	hosts, _ := blockHosts(headerOr(h.c.Block), -1)
	host := "x"
	if len(hosts) > 0 {
		host = hosts[0].name
	}
	res, err := h.resolveHost(host)
	if err != nil {
		if h.ctx.Err() != nil {
			return false, err
		}
		return true, nil
	}
	if v, err := res.Expand(l.Keyword().ID, tok, nil); err == nil {
		fmt.Fprintf(&h.b, "For host %s: %s\n", h.code(host), h.code(v))
	} else {
		fmt.Fprintf(&h.b, "For host %s it is known only while connecting.\n", h.code(host))
	}
	return true, nil
}

// headerOr returns the block's header, or for the lines before the first Host or Match
// an empty line, which names no host (as a Match line of no criteria would not).
func headerOr(b *parser.Block) *parser.Line {
	if b == nil || b.Header == nil {
		return &parser.Line{}
	}
	return b.Header
}

// algorithm gives the verdict on the algorithm name under the cursor and whether the
// target OpenSSH knows it.
func (h *hoverCtx) algorithm() bool {
	k := h.c.Line.Keyword()
	if k.Kind != keyword.KindAlgorithms || k.Algorithms == keyword.NoAlgorithms {
		return false
	}
	a := h.c.Arg
	raw := h.sn.File().Text(a.Span())
	start := a.Span().Start
	if raw != a.Value {
		if raw != `"`+a.Value+`"` {
			return false // escapes: offsets in the value are not offsets in the file
		}
		start++
	}
	rel := h.c.Offset - start
	if rel < 0 || rel >= len(a.Value) {
		return false
	}
	from := strings.LastIndexByte(a.Value[:rel], ',') + 1
	to := len(a.Value)
	if i := strings.IndexByte(a.Value[rel:], ','); i >= 0 {
		to = rel + i
	}
	if from == 0 && to > 0 && strings.ContainsRune("+-^", rune(a.Value[0])) {
		from = 1
	}
	name := a.Value[from:to]
	if name == "" || h.c.Offset < start+from {
		return false
	}
	h.span = diag.Span{Start: start + from, End: start + to}
	d := h.sn.Dialect()
	fmt.Fprintf(&h.b, "%s\n\n", h.bold(h.code(name)))
	if level, reason, ok := lint.AlgorithmVerdict(k.Algorithms, name); ok {
		fmt.Fprintf(&h.b, "Verdict: %s: %s.\n\n", h.bold(level), reason)
	} else if strings.ContainsAny(name, "*?") {
		h.b.WriteString("A pattern: it stands for every supported name it matches.\n\n")
	} else {
		h.b.WriteString("sshcfg has no verdict on this name.\n\n")
	}
	if slices.Contains(d.Algorithms().Valid(k.Algorithms), name) {
		fmt.Fprintf(&h.b, "Known to %s.\n", d.Release)
	} else if !strings.ContainsAny(name, "*?") {
		fmt.Fprintf(&h.b, "Not known to %s.\n", d.Release)
	}
	return true
}
