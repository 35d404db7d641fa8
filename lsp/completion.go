package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// textDocument/completion. What is offered depends on where the cursor is
// (parser.File.At): keywords at the start of a line; after a keyword, the words its
// value takes: enum words, the dialect's algorithm names (one element of a
// comma-separated list at a time, after a + - ^ prefix), Match criteria, %-tokens,
// host aliases of the configuration, and directory entries for file keywords.
// Nothing is resolved per request: the alias list is computed once per configuration
// and refreshed in the background after edits (hostCache).

func init() {
	advertise(func(c *protocol.ServerCapabilities) {
		c.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{"%", ",", "/", "="}}
	})
	handle(protocol.MethodTextDocumentCompletion, complete)
}

// Bounds on the items of one completion: directory entries listed, and host aliases
// offered (past it, only aliases that start with the typed text, and the list is
// marked incomplete so that the client asks again as the user types).
const (
	maxPathEntries = 200
	maxHostItems   = 200
)

func complete(ctx context.Context, v *view, p *protocol.CompletionParams) (*protocol.CompletionList, error) {
	sn, off, err := v.snapshotAt(p.TextDocument, p.Position)
	if err != nil {
		return nil, err
	}
	cc := &completer{sn: sn, f: sn.File(), d: sn.Dialect(), off: off}
	cc.run()
	return &protocol.CompletionList{Items: cc.items, IsIncomplete: cc.incomplete}, nil
}

// completer collects the items of one completion request.
type completer struct {
	sn    *snapshot
	f     *parser.File
	d     keyword.Dialect
	off   int
	items []protocol.CompletionItem
	// incomplete says items were left out: the client must ask again as the user types.
	incomplete bool
}

// word is the text being completed: its span (what an item replaces) and the part of
// it before the cursor.
type word struct {
	span   diag.Span
	prefix string
}

func (cc *completer) run() {
	c := cc.f.At(cc.off)
	switch c.Part {
	case parser.PartNone, parser.PartComment, parser.PartIgnored:
		if c.Part == parser.PartNone && len(cc.f.Blocks) == 0 {
			cc.keywords(word{span: diag.Span{Start: cc.off, End: cc.off}}, false) // an empty file
		}
		return
	case parser.PartBlank, parser.PartIndent:
		cc.keywords(word{span: diag.Span{Start: cc.off, End: cc.off}}, cc.inBlock(c))
		return
	case parser.PartKeyword:
		cc.keywords(cc.wordOf(c.Span), cc.inBlock(c))
		return
	}
	l := c.Line
	if l == nil {
		return
	}
	if l.KeySpan().End == cc.off && c.Index == 0 && c.Part != parser.PartArg {
		cc.keywords(cc.wordOf(l.KeySpan()), cc.inBlock(c)) // "Forw|"
		return
	}
	// The argument being completed: the one under the cursor, the one that ends at it,
	// or a new one.
	index, w := c.Index, word{span: diag.Span{Start: cc.off, End: cc.off}}
	switch {
	case c.Part == parser.PartArg:
		w = cc.wordOf(c.Span)
	case c.Index > 0 && l.Args()[c.Index-1].Span().End == cc.off:
		index = c.Index - 1
		w = cc.wordOf(l.Args()[index].Span())
	}
	if w.prefix != "" && (w.prefix[0] == '"' || w.prefix[0] == '\'') {
		w.span.Start++
		w.prefix = w.prefix[1:]
		if w.span.End > w.span.Start && cc.f.Src[w.span.End-1] == cc.f.Src[w.span.Start-1] {
			w.span.End--
		}
	}
	kw := l.Keyword()
	if kw == nil {
		kw = cc.d.Lookup(l.Name())
	}
	if kw == nil {
		return
	}
	if cc.tokens(kw, w) {
		return
	}
	cc.values(l, kw, index, w)
}

// wordOf returns the word of span s, cut at the cursor.
func (cc *completer) wordOf(s diag.Span) word {
	end := max(s.Start, min(cc.off, s.End))
	return word{span: s, prefix: string(cc.f.Src[s.Start:end])}
}

