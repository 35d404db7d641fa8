package resolve

import "github.com/sshcfg/sshcfg/diag"

// Diagnostic codes produced by the resolver (ids SC2xxx; see package diag).
const (
	// CodeExecNotRun marks a Match exec criterion that was not evaluated because running
	// commands is disabled.
	CodeExecNotRun = "exec-not-run"
	// CodeUnsetVariable marks a ${VAR} reference to a variable that is not set.
	CodeUnsetVariable = "unset-variable"
	// CodeIncludePath marks an Include of a ~ path in the system configuration.
	CodeIncludePath = "include-path"
	// CodeListLimit marks an entry past the number ssh keeps for an option.
	CodeListLimit = "list-limit"
	// CodeBadForward marks a forwarding that does not parse once ${VAR} is expanded.
	CodeBadForward = "forward-expansion"
	// CodeInvalidSetting marks a setting ssh rejects after reading the configuration.
	CodeInvalidSetting = "invalid-setting"
	// CodeConfigUnreadable marks a configuration file that cannot be read.
	CodeConfigUnreadable = "config-unreadable"
	// CodeUnresolvedHost marks a host name canonicalisation cannot resolve where ssh
	// then stops.
	CodeUnresolvedHost = "unresolved-host"
	// CodeIncludeNoMatch marks an Include whose pattern matched no file (reported by
	// tolerant resolutions with a trace: explain).
	CodeIncludeNoMatch = "include-no-match"
	// CodeSSHStops marks a fatal error after which tolerant resolution cannot go on.
	CodeSSHStops = "ssh-stops"
)

// codes documents every code above. Ids are never reused: a retired code keeps its id.
var codes = []diag.Code{
	{ID: "SC2001", Slug: CodeExecNotRun, Severity: diag.Info, Since: "0.1",
		Doc: "Commands are disabled (--no-exec, or no exec runner was given), so a Match " +
			"exec criterion was not run and counts as not matching. The options of that " +
			"block may be missing from the result; run with commands allowed to see what " +
			"ssh would do."},
	{ID: "SC2002", Slug: CodeUnsetVariable, Severity: diag.Error, Since: "0.1",
		Doc: "The value refers to an environment variable with ${NAME} that is not set " +
			"where sshcfg resolved the configuration. ssh counts the line as a bad option " +
			"and refuses to connect; set the variable or write the value out."},
	{ID: "SC2003", Slug: CodeIncludeUnreadable, Severity: diag.Error, Since: "0.1",
		Doc: "ssh could not use an Include argument: a pattern glob(3) rejects, or a " +
			"matching file it cannot open. ssh counts the Include line as bad and refuses " +
			"to connect (Hosts: the files are not followed)."},
	{ID: "SC2004", Slug: CodeIncludeRefused, Severity: diag.Error, Since: "0.1",
		Doc: "A user configuration file (or a file it includes) is writable by others or " +
			"owned by someone else. ssh refuses to read it and stops; fix the owner or " +
			"mode (chmod go-w). The file's settings are absent from the result."},
	{ID: "SC2005", Slug: CodeIncludeDepth, Severity: diag.Error, Since: "0.1",
		Doc: "Include files nest deeper than ssh allows (16 levels), usually because a " +
			"file includes itself. ssh stops; the files past the limit are not read."},
	{ID: "SC2006", Slug: CodeListLimit, Severity: diag.Error, Since: "0.1",
		Doc: "The option takes more entries than ssh keeps (for example IdentityFile or " +
			"SendEnv). ssh counts the line as a bad option and refuses to connect; remove " +
			"entries."},
	{ID: "SC2007", Slug: CodeBadForward, Severity: diag.Error, Since: "0.1",
		Doc: "A forwarding specification does not parse once its environment variables " +
			"are expanded. ssh counts the line as a bad option and refuses to connect."},
	{ID: "SC2008", Slug: CodeInvalidSetting, Severity: diag.Error, Since: "0.1",
		Doc: "ssh accepted the line while reading but rejects the setting afterwards (an " +
			"algorithm list that leaves nothing, an invalid user name or jump host, " +
			"options that contradict each other) and stops. The result shows ssh's " +
			"default for the option instead."},
	{ID: "SC2009", Slug: CodeConfigUnreadable, Severity: diag.Error, Since: "0.1",
		Doc: "The configuration file named with -F, or an included one, cannot be opened " +
			"or is too large; ssh " +
			"stops. Nothing of it is in the result."},
	{ID: "SC2010", Slug: CodeSSHStops, Severity: diag.Error, Since: "0.1",
		Doc: "ssh stops with a fatal error that leaves no meaningful way to go on (for " +
			"example a host name that cannot be canonicalised). The result holds what " +
			"was resolved up to that point."},
	{ID: "SC2011", Slug: CodeIncludePath, Severity: diag.Error, Since: "0.1",
		Doc: "An Include in the system configuration names a ~ path, which ssh expands " +
			"only in user configurations. ssh counts the line as bad and refuses to " +
			"connect; write the path out."},
	{ID: "SC2012", Slug: CodeUnresolvedHost, Severity: diag.Error, Since: "0.1",
		Doc: "Host name canonicalisation could not resolve the name, and the configuration " +
			"tells ssh not to fall back to it (CanonicalizeFallbackLocal no, or a CNAME " +
			"check for a direct connection). ssh stops; the result keeps the name as " +
			"written. The answer depends on DNS where sshcfg runs."},
	{ID: "SC2013", Slug: CodeIncludeNoMatch, Severity: diag.Info, Since: "0.1",
		Doc: "The Include pattern matched no file, so the line adds nothing. ssh says " +
			"nothing about it; a relative path is taken from ~/.ssh (user configuration) " +
			"or /etc/ssh (system configuration), not from the including file's directory."},
}

func init() { diag.Register(codes...) }
