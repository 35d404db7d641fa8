package resolve

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// blockIndex lets a resolution visit only the blocks of a file that can matter for a
// host. A Host block is filed under its positive patterns; a Match block of criteria
// without side effects is filed under the patterns of one of its originalhost, host or
// user criteria, one of which must match for the block to apply. Every other block is always
// visited. A block the index leaves out would have evaluated to "not matching" and
// changed nothing, so skipping it is exact. This keeps resolving one host fast in files
// with thousands of blocks.
type blockIndex struct {
	always []int // blocks visited for every host, in order
	// acts says a block of always does something when visited: it is not only a
	// preamble of comments and blank lines (inert).
	acts bool
	// host files Host blocks under the name Host lines match (bytewise).
	host nameIndex
	// originalHost files Match blocks under the destination as typed, lower-cased.
	originalHost nameIndex
	// currentHost files Match blocks under the name Match host compares at the time the
	// block is reached (HostName so far, lower-cased), which can change during a walk.
	currentHost nameIndex
	// user files Match blocks under the user Match user compares when the block is
	// reached (User so far, else the local user), which can change during a walk.
	user nameIndex
}

// nameIndex finds the blocks whose patterns may match a name: each pattern is filed
// under the literal text a name must equal, start with or end with to match it.
type nameIndex struct {
	// literals are the literal names, sorted (seal), each with its one block or -1-i for
	// the blocks more[i] (a name filed under several blocks): a fleet files a million
	// names here, one block each, and a sorted list holds them in a third of a map's
	// bytes.
	literals []literal
	more     [][]int
	// common is the longest prefix all literal keys share: a name without it is not
	// looked up. Files of a fleet name hosts of one group, so most names of the other
	// files cost a comparison instead of a hash.
	common         string
	prefix, suffix affixes
}

// affixes files blocks under the heads (or tails) names must start (or end) with.
type affixes struct {
	byKey map[string][]int
	lens  []int   // the distinct key lengths, ascending: a lookup tries only these
	few   []affix // every key when there are few (seal): compared, not hashed
}

// affix is a key of affixes and its blocks.
type affix struct {
	key    string
	blocks []int
}

// fewAffixes is how many keys a lookup compares one by one rather than hashing the name's
// head (or tail) of each key length.
const fewAffixes = 4

// add files block under pattern p (without negation). A pattern with wildcards is
// filed under the longer of its literal head and tail; one with neither ("*") under the
// empty prefix, which every name has.
func (n *nameIndex) add(p string, block int) {
	first := strings.IndexAny(p, "*?")
	if first < 0 {
		if n.literals == nil {
			n.common = p
		} else {
			n.common = n.common[:commonPrefix(n.common, p)]
		}
		n.literals = append(n.literals, literal{p, int32(block)})
		return
	}
	head, tail := p[:first], p[strings.LastIndexAny(p, "*?")+1:]
	if len(tail) > len(head) {
		n.suffix.add(tail, block)
		return
	}
	n.prefix.add(head, block)
}

// literal is a literal name and its block, or -1-i for the blocks nameIndex.more[i].
type literal struct {
	name  string
	block int32
}

// findLiteral returns the index of name among the sorted literals, or -1.
func (n *nameIndex) findLiteral(name string) int {
	i, found := slices.BinarySearchFunc(n.literals, name, func(l literal, name string) int { return strings.Compare(l.name, name) })
	if !found {
		return -1
	}
	return i
}

// appendLiteral appends to out the blocks filed under the literal name.
func (n *nameIndex) appendLiteral(name string, out []int) []int {
	i := n.findLiteral(name)
	switch {
	case i < 0:
		return out
	case n.literals[i].block >= 0:
		return append(out, int(n.literals[i].block))
	}
	return append(out, n.more[-n.literals[i].block-1]...)
}

// seal finishes the index once every block is added: the literals are sorted, and a
// name filed under several blocks points at its list of blocks, in order.
func (n *nameIndex) seal() {
	slices.SortStableFunc(n.literals, func(a, b literal) int { return strings.Compare(a.name, b.name) })
	out := n.literals[:0]
	for _, l := range n.literals {
		last := len(out) - 1
		switch {
		case last < 0 || out[last].name != l.name:
			out = append(out, l)
		case out[last].block >= 0 && out[last].block != l.block:
			n.more = append(n.more, []int{int(out[last].block), int(l.block)})
			out[last].block = int32(-len(n.more))
		case out[last].block < 0:
			if m := &n.more[-out[last].block-1]; (*m)[len(*m)-1] != int(l.block) {
				*m = append(*m, int(l.block))
			}
		}
	}
	n.literals = slices.Clone(out) // without the room appending left
	n.prefix.seal()
	n.suffix.seal()
}