// inBlock reports whether the cursor's line belongs to a Host or Match block.
func (cc *completer) inBlock(c parser.Cursor) bool {
	return c.Block != nil && c.Block.Header != nil && c.Block.Header != c.Line
}

// add appends an item replacing w.
func (cc *completer) add(w word, label string, kind protocol.CompletionItemKind, detail, doc, sortKey string) {
	it := protocol.CompletionItem{
		Label:    label,
		Kind:     kind,
		TextEdit: &protocol.TextEdit{Range: cc.sn.Range(w.span), NewText: label},
	}
	if detail != "" {
		it.Detail = protocol.NewOptional(detail)
	}
	if doc != "" {
		it.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: doc}
	}
	if sortKey != "" {
		it.SortText = protocol.NewOptional(sortKey)
	}
	cc.items = append(cc.items, it)
}

// keywords offers the keywords the dialect acts on; a deprecated, ignored or
// unsupported keyword only when what is typed is already its full name.
func (cc *completer) keywords(w word, inBlock bool) {
	for i := range keyword.Table {
		k := &keyword.Table[i]
		if !cc.d.Knows(k) {
			continue
		}
		if !cc.d.Supports(k) && !keyword.EqualFoldASCII(w.prefix, k.Name) {
			continue
		}
		kind := protocol.CompletionItemKindProperty
		sortKey := "1" + k.Name
		if k.Multi == keyword.Block {
			kind = protocol.CompletionItemKindKeyword
			if inBlock {
				sortKey = "0" + k.Name
			}
		}
		cc.add(w, k.Name, kind, k.Kind.String(), keywordDoc(k), sortKey)
	}
}

// keywordDoc is the markdown documentation of a keyword.
func keywordDoc(k *keyword.Keyword) string {
	var b strings.Builder
	b.WriteString("**" + k.Name + "** (" + k.Kind.String() + ")")
	if k.Status != keyword.Supported {
		b.WriteString(" — " + k.Status.String())
	}
	b.WriteString("\n\n" + k.Doc)
	if k.Default != "" {
		b.WriteString("\n\nDefault: `" + k.Default + "`")
	}
	return b.String()
}

// tokens offers the keyword's %-tokens when the cursor follows an unpaired '%', and
// reports whether it did.
func (cc *completer) tokens(kw *keyword.Keyword, w word) bool {
	pct := strings.LastIndexByte(w.prefix, '%')
	if pct < 0 || pct != len(w.prefix)-1 {
		return false
	}
	run := 0
	for i := pct; i >= 0 && w.prefix[i] == '%'; i-- {
		run++
	}
	if run%2 == 0 {
		return false // "%%" is a literal percent
	}
	letters := kw.TokensFor(cc.d)
	if letters == "" {
		return false
	}
	tw := word{span: diag.Span{Start: w.span.Start + pct, End: cc.off}, prefix: "%"}
	for _, r := range letters + "%" {
		cc.add(tw, "%"+string(r), protocol.CompletionItemKindVariable, "token", tokenDocs[r], "")
	}
	return true
}

// tokenDocs says what each %-token stands for (ssh_config(5) TOKENS).
var tokenDocs = map[rune]string{
	'%': "A literal `%`.",
	'C': "Hash of `%l%h%p%r%j`: a short name for this connection, good in ControlPath.",
	'd': "The local user's home directory.",
	'f': "The fingerprint of the server's host key.",
	'H': "The known_hosts host name or address being looked up.",
	'h': "The remote host name (after Hostname).",
	'I': "Why KnownHostsCommand is run: `ADDRESS`, `HOSTNAME` or `ORDER`.",
	'i': "The local user ID.",
	'j': "The ProxyJump value of the connection, empty without one.",
	'K': "The host key, base64-encoded.",
	'k': "The HostKeyAlias if set, else the host name as typed.",
	'L': "The local host name, without its domain.",
	'l': "The local host name, with its domain.",
	'n': "The remote host name as typed on the command line.",
	'p': "The remote port.",
	'r': "The remote user name.",
	'T': "The tun/tap device of a Tunnel, or `NONE`.",
	't': "The type of the server's host key.",
	'u': "The local user name.",
}

