package lint

import (
	"fmt"
	"slices"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerDuplicateInBlock) }

// registerDuplicateInBlock adds this file's rules to the table (see onFirstUse).
func registerDuplicateInBlock() {
	register(&Rule{
		Code: diag.Code{ID: "SC3004", Slug: "duplicate-in-block", Severity: diag.Warning, Since: "0.2",
			Doc: "A keyword that keeps one value is set twice in the same block. ssh keeps the first value " +
				"(the last, for StreamLocalBindMask) and ignores the other line without a word. Remove the line " +
				"ssh ignores, or move the value you meant into its own block."},
		Docs: Docs{
			Title: "Keyword set twice in one block",
			Why: "For almost every keyword ssh uses the first value it obtains, so a second Port, User or " +
				"IdentityAgent in the same block never takes effect; it usually is a leftover of an edit. SetEnv " +
				"counts too: only the first SetEnv line that applies is used, even when the second names other " +
				"variables (verified with ssh -G on OpenSSH 9.2; 10.x behaves the same). Keywords that add to a " +
				"list (IdentityFile, CertificateFile, LocalForward, RemoteForward, DynamicForward, SendEnv) are " +
				"not duplicates. An exact repeat of the line can be deleted safely (--fix).",
			Bad:     "Host build\n    Port 22\n    Port 2222\n",
			Good:    "Host build\n    Port 2222\n",
			Sources: []string{"ssh_config(5): \"the first obtained value will be used\"", "OpenSSH readconf.c process_config_line (parse_int, parse_string, oSetEnv)"},
		},
		Check: checkDuplicateInBlock,
	})
}

// checkDuplicateInBlock reports, in every block of every file, the assignments of a
// single-valued keyword that another line of the same block overrides.
func checkDuplicateInBlock(p *Pass) {
	for _, f := range p.Files {
		for _, b := range f.tree().Blocks {
			first := map[keyword.ID]*parser.Line{}
			for _, l := range b.Lines {
				k := l.Keyword()
				if l.Kind != parser.LineDirective || k == nil || l.HasError() || (k.Multi != keyword.FirstWins && k.Multi != keyword.LastWins) {
					continue
				}
				prev, seen := first[k.ID]
				if !seen {
					first[k.ID] = l
					continue
				}
				winner, ignored := prev, l
				if k.Multi == keyword.LastWins {
					winner, ignored = l, prev
					first[k.ID] = l
				}
				reportDuplicate(p, f, k, winner, ignored)
			}
		}
	}
}

func reportDuplicate(p *Pass, f *File, k *keyword.Keyword, winner, ignored *parser.Line) {
	shown := quoteConfig(f.tree().Text(argsSpan(winner)))
	d := diag.Diagnostic{
		File: f.Path, Span: directiveSpan(ignored),
		Message: fmt.Sprintf("ssh ignores this line: %s is already set on line %d of this block (%s), and ssh keeps the first value",
			k.Name, winner.Number(), shown),
		Related: []diag.Related{{File: f.Path, Span: directiveSpan(winner), Message: "the line that wins"}},
	}
	if k.Multi == keyword.LastWins {
		d.Message = fmt.Sprintf("ssh ignores this line: %s is set again on line %d of this block (%s), and ssh keeps the last value",
			k.Name, winner.Number(), shown)
	}
	if slices.Equal(argValues(winner), argValues(ignored)) {
		d.Fixes = []diag.Fix{{Title: "Delete the repeated line", Edits: []diag.Edit{{Span: ignored.Span()}}}}
	}
	p.ReportDiag(d)
}

// argValues are a line's arguments after quote removal.
func argValues(l *parser.Line) []string {
	out := make([]string, len(l.Args()))
	for i, a := range l.Args() {
		out[i] = a.Value
	}
	return out
}
