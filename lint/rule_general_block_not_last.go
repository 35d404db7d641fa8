package lint

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

func init() { onFirstUse(registerGeneralBlockNotLast) }

// registerGeneralBlockNotLast adds this file's rules to the table (see onFirstUse).
func registerGeneralBlockNotLast() {
	register(&Rule{
		Code: diag.Code{ID: "SC3006", Slug: "general-block-not-last", Severity: diag.Info, Since: "0.2",
			Doc: "A Host * or Match all block comes before other blocks that set the same keywords. For those " +
				"keywords its values win for every host, whatever the later blocks say. Put general defaults at " +
				"the end of the file."},
		Docs: Docs{
			Title: "General block before specific ones",
			Why: "ssh keeps the first value it obtains for each keyword, so a block that matches every host acts " +
				"as an override when it comes first and as a default when it comes last. Written first, it " +
				"silently defeats every later block that sets the same keyword. This note sits on the general " +
				"block's header and lists the later lines it overrides; shadowed-setting reports each of those " +
				"lines for the hosts where it happens.",
			Bad:     "Host *\n    User admin\n\nHost web\n    User deploy\n",
			Good:    "Host web\n    User deploy\n\nHost *\n    User admin\n",
			Sources: []string{"ssh_config(5): \"general defaults at the end\""},
		},
		Check: checkGeneralBlockNotLast,
	})
}

// maxRelated is the number of overridden lines a finding points at; the rest are
// reported by shadowed-setting.
const maxRelated = 10

func checkGeneralBlockNotLast(p *Pass) {
	for _, f := range p.Files {
		for i, b := range f.tree().Blocks {
			if b.Header == nil || b.Header.HasError() || !isGeneralHeader(b.Header) {
				continue
			}
			set := map[keyword.ID]bool{}
			for _, l := range b.Lines {
				if k := l.Keyword(); k != nil && k.Multi == keyword.FirstWins && !l.HasError() {
					set[k.ID] = true
				}
			}
			var names []string
			var related []diag.Related
			named := map[keyword.ID]bool{}
			for _, later := range f.tree().Blocks[i+1:] {
				for _, l := range later.Lines {
					if l.Keyword() == nil || !set[l.Keyword().ID] {
						continue
					}
					if len(related) < maxRelated {
						related = append(related, diag.Related{File: f.Path, Span: directiveSpan(l), Message: "overridden by the general block"})
					}
					if !named[l.Keyword().ID] {
						named[l.Keyword().ID] = true
						names = append(names, l.Keyword().Name)
					}
				}
			}
			if len(names) == 0 {
				continue
			}
			p.ReportDiag(diag.Diagnostic{File: f.Path, Span: directiveSpan(b.Header), Related: related,
				Message: fmt.Sprintf("%s comes before blocks that also set %s: its values win for every host; move it to the end of the file",
					headerText(f, b), strings.Join(names, ", "))})
		}
	}
}
