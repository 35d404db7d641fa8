package parser

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/internal/tuning"
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
	// Keep, when set, makes a partial tree for resolving one host fast (File.Partial):
	// every line is still checked, but the lines of a block whose header Keep rejects are
	// dropped unless ssh acts on them even in a block that does not apply. Blank and
	// comment lines are dropped too. Resolving only ever needs the blocks that can apply.
	// Keep may be asked more than once about a header, and must not hold on to the Line
	// it is given (a rejected header is built in scratch space).
	Keep func(header *Line) bool
	// KeepHeaders, with Keep, keeps every Host and Match line, whether Keep accepts it or
	// not (the lines of a rejected block are still dropped): a trace of how every block
	// was evaluated, or a list of the aliases, needs the headers and nothing else.
	KeepHeaders bool
	// SourceGiven says the caller hands src over to Parse and never changes it afterwards
	// (bytes it has just read, say): Parse then keeps src instead of copying it.
	SourceGiven bool
}

// Parse builds the lossless tree of one config file. It never fails and does no I/O:
// problems become diagnostics on the lines where they are, and parsing goes on.
//
// Parse copies src once (unless opts.SourceGiven); argument values are substrings of that
// copy. Positions are held in 32 bits: src must be shorter than 4 GiB (Parse panics
// otherwise; the resolver reads files of up to 64 MiB). The lines, tokens
// and arguments of a file are cut from a few shared allocations, so holding on to one
// Line keeps the whole tree in memory.
func Parse(name string, src []byte, opts Options) *File {
	return parseChunks(name, src, opts, chunks)
}

// parseChunks is Parse with the file cut into chunks by cut (given the text and its
// line count) rather than by the number of goroutines available.
func parseChunks(name string, src []byte, opts Options, cut func(text string, n int) []chunk) *File {
	if opts.Dialect.Version.Major == 0 {
		opts.Dialect = keyword.Debian92
	}
	if opts.Services == nil {
		opts.Services = DefaultServices
	}
	// The tree owns a copy of src: its words and arguments are substrings of that copy, so
	// what the caller does with src afterwards cannot change them.
	if uint64(len(src)) > math.MaxUint32 {
		panic("parser: a source of 4 GiB or more")
	}
	if !opts.SourceGiven {
		src = bytes.Clone(src)
	}
	text := unsafe.String(unsafe.SliceData(src), len(src))
	f := &File{Name: name, Src: src, dialect: opts.Dialect, text: text, Partial: opts.Keep != nil}
	n := strings.Count(text, "\n")
	if len(text) > 0 && text[len(text)-1] != '\n' {
		n++ // a last line without newline
	}
	keywords := keywordsOf(opts.Dialect)
	newDecoder := func() (*decoder, *lexer) {
		return &decoder{dialect: opts.Dialect, services: opts.Services, keywords: keywords, boxes: &boxes{}}, &lexer{text: text}
	}
	cs := cut(text, n)
	var segs [][]Line // the lines of the tree, in order, in one or more slabs
	if opts.Keep == nil {
		// Each Line lives in one slab, so lines can be parsed in any order.
		lines := make([]Line, n)
		forEachChunk(cs, func(_ int, c chunk) {
			d, x := newDecoder()
			var p plainLine
			eachLine(text, c.start, c.end, c.first, func(i, start, stop, lineEnd int) {
				l := &lines[i]
				if opts.CommandLine || !x.lexPlain(&p, start, stop, true) || !d.buildPlain(x, l, &p, start, lineEnd, i+1) {
					parseLine(f, d, x, l, start, stop, lineEnd, i+1, opts)
				}
			})
		})
		segs = [][]Line{lines}
	} else {
		segs = parseKept(f, text, cs, opts, newDecoder)
	}
	// The lines of each block, being consecutive, are one window of a slab of pointers.
	total, headers := 0, 0
	for _, seg := range segs {
		total += len(seg)
		for i := range seg {
			if seg[i].IsBlockHeader() {
				headers++
			}
		}
	}
	ptrs := make([]*Line, 0, total-headers)
	blocks := make([]Block, 1, headers+1)
	first := 0 // index in ptrs of the current block's first line
	for _, seg := range segs {
		for i := range seg {
			l := &seg[i]
			if l.IsBlockHeader() {
				blocks[len(blocks)-1].Lines = window(ptrs, first)
				first = len(ptrs)
				blocks = append(blocks, Block{Header: l})
			} else {
				ptrs = append(ptrs, l)
			}
			f.Diags = append(f.Diags, l.Diags()...)
		}
	}
	blocks[len(blocks)-1].Lines = window(ptrs, first)
	f.Blocks = make([]*Block, len(blocks))
	for i := range blocks {
		f.Blocks[i] = &blocks[i]
	}
	return f
}