func (a *affixes) add(key string, block int) {
	a.byKey = addTo(a.byKey, key, block)
	if i, found := slices.BinarySearch(a.lens, len(key)); !found {
		a.lens = slices.Insert(a.lens, i, len(key))
	}
}

func (a *affixes) seal() {
	if len(a.byKey) > fewAffixes {
		return
	}
	for k, blocks := range a.byKey {
		a.few = append(a.few, affix{k, blocks})
	}
}

// lookup appends to out the blocks filed under a key name starts with (ends with when
// tail is set).
func (a *affixes) lookup(name string, tail bool, out []int) []int {
	if a.byKey == nil {
		return out
	}
	if a.few != nil {
		for _, e := range a.few {
			if tail && strings.HasSuffix(name, e.key) || !tail && strings.HasPrefix(name, e.key) {
				out = append(out, e.blocks...)
			}
		}
		return out
	}
	for _, l := range a.lens {
		if l > len(name) {
			break
		}
		key := name[:l]
		if tail {
			key = name[len(name)-l:]
		}
		out = append(out, a.byKey[key]...)
	}
	return out
}

// commonPrefix returns the length of the longest prefix a and b share.
func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func addTo(m map[string][]int, key string, block int) map[string][]int {
	if m == nil {
		m = map[string][]int{}
	}
	if l := m[key]; len(l) == 0 || l[len(l)-1] != block {
		m[key] = append(l, block)
	}
	return m
}

// empty reports whether no block is filed.
func (n *nameIndex) empty() bool {
	return n.literals == nil && n.prefix.byKey == nil && n.suffix.byKey == nil
}

// all returns every block filed, unsorted and possibly repeated.
func (n *nameIndex) all() []int {
	var out []int
	for _, l := range n.literals {
		out = n.appendLiteral(l.name, out)
	}
	for _, m := range []map[string][]int{n.prefix.byKey, n.suffix.byKey} {
		for _, blocks := range m {
			out = append(out, blocks...)
		}
	}
	return out
}

// lookup appends to out the blocks filed under a key name equals, starts or ends with.
func (n *nameIndex) lookup(name string, out []int) []int {
	if n.literals != nil && strings.HasPrefix(name, n.common) {
		out = n.appendLiteral(name, out)
	}
	out = n.prefix.lookup(name, false, out)
	return n.suffix.lookup(name, true, out)
}

// buildIndex classifies the blocks of f.
func buildIndex(f *parser.File) *blockIndex {
	ix := &blockIndex{}
	for i, b := range f.Blocks {
		if pats, ok := hostPatterns(f, b); ok {
			for _, p := range pats {
				ix.host.add(p, i)
			}
			continue
		}
		if attr, pats, ok := matchPatterns(f, b); ok {
			into := map[string]*nameIndex{"originalhost": &ix.originalHost, "host": &ix.currentHost, "user": &ix.user}[attr]
			for _, p := range pats {
				into.add(p, i)
			}
			continue
		}
		ix.always = append(ix.always, i)
		ix.acts = ix.acts || !inert(b)
	}
	ix.host.seal()
	ix.originalHost.seal()
	ix.currentHost.seal()
	ix.user.seal()
	return ix
}

// hostPatterns returns the positive patterns of a Host block when the block can be
// indexed: a header without error and no line that acts while the block is inactive.
func hostPatterns(f *parser.File, b *parser.Block) ([]string, bool) {
	h := b.Header
	if h == nil || h.Keyword() == nil || h.Keyword().Kind != keyword.KindHost || h.HasError() || !quietWhenInactive(f, b) {
		return nil, false
	}
	pats, _ := h.Value.([]string)
	var lits []string
	for _, p := range pats {
		if !strings.HasPrefix(p, "!") {
			lits = append(lits, p)
		}
	}
	return lits, true
}

