package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func explainCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "explain [--json] [--all] [--all-blocks] [ssh options] [user@]host",
		Short: "Show why each option of a host has its value: blocks, sources, losers, rules, problems",
		Long: "explain takes ssh's arguments that change the configuration (-F -p -l -o -J,\n" +
			"user@host, ssh://) and tells, for each option, the value used, where it came from,\n" +
			"the values that lost (with their text and line) and the rule that decided. It lists\n" +
			"the blocks that applied and those that nearly did (a negation or one Match criterion\n" +
			"stopped them), with a count of the rest (--all-blocks lists every block), and the\n" +
			"problems of the configuration (misspelt or deprecated keywords, Includes that\n" +
			"matched no file). The configuration is read tolerantly: a problem that would stop\n" +
			"ssh is shown and the exit status is 0; only invalid arguments or an unreadable -F\n" +
			"file fail (--json then prints {\"error\": ...}). On a terminal matched, nearly\n" +
			"matched and lost are coloured (not with NO_COLOR).",
		DisableFlagParsing: true,
		ValidArgsFunction:  completeSSHLine(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			var opt explainOptions
			args = opt.take(args)
			args, err := g.takeLongFlags(args)
			if err != nil {
				return err
			}
			if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
				return cmd.Help()
			}
			boundMemory()
			r, req, res, err := resolveTolerant(g, args, isTerminal(cmd.InOrStdin()))
			if err != nil {
				if opt.json {
					var fe *resolve.FatalError
					msg := err.Error()
					if errors.As(err, &fe) {
						msg = fe.Msg
					}
					if werr := writeJSON(cmd.OutOrStdout(), map[string]string{"error": msg}); werr != nil {
						return werr
					}
					if fe != nil {
						return &exitError{exitSSH}
					}
					return &exitError{1}
				}
				return sshFailure(cmd, err)
			}
			x := newExplainer(r, req, res)
			if opt.json {
				return writeJSON(cmd.OutOrStdout(), x.explanation())
			}
			x.colour = isTerminal(cmd.OutOrStdout()) && os.Getenv("NO_COLOR") == ""
			x.write(cmd.OutOrStdout(), opt)
			return nil
		},
	}
	return cmd
}

// boundMemory makes the garbage collector run at Go's default pace instead of main's
// lazier one: explain and hosts hold trees of the whole configuration while they
// allocate, and at GOGC=400 their peak memory would grow to five times what they hold.
func boundMemory() { debug.SetGCPercent(100) }

// explainOptions are explain's own flags.
type explainOptions struct {
	json, allOptions, allBlocks bool
}

// take removes explain's flags from args, before the ssh arguments (they may come
// among the sshcfg long flags), and returns the rest.
func (o *explainOptions) take(args []string) []string {
	var rest []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--json":
			o.json = true
		case a == "--all":
			o.allOptions = true
		case a == "--all-blocks":
			o.allBlocks = true
		case (a == "--home" || a == "--openssh") && i+1 < len(args):
			rest = append(rest, a, args[i+1])
			i++
		case strings.HasPrefix(a, "--") && a != "--":
			rest = append(rest, a)
		default:
			return append(rest, args[i:]...)
		}
	}
	return rest
}

// resolveTolerant parses ssh's arguments and resolves them tolerantly, with a trace of
// every block: configuration problems become diagnostics on the result. The error is
// for arguments ssh rejects and for an -F file it cannot open (ssh's own error, from a
// strict resolution).
func resolveTolerant(g *globals, args []string, stdinTerminal bool) (*resolve.Resolver, *resolve.Request, *resolve.Result, error) {
	d, err := g.dialect()
	if err != nil {
		return nil, nil, nil, err
	}
	req, err := resolve.ParseArgs(args, d)
	if err != nil {
		return nil, nil, nil, err
	}
	// One host's trace needs every block's header but only the lines of the blocks
	// that may apply: the partial trees keep memory a small multiple of the input.
	req.Trace, req.Tolerant, req.OneShot = true, true, true
	env := g.env(true)
	env.StdinTerminal = stdinTerminal
	r := resolve.New(env, d)
	res, err := r.Resolve(req)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, dg := range res.Diags {
		// problems of the arguments themselves, and an -F file that cannot be read, fail
		// as they do for ssh
		if dg.File == "" && dg.Severity == diag.Error || dg.Code == resolve.CodeConfigUnreadable && req.ConfigFile != "" {
			if _, _, err := resolveArgs(g, args, true, stdinTerminal); err != nil {
				return nil, nil, nil, err
			}
			break
		}
	}
	return r, req, res, nil
}

