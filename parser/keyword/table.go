package keyword

// The keyword table. Sources, all at tag V_10_5_P1 of openssh-portable unless a row says
// otherwise: readconf.c (keywords[], the multistate tables, process_config_line_depth,
// fill_default_options, dump_client_config), log.c (log levels and facilities), digest-*.c
// (fingerprint hashes), myproposal.h (algorithm defaults), ssh.c (expansion of values) and
// ssh_config.5 (canonical spellings). Since is the first release tag whose readconf.c knows
// the canonical spelling. Debian rows come from Debian's GSSAPI patch in 9.2p1-2+deb12u6,
// checked against its binary.
//
// Default is what upstream 10.5 prints in "ssh -G" for an empty configuration, "" when it
// prints no line or when the printed value is computed from the destination or the local
// account (Hostname, User). Rows that ssh -G prints as one line per value (IdentityFile) give
// the values separated by single spaces. Build-dependent defaults (XAuthLocation,
// GlobalKnownHostsFile, SecurityKeyProvider) are those of a build configured like the
// usual distribution packages (sysconfdir /etc/ssh, xauth in /usr/bin, internal security
// key support). Algorithm defaults are the myproposal.h lists, which a full build prints
// unchanged.
//
// Defaults lists what other builds print where it differs (Debian 9.2p1 and upstream
// 9.2p1 as recorded in testdata/resolve, upstream releases from their sources); the
// upstream builds sshcfg models have no built-in security key support, so their
// SecurityKeyProvider is $SSH_SK_PROVIDER. Computed marks values derived from the
// destination, the account or other options. A test resolves an empty configuration in
// each modelled dialect and compares every line with DefaultFor.
//
// Inactive, Limit, Algorithms and SSHField come from process_config_line and
// fill_default_options in readconf.c (a ${VAR} check on read, a missing *activep test,
// a "too many" message, the list a value is validated against, the Options field).
//
// Values numbers are OpenSSH's own constants (AF_INET and AF_INET6 as on Linux), so that
// words sharing a number are synonyms. Plain yes/no flags are printed by ssh -G as "yes" or
// "no" whatever their table order says; the enums below are printed as the first word with
// the stored number.

var (
	// multistate_flag
	flagValues = []EnumValue{{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}}
	// multistate_yesnoask
	yesNoAskValues = []EnumValue{{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}, {"ask", 2}}
	// multistate_yesnoaskconfirm
	yesNoAskConfirmValues = []EnumValue{
		{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}, {"ask", 2}, {"confirm", 3},
	}
	// multistate_strict_hostkey: OFF 0, NEW 1, YES 2, ASK 3
	strictHostKeyValues = []EnumValue{
		{"true", 2}, {"false", 0}, {"yes", 2}, {"no", 0}, {"ask", 3}, {"off", 0}, {"accept-new", 1},
	}
	// multistate_addressfamily: AF_INET, AF_INET6, AF_UNSPEC (Linux numbers)
	addressFamilyValues = []EnumValue{{"inet", 2}, {"inet6", 10}, {"any", 0}}
	// multistate_controlmaster: NO 0, YES 1, AUTO 2, ASK 3, AUTO_ASK 4
	controlMasterValues = []EnumValue{
		{"true", 1}, {"yes", 1}, {"false", 0}, {"no", 0}, {"auto", 2}, {"ask", 3}, {"autoask", 4},
	}
	// multistate_tunnel: NO 0, POINTOPOINT 1 (= DEFAULT), ETHERNET 2
	tunnelValues = []EnumValue{
		{"ethernet", 2}, {"point-to-point", 1}, {"true", 1}, {"yes", 1}, {"false", 0}, {"no", 0},
	}
	// multistate_requesttty: AUTO 0, NO 1, YES 2, FORCE 3
	requestTTYValues = []EnumValue{
		{"true", 2}, {"yes", 2}, {"false", 1}, {"no", 1}, {"force", 3}, {"auto", 0},
	}
	// multistate_sessiontype
	sessionTypeValues = []EnumValue{{"none", 0}, {"subsystem", 1}, {"default", 2}}
	// multistate_canonicalizehostname: NO 0, YES 1, ALWAYS 2
	canonicalizeHostnameValues = []EnumValue{
		{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}, {"always", 2},
	}
	// multistate_pubkey_auth: NO 0, UNBOUND 1, HBOUND 2, ALL 3
	pubkeyAuthValues = []EnumValue{
		{"true", 3}, {"false", 0}, {"yes", 3}, {"no", 0}, {"unbound", 1}, {"host-bound", 2},
	}
	// multistate_compression: "yes" is COMP_DELAYED (2) and only exists in builds with zlib.
	compressionValues = []EnumValue{{"yes", 2}, {"no", 0}}
	// multistate_warnweakcrypto
	warnWeakCryptoValues = []EnumValue{
		{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}, {"no-pq-kex", 0},
	}
	// log.c log_levels[] (SYSLOG_LEVEL_*). Debian's build also accepts SILENT (= QUIET) and
	// prints QUIET as SILENT; upstream has no such word.
	logLevelValues = []EnumValue{
		{"QUIET", 0}, {"FATAL", 1}, {"ERROR", 2}, {"INFO", 3}, {"VERBOSE", 4},
		{"DEBUG", 5}, {"DEBUG1", 5}, {"DEBUG2", 6}, {"DEBUG3", 7},
	}
	// log.c log_facilities[] (SYSLOG_FACILITY_*, with AUTHPRIV as on Linux).
	syslogFacilityValues = []EnumValue{
		{"DAEMON", 0}, {"USER", 1}, {"AUTH", 2}, {"AUTHPRIV", 3},
		{"LOCAL0", 4}, {"LOCAL1", 5}, {"LOCAL2", 6}, {"LOCAL3", 7},
		{"LOCAL4", 8}, {"LOCAL5", 9}, {"LOCAL6", 10}, {"LOCAL7", 11},
	}
	// digest-openssl.c digests[] (SSH_DIGEST_*), matched case-insensitively.
	fingerprintHashValues = []EnumValue{
		{"MD5", 0}, {"SHA1", 1}, {"SHA256", 2}, {"SHA384", 3}, {"SHA512", 4},
	}
	// ControlPersist compares these words with strcmp; any other argument is a time.
	controlPersistValues = []EnumValue{{"no", 0}, {"false", 0}, {"yes", 1}, {"true", 1}}
	// ObscureKeystrokeTiming compares with strcmp; the number is the interval in ms
	// (SSH_KEYSTROKE_DEFAULT_INTERVAL_MS for yes). "interval:N" is the other form.
	obscureKeystrokeValues = []EnumValue{{"yes", 20}, {"true", 20}, {"no", 0}, {"false", 0}}
)