// values offers what argument index of a kw line may be.
func (cc *completer) values(l *parser.Line, kw *keyword.Keyword, index int, w word) {
	switch {
	case kw.Kind == keyword.KindMatch:
		cc.match(l, index, w)
	case kw.Kind == keyword.KindHost:
		cc.hosts(w)
	case kw.Kind == keyword.KindInclude, kw.Kind == keyword.KindPathList:
		cc.paths(w, kw.Kind == keyword.KindInclude)
	case index > 0:
	case kw.Kind == keyword.KindPath:
		cc.paths(w, false)
	case kw.Kind == keyword.KindAlgorithms:
		cc.algorithms(kw, w)
	case kw.Kind == keyword.KindProxyJump:
		cc.proxyJump(kw, w)
	case len(kw.Values) > 0:
		cc.enum(kw, w)
	}
}

// enum offers the words of kw.Values: for each value, the word ssh -G prints first,
// then its synonyms.
func (cc *completer) enum(kw *keyword.Keyword, w word) {
	var seen []int
	for _, e := range kw.Values {
		if slices.Contains(seen, e.Value) {
			continue
		}
		seen = append(seen, e.Value)
		printed := kw.Word(e.Value)
		if kw.Kind == keyword.KindFlag || (kw.Kind != keyword.KindEnum && (e.Word == "true" || e.Word == "false")) {
			printed = map[int]string{1: "yes", 0: "no"}[e.Value]
			if printed == "" {
				printed = kw.Word(e.Value)
			}
		}
		rank := string(rune('a' + len(seen)))
		cc.add(w, printed, protocol.CompletionItemKindEnumMember, kw.Name, "", "0"+rank)
		for _, s := range kw.Values {
			if s.Value == e.Value && s.Word != printed {
				cc.add(w, s.Word, protocol.CompletionItemKindEnumMember, "same as "+printed, "", "1"+rank+s.Word)
			}
		}
	}
	if kw.AllowNone && !slices.ContainsFunc(kw.Values, func(e keyword.EnumValue) bool { return e.Word == "none" }) {
		cc.add(w, "none", protocol.CompletionItemKindEnumMember, kw.Name, "", "2")
	}
}

// element cuts the comma-separated element of w under the cursor.
func (cc *completer) element(w word) (el word, others []string) {
	text := string(cc.f.Src[w.span.Start:w.span.End])
	at := len(w.prefix)
	start := strings.LastIndexByte(text[:at], ',') + 1
	end := len(text)
	if i := strings.IndexByte(text[at:], ','); i >= 0 {
		end = at + i
	}
	others = strings.Split(text, ",")
	el = word{span: diag.Span{Start: w.span.Start + start, End: w.span.Start + end}, prefix: text[start:at]}
	return el, others
}

// algorithms offers the dialect's names of the keyword's family for the list element
// under the cursor (after a leading + - ^ on the first one), leaving out the names
// already listed.
func (cc *completer) algorithms(kw *keyword.Keyword, w word) {
	el, listed := cc.element(w)
	if el.span.Start == w.span.Start && el.prefix != "" && strings.ContainsRune("+-^", rune(el.prefix[0])) {
		el.span.Start++
		el.prefix = el.prefix[1:]
	}
	if len(listed) > 0 {
		listed[0] = strings.TrimLeft(listed[0], "+-^")
	}
	algs := cc.d.Algorithms()
	defaults := algs.Default(kw.Algorithms)
	for i, name := range algs.Valid(kw.Algorithms) {
		if slices.Contains(listed, name) && name != el.prefix {
			continue
		}
		detail := kw.Name
		if slices.Contains(defaults, name) {
			detail += " (default)"
		}
		cc.add(el, name, protocol.CompletionItemKindValue, detail, "", sortIndex(i))
	}
}

// sortIndex keeps items in the order of a list.
func sortIndex(i int) string {
	const digits = "0123456789"
	return string([]byte{digits[i/100%10], digits[i/10%10], digits[i%10]})
}