// chunk is a run of whole lines of a file, text[start:end]; first is the index of its
// first line.
type chunk struct{ start, end, first int }

// chunks cuts a file of n lines into the chunks parsed at once: one, or for files of
// tuning.ParallelLines lines or more one per goroutine (GOMAXPROCS of them, at most
// tuning.MaxWorkers), of about equal size in bytes.
func chunks(text string, n int) []chunk {
	workers := 1
	if n >= tuning.ParallelLines {
		workers = min(runtime.GOMAXPROCS(0), tuning.MaxWorkers)
	}
	if workers <= 1 || text == "" {
		return []chunk{{0, len(text), 0}}
	}
	var cs []chunk
	start, first := 0, 0
	for w := 0; w < workers && start < len(text); w++ {
		end := len(text)
		if w < workers-1 {
			end = min(len(text), start+len(text)/workers)
			if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(text)
			}
		}
		cs = append(cs, chunk{start, end, first})
		first += strings.Count(text[start:end], "\n")
		start = end
	}
	return cs
}

// forEachChunk calls parse for every chunk, in goroutines run at once when there are
// several.
func forEachChunk(cs []chunk, parse func(i int, c chunk)) {
	if len(cs) == 1 {
		parse(0, cs[0])
		return
	}
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parse(i, c)
		}()
	}
	wg.Wait()
}

// eachLine calls fn for every line of text[start:end] (whole lines): its index (counted
// from first), start, end without the newline, and end with it.
func eachLine(text string, start, end, first int, fn func(i, start, stop, lineEnd int)) {
	for i := first; start < end; i++ {
		eol := strings.IndexByte(text[start:end], '\n')
		stop, lineEnd := end, end
		if eol >= 0 {
			stop, lineEnd = start+eol, start+eol+1
		}
		fn(i, start, stop, lineEnd)
		start = lineEnd
	}
}

// keptChunk is what the partial parse of one chunk keeps.
type keptChunk struct {
	// lead holds the directives before the chunk's first header. They continue the block
	// an earlier chunk's last header opens (or the global block), so whether they are
	// kept is decided when the chunks are joined.
	lead []Line
	// lines are the lines kept from the chunk's first header on.
	lines lineSlabs
	// hasHeader tells whether the chunk has a header at all; keep is opts.Keep of its
	// last one. pending is where that header is when Keep rejected it and no line of its
	// block in this chunk was kept: a later chunk's lead may still need it. A pending
	// header is parsed again when a line of its block is kept (rarely), so that the
	// room it took can serve the lines after it.
	hasHeader, keep, hasPending bool
	pending                     linePos
}

// linePos is where a line is: text[start:stop] without its newline, text[start:lineEnd]
// with it, and its number.
type linePos struct{ start, stop, lineEnd, number int }

// parse parses the line at p into a new Line.
func (p linePos) parse(f *File, d *decoder, x *lexer, opts Options) *Line {
	l := &Line{}
	parseLine(f, d, x, l, p.start, p.stop, p.lineEnd, p.number, opts)
	return l
}

// lineSlabs collects lines in slabs that are never copied to grow: each new slab is
// twice the size of the last, up to maxLineSlab lines. A partial tree keeps few lines
// of a small file and many of a large one; growing one slice by append would copy them
// and leave the old copies to the collector.
type lineSlabs [][]Line

// maxLineSlab is the largest slab of lineSlabs, in lines.
const maxLineSlab = 4096