const (
	expandPath = ExpandTilde | ExpandTokens | ExpandEnv
	expandTE   = ExpandTokens | ExpandEnv
)

// The %-tokens of each keyword (Tokens), from the sources of 9.2 on (the oldest release
// sshcfg models): DEFAULT_CLIENT_PERCENT_EXPAND_ARGS in sshconnect.h, used by ssh.c for
// most values and by readconf.c for Match exec (and Include from 9.9); %j joined it in
// 9.6. 10.0's User takes DEFAULT_CLIENT_PERCENT_EXPAND_ARGS_NOUSER (no %C, no %r).
// LocalCommand adds %T (ssh.c), KnownHostsCommand %f %H %I %K %t (sshconnect.c),
// ProxyCommand takes %h %k %n %p %r (sshconnect.c expand_proxy_command) and Hostname only
// %h. ProxyJump's own value is never expanded: the letters listed are those ssh_config(5)
// gives it, which ssh passes to the ProxyCommand it builds from the jump.
const (
	tokens92     = "CLdhiklnpru"
	tokens96     = "CLdhijklnpru"
	tokensNoUser = "Ldhijklnpu"
)

// tokensDefault is the default client set, by release.
var tokensDefault = []TokenSet{{Letters: tokens92}, {Since: "9.6", Letters: tokens96}}