// quietCriteria are the Match criteria whose evaluation has no effect but the block's
// state: no command runs, no %-token is expanded (exec does both, even when an earlier
// criterion failed) and no second pass is asked for (final).
var quietCriteria = map[string]bool{
	"all": true, "canonical": true, "host": true, "originalhost": true, "user": true,
	"localuser": true, "tagged": true, "version": true, "command": true,
	"sessiontype": true, "localnetwork": true,
}

// keyCriteria are the Match criteria a block can be filed under, in the order of
// preference between equals (the destination does not change during a walk), and
// whether their patterns compare lower-cased.
var keyCriteria = []struct {
	attr  string
	lower bool
}{{"originalhost", true}, {"host", true}, {"user", false}}

// matchPatterns returns, for a Match block that can be indexed, the criterion it is
// filed under and the positive patterns of that criterion (lower-cased for host names),
// one of which must match for the block to apply. A block can be indexed when its header
// is without error, every criterion is quiet, the key criterion is not negated, and no
// line acts while the block is inactive. Of several candidate criteria the one whose
// patterns have the longest literal parts is taken (Match host 10.* user admin is filed
// under admin, Match originalhost web-euw1-*5 user web under web-euw1-).
func matchPatterns(f *parser.File, b *parser.Block) (string, []string, bool) {
	h := b.Header
	if h == nil || h.Keyword() == nil || h.Keyword().Kind != keyword.KindMatch || h.HasError() {
		return "", nil, false
	}
	crit, _ := h.Value.([]parser.Criterion)
	for _, c := range crit {
		if !quietCriteria[c.Attr] {
			return "", nil, false
		}
	}
	if !quietWhenInactive(f, b) {
		return "", nil, false
	}
	var keyAttr string
	var keyPats []string
	best := -1
	for _, k := range keyCriteria {
		for _, c := range crit {
			if c.Negate || c.Attr != k.attr {
				continue
			}
			var pats []string
			score := 1 << 30 // no positive pattern: the criterion never holds
			for _, p := range strings.Split(c.Arg, ",") {
				if strings.HasPrefix(p, "!") {
					continue
				}
				if k.lower { // MatchHostname compares lower-cased names with lower-cased patterns
					p = pattern.LowerASCII(p)
				}
				pats = append(pats, p)
				score = min(score, literalLen(p))
			}
			if score > best {
				best, keyAttr, keyPats = score, k.attr, pats
			}
		}
	}
	return keyAttr, keyPats, best >= 0
}

// literalLen is the length of the literal text a name must hold to match p: all of it
// for a literal pattern, else the longer of its head and tail.
func literalLen(p string) int {
	first := strings.IndexAny(p, "*?")
	if first < 0 {
		return len(p)
	}
	return max(first, len(p)-strings.LastIndexAny(p, "*?")-1)
}

// quietWhenInactive reports whether no line of b acts while the block is inactive.
func quietWhenInactive(f *parser.File, b *parser.Block) bool {
	for _, l := range b.Lines {
		if l.Kind != parser.LineDirective {
			continue
		}
		if l.HasError() || l.Keyword() == nil || l.Value == nil {
			return false // errors and "Unsupported option" lines are reported in every pass
		}
		if k := l.Keyword(); k.Inactive != keyword.InactiveIgnored && k.ActsWhenInactive(f.Text(l.Rest())) {
			return false
		}
	}
	return true
}

// mayMatch reports whether a block header can apply to host: a Match line, a Host line
// in error or with a pattern that is not simple, or one whose simple patterns include one
// that matches. It is the parser's Keep function for one-shot resolution.
func mayMatch(h *parser.Line, host string) bool {
	if h.Keyword() == nil || h.Keyword().Kind != keyword.KindHost || h.HasError() {
		return true
	}
	pats, _ := h.Value.([]string)
	for _, p := range pats {
		if strings.HasPrefix(p, "!") {
			continue
		}
		if !simplePattern(p) || pattern.Match(host, p) {
			return true
		}
	}
	return false
}

// walkNames are the names the blocks of a walk are looked up by.
type walkNames struct {
	host         string        // what Host lines match
	originalHost string        // the destination as typed, lower-cased
	currentHost  func() string // what Match host compares now, lower-cased
	user         func() string // what Match user compares now
}

// walkList is one sorted list of candidate blocks a walk merges, and for a list that
// depends on a name that can change during the walk, how to look it up again.
type walkList struct {
	blocks  []int
	next    int // the first entry not yet passed
	index   *nameIndex
	name    func() string
	current string // the name blocks were looked up by
}