// add appends a copy of *l.
func (s *lineSlabs) add(l *Line) {
	n := len(*s)
	if n == 0 || len((*s)[n-1]) == cap((*s)[n-1]) {
		size := 16
		if n > 0 {
			size = min(2*cap((*s)[n-1]), maxLineSlab)
		}
		*s = append(*s, slices.Grow([]Line(nil), size)) // rounded up to the size class, as nextSlab does
		n++
	}
	(*s)[n-1] = append((*s)[n-1], *l)
}

// parseKept parses every line (so every problem is found) but keeps only what resolving
// needs: the directives of the global block, the headers opts.Keep accepts with every
// directive of their blocks, and from other blocks the lines that act even in a block
// that does not apply (see mattersWhenInactive) with their headers (every header with
// opts.KeepHeaders). It returns the kept lines in order, in slabs. The result does not
// depend on how the file is cut into chunks.
func parseKept(f *File, text string, cs []chunk, opts Options, newDecoder func() (*decoder, *lexer)) [][]Line {
	parts := make([]keptChunk, len(cs))
	forEachChunk(cs, func(ci int, c chunk) {
		kp := newKeptParse(f, text, opts, &parts[ci], newDecoder)
		kp.chunk(c)
		kp.release()
	})
	// Join the chunks, deciding each lead as the sequential parse would: by the last
	// header before it, kept or not, and keeping that header if it was pending. The
	// slabs of the chunks are the tree's; only the leads kept are copied.
	var segs [][]Line
	keep := true // the global block applies to every host
	var pending *linePos
	var d *decoder // for the pending headers parsed again, made when one is needed
	var x *lexer
	for i := range parts {
		p := &parts[i]
		var lead []Line
		for j := range p.lead {
			l := &p.lead[j]
			if !keep && !mattersWhenInactive(text, l) {
				continue
			}
			if pending != nil {
				if d == nil {
					d, x = newDecoder()
				}
				lead = append(lead, *pending.parse(f, d, x, opts))
				pending = nil
			}
			lead = append(lead, *l)
		}
		if len(lead) > 0 {
			segs = append(segs, lead)
		}
		segs = append(segs, p.lines...)
		if p.hasHeader {
			keep, pending = p.keep, nil
			if p.hasPending {
				pending = &p.pending
			}
		}
	}
	return segs
}

// keptParse is the partial parse of one chunk (see parseKept).
type keptParse struct {
	f          *File
	text       string
	opts       Options
	k          *keptChunk // what the chunk keeps
	keep       bool       // opts.Keep of the current block's header; true before any header
	newDecoder func() (*decoder, *lexer)
	d          *decoder // decodes the lines parseLine builds: made for the first of them
	x          *lexer   // lexes them
	// Scratch space, reused from line to line and, through keptParsePool, from file to
	// file: an Include of thousands of small files, whose lines are nearly all dropped,
	// costs little more than the bytes read.
	check   *decoder // checks the lines the fast path drops (check set)
	hdr     *decoder // decodes the Host lines plainHeader hands to Keep; values given back
	plain   lexer    // lexPlain's arguments
	p       plainLine
	header  Line // the Host line plainHeader hands to Keep
	scratch Line // the line parseLine builds
}

// keptParsePool keeps the scratch space of partial parses for the next.
var keptParsePool = sync.Pool{New: func() any {
	return &keptParse{check: &decoder{check: true}, hdr: &decoder{boxes: &boxes{}}}
}}

// newKeptParse returns the parse of a chunk of f whose lines go to k.
func newKeptParse(f *File, text string, opts Options, k *keptChunk, newDecoder func() (*decoder, *lexer)) *keptParse {
	kp := keptParsePool.Get().(*keptParse)
	kp.f, kp.text, kp.opts, kp.k, kp.keep, kp.newDecoder = f, text, opts, k, true, newDecoder
	keywords := keywordsOf(opts.Dialect)
	for _, d := range []*decoder{kp.check, kp.hdr} {
		d.dialect, d.services, d.keywords = opts.Dialect, opts.Services, keywords
	}
	kp.plain.text = text
	return kp
}