// proxyJump offers host aliases for the hop under the cursor (after a user@).
func (cc *completer) proxyJump(kw *keyword.Keyword, w word) {
	el, _ := cc.element(w)
	if i := strings.LastIndexByte(el.prefix, '@'); i >= 0 {
		el.span.Start += i + 1
		el.prefix = el.prefix[i+1:]
	}
	if el.span.Start == w.span.Start && kw.AllowNone {
		cc.add(el, "none", protocol.CompletionItemKindKeyword, kw.Name, "No jump host (overrides a later ProxyJump or ProxyCommand).", "0")
	}
	cc.hosts(el)
}

// match offers criteria where one goes and host aliases as the argument of host and
// originalhost.
func (cc *completer) match(l *parser.Line, index int, w word) {
	newStyle := cc.d.Version.AtLeast("10.0")
	argOf := "" // the criterion whose argument the cursor is in
	for i := 0; i < index && i < len(l.Args()); i++ {
		name := strings.TrimPrefix(l.Args()[i].Value, "!")
		crit := parser.LookupMatchCriterion(name)
		if crit == nil || !crit.Arg || (newStyle && strings.Contains(name, "=")) {
			continue
		}
		if i+1 == index {
			argOf = crit.Name
		}
		i++
	}
	if argOf == "" && newStyle {
		if k, _, ok := strings.Cut(w.prefix, "="); ok {
			if crit := parser.LookupMatchCriterion(strings.TrimPrefix(k, "!")); crit != nil && crit.Arg {
				argOf = crit.Name
				n := len(k) + 1
				w = word{span: diag.Span{Start: w.span.Start + n, End: w.span.End}, prefix: w.prefix[n:]}
			}
		}
	}
	switch argOf {
	case "":
		if strings.HasPrefix(w.prefix, "!") {
			w.span.Start++
			w.prefix = w.prefix[1:]
		}
		for i, crit := range parser.MatchCriteria {
			if !cc.d.Version.AtLeast(crit.Since) {
				continue
			}
			detail := "criterion"
			if crit.Arg {
				detail = "criterion with argument"
			}
			cc.add(w, crit.Name, protocol.CompletionItemKindKeyword, detail, crit.Doc, sortIndex(i))
		}
	case "host", "originalhost":
		el, _ := cc.element(w)
		if strings.HasPrefix(el.prefix, "!") {
			el.span.Start++
			el.prefix = el.prefix[1:]
		}
		cc.hosts(el)
	}
}

// hosts offers the concrete Host aliases of the document's configuration.
// Past maxHostItems, only those that start with the typed text are offered, up to
// maxHostItems of them.
func (cc *completer) hosts(w word) {
	aliases := cc.sn.s.hostAliases(cc.sn)
	filter := len(aliases) > maxHostItems
	n := 0
	for _, a := range aliases {
		if filter && !hasPrefixFold(a.name, w.prefix) {
			continue
		}
		if n == maxHostItems {
			cc.incomplete = true
			break
		}
		n++
		cc.add(w, a.name, protocol.CompletionItemKindReference, "host", a.where, "")
	}
	if filter {
		cc.incomplete = true
	}
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && keyword.EqualFoldASCII(s[:len(prefix)], prefix)
}

// paths offers the directory entries that continue the typed path. Relative paths are
// taken from the document's directory for Include (ssh reads them from ~/.ssh) and
// are not completed for other keywords, which ssh reads from its working directory;
// an empty word lists ~/.ssh/.
func (cc *completer) paths(w word, include bool) {
	typed := w.prefix
	if typed == "" && !include {
		typed = "~/.ssh/"
	}
	home := cc.sn.s.opts.Env.User.Home
	dir, base := typed[:strings.LastIndexByte(typed, '/')+1], typed[strings.LastIndexByte(typed, '/')+1:]
	var abs string
	switch {
	case dir == "" && strings.HasPrefix(typed, "~"):
		return // "~user" is not completed
	case strings.HasPrefix(dir, "~/"):
		abs = filepath.Join(home, dir[2:])
	case filepath.IsAbs(dir):
		abs = dir
	case include:
		abs = filepath.Join(filepath.Dir(cc.sn.Path()), dir)
	default:
		return
	}
	if strings.ContainsAny(base, "*?[") {
		return
	}
	entries := listDir(abs, base)
	for _, e := range entries {
		kind := protocol.CompletionItemKindFile
		name := e.name
		if e.dir {
			kind = protocol.CompletionItemKindFolder
			name += "/"
		}
		label := dir + name
		cc.add(w, label, kind, "", "", "")
		cc.items[len(cc.items)-1].FilterText = protocol.NewOptional(label)
	}
}

