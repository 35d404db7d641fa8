package parser

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Every criterion of MatchCriteria is accepted from its release on and refused as
// unsupported before it (among the modelled releases).
func TestMatchCriteriaTable(t *testing.T) {
	for _, c := range MatchCriteria {
		line := "Match " + c.Name
		if c.Arg {
			line += " 10.0.0.0/8"
		} else if !c.Alone {
			line += " all"
		}
		for _, d := range []keyword.Dialect{keyword.Upstream92, keyword.Upstream105} {
			f := Parse("t", []byte(line+"\n"), Options{Dialect: d})
			msg := ""
			f.Lines(func(l *Line) bool {
				for _, dg := range l.Diags() {
					msg += dg.Message
				}
				return true
			})
			known := d.Version.AtLeast(c.Since)
			if known && msg != "" || !known && !strings.Contains(msg, "Unsupported Match attribute") {
				t.Errorf("%q in %s: %q", line, d.Release, msg)
			}
		}
	}
}