// release puts kp's scratch space back in the pool, without what belongs to the tree.
// The scratch slabs may still refer to words of the last text parsed (past their
// length), which keeps that text from the collector until the pool's next use or until
// it drops kp: clearing them would cost more than the small files the pool is for.
func (kp *keptParse) release() {
	kp.f, kp.text, kp.opts, kp.k, kp.newDecoder, kp.d, kp.x = nil, "", Options{}, nil, nil, nil, nil
	kp.check.services, kp.hdr.services = nil, nil
	kp.plain.text = ""
	kp.p, kp.header, kp.scratch = plainLine{}, Line{}, Line{}
	keptParsePool.Put(kp)
}

// chunk parses the lines of c.
func (kp *keptParse) chunk(c chunk) {
	text := kp.text
	for i, start := c.first, c.start; start < c.end; i++ {
		stop, lineEnd := c.end, c.end
		if eol := strings.IndexByte(text[start:c.end], '\n'); eol >= 0 {
			stop, lineEnd = start+eol, start+eol+1
		}
		if !kp.skim(start, stop, lineEnd, i+1) {
			kp.parse(start, stop, lineEnd, i+1)
		}
		start = lineEnd
	}
	kp.k.keep = kp.keep
}

// skim takes the line at text[start:lineEnd] by the fast path, when it is simple to cut
// and has nothing to say: a blank line or a comment, a Host line Keep rejects, or a line
// that is inert in a block Keep rejected. It reports whether it took the line.
func (kp *keptParse) skim(start, stop, lineEnd, number int) bool {
	if kp.opts.CommandLine || !kp.plain.lexPlain(&kp.p, start, stop, false) {
		return false
	}
	p := &kp.p
	if p.kind != LineDirective {
		return true // blank lines and comments are never kept
	}
	info := lookupKeyword(kp.check.keywords, kp.text[p.keyStart:p.keyEnd])
	if !kp.opts.KeepHeaders {
		accepted, ok := kp.hdr.plainHeader(kp.text, &kp.header, info, p, start, lineEnd, number, kp.opts.Keep)
		if ok && !accepted {
			kp.k.hasHeader, kp.keep = true, false
			kp.k.hasPending, kp.k.pending = true, linePos{start, stop, lineEnd, number}
			return true
		}
	}
	return !kp.keep && kp.k.hasHeader && kp.check.inert(kp.text, info, p)
}

// parse builds the line at text[start:lineEnd] with parseLine and keeps it, or drops it
// and gives the room it took back.
func (kp *keptParse) parse(start, stop, lineEnd, number int) {
	if kp.d == nil {
		kp.d, kp.x = kp.newDecoder()
	}
	f, d, x, k, opts := kp.f, kp.d, kp.x, kp.k, kp.opts
	args, strs, bx := x.args, d.strs, *d.boxes
	l := &kp.scratch
	*l = Line{}
	parseLine(f, d, x, l, start, stop, lineEnd, number, opts)
	switch {
	case l.IsBlockHeader():
		k.hasHeader = true
		kp.keep = opts.Keep(l)
		k.hasPending = !kp.keep && !opts.KeepHeaders
		if !k.hasPending {
			k.lines.add(l)
			return
		}
		k.pending = linePos{start, stop, lineEnd, number} // its room is given back
	case l.Kind == LineDirective && !k.hasHeader:
		k.lead = append(k.lead, *l)
		return
	case l.Kind == LineDirective && (kp.keep || mattersWhenInactive(kp.text, l)):
		if k.hasPending {
			k.lines.add(k.pending.parse(f, d, x, opts))
			k.hasPending = false
		}
		k.lines.add(l)
		return
	}
	// dropped: give its arguments' room back to the next lines
	if unsafe.SliceData(x.args) == unsafe.SliceData(args) {
		x.args = args
	}
	if unsafe.SliceData(d.strs) == unsafe.SliceData(strs) {
		d.strs = strs
	}
	d.boxes.giveBack(&bx)
}

