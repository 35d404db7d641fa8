package resolve

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// BlockEval records how one Host/Match line was evaluated.
type BlockEval struct {
	File    string    `json:"file"`
	Line    int       `json:"line"`
	Span    diag.Span `json:"-"`
	Header  string    `json:"header"` // the keyword and its arguments as written
	Pass    int       `json:"pass"`
	Matched bool      `json:"matched"`
	// Reason says why the line matched or not; it is built only when the request asked
	// for a trace (Request.Trace), and empty otherwise.
	Reason string `json:"reason"`
	// NearMiss marks a block that did not apply but nearly did: a Host line where a
	// pattern matched and a negated one stopped it, or a Match line of two or more
	// criteria where exactly one failed.
	NearMiss bool `json:"near_miss,omitempty"`
	// ParseOnly is true for headers in files included from an inactive block.
	ParseOnly bool `json:"parse_only,omitempty"`
}

// FileRead records one configuration file ssh opened.
type FileRead struct {
	Path      string  `json:"path"`
	Pass      int     `json:"pass"`
	Depth     int     `json:"depth"`
	IncludeBy *Source `json:"include_by,omitempty"` // the Include line that read it, nil for top-level files
	ParseOnly bool    `json:"parse_only,omitempty"`
	Missing   bool    `json:"missing,omitempty"`
}

// Result is the outcome of resolving one host.
type Result struct {
	// env and tokens are what Expand needs: the environment of the resolution and the
	// %-token values of the destination as ssh computes them when it connects.
	env    *Env
	tokens tokens

	// HostArg is the destination as typed; Hostname the final host name ssh connects to.
	HostArg, Hostname string
	opts              *options
	dialect           keyword.Dialect
	Files             []FileRead
	Blocks            []BlockEval
	// Diags are sshcfg's own findings made while resolving (e.g. Match exec not run) and,
	// in tolerant mode (Request.Tolerant), every configuration problem, positioned.
	Diags diag.Diagnostics
	// Warnings are the messages ssh prints on standard error while it succeeds.
	Warnings []Message
	// command is the remote command given on the command line.
	command string
	// written holds the algorithm lists as the assignments that took effect wrote them,
	// before assembly against the defaults (AlgorithmsWritten).
	written []writtenList
}

// writtenList is an algorithm list as written, before + - ^ assembly.
type writtenList struct {
	id   keyword.ID
	list string
}

// Message is a line ssh writes to standard error. Plain marks fprintf output, which ssh
// writes as it is; other messages come from ssh's logger, which escapes them and ends
// lines with "\r\n" (see [LogText]). Text holds the bytes before escaping.
type Message struct {
	Text  string
	Plain bool
	// Early marks a message of ssh's argument parsing, logged before -E or -y take
	// effect: it goes to standard error whatever they say.
	Early bool
}

func (r *Result) warn(plain bool, format string, a ...any) {
	r.Warnings = append(r.Warnings, Message{Text: fmt.Sprintf(format, a...), Plain: plain})
}