// Table lists every keyword the OpenSSH client accepts: upstream 10.5, Debian's GSSAPI
// additions, Apple's UseKeychain, and the deprecated, ignored and unsupported names.
var Table = []Keyword{
	// Blocks.
	{
		Name: "Host", Kind: KindHost, Multi: Block,
		Doc: "Starts a block that applies to destinations matching one of the whitespace-separated patterns, as typed on the command line. A pattern prefixed with ! excludes the destination.",
	},
	{
		Name: "Match", Tokens: tokensDefault,
		Kind: KindMatch, Multi: Block, Expand: ExpandTokens, Since: "6.5",
		Doc: "Starts a block that applies when every listed criterion holds (host, user, exec, final and others). Only the command of an exec criterion undergoes %-token expansion.",
	},
	{
		Name: "Include", Inactive: InactiveApplies, Tokens: []TokenSet{{Since: "9.9", Letters: tokens96}},
		Kind: KindInclude, Multi: Block, Expand: expandPath, Since: "7.3",
		Doc: "Reads the files matching each glob at this point, as if their lines were written here. Relative paths are taken from ~/.ssh (user files) or /etc/ssh (system file); tokens and ${VAR} are expanded since 9.9.",
	},

	// Options, in ssh_config(5) order.
	{
		Name: "AddKeysToAgent", Kind: KindAddKeysToAgent, Values: yesNoAskConfirmValues,
		Default: "false", Since: "7.2",
		Doc: "Whether a key loaded from a file is also added to the running agent: yes, no, ask or confirm, optionally followed by a lifetime. A time alone means yes with that lifetime.",
	},
	{
		Name: "AddressFamily", Kind: KindEnum, Values: addressFamilyValues, Default: "any", Since: "3.7",
		Doc: "Restricts connections to IPv4 (inet), IPv6 (inet6) or allows either (any).",
	},
	{
		Name: "BatchMode", Kind: KindFlag, Values: flagValues, Default: "no",
		Doc: "Turns off every interactive prompt, for scripts and cron jobs. Debian's build also defaults ServerAliveInterval to 300 when it is on.",
	},
	{
		Name: "BindAddress", Kind: KindString,
		Doc: "Local address to connect from, useful on hosts with several addresses.",
	},
	{
		Name: "BindInterface", Kind: KindString, Since: "7.7",
		Doc: "Local network interface whose address is used as the source of the connection.",
	},
	{
		Name: "CanonicalDomains", Limit: Limit{32, "too many hostname suffixes.", "9.7"},
		Kind: KindList, AllowNone: true, Default: "none", Since: "6.5",
		Doc: "Domain suffixes tried, in order, when CanonicalizeHostname turns a short name into a fully qualified one. The first line that applies sets the whole list.",
	},
	{
		Name: "CanonicalizeFallbackLocal", Kind: KindFlag, Values: flagValues, Default: "yes", Since: "6.5",
		Doc: "Whether to go on with the name as given when canonicalization finds no match; with no, ssh fails instead.",
	},
	{
		Name: "CanonicalizeHostname", Kind: KindEnum, Values: canonicalizeHostnameValues,
		Default: "false", Since: "6.5",
		Doc: "Whether ssh rewrites the destination into a fully qualified name using CanonicalDomains: no, yes (direct connections only) or always (proxied ones too). Any value other than no causes the configuration to be read a second time.",
	},
	{
		Name: "CanonicalizeMaxDots", Kind: KindInt, Default: "1", Since: "6.5",
		Doc: "Names with more dots than this are left alone by canonicalization.",
	},
	{
		Name: "CanonicalizePermittedCNAMEs", Limit: Limit{32, "too many permitted CNAMEs.", "9.7"},
		Kind: KindList, AllowNone: true, Default: "none", Since: "6.5",
		Doc: "Rules of the form source:target (pattern lists) saying which CNAME answers canonicalization may follow. ssh -G prints the key as canonicalizePermittedcnames.",
	},
	{
		Name: "CASignatureAlgorithms", Algorithms: FamilySigs, SSHField: "ca_sign_algorithms",
		Kind:    KindAlgorithms,
		Default: "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
		Since:   "7.9",
		Doc:     "Signature algorithms a certificate authority may have used to sign host certificates. Accepts +, - and ^ prefixes to edit the default list.",
	},
	{
		Name: "CertificateFile", Tokens: tokensDefault, Limit: Limit{Max: 100, Message: "Too many certificate files specified (max 100)."},
		Kind: KindPath, Multi: Accumulate, Expand: expandPath, Since: "7.2",
		Doc: "A certificate to present together with the matching identity key. Every line that applies adds one file.",
	},
	{
		Name: "ChannelTimeout", Kind: KindList, AllowNone: true, Default: "none", Since: "9.6",
		Doc: "Idle timeouts per channel type, written as type=interval (for example session=30m). The first line that applies sets the whole list.",
	},
	{
		Name: "CheckHostIP", Kind: KindFlag, Values: flagValues, Default: "no",
		Doc: "Whether the server's IP address is also looked up in known_hosts, to notice DNS spoofing.",
	},
	{
		Name: "Ciphers", Algorithms: FamilyCiphers, SSHField: "ciphers",
		Kind:    KindAlgorithms,
		Default: "chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr",
		Doc:     "Symmetric ciphers offered, in order of preference. Accepts +, - and ^ prefixes to edit the default list.",
	},
	{
		Name: "ClearAllForwardings", Computed: true,
		Kind: KindFlag, Values: flagValues, Default: "no",
		Doc: "Drops every local, remote and dynamic forwarding, including those given on the command line, and turns off Tunnel.",
	},
	{
		Name: "Compression", Kind: KindEnum, Values: compressionValues, Default: "no",
		Doc: "Whether to compress the connection (yes or no; no true/false spellings).",
	},
	{
		Name: "ConnectionAttempts", Kind: KindInt, Default: "1",
		Doc: "How many times to try connecting, one second apart, before giving up.",
	},
	{
		Name: "ConnectTimeout", Kind: KindTime, AllowNone: true, Default: "none", Since: "3.7",
		Doc: "How long to wait for the TCP connection and the SSH banner. none leaves the value unset, so a later line may still set it.",
	},
	{
		Name: "ControlMaster", Kind: KindEnum, Values: controlMasterValues, Default: "false", Since: "3.9",
		Doc: "Whether this connection shares itself with later ones over the ControlPath socket: yes, no, ask, auto or autoask.",
	},
	{
		Name: "ControlPath", Tokens: tokensDefault,
		Kind: KindString, AllowNone: true, Expand: expandPath, Since: "3.9",
		Doc: "Socket used to share one connection between several sessions; none turns sharing off. Tokens such as %C, %h, %p and %r make it unique per destination.",
	},
	{
		Name: "ControlPersist", Kind: KindControlPersist, Values: controlPersistValues, CaseSensitive: true,
		Default: "no", Since: "5.6",
		Doc: "Keeps a master connection open in the background after its first session ends: yes (until told to stop), no, or a time after which an idle master exits.",
	},
	{
		Name: "DynamicForward", Inactive: InactiveChecked, Tokens: tokensDefault,
		Kind: KindDynamicForward, Multi: Accumulate, Expand: expandTE,
		Doc: "Opens a local SOCKS proxy on [address:]port (or a socket path) that tunnels connections through the server. Every line that applies adds one.",
	},
	{
		Name: "EnableEscapeCommandline", Kind: KindFlag, Values: flagValues, Default: "no", Since: "9.2",
		Doc: "Whether the ~C escape opens a command line for adding forwardings during a session.",
	},
	{
		Name: "EnableSSHKeysign", Kind: KindFlag, Values: flagValues, Default: "no", Since: "3.6",
		Doc: "Allows ssh-keysign to be used for host-based authentication; only meaningful in the system-wide file.",
	},
	{
		Name: "EscapeChar", Kind: KindEscapeChar, AllowNone: true, Default: "~",
		Doc: "Character that introduces escape sequences in an interactive session: one character, ^ followed by a letter for a control character, or none to disable escapes.",
	},
	{
		Name: "ExitOnForwardFailure", Computed: true,
		Kind: KindFlag, Values: flagValues, Default: "no", Since: "4.4",
		Doc: "Whether ssh ends the connection when a requested forwarding cannot be set up.",
	},
	{
		Name: "FingerprintHash", Kind: KindEnum, Values: fingerprintHashValues, Default: "SHA256", Since: "6.8",
		Doc: "Hash used when showing key fingerprints: md5, sha1, sha256, sha384 or sha512 (any case).",
	},
	{
		Name: "ForkAfterAuthentication", Kind: KindFlag, Values: flagValues, Default: "no", Since: "8.7",
		Doc: "Puts ssh in the background once authentication is done, like the -f option.",
	},
	{
		Name: "ForwardAgent", Inactive: InactiveChecked, Tokens: tokensDefault,
		Kind: KindForwardAgent, Values: flagValues, Default: "no", Expand: expandPath,
		Doc: "Whether the agent connection is forwarded to the server: yes, no, an agent socket path or the name of an environment variable ($VAR) holding one.",
	},
	{
		Name: "ForwardX11", Kind: KindFlag, Values: flagValues, Default: "no",
		Doc: "Whether X11 connections are forwarded through the session.",
	},
	{
		Name: "ForwardX11Timeout", Kind: KindTime, AllowNone: true, Default: "1200", Since: "5.6",
		Doc: "How long untrusted X11 forwarding keeps accepting new connections; none leaves the value unset.",
	},
	{
		Name: "ForwardX11Trusted", Defaults: []DialectDefault{{Build: DebianBuild, Value: "yes"}},
		Kind: KindFlag, Values: flagValues, Default: "no", Since: "3.8",
		Doc: "Whether forwarded X11 clients get full access to the local display instead of the restricted untrusted mode. Debian's build defaults to yes.",
	},
	{
		Name: "GatewayPorts", Kind: KindFlag, Values: flagValues, Default: "no",
		Doc: "Whether local forwardings listen on all addresses rather than only on loopback.",
	},
	{
		Name: "GlobalKnownHostsFile", Limit: Limit{Max: 32, Message: "too many globalknownhostsfile entries."},
		Kind: KindPathList, AllowNone: true, Expand: ExpandTilde,
		Default: "/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2",
		Doc:     "System-wide known host key files, separated by whitespace; the first line that applies wins. The directory depends on how ssh was built.",
	},
	{
		Name: "GSSAPIAuthentication", Kind: KindFlag, Values: flagValues, Default: "no", Since: "3.7",
		Platform: PlatformGSSAPI,
		Doc:      "Whether GSSAPI (Kerberos) user authentication may be used. Builds without GSSAPI report it as unsupported.",
	},
	{
		Name: "GSSAPIClientIdentity", Kind: KindString, Status: Platform, Platform: PlatformDebian,
		Doc: "GSSAPI client identity to use instead of the default credentials (Debian's GSSAPI patch).",
	},
	{
		Name: "GSSAPIDelegateCredentials", Kind: KindFlag, Values: flagValues, Default: "no", Since: "3.7",
		Platform: PlatformGSSAPI,
		Doc:      "Whether GSSAPI credentials are delegated to the server. Builds without GSSAPI report it as unsupported.",
	},
	{
		Name: "GSSAPIKeyExchange", Kind: KindFlag, Values: flagValues, Default: "no",
		Status: Platform, Platform: PlatformDebian,
		Doc: "Whether GSSAPI-based key exchange may be used, which lets servers without a host key authenticate (Debian's GSSAPI patch).",
	},
	{
		Name: "GSSAPIKexAlgorithms", Algorithms: FamilyGSSKex,
		Kind:    KindAlgorithms,
		Default: "gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-",
		Status:  Platform, Platform: PlatformDebian,
		Doc: "Key exchange methods offered for GSSAPI key exchange (Debian's GSSAPI patch). The default shown is what Debian's ssh -G prints.",
	},
	{
		Name: "GSSAPIRenewalForcesRekey", Kind: KindFlag, Values: flagValues, Default: "no",
		Status: Platform, Platform: PlatformDebian,
		Doc: "Whether renewing the local GSSAPI credentials triggers a rekey, so that the server receives the new ones (Debian's GSSAPI patch).",
	},
	{
		Name: "GSSAPIServerIdentity", Kind: KindString, Status: Platform, Platform: PlatformDebian,
		Doc: "GSSAPI identity the server is expected to have, instead of one derived from the host name (Debian's GSSAPI patch).",
	},
	{
		Name: "GSSAPITrustDns", Kind: KindFlag, Values: flagValues, Default: "no",
		Status: Platform, Platform: PlatformDebian,
		Doc: "Whether DNS may be trusted to canonicalize the host name handed to GSSAPI (Debian's GSSAPI patch).",
	},
	{
		Name: "HashKnownHosts", Kind: KindFlag, Values: flagValues, Default: "no", Since: "4.0",
		Doc: "Whether host names added to known_hosts are stored hashed rather than in clear text.",
	},
	{
		Name: "HostbasedAcceptedAlgorithms", Algorithms: FamilyKeys, SSHField: "hostbased_accepted_algos",
		Aliases: []string{"HostbasedKeyTypes"}, Kind: KindAlgorithms,
		Default: "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
		Since:   "8.7",
		Doc:     "Signature algorithms used for host-based authentication. The older spelling HostbasedKeyTypes has been accepted since 6.8 (8.5 and 8.6 called it HostbasedAlgorithms).",
	},
	{
		Name: "HostbasedAuthentication", Kind: KindFlag, Values: flagValues, Default: "no",
		Doc: "Whether to try host-based authentication, which vouches for the user with the client host's key.",
	},
	{
		Name: "HostKeyAlgorithms", Algorithms: FamilyHostKeys, SSHField: "hostkeyalgorithms",
		Kind:    KindAlgorithms,
		Default: "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
		Doc:     "Host key types the client accepts from the server, in order of preference. When unset, ssh prefers types already recorded in known_hosts.",
	},
	{
		Name: "HostKeyAlias", Kind: KindString,
		Doc: "Name under which the server's host key is looked up and stored in known_hosts, instead of the real host name.",
	},
	{
		Name: "Hostname", Computed: true, Tokens: []TokenSet{{Letters: "h"}},
		Kind: KindString, Expand: ExpandTokens,
		Doc: "Real host name or address to connect to, when the destination typed is a nickname. %h stands for that nickname.",
	},
	{
		Name: "IdentitiesOnly", Kind: KindFlag, Values: flagValues, Default: "no", Since: "3.8",
		Doc: "Restricts authentication to the configured identity and certificate files, even when an agent offers more keys.",
	},
	{
		Name: "IdentityAgent", Inactive: InactiveChecked, Tokens: tokensDefault,
		Kind: KindString, AllowNone: true, Expand: expandPath, Since: "7.3",
		Doc: "Socket of the authentication agent to use; none disables the agent, SSH_AUTH_SOCK means the usual variable, and $VAR names another variable.",
	},
	{
		Name: "IdentityFile", Tokens: tokensDefault, Limit: Limit{Max: 100, Message: "Too many identity files specified (max 100)."}, Defaults: []DialectDefault{{Before: "10.1", Value: "~/.ssh/id_rsa ~/.ssh/id_ecdsa ~/.ssh/id_ecdsa_sk ~/.ssh/id_ed25519 ~/.ssh/id_ed25519_sk ~/.ssh/id_xmss ~/.ssh/id_dsa"}},
		Aliases: []string{"IdentityFile2"}, Kind: KindPath, Multi: Accumulate,
		AllowNone: true, Expand: expandPath,
		Default: "~/.ssh/id_rsa ~/.ssh/id_ecdsa ~/.ssh/id_ecdsa_sk ~/.ssh/id_ed25519 ~/.ssh/id_ed25519_sk ~/.ssh/id_mldsa44_ed25519",
		Doc:     "Private key file to authenticate with; every line that applies adds one and the defaults are used only when none is given. none is skipped when keys are loaded, so it just suppresses the defaults.",
	},
	{
		Name: "IgnoreUnknown", Kind: KindString, Since: "6.3",
		Doc: "Pattern list of unknown keywords to skip silently instead of failing; it only affects lines after it.",
	},
	{
		Name: "IPQoS", Defaults: []DialectDefault{{Build: DebianBuild, Value: "lowdelay throughput"}, {Before: "10.1", Value: "af21 cs1"}},
		Kind: KindIPQoS, AllowNone: true, Default: "ef cs0", Since: "5.7",
		Doc: "DSCP class for the connection: one value for all traffic, or one for interactive and one for bulk traffic. Names such as ef, cs0, af21, a number or none are accepted.",
	},
	{
		Name: "KbdInteractiveAuthentication", Aliases: []string{"ChallengeResponseAuthentication", "SkeyAuthentication", "TISAuthentication"},
		Kind: KindFlag, Values: flagValues, Default: "yes",
		Doc: "Whether keyboard-interactive authentication (server-driven prompts such as one-time passwords) may be used.",
	},
	{
		Name: "KbdInteractiveDevices", Kind: KindString,
		Doc: "Comma-separated keyboard-interactive methods to request, in order; when unset the server chooses.",
	},
	{
		Name: "KexAlgorithms", Algorithms: FamilyKex, SSHField: "kex_algorithms",
		Kind:    KindAlgorithms,
		Default: "mlkem768x25519-sha256,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
		Since:   "5.7",
		Doc:     "Key exchange methods offered, in order of preference. Accepts +, - and ^ prefixes to edit the default list.",
	},
	{
		Name: "KnownHostsCommand", Tokens: []TokenSet{{Letters: tokens92 + "HIKft"}, {Since: "9.6", Letters: tokens96 + "HIKft"}},
		Kind: KindCommand, AllowNone: true, Expand: expandTE, Since: "8.5",
		Doc: "Command whose output supplies extra known_hosts lines for the server being checked; it has extra tokens for the key and the reason for the lookup.",
	},
	{
		Name: "LocalCommand", Tokens: []TokenSet{{Letters: tokens92 + "T"}, {Since: "9.6", Letters: tokens96 + "T"}},
		Kind: KindCommand, AllowNone: true, Expand: ExpandTokens, Since: "4.3",
		Doc: "Command run on the local machine after connecting; it only runs when PermitLocalCommand is yes.",
	},
	{
		Name: "LocalForward", Inactive: InactiveChecked, Tokens: tokensDefault,
		Kind: KindForward, Multi: Accumulate, Expand: expandTE,
		Doc: "Forwards a local port or socket to a host:port or socket reachable from the server. Every line that applies adds one.",
	},
	{
		Name: "LogLevel", Kind: KindEnum, Values: logLevelValues, Default: "INFO",
		Doc: "How much ssh logs, from QUIET up to DEBUG3 (any case). Debian's build also knows SILENT, which it prints for QUIET.",
	},
	{
		Name: "LogVerbose", Kind: KindList, AllowNone: true, Default: "none", Since: "8.5",
		Doc: "File:function:line patterns that turn on the most detailed logging for matching code. OpenSSH keeps only the first pattern of the first line that applies.",
	},
	{
		Name: "MACs", Algorithms: FamilyMACs, SSHField: "macs",
		Kind:    KindAlgorithms,
		Default: "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
		Doc:     "Message authentication codes offered, in order of preference. Accepts +, - and ^ prefixes to edit the default list.",
	},
	{
		Name: "NoHostAuthenticationForLocalhost", Kind: KindFlag, Values: flagValues, Default: "no", Since: "3.0",
		Doc: "Skips host key checking when connecting to localhost, for home directories shared between machines.",
	},
	{
		Name: "NumberOfPasswordPrompts", Kind: KindInt, Default: "3",
		Doc: "How many times ssh asks for a password before giving up.",
	},
	{
		Name: "ObscureKeystrokeTiming", Kind: KindObscureKeystrokeTiming, Values: obscureKeystrokeValues,
		CaseSensitive: true, Default: "yes", Since: "9.5",
		Doc: "Hides the timing of typed keys by sending packets at a fixed rate with decoy traffic: yes, no, or interval:N for N milliseconds.",
	},
	{
		Name: "PasswordAuthentication", Kind: KindFlag, Values: flagValues, Default: "yes",
		Doc: "Whether password authentication may be used.",
	},
	{
		Name: "PermitLocalCommand", Kind: KindFlag, Values: flagValues, Default: "no", Since: "4.3",
		Doc: "Whether LocalCommand and the !command escape may run local commands.",
	},
	{
		Name: "PermitRemoteOpen", Kind: KindList, AllowNone: true, Default: "any", Since: "8.5",
		Doc: "Destinations (host:port, * allowed for the port) that connections arriving through a dynamic RemoteForward may reach; any or none alone allow all or nothing.",
	},
	{
		Name: "PKCS11Provider", Aliases: []string{"SmartcardDevice"}, Kind: KindString, AllowNone: true, Since: "5.4",
		Doc: "PKCS#11 library that provides keys from a smart card or token; none disables it. The older spelling SmartcardDevice is still accepted.",
	},
	{
		Name: "Port", Kind: KindPort, Default: "22",
		Doc: "Port to connect to on the server, as a number or a service name.",
	},
	{
		Name: "PreferredAuthentications", Kind: KindString,
		Doc: "Comma-separated authentication methods to try, in this order.",
	},
	{
		Name: "ProxyCommand", Tokens: []TokenSet{{Letters: "hknpr"}},
		Kind: KindCommand, AllowNone: true, Expand: ExpandTokens,
		Doc: "Command whose standard input and output carry the connection instead of a direct TCP socket; none disables it. Whichever of ProxyCommand and ProxyJump applies first wins.",
	},
	{
		Name: "ProxyJump", Tokens: []TokenSet{{Letters: "hnpr"}},
		Kind: KindProxyJump, AllowNone: true, Expand: ExpandTokens, Since: "7.3",
		Doc: "Comma-separated jump hosts ([user@]host[:port] or ssh:// URLs) to reach the destination through, the last one connecting to it directly; none disables jumping.",
	},
	{
		Name: "ProxyUseFdpass", Kind: KindFlag, Values: flagValues, Default: "no", Since: "6.3",
		Doc: "Expects ProxyCommand to hand back a connected socket descriptor instead of relaying the data itself.",
	},
	{
		Name: "PubkeyAcceptedAlgorithms", Algorithms: FamilyKeys, SSHField: "pubkey_accepted_algos",
		Aliases: []string{"PubkeyAcceptedKeyTypes"}, Kind: KindAlgorithms,
		Default: "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
		Since:   "8.5",
		Doc:     "Signature algorithms used for public key authentication. The older spelling PubkeyAcceptedKeyTypes has been accepted since 7.0.",
	},
	{
		Name: "PubkeyAuthentication", Aliases: []string{"DSAAuthentication"}, Kind: KindEnum,
		Values: pubkeyAuthValues, Default: "true",
		Doc: "Whether public key authentication may be used: yes, no, unbound or host-bound (the last two limit which signature form is used).",
	},
	{
		Name: "RefuseConnection", Kind: KindString, Since: "10.1",
		Doc: "When a line with this keyword applies, ssh stops with an error that shows the given message, which lets a configuration forbid some destinations.",
	},
	{
		Name: "RekeyLimit", Kind: KindRekeyLimit, AllowNone: true, Default: "0 0", Since: "3.6",
		Doc: "Amount of data (with K, M or G suffix, or default) and optionally time (or none) after which the session keys are renegotiated.",
	},
	{
		Name: "RemoteCommand", Tokens: tokensDefault,
		Kind: KindCommand, AllowNone: true, Expand: ExpandTokens, Since: "7.6",
		Doc: "Command to run on the server after logging in, instead of a shell; none disables it.",
	},
	{
		Name: "RemoteForward", Inactive: InactiveChecked, Tokens: tokensDefault,
		Kind: KindForward, Multi: Accumulate, Expand: expandTE,
		Doc: "Forwards a port or socket on the server to a destination reachable from the client; with only a listen address the server side becomes a SOCKS proxy. Every line that applies adds one.",
	},
	{
		Name: "RequestTTY", Kind: KindEnum, Values: requestTTYValues, Default: "auto", Since: "5.9",
		Doc: "Whether a pseudo-terminal is requested for the session: yes, no, force or auto (only when interactive).",
	},
	{
		Name: "RequiredRSASize", Kind: KindInt, Default: "1024", Since: "9.1",
		Doc: "Smallest RSA key size, in bits, that ssh accepts from the server or uses itself.",
	},
	{
		Name: "RevokedHostKeys", Tokens: []TokenSet{{Since: "9.4", Letters: tokens92}, {Since: "9.6", Letters: tokens96}}, Defaults: []DialectDefault{{Before: "10.3"}},
		Kind: KindPathList, AllowNone: true, Expand: expandPath, Default: "none", Since: "6.8",
		Doc: "Files listing revoked host keys (plain keys or a KRL); a key found there is refused. Before 10.3 it took a single file.",
	},
	{
		Name: "SecurityKeyProvider", Defaults: []DialectDefault{{Build: UpstreamBuild, Value: "$SSH_SK_PROVIDER"}},
		Kind: KindString, AllowNone: true, Default: "internal", Since: "8.2",
		Doc: "Library used to talk to FIDO security keys; internal means the built-in support and $VAR reads the path from an environment variable.",
	},
	{
		Name: "SendEnv", Kind: KindSendEnv, Multi: Accumulate, Since: "3.9",
		Doc: "Names or patterns of local environment variables sent to the server; every line adds to the list and a leading - removes entries added before.",
	},
	{
		Name: "ServerAliveCountMax", Kind: KindInt, Default: "3", Since: "3.8",
		Doc: "How many keep-alive requests may go unanswered before ssh drops the connection.",
	},
	{
		Name: "ServerAliveInterval", Computed: true,
		Aliases: []string{"ProtocolKeepAlives", "SetupTimeOut"},
		Kind:    KindTime, AllowNone: true, Default: "0", Since: "3.8",
		Doc: "Seconds of silence from the server after which ssh sends a keep-alive request; 0 turns this off. ProtocolKeepAlives and SetupTimeOut are aliases that only Debian's build accepts.",
	},
	{
		Name: "SessionType", Kind: KindEnum, Values: sessionTypeValues, Default: "default", Since: "8.7",
		Doc: "What the session runs: default (shell or command), subsystem (like -s) or none (like -N).",
	},
	{
		Name: "SetEnv", Tokens: []TokenSet{{Since: "10.0", Letters: tokens96}},
		Kind: KindSetEnv, Expand: expandTE, Since: "7.8",
		Doc: "NAME=VALUE pairs sent to the server as environment variables. Only the first line that applies counts; values get token and ${VAR} expansion since 10.0.",
	},
	{
		Name: "StdinNull", Kind: KindFlag, Values: flagValues, Default: "no", Since: "8.7",
		Doc: "Reads standard input from /dev/null, like the -n option.",
	},
	{
		Name: "StreamLocalBindMask", Inactive: InactiveApplies,
		Kind: KindOctal, Multi: LastWins, Default: "0177", Since: "6.7",
		Doc: "Octal umask for Unix sockets created by forwardings. Unlike other keywords, the last line wins and Host or Match blocks do not limit it.",
	},
	{
		Name: "StreamLocalBindUnlink", Kind: KindFlag, Values: flagValues, Default: "no", Since: "6.7",
		Doc: "Whether an existing socket file is removed before a forwarding binds a new one.",
	},
	{
		Name: "StrictHostKeyChecking", Kind: KindEnum, Values: strictHostKeyValues, Default: "ask",
		Doc: "How unknown or changed host keys are handled: yes refuses, accept-new adds new keys silently, no or off also accepts, ask prompts.",
	},
	{
		Name: "SyslogFacility", Inactive: InactiveApplies,
		Kind: KindEnum, Values: syslogFacilityValues, Default: "USER", Since: "7.6",
		Doc: "Syslog facility for ssh's log messages. The first line wins even inside a Host or Match block that does not apply.",
	},
	{
		Name: "Tag", Kind: KindString, Since: "9.4",
		Doc: "A label that later Match tagged criteria can test, also settable with -P.",
	},
	{
		Name: "TCPKeepAlive", Aliases: []string{"KeepAlive"}, Kind: KindFlag, Values: flagValues, Default: "yes", Since: "3.8",
		Doc: "Whether TCP keep-alive packets are sent, so that a dead connection is noticed. The older spelling KeepAlive is still accepted.",
	},
	{
		Name: "Tunnel", Kind: KindEnum, Values: tunnelValues, Default: "false", Since: "4.3",
		Doc: "Requests a tun device between client and server: point-to-point (yes), ethernet or no.",
	},
	{
		Name: "TunnelDevice", Kind: KindTunnelDevice, Default: "any:any", Since: "4.3",
		Doc: "Local and remote tun device numbers as local[:remote], where any picks the next free one.",
	},
	{
		Name: "UpdateHostKeys", Computed: true,
		Kind: KindEnum, Values: yesNoAskValues, Default: "true", Since: "6.8",
		Doc: "Whether ssh learns extra host keys the server announces after authentication and records them in known_hosts: yes, no or ask. When unset it depends on VerifyHostKeyDNS and UserKnownHostsFile.",
	},
	{
		Name: "User", Computed: true, Tokens: []TokenSet{{Since: "10.0", Letters: tokensNoUser}},
		Kind: KindString, Expand: expandTE,
		Doc: "Remote user name to log in as; when unset the local user name is used. Tokens and ${VAR} are expanded since 10.0.",
	},
	{
		Name: "UserKnownHostsFile", Tokens: tokensDefault, Limit: Limit{Max: 32, Message: "too many userknownhostsfile entries."},
		Kind: KindPathList, AllowNone: true, Expand: expandPath,
		Default: "~/.ssh/known_hosts ~/.ssh/known_hosts2",
		Doc:     "Per-user known host key files, separated by whitespace; the first line that applies wins. ssh -G prints them with ~ and tokens expanded.",
	},
	{
		Name: "VerifyHostKeyDNS", Kind: KindEnum, Values: yesNoAskValues, Default: "false", Since: "3.7",
		Doc: "Whether host keys are checked against SSHFP records in DNS: yes, no or ask.",
	},
	{
		Name: "VersionAddendum", Tokens: tokensDefault,
		Kind: KindCommand, AllowNone: true, Expand: expandTE, Since: "10.0",
		Doc: "Extra text appended to the version string ssh sends to the server; none sends nothing extra.",
	},
	{
		Name: "VisualHostKey", Kind: KindFlag, Values: flagValues, Default: "no", Since: "5.1",
		Doc: "Whether an ASCII-art picture of the server's host key is shown along with its fingerprint.",
	},
	{
		Name: "WarnWeakCrypto", Kind: KindEnum, Values: warnWeakCryptoValues, Default: "yes", Since: "10.1",
		Doc: "Whether ssh warns when the connection uses weak cryptography; no-pq-kex silences only the warning about key exchange without post-quantum protection.",
	},
	{
		Name: "XAuthLocation", Kind: KindString, Default: "/usr/bin/xauth",
		Doc: "Full path of the xauth program used for X11 forwarding; the default depends on how ssh was built.",
	},

	// Apple's build.
	{
		Name: "UseKeychain", Kind: KindFlag, Values: flagValues, Status: Platform, Platform: PlatformApple,
		Doc: "Whether key passphrases are stored in and read from the macOS keychain (Apple's build only).",
	},

	// Accepted and ignored: readconf.c maps these to oDeprecated (debug message only) or,
	// for Protocol, to oIgnore. Since is the first release that knew the name.
	{
		Name: "Cipher", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "SSH protocol 1 cipher selection; ignored since 7.6.",
	},
	{
		Name: "FallBackToRsh", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "Used to fall back to rsh when no SSH server answered; ignored since 3.3.",
	},
	{
		Name: "GlobalKnownHostsFile2", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "Second system-wide known hosts file; ignored since 5.9, list both files in GlobalKnownHostsFile instead.",
	},
	{
		Name: "RhostsAuthentication", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "Insecure rhosts authentication; ignored since 3.7.",
	},
	{
		Name: "UserKnownHostsFile2", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "Second per-user known hosts file; ignored since 5.9, list both files in UserKnownHostsFile instead.",
	},
	{
		Name: "UseRoaming", Kind: KindIgnored, Multi: NoValue, Status: Deprecated, Since: "5.3",
		Doc: "Controlled the experimental roaming feature, removed for security reasons; ignored since 7.2.",
	},
	{
		Name: "UseRsh", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "Used rsh instead of SSH; ignored since 3.3.",
	},
	{
		Name: "UsePrivilegedPort", Kind: KindIgnored, Multi: NoValue, Status: Deprecated,
		Doc: "Connected from a privileged source port; ignored since 7.8.",
	},
	{
		Name: "Protocol", Kind: KindIgnored, Multi: NoValue, Status: Ignored,
		Doc: "Chose between SSH protocol versions 1 and 2; since 7.6 only version 2 exists and the line is ignored without a message.",
	},

	// Unsupported: ssh prints "Unsupported option" and carries on.
	{
		Name: "AFSTokenPassing", Kind: KindUnsupported, Multi: NoValue, Status: Unsupported,
		Doc: "Passed AFS tokens to the server; unsupported since 3.7.",
	},
	{
		Name: "KerberosAuthentication", Kind: KindUnsupported, Multi: NoValue, Status: Unsupported,
		Doc: "Kerberos authentication of the SSH-1 era; unsupported since 3.7, use GSSAPIAuthentication.",
	},
	{
		Name: "KerberosTgtPassing", Kind: KindUnsupported, Multi: NoValue, Status: Unsupported,
		Doc: "Passed Kerberos tickets to the server; unsupported since 3.7, use GSSAPIDelegateCredentials.",
	},
	{
		Name: "RSAAuthentication", Kind: KindUnsupported, Multi: NoValue, Status: Unsupported,
		Doc: "SSH protocol 1 RSA authentication; unsupported since 7.5.",
	},
	{
		Name: "RhostsRSAAuthentication", Kind: KindUnsupported, Multi: NoValue, Status: Unsupported,
		Doc: "SSH protocol 1 rhosts authentication with RSA host keys; unsupported since 7.5.",
	},
	{
		Name: "CompressionLevel", Kind: KindUnsupported, Multi: NoValue, Status: Unsupported,
		Doc: "SSH protocol 1 compression level; unsupported since 7.5.",
	},
}