// explainer words one resolution for explain.
type explainer struct {
	r      *resolve.Resolver
	res    *resolve.Result
	base   string // the directory of the configuration: paths are shown relative to it
	home   string
	passes int
	colour bool
}

func newExplainer(r *resolve.Resolver, req *resolve.Request, res *resolve.Result) *explainer {
	x := &explainer{r: r, res: res, home: r.Env.User.Home, passes: 1}
	switch {
	case req.ConfigFile != "" && !strings.EqualFold(req.ConfigFile, "none"):
		if abs, err := filepath.Abs(req.ConfigFile); err == nil {
			x.base = filepath.Dir(abs)
		}
	case x.home != "":
		x.base = filepath.Join(x.home, ".ssh")
	}
	for _, b := range res.Blocks {
		if b.Pass > 1 {
			x.passes = 2
		}
	}
	for _, f := range res.Files {
		if f.Pass > 1 {
			x.passes = 2
		}
	}
	return x
}

// shortPath is p relative to the configuration's directory or to ~, whichever is
// shortest (p itself when neither is shorter).
func (x *explainer) shortPath(p string) string {
	best := p
	if x.base != "" {
		if rel, err := filepath.Rel(x.base, p); err == nil && len(rel) < len(best) {
			best = rel
		}
	}
	if x.home != "" {
		if rel, err := filepath.Rel(x.home, p); err == nil && !strings.HasPrefix(rel, "..") && len("~/"+rel) < len(best) {
			best = "~/" + rel
		}
	}
	return best
}

// where names a source in the text form: file:line with the short path, or the command
// line option.
func (x *explainer) where(s resolve.Source) string {
	switch s.Kind {
	case resolve.FromConfig:
		w := fmt.Sprintf("%s:%d", x.shortPath(s.File), s.Line)
		if x.passes > 1 && s.Pass > 1 {
			w += " (final pass)"
		}
		return w
	case resolve.FromCommandLine:
		return "the command line (" + s.Arg + ")"
	}
	return s.String()
}

// valueText is the value of a config line as written, or the command-line option.
func (x *explainer) valueText(s resolve.Source) string {
	switch s.Kind {
	case resolve.FromConfig:
		if f, ok := x.r.Tree(s.File); ok && s.ValueSpan.End > s.ValueSpan.Start {
			return f.Text(s.ValueSpan)
		}
	case resolve.FromCommandLine:
		return s.Arg
	}
	return ""
}

// computedWords name the values ssh computes, by -G name.
var computedWords = map[string]string{
	"user":           "your login name (no User line applied)",
	"hostname":       "the host name you typed (no HostName line applied)",
	"updatehostkeys": "computed by ssh: on when VerifyHostKeyDNS is off and UserKnownHostsFile is the default",
	"proxyusefdpass": "computed by ssh: off because a ProxyJump is used",
	"tunnel":         "computed by ssh: off because forwardings are cleared",
}

// Rules, in words.
const (
	ruleFirst       = "ssh keeps the first value it finds"
	ruleAccumulates = "this keyword accumulates"
	ruleCommandLine = "the command line comes first"
	ruleDefault     = "default"
)

// rule words why the option has its value: "" for a single assignment nothing contested.
func rule(o resolve.Option) string {
	if k := keyword.Lookup(o.Name); k != nil && k.Multi == keyword.Accumulate {
		return ruleAccumulates
	}
	switch o.Source.Kind {
	case resolve.FromDefault:
		return ruleDefault
	case resolve.FromComputed:
		if w, ok := computedWords[o.Name]; ok {
			return w
		}
		return "computed by ssh"
	case resolve.FromCommandLine:
		if o.Name == "host" {
			return "the host name you typed"
		}
		if len(o.Lost) > 0 {
			return ruleCommandLine
		}
		return ""
	}
	if len(o.Lost) > 0 {
		return ruleFirst
	}
	return ""
}

