package resolve

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Tolerant mode (Request.Tolerant): where ssh would print an error and stop, the resolver
// records a diagnostic and goes on with what ssh's semantics still give — a bad line is
// skipped and the lines after it apply, a file ssh would refuse is not read, an invalid
// setting falls back to ssh's default. ssh's messages are still gathered in
// Result.Warnings; Resolve returns no *FatalError for configuration problems.

// refusal is the diagnostic for a line the resolver refused, positioned when the line's
// file is known.
type refusal struct {
	d diag.Diagnostic
	// entry is the index of the list entry at fault, -1 for none.
	entry int
}

// refuse marks the line being processed as bad for a reason of the resolver's own: msg is
// ssh's words (printed as "file line N: msg"), code and span the diagnostic tolerant mode
// records. A zero span stands for the line's value.
func (st *run) refuse(code string, span diag.Span, msg string) {
	st.badLine = msg
	if st.req.Tolerant {
		st.bad = &refusal{d: diag.New(code, span, msg), entry: -1}
	}
}

// refuseEntry is refuse for a problem with entry i of the line's list value (the first
// entry past a limit).
func (st *run) refuseEntry(code string, i int, msg string) {
	st.refuse(code, diag.Span{}, msg)
	if st.bad != nil {
		st.bad.entry = i
	}
}

// badLineDiags records, in tolerant mode, why line l of f is bad: the resolver's reason
// when it refused the line, else the parser's errors (less those IgnoreUnknown excuses).
func (st *run) badLineDiags(f *parser.File, l *parser.Line) {
	if !st.req.Tolerant {
		return
	}
	if r := st.bad; r != nil {
		st.bad = nil
		d := r.d
		d.File = f.Name
		if list, ok := l.Value.([]string); ok && r.entry >= 0 && r.entry < len(list) && len(list) == len(l.Args()) {
			d.Span = l.Args()[r.entry].Span() // one entry a word
		} else if d.Span == (diag.Span{}) {
			d.Span = valueSpan(l)
		}
		st.res.Diags = append(st.res.Diags, d)
		return
	}
	ignored := st.ignoredUnknown(l.Name())
	for _, d := range l.Diags() {
		if d.Severity != diag.Error || ignored && (d.Code == parser.CodeUnknownKeyword || d.Code == parser.CodeTooNew) {
			continue
		}
		d.File = f.Name
		st.res.Diags = append(st.res.Diags, d)
	}
}

// problem records a diagnostic of code in file at span.
func (st *run) problem(code, file string, span diag.Span, format string, a ...any) {
	d := diag.New(code, span, fmt.Sprintf(format, a...))
	d.File = file
	st.res.Diags = append(st.res.Diags, d)
}

// includeSite returns where the innermost Include being read was written (file and the
// span of its value), or a zero site for a top-level file.
func (st *run) includeSite() (string, diag.Span) {
	if n := len(st.includeHist); n > 0 {
		inc := st.includeHist[n-1]
		return inc.File, inc.ValueSpan
	}
	return "", diag.Span{}
}

// settingFailed handles a fatal error ssh raises about option id after reading the
// configuration. Strict mode returns fe; tolerant mode records a diagnostic where the
// option was set, puts ssh's default def in its place (nil: no setting), and returns nil.
func (st *run) settingFailed(id keyword.ID, def any, fe *FatalError) error {
	if !st.req.Tolerant {
		return fe
	}
	var src Source
	if s := st.o.setting(id); s != nil {
		src = s.Source
		st.o.unset(id)
	}
	if def != nil {
		st.o.put(id, &Setting{Value: def, Source: Source{Kind: FromDefault}})
	}
	st.problem(CodeInvalidSetting, src.File, src.ValueSpan, "%s: ssh stops here (%s); its default is used instead", slotName(id), oneLine(fe.Msg))
	return nil
}

// expansionFailed is settingFailed for an error expanding the value of option id: a
// fatal error of ssh's expansion is a diagnostic in tolerant mode, other errors pass.
func (st *run) expansionFailed(id keyword.ID, err error) error {
	var fe *FatalError
	if errors.As(err, &fe) {
		return st.settingFailed(id, nil, fe)
	}
	return err
}

// slotName is the keyword that sets slot id, for messages.
func slotName(id keyword.ID) string {
	switch id {
	case slotForwardAgentPath:
		return keyword.ForwardAgent.Keyword().Name
	case slotRekeyInterval:
		return keyword.RekeyLimit.Keyword().Name
	}
	return id.Keyword().Name
}

// giveUp turns a fatal error tolerant mode has no finer handling for into a diagnostic:
// resolution ends there, with what was resolved so far.
func (st *run) giveUp(fe *FatalError) error {
	if st.res == nil {
		st.res = &Result{opts: st.o, dialect: st.dia, command: st.req.Command}
	}
	st.problem(CodeSSHStops, "", diag.Span{}, "ssh stops resolving: %s", oneLine(fe.Msg))
	return nil
}

// oneLine joins the lines of one of ssh's messages for a diagnostic.
func oneLine(msg string) string { return strings.ReplaceAll(msg, "\n", "; ") }
