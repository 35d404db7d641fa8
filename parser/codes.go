package parser

import (
	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

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
)

// Codes of values that do not follow their keyword's grammar (ids SC11xx). ssh stops on
// every one of them. Most follow from the keyword's kind (valueCodes); a few name a part
// of a value that has a grammar of its own.
const (
	CodeBadChoice       = "bad-choice"
	CodeBadNumber       = "bad-number"
	CodeBadTime         = "bad-time"
	CodeBadPort         = "bad-port"
	CodeBadSize         = "bad-size"
	CodeBadForward      = "bad-forward"
	CodeBadAlgorithms   = "bad-algorithm-list"
	CodeBadProxyJump    = "bad-proxy-jump"
	CodeBadEnvironment  = "bad-environment"
	CodeBadPermitOpen   = "bad-permit-remote-open"
	CodeBadDomain       = "bad-domain"
	CodeBadCNAMERule    = "bad-cname-rule"
	CodeEmptyArgument   = "empty-argument"
	CodeNoneNotAlone    = "none-not-alone"
	CodeBadEscapeChar   = "bad-escape-char"
	CodeBadIPQoS        = "bad-ipqos"
	CodeBadTunnelDevice = "bad-tunnel-device"
	CodeBadMask         = "bad-mask"
)

// valueCodes is the code of a value that does not follow the grammar of its keyword's
// kind. Kinds absent here report only codes of their own (see errc) or none.
var valueCodes = map[keyword.Kind]string{
	keyword.KindFlag:                   CodeBadChoice,
	keyword.KindEnum:                   CodeBadChoice,
	keyword.KindAddKeysToAgent:         CodeBadChoice,
	keyword.KindObscureKeystrokeTiming: CodeBadChoice,
	keyword.KindInt:                    CodeBadNumber,
	keyword.KindTime:                   CodeBadTime,
	keyword.KindControlPersist:         CodeBadTime,
	keyword.KindPort:                   CodeBadPort,
	keyword.KindRekeyLimit:             CodeBadSize,
	keyword.KindForward:                CodeBadForward,
	keyword.KindDynamicForward:         CodeBadForward,
	keyword.KindAlgorithms:             CodeBadAlgorithms,
	keyword.KindProxyJump:              CodeBadProxyJump,
	keyword.KindSendEnv:                CodeBadEnvironment,
	keyword.KindSetEnv:                 CodeBadEnvironment,
	keyword.KindHost:                   CodeEmptyArgument,
	keyword.KindInclude:                CodeEmptyArgument,
	keyword.KindEscapeChar:             CodeBadEscapeChar,
	keyword.KindIPQoS:                  CodeBadIPQoS,
	keyword.KindTunnelDevice:           CodeBadTunnelDevice,
	keyword.KindOctal:                  CodeBadMask,
}

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
	// SC1100 was a catch-all for bad values, split into the codes below before any release.
	{ID: "SC1101", Slug: CodeBadChoice, Severity: diag.Error, Since: "0.1",
		Doc: "The value is not one of the words the keyword accepts (yes/no and the " +
			"keyword's own choices, such as ask or confirm). Case does not matter unless " +
			"the keyword says so; the message suggests the nearest accepted word."},
	{ID: "SC1102", Slug: CodeBadNumber, Severity: diag.Error, Since: "0.1",
		Doc: "The value must be a whole decimal number in the keyword's range; signs, " +
			"units, blanks and trailing text are refused."},
	{ID: "SC1103", Slug: CodeBadTime, Severity: diag.Error, Since: "0.1",
		Doc: "The value must be a time: seconds, or numbers each followed by s, m, h, d or " +
			"w (such as 1h30m). Some keywords also accept none, yes or no."},
	{ID: "SC1104", Slug: CodeBadPort, Severity: diag.Error, Since: "0.1",
		Doc: "The value must be a port number from 1 to 65535 or a service name known to " +
			"the system."},
	{ID: "SC1105", Slug: CodeBadSize, Severity: diag.Error, Since: "0.1",
		Doc: "The value must be an amount of data: a number with an optional unit K, M or " +
			"G (powers of 1024), at least 16 bytes, or default."},
	{ID: "SC1106", Slug: CodeBadForward, Severity: diag.Error, Since: "0.1",
		Doc: "The forwarding specification is malformed: listen and target sides are " +
			"[address:]port or a socket path, IPv6 addresses in brackets, ports valid. " +
			"LocalForward needs both sides."},
	{ID: "SC1107", Slug: CodeBadAlgorithms, Severity: diag.Error, Since: "0.1",
		Doc: "The algorithm list names an algorithm this OpenSSH does not support, has an " +
			"empty element, or misuses the +, - and ^ prefixes."},
	{ID: "SC1108", Slug: CodeBadProxyJump, Severity: diag.Error, Since: "0.1",
		Doc: "The ProxyJump value is not none or a comma-separated list of " +
			"[user@]host[:port] or ssh://[user@]host[:port] hops."},
	{ID: "SC1109", Slug: CodeBadEnvironment, Severity: diag.Error, Since: "0.1",
		Doc: "An environment variable is named or referenced wrongly: SendEnv names must " +
			"not contain '=', SetEnv entries must be NAME=VALUE, and ${NAME} or $NAME " +
			"references must be closed and well formed."},
	{ID: "SC1110", Slug: CodeBadPermitOpen, Severity: diag.Error, Since: "0.1",
		Doc: "A PermitRemoteOpen entry must be host:port (port a number, a service or *), " +
			"or the single word any or none."},
	{ID: "SC1111", Slug: CodeBadDomain, Severity: diag.Error, Since: "0.1",
		Doc: "A CanonicalDomains entry is not a domain name: it must start with a letter or " +
			"digit and hold only letters, digits, '-', '_' and single dots."},
	{ID: "SC1112", Slug: CodeBadCNAMERule, Severity: diag.Error, Since: "0.1",
		Doc: "A CanonicalizePermittedCNAMEs rule must be source-domains:target-domains, " +
			"both non-empty pattern lists."},
	{ID: "SC1113", Slug: CodeEmptyArgument, Severity: diag.Error, Since: "0.1",
		Doc: "An argument is empty (\"\"), where the keyword needs a pattern, path or " +
			"word in every position."},
	{ID: "SC1114", Slug: CodeNoneNotAlone, Severity: diag.Error, Since: "0.1",
		Doc: "The word none (or any) switches the option off or on as a whole, so it must " +
			"be the only argument on the line."},
	{ID: "SC1115", Slug: CodeBadEscapeChar, Severity: diag.Error, Since: "0.1",
		Doc: "EscapeChar takes one character, ^ followed by a character for a control " +
			"character, or none."},
	{ID: "SC1116", Slug: CodeBadIPQoS, Severity: diag.Error, Since: "0.1",
		Doc: "IPQoS takes one or two DSCP names (af11, cs1, ef, …), numbers, or none."},
	{ID: "SC1117", Slug: CodeBadTunnelDevice, Severity: diag.Error, Since: "0.1",
		Doc: "TunnelDevice takes local[:remote], each a tun unit number or any."},
	{ID: "SC1118", Slug: CodeBadMask, Severity: diag.Error, Since: "0.1",
		Doc: "StreamLocalBindMask takes an octal file mode mask from 0 to 0777."},
}

func init() { diag.Register(codes...) }
