package parser

import "github.com/sshcfg/sshcfg/diag"

// Diagnostic codes produced by the parser (ids SC1xxx; see package diag).
const (
	CodeUnknownKeyword = "unknown-keyword"
	CodeTooNew         = "keyword-too-new"
	CodeNoArgument     = "no-argument"
	CodeInvalidQuotes  = "invalid-quotes"
	CodeMissingArg     = "missing-argument"
	CodeExtraArgs      = "extra-arguments"
	CodeDeprecated     = "deprecated-keyword"
	CodeUnsupported    = "unsupported-keyword"
	CodeIgnoredLine    = "ignored-line"
	CodeBadMatch       = "bad-match"
	CodeNotOnCmdline   = "not-on-command-line"
	CodeNulByte        = "nul-byte"
	CodeBadValue       = "bad-value"
)

// codes documents every code above. Ids are never reused: a retired code keeps its id.
var codes = []diag.Code{
	{ID: "SC1001", Slug: CodeUnknownKeyword, Severity: diag.Error, Since: "0.1",
		Doc: "The keyword is not one this OpenSSH build knows, often a misspelling. ssh stops " +
			"with an error on such a line unless IgnoreUnknown names the keyword; the message " +
			"suggests the nearest known keyword when one is close."},
	{ID: "SC1002", Slug: CodeTooNew, Severity: diag.Error, Since: "0.1",
		Doc: "The keyword exists, but only in a newer OpenSSH release than the one the file is " +
			"checked against, so this ssh treats it as unknown and stops. Upgrade OpenSSH, " +
			"list the keyword in IgnoreUnknown, or guard it with Match version."},
	{ID: "SC1003", Slug: CodeNoArgument, Severity: diag.Error, Since: "0.1",
		Doc: "A keyword stands alone on its line. ssh requires at least one argument after " +
			"every keyword and refuses the file otherwise."},
	{ID: "SC1004", Slug: CodeInvalidQuotes, Severity: diag.Error, Since: "0.1",
		Doc: "A quoted argument is not closed, or a closing quote is followed directly by " +
			"other text. ssh cannot split such a line into arguments and stops."},
	{ID: "SC1005", Slug: CodeMissingArg, Severity: diag.Error, Since: "0.1",
		Doc: "The keyword needs a value that is missing or empty (for example an empty quoted " +
			"string). ssh refuses the line."},
	{ID: "SC1006", Slug: CodeExtraArgs, Severity: diag.Error, Since: "0.1",
		Doc: "The line has more arguments than the keyword takes. ssh refuses the line rather " +
			"than ignore the surplus; quote a value that contains blanks."},
	{ID: "SC1007", Slug: CodeDeprecated, Severity: diag.Warning, Since: "0.1",
		Doc: "The keyword is deprecated or kept only for compatibility: ssh accepts the line " +
			"but does nothing with it. Remove the line."},
	{ID: "SC1008", Slug: CodeUnsupported, Severity: diag.Warning, Since: "0.1",
		Doc: "The keyword belongs to a feature this OpenSSH build was compiled without. ssh " +
			"says so and goes on, so the setting has no effect."},
	{ID: "SC1009", Slug: CodeIgnoredLine, Severity: diag.Warning, Since: "0.1",
		Doc: "ssh skips this line without a word, for example because its keyword is an " +
			"unclosed quote or it holds no keyword at all. Whatever it was meant to set is " +
			"not set."},
	{ID: "SC1010", Slug: CodeBadMatch, Severity: diag.Error, Since: "0.1",
		Doc: "A Match line is malformed: an unknown criterion, a criterion without its " +
			"argument, 'all' combined with others, or no criterion at all. ssh stops."},
	{ID: "SC1011", Slug: CodeNotOnCmdline, Severity: diag.Error, Since: "0.1",
		Doc: "Host, Match and Include only make sense in a file; given with ssh -o they are " +
			"refused."},
	{ID: "SC1012", Slug: CodeNulByte, Severity: diag.Warning, Since: "0.1",
		Doc: "The line contains a NUL byte. ssh reads lines as C strings, so everything from " +
			"the NUL to the end of the line is silently lost."},
	{ID: "SC1100", Slug: CodeBadValue, Severity: diag.Error, Since: "0.1",
		Doc: "The value does not follow the keyword's grammar. ssh stops with an error."},
}

func init() { diag.Register(codes...) }