// forwardRows are the -G names of the forwards: explain shows them from the typed model,
// which keeps what the user meant (ssh -G prints a LocalForward to a Unix socket on a
// dynamicforward line).
var forwardRows = map[string]keyword.ID{
	"localforward":   keyword.LocalForward,
	"remoteforward":  keyword.RemoteForward,
	"dynamicforward": keyword.DynamicForward,
}

// lostValue is an assignment that did not take effect.
type lostValue struct {
	Value  string         `json:"value"` // as written on the line, or the command-line option
	Source resolve.Source `json:"source"`
}

// explainedOption is an effective option with the rule that decided it.
type explainedOption struct {
	resolve.Option
	Rule       string      `json:"rule,omitempty"`
	LostValues []lostValue `json:"lost_values,omitempty"`
}

// forwardEntry is a forward as the user wrote it.
type forwardEntry struct {
	Keyword string         `json:"keyword"`
	Value   string         `json:"value"`
	Source  resolve.Source `json:"source"`
	// SSHG is the line ssh -G prints for it when that names another keyword (a
	// LocalForward to a Unix socket appears as dynamicforward).
	SSHG string `json:"ssh_g,omitempty"`
}

// droppedValue is a value of an accumulating keyword that ssh read and did not keep.
type droppedValue struct {
	Keyword string          `json:"keyword"`
	Value   string          `json:"value"`
	Source  resolve.Source  `json:"source"`
	Reason  string          `json:"reason"` // duplicate, over-limit, removed, cleared
	By      *resolve.Source `json:"by,omitempty"`
}

// accumulating are the keywords whose values ssh collects in a list.
var accumulating = []keyword.ID{keyword.IdentityFile, keyword.CertificateFile, keyword.SendEnv,
	keyword.LocalForward, keyword.RemoteForward, keyword.DynamicForward}

// dropped lists the values of accumulating keywords that ssh did not keep.
func (x *explainer) dropped() []droppedValue {
	var out []droppedValue
	for _, id := range accumulating {
		for _, d := range x.res.List(id).Dropped {
			v := x.valueText(d.Source)
			if v == "" {
				v = fmt.Sprint(d.Value)
			}
			out = append(out, droppedValue{Keyword: strings.ToLower(id.Keyword().Name), Value: v, Source: d.Source, Reason: d.Reason.String(), By: d.By})
		}
	}
	return out
}