// mattersWhenInactive reports whether ssh acts on a line even inside a block that does
// not apply: lines in error (or unknown, which IgnoreUnknown may excuse), unsupported
// keywords (ssh says so), and the keywords the table says act when inactive
// (keyword.Keyword.ActsWhenInactive).
func mattersWhenInactive(text string, l *Line) bool {
	if len(l.Diags()) > 0 || l.Keyword() == nil || l.Value == nil {
		return true
	}
	return l.Keyword().ActsWhenInactive(text[l.Rest().Start:l.Rest().End])
}

// window returns ptrs[from:] with its capacity cut, or nil when it is empty.
func window(ptrs []*Line, from int) []*Line {
	if from == len(ptrs) {
		return nil
	}
	return ptrs[from:len(ptrs):len(ptrs)]
}

// parseLine lexes and validates one line into l.
func parseLine(f *File, d *decoder, x *lexer, l *Line, start, end, lineEnd, number int, opts Options) {
	lx := x.lexLine(start, end)
	// l is zero (a fresh slab element): set the fields one by one rather than copying a
	// whole Line over it.
	l.start, l.end = uint32(start), uint32(lineEnd)
	l.number = uint32(number)
	l.Kind = lx.kind
	report := func(sp diag.Span, sev diag.Severity, code, format string, a ...any) *diag.Diagnostic {
		e := l.extras()
		e.diags = append(e.diags, diag.Diagnostic{
			File: f.Name, Span: sp, Severity: sev, Code: code, Message: fmt.Sprintf(format, a...),
		})
		return &e.diags[len(e.diags)-1]
	}
	// sshSays records that ssh's own words for d are its Message, positioned as form.
	sshSays := func(d *diag.Diagnostic, form diag.SSHForm) {
		d.SSH = diag.SSHText{Text: d.Message, Form: form}
	}
	// badOption is ssh's report of a keyword it does not know.
	badOption := func() diag.SSHText {
		return diag.SSHText{Text: "Bad configuration option: " + l.Name(), Form: diag.SSHFileColonLine}
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
		return
	}
	info := lookupKeyword(d.keywords, lx.key.Value)
	if l.spelling = info.spelling; l.spelling == 0 {
		l.extras().name = info.name
	}
	l.setHeader(info.name == "host" || info.name == "match")
	l.setSpans(lx.key.Raw, lx.rest)
	l.setArgs(lx.args)
	whole := diag.Span{Start: lx.key.Raw.Start, End: lx.content.End}
	k := info.k
	if lx.noArgument {
		// ssh checks for an argument before it looks the keyword up; a keyword the
		// dialect knows is still recorded, for hover and completion.
		if k != nil && info.knows {
			l.kw = uint16(k.ID)
		}
		sshSays(report(whole, diag.Error, CodeNoArgument, "no argument after keyword \"%s\"", l.Name()), diag.SSHFileLine)
		return
	}
	// ssh splits the arguments after its keyword lookup, so an unknown keyword with an
	// unclosed quote gets both messages.
	badQuotes := func() {
		if !lx.quotesOK {
			sshSays(report(lx.rest, diag.Error, CodeInvalidQuotes, "invalid quotes"), diag.SSHFileLine)
		}
	}
	if k != nil && !info.knows {
		if k.Since != "" && !opts.Dialect.Version.AtLeast(k.Since) {
			report(l.KeySpan(), diag.Error, CodeTooNew, "Bad configuration option: %s (needs OpenSSH %s or newer; this is %s)", l.Name(), k.Since, opts.Dialect.Version).SSH = badOption()
		} else {
			report(l.KeySpan(), diag.Error, CodeUnknownKeyword, "Bad configuration option: %s (not supported by this OpenSSH build)", l.Name()).SSH = badOption()
		}
		badQuotes()
		return
	}
	if k == nil {
		dg := report(l.KeySpan(), diag.Error, CodeUnknownKeyword, "Bad configuration option: %s", l.Name())
		dg.SSH = badOption()
		if s := Suggest(l.Name()); s != "" {
			dg.Fixes = []diag.Fix{{Title: "Replace with " + s, Edits: []diag.Edit{{Span: l.KeySpan(), New: s}}, Safe: true}}
		}
		badQuotes()
		return
	}
	l.kw = uint16(k.ID)
	if !lx.quotesOK {
		badQuotes()
		return
	}
	if opts.CommandLine && (k.Kind == keyword.KindHost || k.Kind == keyword.KindMatch || k.Kind == keyword.KindInclude) {
		what := "Host"
		if k.Kind == keyword.KindInclude {
			what = "Include"
		} else if k.Kind == keyword.KindMatch && opts.Dialect.Version.AtLeast("9.3") {
			what = "Match"
		}
		sshSays(report(whole, diag.Error, CodeNotOnCmdline, "%s directive not supported as a command-line option", what), diag.SSHUnpositioned)
		return
	}
	switch {
	case k.Status == keyword.Deprecated:
		report(l.KeySpan(), diag.Warning, CodeDeprecated, "Deprecated option \"%s\": ssh ignores it", l.Name())
		return
	case k.Status == keyword.Ignored:
		report(l.KeySpan(), diag.Info, CodeDeprecated, "ssh ignores \"%s\"", l.Name())
		return
	case k.Status == keyword.Unsupported || !info.supports:
		report(l.KeySpan(), diag.Warning, CodeUnsupported, "Unsupported option \"%s\": ssh ignores it", l.Name()).SSH =
			diag.SSHText{Text: fmt.Sprintf("Unsupported option \"%s\"", l.Name())}
		return
	}
	if k.Kind == keyword.KindMatch {
		crit, e := parseMatch(x.text, lx.rest, lx.args, opts.Dialect)
		if e != nil {
			sp := whole
			if e.span.End > e.span.Start {
				sp = e.span
			}
			code := CodeBadMatch
			if e.code != "" {
				code = e.code
			}
			dg := report(sp, diag.Error, code, "%s", e.msg)
			dg.SSH = diag.SSHText{Text: e.msg}
			if e.unpositioned {
				dg.SSH.Form = diag.SSHUnpositioned
			}
			if code == CodeBadMatch {
				dg.SSH.Then = "Bad Match condition"
			}
			return
		}
		l.Value = crit
		return
	}
	v, used, err := d.decode(k, l, x.text[lx.rest.Start:lx.rest.End])
	if err != nil {
		sp := whole
		if err.arg >= 0 && err.arg < len(l.Args()) {
			sp = l.Args()[err.arg].Span()
		}
		dg := report(sp, diag.Error, err.code, "%s", err.msg)
		sshSays(dg, diag.SSHFileLine)
		dg.SSH.Then = err.then
		if err.arg >= 0 && err.arg < len(l.Args()) && len(k.Values) > 0 {
			if w := suggestWord(k, l.Args()[err.arg].Value); w != "" {
				// Not Safe: a value near the typo can mean the opposite ("on" is
				// nearest to "no"), so --fix never applies it unasked.
				dg.Fixes = []diag.Fix{{Title: "Replace with " + w, Edits: []diag.Edit{{Span: sp, New: w}}}}
			}
		}
		return
	}
	if used < len(l.Args()) {
		sp := diag.Span{Start: l.Args()[used].Span().Start, End: l.Args()[len(l.Args())-1].Span().End}
		sshSays(report(sp, diag.Error, CodeExtraArgs, "keyword %s extra arguments at end of line", l.Name()), diag.SSHFileLine)
		return
	}
	l.Value = v
}

