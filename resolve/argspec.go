package resolve

import (
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// OptionTakesArg reports whether ssh's short option -c takes an argument in dialect d, as
// ParseArgs reads it (for shell completion, which must know where a value goes).
func OptionTakesArg(c byte, d keyword.Dialect) bool {
	return strings.IndexByte(optionsWithArg, c) >= 0 || (c == 'P' && d.Version.AtLeast("9.4"))
}