// walk visits the lines of the blocks that can apply to the names. Skipped blocks would
// not have matched, so the state after them is "inactive". The blocks filed under the
// current host or user are looked up again whenever a visited block changed it.
func (ix *blockIndex) walk(f *parser.File, names walkNames, neverMatch bool, active *bool, visit func(*parser.Line) error) error {
	var lists [3]walkList
	// a resolution walks every file it reads: the lists it makes live in buffers used
	// again (lists[0] may be ix.always, which is not one)
	buf := walkBuffers.Get().(*[3][]int)
	defer func() {
		for k := 1; k < len(lists); k++ {
			if lists[k].index != nil {
				buf[k] = lists[k].blocks[:0]
			}
		}
		walkBuffers.Put(buf)
	}()
	lists[0].blocks = ix.always
	n := 1
	if !neverMatch {
		var made []int
		lists[0].blocks, made = ix.candidates(names.host, names.originalHost, buf[0][:0])
		if made != nil {
			buf[0] = made[:0]
		}
		for _, d := range []struct {
			index *nameIndex
			name  func() string
		}{{&ix.currentHost, names.currentHost}, {&ix.user, names.user}} {
			if !d.index.empty() {
				cur := d.name()
				lists[n] = walkList{blocks: sortedUnique(d.index.lookup(cur, buf[n][:0])), index: d.index, name: d.name, current: cur}
				n++
			}
		}
	}
	prev := -1
	for {
		bi := -1
		for k := range lists[:n] {
			l := &lists[k]
			for l.next < len(l.blocks) && l.blocks[l.next] <= prev {
				l.next++
			}
			if l.next < len(l.blocks) && (bi < 0 || l.blocks[l.next] < bi) {
				bi = l.blocks[l.next]
			}
		}
		if bi < 0 {
			if nb := len(f.Blocks); nb > 0 && prev != nb-1 {
				*active = false
			}
			return nil
		}
		if bi != prev+1 && prev >= 0 {
			*active = false
		}
		prev = bi
		if err := visitBlock(f.Blocks[bi], visit); err != nil {
			return err
		}
		for k := 1; k < n; k++ {
			l := &lists[k]
			if c := l.name(); c != l.current {
				l.current, l.blocks, l.next = c, sortedUnique(l.index.lookup(c, l.blocks[:0])), 0
			}
		}
	}
}

// visitBlock calls visit for the header and the lines of b, in order.
func visitBlock(b *parser.Block, visit func(*parser.Line) error) error {
	if b.Header != nil {
		if err := visit(b.Header); err != nil {
			return err
		}
	}
	for _, l := range b.Lines {
		if err := visit(l); err != nil {
			return err
		}
	}
	return nil
}

// simplePattern reports whether p is a literal, "*literal" or "literal*" pattern.
func simplePattern(p string) bool {
	// one pass over the bytes: strings.ContainsAny would look each byte up in "*?"
	// with a call of its own, and this runs for every Host pattern of a one-shot parse
	stars, star := 0, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '?':
			return false
		case '*':
			stars, star = stars+1, i
		}
	}
	return stars == 0 || stars == 1 && (star == 0 || star == len(p)-1)
}

// candidates returns, in file order, the blocks that may apply to a host whose Host
// lines match host and whose destination is originalHost (lower-cased): the blocks
// always visited and those filed under either name. When blocks are filed under the
// names, it builds the list in buf (empty) and returns it as made too; else it returns
// ix.always, which must not be changed, and made is nil.
func (ix *blockIndex) candidates(host, originalHost string, buf []int) (blocks, made []int) {
	extra := ix.host.lookup(host, buf)
	extra = ix.originalHost.lookup(originalHost, extra)
	if len(extra) == 0 {
		return ix.always, nil
	}
	made = sortedUnique(append(extra, ix.always...))
	return made, made
}

// walkBuffers holds the lists of blocks of walks done, for walks to come.
var walkBuffers = sync.Pool{New: func() any { return new([3][]int) }}

// sortedUnique sorts blocks and drops repeats: a block can be found through several
// patterns, and is visited once.
func sortedUnique(blocks []int) []int {
	if len(blocks) < 2 {
		return blocks
	}
	sort.Ints(blocks)
	uniq := blocks[:1]
	for _, b := range blocks[1:] {
		if b != uniq[len(uniq)-1] {
			uniq = append(uniq, b)
		}
	}
	return uniq
}