// kwInfo is what parsing needs to know about one keyword spelling in one dialect.
type kwInfo struct {
	name     string           // the spelling, lower-cased (interned)
	spelling uint16           // index+1 of name in keywordSpellings; 0 for no keyword spelling
	k        *keyword.Keyword // nil when the dialect's build does not accept the spelling
	knows    bool             // Dialect.Knows(k)
	supports bool             // Dialect.Supports(k)
}

// keywordSpellings are the spellings of every keyword of the table, lower-cased, sorted:
// a line holds the index of its keyword's spelling rather than the string.
var keywordSpellings = sync.OnceValue(func() []string {
	names := keyword.Names()
	sort.Strings(names)
	return names
})

// dialectKeywords caches, per dialect, the table of every keyword spelling, so that a
// line costs one probe and no allocation to identify its keyword.
var dialectKeywords sync.Map // keyword.Dialect → *keywordTable

// keywordTable finds the keyword of a spelling written in any case without lower-casing
// it first: an open-addressing table of the lower-cased spellings, hashed on
// the bytes with ASCII letters lower-cased (hashLower).
type keywordTable struct {
	slots []kwInfo // a power of two of them, at most a quarter used; name "" is empty
}

func keywordsOf(d keyword.Dialect) *keywordTable {
	if t, ok := dialectKeywords.Load(d); ok {
		return t.(*keywordTable)
	}
	names := keywordSpellings()
	size := 1
	for size < 4*len(names) {
		size *= 2
	}
	t := &keywordTable{slots: make([]kwInfo, size)}
	mask := uint32(size - 1)
	for i, n := range names {
		info := kwInfo{name: n, spelling: uint16(i + 1), k: d.Lookup(n)}
		if info.k != nil {
			info.knows, info.supports = d.Knows(info.k), d.Supports(info.k)
		}
		j := hashLower(n) & mask
		for t.slots[j].name != "" {
			j = (j + 1) & mask
		}
		t.slots[j] = info
	}
	dialectKeywords.Store(d, t)
	return t
}