// dirEntry is one directory entry offered by path completion.
type dirEntry struct {
	name string
	dir  bool
}

// listDir lists up to maxPathEntries regular files and directories of dir whose names
// start with prefix (dot files only when prefix starts with a dot). It opens dir only
// when it is a directory, and follows a symbolic link only to a regular file or
// directory, so a FIFO or device is never opened.
func listDir(dir, prefix string) []dirEntry {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	fd, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer fd.Close()
	var out []dirEntry
	for len(out) < maxPathEntries {
		batch, err := fd.ReadDir(64)
		for _, e := range batch {
			name := e.Name()
			if !strings.HasPrefix(name, prefix) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(prefix, ".")) {
				continue
			}
			t := e.Type()
			if t&os.ModeSymlink != 0 {
				st, err := os.Stat(filepath.Join(dir, name))
				if err != nil {
					continue
				}
				t = st.Mode().Type()
			}
			if t != 0 && !t.IsDir() {
				continue // devices, FIFOs, sockets
			}
			out = append(out, dirEntry{name: name, dir: t.IsDir()})
			if len(out) == maxPathEntries {
				break
			}
		}
		if err != nil {
			break
		}
	}
	slices.SortFunc(out, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return out
}

// hostAlias is a Host alias offered by completion, with where it is defined.
type hostAlias struct {
	name, where string
}

// hostCache keeps the alias list of each configuration file. A list computed for an
// older set of open documents is still served (aliases rarely change under a
// keystroke) while one refresh at a time recomputes it in the background.
type hostCache struct {
	mu      sync.Mutex
	entries map[string]*hostEntry
}

type hostEntry struct {
	docs       *docSet
	aliases    []hostAlias
	refreshing bool
}

// hostAliases returns the aliases of the configuration the document is, computing
// them on first use.
func (s *Server) hostAliases(sn *snapshot) []hostAlias {
	path := sn.Path()
	s.hosts.mu.Lock()
	e, ok := s.hosts.entries[path]
	if ok && e.docs != sn.docs && !e.refreshing {
		e.refreshing = true
		go s.refreshHosts(sn, path)
	}
	s.hosts.mu.Unlock()
	if ok {
		return e.aliases
	}
	return s.refreshHosts(sn, path)
}

// refreshHosts computes the aliases of config file path for the snapshot's documents
// and stores them, unless a newer set is already stored.
func (s *Server) refreshHosts(sn *snapshot, path string) []hostAlias {
	list, _, _ := sn.Resolver().Hosts(path)
	aliases := make([]hostAlias, len(list))
	for i, a := range list {
		aliases[i] = hostAlias{name: a.Name, where: "`" + filepath.Base(a.File) + ":" + strconv.Itoa(a.Line) + "`"}
	}
	s.hosts.mu.Lock()
	defer s.hosts.mu.Unlock()
	if s.hosts.entries == nil {
		s.hosts.entries = map[string]*hostEntry{}
	}
	if old, ok := s.hosts.entries[path]; !ok || old.docs == nil || docSetOlder(old.docs, sn.docs) {
		s.hosts.entries[path] = &hostEntry{docs: sn.docs, aliases: aliases}
	} else {
		old.refreshing = false
	}
	return aliases
}

// docSetOlder reports whether a is an older set of documents than b (its newest
// document was created earlier).
func docSetOlder(a, b *docSet) bool { return newest(a) <= newest(b) }

func newest(ds *docSet) uint64 {
	var n uint64
	for _, d := range ds.byURI {
		n = max(n, d.seq)
	}
	return n
}