// problem is a diagnostic of the configuration.
type problem struct {
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Severity string   `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Fixes    []string `json:"fixes,omitempty"`
}

type explanation struct {
	Host     string              `json:"host"`
	Hostname string              `json:"hostname"`
	Files    []resolve.FileRead  `json:"files"`
	Blocks   []resolve.BlockEval `json:"blocks"`
	Options  []explainedOption   `json:"options"`
	Forwards []forwardEntry      `json:"forwards,omitempty"`
	Dropped  []droppedValue      `json:"dropped,omitempty"`
	Problems []problem           `json:"problems,omitempty"`
}

func (x *explainer) explanation() explanation {
	return explanation{
		Host: x.res.HostArg, Hostname: x.res.Hostname, Files: x.res.Files, Blocks: x.res.Blocks,
		Options: x.options(), Forwards: x.forwards(), Dropped: x.dropped(), Problems: x.problems(),
	}
}

// options are the -G options with their rules and the text of their losers (forwards
// apart: see forwards).
func (x *explainer) options() []explainedOption {
	var out []explainedOption
	for _, o := range x.res.Options() {
		if _, fwd := forwardRows[o.Name]; fwd {
			continue
		}
		e := explainedOption{Option: o, Rule: rule(o)}
		for _, l := range o.Lost {
			e.LostValues = append(e.LostValues, lostValue{Value: x.valueText(l), Source: l})
		}
		out = append(out, e)
	}
	return out
}

// forwards lists the forwards from the typed model, each under the keyword that set it.
func (x *explainer) forwards() []forwardEntry {
	type origin struct {
		kind       resolve.SourceKind
		file, arg  string
		line, pass int
	}
	key := func(s resolve.Source) origin { return origin{s.Kind, s.File, s.Arg, s.Line, s.Pass} }
	printed := map[origin][]resolve.Option{} // ssh -G's forward lines by the line that set them
	for _, o := range x.res.Options() {
		if _, fwd := forwardRows[o.Name]; fwd {
			printed[key(o.Source)] = append(printed[key(o.Source)], o)
		}
	}
	var out []forwardEntry
	for _, id := range []keyword.ID{keyword.LocalForward, keyword.RemoteForward, keyword.DynamicForward} {
		name := strings.ToLower(id.Keyword().Name)
		for _, e := range x.res.List(id).Kept {
			f, _ := e.Value.(parser.Forward)
			v := x.valueText(e.Source)
			if v == "" {
				v = forwardText(f, id)
			}
			fe := forwardEntry{Keyword: name, Value: v, Source: e.Source}
			if g := printed[key(e.Source)]; len(g) > 0 && g[0].Name != name {
				fe.SSHG = g[0].Name + " " + g[0].Value
			}
			out = append(out, fe)
		}
	}
	return out
}

// forwardText writes a forward the way a config line would.
func forwardText(f parser.Forward, id keyword.ID) string {
	side := func(host string, hasHost bool, port int, path string) string {
		switch {
		case path != "":
			return path
		case hasHost:
			return fmt.Sprintf("%s:%d", host, port)
		}
		return fmt.Sprint(port)
	}
	listen := side(f.ListenHost, f.HasListenHost, f.ListenPort, f.ListenPath)
	if id == keyword.DynamicForward || (!f.HasConnectHost && f.ConnectPath == "") {
		return listen
	}
	return listen + " " + side(f.ConnectHost, f.HasConnectHost, f.ConnectPort, f.ConnectPath)
}

// problems are the diagnostics of the tolerant resolution, then the parser's findings in
// the files read (deprecated and unsupported keywords …) it did not already report.
func (x *explainer) problems() []problem {
	type at struct {
		file string
		pos  int
		code string
	}
	seen := map[at]bool{}
	var out []problem
	add := func(d diag.Diagnostic) {
		k := at{d.File, d.Span.Start, d.Code}
		if seen[k] {
			return
		}
		seen[k] = true
		p := problem{File: d.File, Severity: d.Severity.String(), Code: d.Code, Message: d.Message}
		if li := x.r.LineIndex(d.File); li != nil && d.File != "" {
			p.Line = li.Position(d.Span.Start).Line
		}
		for _, f := range d.Fixes {
			p.Fixes = append(p.Fixes, f.Title)
		}
		out = append(out, p)
	}
	for _, d := range x.res.Diags {
		add(d)
	}
	read := map[string]bool{}
	for _, fr := range x.res.Files {
		if read[fr.Path] {
			continue
		}
		read[fr.Path] = true
		if f, ok := x.r.Tree(fr.Path); ok {
			for _, d := range f.Diags {
				add(d)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return out
}

// Terminal colours (SGR).
const (
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
	sgrRed    = "\x1b[31m"
	sgrDim    = "\x1b[2m"
	sgrReset  = "\x1b[0m"
)

// paint colours already escaped text on a terminal.
func (x *explainer) paint(sgr, text string) string {
	if !x.colour {
		return text
	}
	return sgr + text + sgrReset
}

// write prints the text form. Every string from the configuration or the command line
// is escaped (resolve.EscapeText): the text never carries a control byte a terminal
// would act on.
func (x *explainer) write(w io.Writer, opt explainOptions) {
	esc := resolve.EscapeText
	res := x.res
	fmt.Fprintf(w, "%s connects to %s\n", esc(res.HostArg), esc(res.Hostname))
	if x.passes > 1 {
		fmt.Fprintln(w, "(ssh read the configuration twice: a final pass after the first)")
	}
	x.writeFiles(w)
	x.writeBlocks(w, opt.allBlocks)
	x.writeOptions(w, opt.allOptions)
	if ps := x.problems(); len(ps) > 0 {
		fmt.Fprintln(w, "\nProblems:")
		for i, p := range ps {
			if i == maxProblemsShown {
				fmt.Fprintf(w, "  (%d more; --json or sshcfg lint lists them)\n", len(ps)-i)
				break
			}
			at := ""
			if p.File != "" {
				at = fmt.Sprintf("%s:%d: ", esc(x.shortPath(p.File)), p.Line)
			}
			fmt.Fprintf(w, "  %s%s: %s [%s]\n", at, x.paint(sgrRed, p.Severity), esc(p.Message), p.Code)
			for _, f := range p.Fixes {
				fmt.Fprintf(w, "      fix: %s\n", esc(f))
			}
		}
	}
}

// maxProblemsShown bounds the problems listed in the text form.
const maxProblemsShown = 10

// maxFilesShown bounds the list of files read (a directory of included files).
const maxFilesShown = 10

func (x *explainer) writeFiles(w io.Writer) {
	esc := resolve.EscapeText
	fmt.Fprintln(w, "\nFiles read:")
	for i, f := range x.res.Files {
		if i == maxFilesShown {
			fmt.Fprintf(w, "  (%d more)\n", len(x.res.Files)-i)
			break
		}
		note := ""
		switch {
		case f.Missing:
			note = " (missing, skipped)"
		case f.ParseOnly:
			note = " (parse only: included from an inactive block)"
		}
		via := ""
		if f.IncludeBy != nil {
			via = " via Include at " + esc(x.where(*f.IncludeBy))
		}
		pass := ""
		if x.passes > 1 {
			pass = fmt.Sprintf("pass %d  ", f.Pass)
		}
		fmt.Fprintf(w, "  %s%s%s%s\n", pass, esc(x.shortPath(f.Path)), via, note)
	}
}

func (x *explainer) writeBlocks(w io.Writer, all bool) {
	esc := resolve.EscapeText
	fmt.Fprintln(w, "\nBlocks:")
	rest := 0
	for _, b := range x.res.Blocks {
		if !all && !b.Matched && !b.NearMiss {
			rest++
			continue
		}
		mark := x.paint(sgrDim, "no     ")
		switch {
		case b.Matched:
			mark = x.paint(sgrGreen, "applied")
		case b.NearMiss:
			mark = x.paint(sgrYellow, "nearly ")
		}
		pass := ""
		if x.passes > 1 {
			pass = fmt.Sprintf(" (pass %d)", b.Pass)
		}
		fmt.Fprintf(w, "  %s  %s:%d%s  %s\n           %s\n", mark, esc(x.shortPath(b.File)), b.Line, pass, esc(b.Header), esc(b.Reason))
	}
	if rest > 0 {
		noun := "blocks"
		if rest == 1 {
			noun = "block"
		}
		fmt.Fprintf(w, "  (%d more %s did not apply; --all-blocks lists them)\n", rest, noun)
	}
}

func (x *explainer) writeOptions(w io.Writer, all bool) {
	esc := resolve.EscapeText
	fmt.Fprintln(w, "\nOptions:")
	defaults := 0
	for _, o := range x.options() {
		if o.Source.Kind == resolve.FromDefault && len(o.Lost) == 0 && !all {
			defaults++
			continue
		}
		fmt.Fprintf(w, "  %s %s\n", o.Name, esc(o.Value))
		switch {
		case o.Source.Kind == resolve.FromDefault || o.Source.Kind == resolve.FromComputed:
			fmt.Fprintf(w, "      %s\n", o.Rule)
		case o.Rule == "":
			fmt.Fprintf(w, "      from %s\n", esc(x.where(o.Source)))
		default:
			fmt.Fprintf(w, "      from %s; %s\n", esc(x.where(o.Source)), o.Rule)
		}
		for _, l := range o.LostValues {
			fmt.Fprintf(w, "      %s %s at %s\n", x.paint(sgrRed, "lost:"), esc(l.Value), esc(x.where(l.Source)))
		}
	}
	if fs := x.forwards(); len(fs) > 0 {
		for _, f := range fs {
			fmt.Fprintf(w, "  %s %s\n      from %s; %s\n", f.Keyword, esc(f.Value), esc(x.where(f.Source)), ruleAccumulates)
			if f.SSHG != "" {
				fmt.Fprintf(w, "      (ssh -G prints it as: %s)\n", esc(f.SSHG))
			}
		}
	}
	for _, d := range x.dropped() {
		by := ""
		if d.By != nil {
			by = ", because of " + x.where(*d.By)
		}
		fmt.Fprintf(w, "  %s %s at %s: not used (%s%s)\n", x.paint(sgrRed, d.Keyword), esc(d.Value), esc(x.where(d.Source)), d.Reason, esc(by))
	}
	if defaults > 0 {
		fmt.Fprintf(w, "  (%d more options at their defaults; --all lists them)\n", defaults)
	}
}

// writeJSON prints v as indented JSON. encoding/json already writes control bytes below
// 0x20 as \u escapes; DEL and the C1 controls (U+0080 to U+009F) it leaves raw are
// escaped here too, so no JSON output drives a terminal either.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	out := make([]byte, 0, buf.Len())
	b := buf.Bytes()
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == 0x7f:
			out = fmt.Appendf(out, `\u%04x`, b[i])
		case b[i] == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, b[i+1])
			i++
		default:
			out = append(out, b[i])
		}
	}
	_, err := w.Write(out)
	return err
}

func hostsCmd(g *globals) *cobra.Command {
	var asJSON bool
	var config, format string
	cmd := &cobra.Command{
		Use:   "hosts",
		Short: "List the concrete host aliases of the configuration",
		Long: "hosts lists every concrete Host alias (no wildcards) with the file:line that names it,\n" +
			"following every Include. Include problems that would stop ssh (a file it cannot open\n" +
			"or refuses for its owner or mode, an Include cycle, nesting deeper than 16) are reported\n" +
			"on standard error with the Include's position; the aliases found are still listed and\n" +
			"the exit status is 0. When the -F file cannot be opened, hosts prints ssh's message\n" +
			"and exits with status 255, as resolve does. Names and paths are escaped as in\n" +
			"explain: control bytes, DEL, a backslash and bytes that are not printable UTF-8\n" +
			"appear as \\ooo (octal) or \\\\.\n\n" +
			"--format fzf prints one line per alias for pickers (fzf, shell completion):\n" +
			"alias, host name, user and file:line, separated by tabs; the host name and user\n" +
			"are resolved for each alias as ssh would, tolerating problems.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := g.dialect()
			if err != nil {
				return err
			}
			boundMemory()
			env := g.env(false)
			var focus *resolve.FocusFS
			if format == "fzf" {
				// every alias is resolved: each Include pattern expanded once for all, and
				// each alias reads only the included files that can apply to it
				focus = resolve.NewFocusFS(env.FS)
				env.FS = focus
			}
			r := resolve.New(env, d)
			// --format fzf resolves every alias: the whole trees Hosts keeps serve them
			// all (with the resolver's block index); the other formats need only the
			// aliases.
			aliases := r.Aliases
			if format == "fzf" {
				aliases = r.Hosts
			}
			hs, diags, err := aliases(config)
			if err != nil {
				return sshFailure(cmd, err)
			}
			for _, d := range diags {
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg: %s\n", resolve.EscapeText(diag.Format(d, r.LineIndex(d.File))))
			}
			switch format {
			case "json":
				asJSON = true
			case "fzf":
				return writeHostsFzf(cmd.OutOrStdout(), r, focus, config, hs)
			case "text", "":
			default:
				return fmt.Errorf("--format %q: want text, json or fzf", format)
			}
			if asJSON {
				if hs == nil {
					hs = []resolve.HostAlias{}
				}
				return writeJSON(cmd.OutOrStdout(), hs)
			}
			for _, h := range hs {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s:%d\n", resolve.EscapeText(h.Name), resolve.EscapeText(h.File), h.Line)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (as --format json)")
	cmd.Flags().StringVar(&format, "format", "text", "output: text, json, or fzf (alias<TAB>hostname<TAB>user<TAB>file:line)")
	cmd.Flags().StringVarP(&config, "config", "F", "", "config file, as ssh -F")
	return cmd
}

// writeHostsFzf prints alias, host name, user and file:line of every alias, separated
// by tabs, for pickers. Each alias is resolved tolerantly with the same -F value, with
// the focus on it (FocusFS.Resolve); a field that cannot be computed is empty.
func writeHostsFzf(w io.Writer, r *resolve.Resolver, focus *resolve.FocusFS, config string, hs []resolve.HostAlias) error {
	esc := resolve.EscapeText
	for _, h := range hs {
		var hostname, user string
		args := []string{h.Name}
		if config != "" {
			args = []string{"-F", config, h.Name}
		}
		if req, err := resolve.ParseArgs(args, r.Dialect); err == nil {
			req.Tolerant = true
			if res, err := focus.Resolve(context.Background(), r, req, h.Name); err == nil {
				hostname, user = res.Hostname, res.User()
			}
		}
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s:%d\n", esc(h.Name), esc(hostname), esc(user), esc(h.File), h.Line); err != nil {
			return err
		}
	}
	return nil
}