// hashLower hashes s as its lower-cased spelling would hash, from its length and three
// of its bytes (equalLower then compares them all): keywords differ enough there, and
// a line's keyword is found without a pass over it before the comparison.
func hashLower(s string) uint32 {
	if s == "" {
		return 0
	}
	const fold = 0x20 // sets the lower-case bit of ASCII letters (and of some other bytes: a hash may)
	h := uint32(len(s)) | uint32(s[0]|fold)<<8 | uint32(s[len(s)/2]|fold)<<16 | uint32(s[len(s)-1]|fold)<<24
	return (h * 0x9E3779B1) >> 16
}

// equalLower reports whether s with its ASCII letters lower-cased is lower.
func equalLower(lower, s string) bool {
	if len(lower) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// lookupKeyword finds the keyword spelled s (ASCII letters in any case): its entry in the
// table, which must not be changed. For a spelling that is no keyword, a new entry
// whose name is s lower-cased and whose k is nil. keyword.Lookup is not
// used for that: it folds Unicode, and no keyword has non-ASCII bytes.
func lookupKeyword(t *keywordTable, s string) *kwInfo {
	mask := uint32(len(t.slots) - 1)
	for i := hashLower(s) & mask; t.slots[i].name != ""; i = (i + 1) & mask {
		if equalLower(t.slots[i].name, s) {
			return &t.slots[i]
		}
	}
	return &kwInfo{name: asciiLower(s)}
}

// Suggest returns the canonical keyword closest to a misspelled one, or "".
func Suggest(name string) string {
	name = asciiLower(name)
	best, bestDist := "", 4
	if len(name) < 5 {
		bestDist = 2
	}
	for _, n := range suggestNames() {
		if d := len(name) - len(n.lower); d >= bestDist || -d >= bestDist {
			continue // the distance is at least the difference in length
		}
		if dist := editDistance(name, n.lower); dist < bestDist {
			best, bestDist = n.name, dist
		}
	}
	return best
}

// suggestNames are the canonical names of the supported keywords, sorted, with their
// lower-case forms.
var suggestNames = sync.OnceValue(func() []struct{ name, lower string } {
	var names []string
	for i := range keyword.Table {
		if keyword.Table[i].Status == keyword.Supported {
			names = append(names, keyword.Table[i].Name)
		}
	}
	sort.Strings(names)
	out := make([]struct{ name, lower string }, len(names))
	for i, n := range names {
		out[i].name, out[i].lower = n, asciiLower(n)
	}
	return out
})

// suggestWord returns the accepted word of k closest to a misspelt value, or "".
func suggestWord(k *keyword.Keyword, v string) string {
	best, bestDist := "", 3
	if len(v) < 4 {
		bestDist = 2
	}
	lv := asciiLower(v)
	for _, e := range k.Values {
		if d := editDistance(lv, asciiLower(e.Word)); d < bestDist {
			best, bestDist = e.Word, d
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
