package keyword

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// upstream105Keywords is keywords[] of readconf.c at V_10_5_P1 (the names as OpenSSH
// stores them: lower case, aliases and deprecated names included).
var upstream105Keywords = []string{
	"addkeystoagent", "addressfamily", "afstokenpassing", "batchmode", "bindaddress", "bindinterface",
	"canonicaldomains", "canonicalizefallbacklocal", "canonicalizehostname", "canonicalizemaxdots", "canonicalizepermittedcnames", "casignaturealgorithms",
	"certificatefile", "challengeresponseauthentication", "channeltimeout", "checkhostip", "cipher", "ciphers",
	"clearallforwardings", "compression", "compressionlevel", "connectionattempts", "connecttimeout", "controlmaster",
	"controlpath", "controlpersist", "dsaauthentication", "dynamicforward", "enableescapecommandline", "enablesshkeysign",
	"escapechar", "exitonforwardfailure", "fallbacktorsh", "fingerprinthash", "forkafterauthentication", "forwardagent",
	"forwardx11", "forwardx11timeout", "forwardx11trusted", "gatewayports", "globalknownhostsfile", "globalknownhostsfile2",
	"gssapiauthentication", "gssapidelegatecredentials", "hashknownhosts", "host", "hostbasedacceptedalgorithms", "hostbasedauthentication",
	"hostbasedkeytypes", "hostkeyalgorithms", "hostkeyalias", "hostname", "identitiesonly", "identityagent",
	"identityfile", "identityfile2", "ignoreunknown", "include", "ipqos", "kbdinteractiveauthentication",
	"kbdinteractivedevices", "keepalive", "kerberosauthentication", "kerberostgtpassing", "kexalgorithms", "knownhostscommand",
	"localcommand", "localforward", "loglevel", "logverbose", "macs", "match",
	"nohostauthenticationforlocalhost", "numberofpasswordprompts", "obscurekeystroketiming", "passwordauthentication", "permitlocalcommand", "permitremoteopen",
	"pkcs11provider", "port", "preferredauthentications", "protocol", "proxycommand", "proxyjump",
	"proxyusefdpass", "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes", "pubkeyauthentication", "refuseconnection", "rekeylimit",
	"remotecommand", "remoteforward", "requesttty", "requiredrsasize", "revokedhostkeys", "rhostsauthentication",
	"rhostsrsaauthentication", "rsaauthentication", "securitykeyprovider", "sendenv", "serveralivecountmax", "serveraliveinterval",
	"sessiontype", "setenv", "skeyauthentication", "smartcarddevice", "stdinnull", "streamlocalbindmask",
	"streamlocalbindunlink", "stricthostkeychecking", "syslogfacility", "tag", "tcpkeepalive", "tisauthentication",
	"tunnel", "tunneldevice", "updatehostkeys", "useprivilegedport", "user", "userknownhostsfile",
	"userknownhostsfile2", "useroaming", "usersh", "verifyhostkeydns", "versionaddendum", "visualhostkey",
	"warnweakcrypto", "xauthlocation",
}

// manPage105Keywords are the keywords ssh_config(5) of V_10_5_P1 documents, spelled as it
// spells them. Every one must be the Name of a row, with exactly this spelling.
var manPage105Keywords = []string{
	"Host", "Match", "Include", "AddKeysToAgent", "AddressFamily", "BatchMode",
	"BindAddress", "BindInterface", "CanonicalDomains", "CanonicalizeFallbackLocal", "CanonicalizeHostname", "CanonicalizeMaxDots",
	"CanonicalizePermittedCNAMEs", "CASignatureAlgorithms", "CertificateFile", "ChannelTimeout", "CheckHostIP", "Ciphers",
	"ClearAllForwardings", "Compression", "ConnectionAttempts", "ConnectTimeout", "ControlMaster", "ControlPath",
	"ControlPersist", "DynamicForward", "EnableEscapeCommandline", "EnableSSHKeysign", "EscapeChar", "ExitOnForwardFailure",
	"FingerprintHash", "ForkAfterAuthentication", "ForwardAgent", "ForwardX11", "ForwardX11Timeout", "ForwardX11Trusted",
	"GatewayPorts", "GlobalKnownHostsFile", "GSSAPIAuthentication", "GSSAPIDelegateCredentials", "HashKnownHosts", "HostbasedAcceptedAlgorithms",
	"HostbasedAuthentication", "HostKeyAlgorithms", "HostKeyAlias", "Hostname", "IdentitiesOnly", "IdentityAgent",
	"IdentityFile", "IgnoreUnknown", "IPQoS", "KbdInteractiveAuthentication", "KbdInteractiveDevices", "KexAlgorithms",
	"KnownHostsCommand", "LocalCommand", "LocalForward", "LogLevel", "LogVerbose", "MACs",
	"NoHostAuthenticationForLocalhost", "NumberOfPasswordPrompts", "ObscureKeystrokeTiming", "PasswordAuthentication", "PermitLocalCommand", "PermitRemoteOpen",
	"PKCS11Provider", "Port", "PreferredAuthentications", "ProxyCommand", "ProxyJump", "ProxyUseFdpass",
	"PubkeyAcceptedAlgorithms", "PubkeyAuthentication", "RefuseConnection", "RekeyLimit", "RemoteCommand", "RemoteForward",
	"RequestTTY", "RequiredRSASize", "RevokedHostKeys", "SecurityKeyProvider", "SendEnv", "ServerAliveCountMax",
	"ServerAliveInterval", "SessionType", "SetEnv", "StdinNull", "StreamLocalBindMask", "StreamLocalBindUnlink",
	"StrictHostKeyChecking", "SyslogFacility", "TCPKeepAlive", "Tag", "Tunnel", "TunnelDevice",
	"UpdateHostKeys", "User", "UserKnownHostsFile", "VerifyHostKeyDNS", "VersionAddendum", "VisualHostKey",
	"WarnWeakCrypto", "XAuthLocation",
}

// debianOnlyAliases are aliases on upstream rows that only Debian's build accepts.
var debianOnlyAliases = map[string]bool{"protocolkeepalives": true, "setuptimeout": true}

// printedAsYesNo are enum rows that ssh -G prints as yes/no rather than as the first word
// of their table (dump_client_config formats them like plain flags).
var printedAsYesNo = map[string]bool{"WarnWeakCrypto": true}

// spellings returns the name and aliases of k.
func spellings(k *Keyword) []string {
	return append([]string{k.Name}, k.Aliases...)
}

func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func TestTableStructure(t *testing.T) {
	if len(Table) < 120 {
		t.Fatalf("Table has %d rows; expected every OpenSSH keyword", len(Table))
	}
	seen := map[string]string{}
	for i := range Table {
		k := &Table[i]
		for _, s := range spellings(k) {
			if !isWord(s) {
				t.Errorf("%s: spelling %q is not a plain ASCII word", k.Name, s)
			}
			l := strings.ToLower(s)
			if prev, dup := seen[l]; dup {
				t.Errorf("%q is spelled twice (rows %s and %s)", l, prev, k.Name)
			}
			seen[l] = k.Name
			for _, v := range []string{s, l, strings.ToUpper(s)} {
				if got := Lookup(v); got != k {
					t.Errorf("Lookup(%q) does not return row %s", v, k.Name)
				}
			}
		}
		if k.Name[0] < 'A' || k.Name[0] > 'Z' {
			t.Errorf("%s: canonical name should start with a capital letter", k.Name)
		}
		if int(k.Kind) < 0 || int(k.Kind) >= len(kindNames) {
			t.Errorf("%s: unknown kind %d", k.Name, k.Kind)
		}

		// Values.
		if (k.Kind == KindEnum || k.Kind == KindFlag) && len(k.Values) == 0 {
			t.Errorf("%s: %s keyword without Values", k.Name, k.Kind)
		}
		words := map[string]bool{}
		for _, v := range k.Values {
			w := v.Word
			if !k.CaseSensitive {
				w = strings.ToLower(w)
			}
			if v.Word == "" || words[w] {
				t.Errorf("%s: empty or repeated value word %q", k.Name, v.Word)
			}
			words[w] = true
		}
		if k.Kind == KindFlag {
			if len(k.Values) != 4 || k.Word(1) != "true" || k.Word(0) != "false" {
				t.Errorf("%s: flag Values should be OpenSSH's multistate_flag", k.Name)
			}
			if k.Default != "" && k.Default != "yes" && k.Default != "no" {
				t.Errorf("%s: flag default %q; ssh -G prints flags as yes or no", k.Name, k.Default)
			}
		}
		if k.Kind == KindEnum && k.Default != "" {
			v, ok := k.Match(k.Default)
			switch {
			case !ok:
				t.Errorf("%s: default %q is not one of its values", k.Name, k.Default)
			case printedAsYesNo[k.Name]:
				if want := map[int]string{0: "no", 1: "yes"}[v]; k.Default != want {
					t.Errorf("%s: default %q, ssh -G would print %q", k.Name, k.Default, want)
				}
			case k.Word(v) != k.Default:
				t.Errorf("%s: default %q, ssh -G would print %q", k.Name, k.Default, k.Word(v))
			}
		}

		// Doc.
		if k.Doc == "" || !strings.HasSuffix(k.Doc, ".") || strings.TrimSpace(k.Doc) != k.Doc ||
			strings.ContainsAny(k.Doc, "\n\t") {
			t.Errorf("%s: Doc must be non-empty, one line, trimmed and end with a period: %q", k.Name, k.Doc)
		}

		// Versions.
		var since Version
		if k.Since != "" {
			v, err := ParseVersion(k.Since)
			if err != nil || v.String() != k.Since {
				t.Errorf("%s: Since %q is not a major.minor version", k.Name, k.Since)
			}
			if v.Less(MustVersion("3.0")) {
				t.Errorf("%s: Since %q should be empty (older than 3.0)", k.Name, k.Since)
			}
			if Upstream105.Version.Less(v) {
				t.Errorf("%s: Since %q is newer than the newest release the table describes", k.Name, k.Since)
			}
			since = v
		}
		if k.Until != "" {
			v, err := ParseVersion(k.Until)
			if err != nil || v.String() != k.Until {
				t.Errorf("%s: Until %q is not a major.minor version", k.Name, k.Until)
			}
			if !since.Less(v) {
				t.Errorf("%s: Until %q is not after Since %q", k.Name, k.Until, k.Since)
			}
		}

		// Platform and status.
		switch k.Platform {
		case "", PlatformGSSAPI:
			if k.Status == Platform {
				t.Errorf("%s: Status Platform needs Platform debian or apple", k.Name)
			}
		case PlatformDebian, PlatformApple:
			if k.Status != Platform {
				t.Errorf("%s: Platform %q needs Status Platform", k.Name, k.Platform)
			}
		default:
			t.Errorf("%s: unknown Platform %q", k.Name, k.Platform)
		}
		if int(k.Status) < 0 || int(k.Status) >= len(statusNames) {
			t.Errorf("%s: unknown status %d", k.Name, k.Status)
		}

		// Kind, Multi and Status agree.
		block := k.Kind == KindHost || k.Kind == KindMatch || k.Kind == KindInclude
		if block != (k.Multi == Block) {
			t.Errorf("%s: Multi Block goes with kinds host, match and include only", k.Name)
		}
		novalue := k.Kind == KindIgnored || k.Kind == KindUnsupported
		if novalue != (k.Multi == NoValue) {
			t.Errorf("%s: Multi NoValue goes with kinds ignored and unsupported only", k.Name)
		}
		switch k.Status {
		case Deprecated, Ignored:
			if k.Kind != KindIgnored {
				t.Errorf("%s: status %s needs KindIgnored", k.Name, k.Status)
			}
		case Unsupported:
			if k.Kind != KindUnsupported {
				t.Errorf("%s: status unsupported needs KindUnsupported", k.Name)
			}
		default:
			if novalue {
				t.Errorf("%s: kind %s needs status deprecated, ignored or unsupported", k.Name, k.Kind)
			}
		}
		if novalue && (k.Default != "" || k.Expand != 0 || k.Values != nil || k.AllowNone) {
			t.Errorf("%s: ignored/unsupported rows carry no value information", k.Name)
		}
		if block && k.Default != "" {
			t.Errorf("%s: blocks have no default", k.Name)
		}
	}
}

func TestTableMatchesUpstream105(t *testing.T) {
	upstream := map[string]bool{}
	for _, n := range upstream105Keywords {
		upstream[n] = true
		if Lookup(n) == nil {
			t.Errorf("readconf.c 10.5 keyword %q is missing from the table", n)
		}
	}
	for i := range Table {
		k := &Table[i]
		onlyPlatform := k.Platform == PlatformDebian || k.Platform == PlatformApple
		if !onlyPlatform && !Upstream105.Knows(k) {
			t.Errorf("%s: upstream 10.5 should know this row", k.Name)
		}
		for _, s := range spellings(k) {
			l := strings.ToLower(s)
			if upstream[l] == (onlyPlatform || debianOnlyAliases[l]) {
				t.Errorf("%s: spelling %q: in readconf.c 10.5 = %v, but the row says otherwise",
					k.Name, s, upstream[l])
			}
		}
	}
	for _, n := range manPage105Keywords {
		k := Lookup(n)
		if k == nil {
			t.Errorf("ssh_config(5) keyword %s is missing", n)
		} else if k.Name != n {
			t.Errorf("canonical name %q differs from ssh_config(5) spelling %q", k.Name, n)
		}
	}
}

func TestAlgorithmDefaults(t *testing.T) {
	a := Upstream105.Algorithms()
	want := map[string][]string{
		"Ciphers":                     a.DefaultCiphers,
		"MACs":                        a.DefaultMACs,
		"KexAlgorithms":               a.DefaultKex,
		"HostKeyAlgorithms":           a.DefaultHostKeys,
		"HostbasedAcceptedAlgorithms": a.DefaultKeys,
		"PubkeyAcceptedAlgorithms":    a.DefaultKeys,
		"CASignatureAlgorithms":       a.DefaultSigs,
	}
	for name, list := range want {
		k := Lookup(name)
		if k == nil {
			t.Errorf("%s missing", name)
			continue
		}
		if got := strings.Join(list, ","); k.Default != got {
			t.Errorf("%s: Default %q, the 10.5 algorithm data says %q", name, k.Default, got)
		}
	}
}

// installedSSH returns the path of ssh, skipping the test when there is none (failing in
// CI, where the live comparison must run).
func installedSSH(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ssh is not installed, but CI=true requires the live comparison: %v", err)
		}
		t.Skipf("ssh is not installed: %v", err)
	}
	return path
}

// runSSH runs ssh with HOME set to home and stdin from /dev/null.
func runSSH(t *testing.T, ssh, home string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, ssh, args...)
	env := []string{"HOME=" + home}
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "HOME=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// installedDialect describes the installed ssh from its -V banner.
func installedDialect(t *testing.T, ssh, home string) Dialect {
	t.Helper()
	_, banner, err := runSSH(t, ssh, home, "-V")
	if err != nil {
		t.Fatalf("ssh -V: %v", err)
	}
	release, _, _ := strings.Cut(strings.TrimSpace(banner), ",")
	v, err := ParseVersion(release)
	if err != nil {
		t.Fatalf("ssh -V: %v", err)
	}
	debian := strings.Contains(release, "Debian") || strings.Contains(release, "Ubuntu")
	return Dialect{Version: v, Debian: debian, GSSAPI: debian, Release: release}
}

// debian92Differs lists the keys whose Debian 9.2 "ssh -G" default differs from the
// upstream 10.5 default the table records, with the reason.
var debian92Differs = map[string]string{
	"forwardx11trusted":           "Debian's patch defaults it to yes",
	"ipqos":                       "Debian 9.2 uses lowdelay throughput; upstream 10.1 changed to ef cs0",
	"identityfile":                "10.0 dropped id_dsa, 10.1 id_xmss; 10.5 added id_mldsa44_ed25519",
	"userknownhostsfile":          "ssh -G prints the files with ~ expanded",
	"revokedhostkeys":             "a list printed as none only since 10.3; 9.2 prints no line when unset",
	"ciphers":                     "upstream now prefers the GCM ciphers to CTR",
	"kexalgorithms":               "10.0 added mlkem768x25519-sha256 in front",
	"hostkeyalgorithms":           "10.x offers webauthn-sk-ecdsa algorithms by default",
	"hostbasedacceptedalgorithms": "10.x offers webauthn-sk-ecdsa algorithms by default",
	"pubkeyacceptedalgorithms":    "10.x offers webauthn-sk-ecdsa algorithms by default",
	"casignaturealgorithms":       "10.x offers webauthn-sk-ecdsa algorithms by default",
}

// computedDefaults are printed by ssh -G but depend on the destination or the local
// account, so the table records no default for them.
var computedDefaults = map[string]bool{"host": true, "user": true, "hostname": true}

func TestInstalledSSHDump(t *testing.T) {
	ssh := installedSSH(t)
	home := t.TempDir()
	d := installedDialect(t, ssh, home)
	out, stderr, err := runSSH(t, ssh, home, "-G", "-F", "/dev/null", "example.test")
	if err != nil {
		t.Fatalf("ssh -G: %v\n%s", err, stderr)
	}
	printed := map[string]string{}
	var order []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), " ")
		key = strings.ToLower(key) // "canonicalizePermittedcnames"
		if key == "host" {
			continue
		}
		if Lookup(key) == nil {
			t.Errorf("%s prints %q, which the table does not know", d.Release, key)
		}
		if prev, ok := printed[key]; ok {
			printed[key] = prev + " " + val // one line per value (identityfile)
		} else {
			printed[key] = val
			order = append(order, key)
		}
	}
	if len(order) < 50 {
		t.Fatalf("ssh -G printed only %d keys:\n%s", len(order), out)
	}

	if !(d.Debian && d.Version == (Version{9, 2})) {
		t.Skipf("defaults are only compared with Debian 9.2; installed: %s", d.Release)
	}
	compared := 0
	for i := range Table {
		k := &Table[i]
		key := strings.ToLower(k.Name)
		if !Debian92.Knows(k) || computedDefaults[key] {
			continue
		}
		got, ok := printed[key]
		if why, differs := debian92Differs[key]; differs {
			if ok && got == k.Default {
				t.Errorf("%s: listed as differing (%s) but 9.2 prints the table default %q", k.Name, why, got)
			}
			continue
		}
		switch {
		case k.Default == "" && ok:
			t.Errorf("%s: no default in the table, but 9.2 prints %q", k.Name, got)
		case k.Default != "" && !ok:
			t.Errorf("%s: default %q, but 9.2 prints no line", k.Name, k.Default)
		case got != k.Default:
			t.Errorf("%s: default %q, 9.2 prints %q", k.Name, k.Default, got)
		}
		if k.Kind == KindFlag || k.Kind == KindEnum || k.Kind == KindInt {
			compared++
		}
	}
	if compared < 40 {
		t.Errorf("only %d flag/enum/int defaults compared", compared)
	}
}

// algorithmSamples are values each algorithm keyword accepts in 9.2 and 10.5.
var algorithmSamples = map[string]string{
	"Ciphers":                     "aes128-ctr",
	"MACs":                        "hmac-sha2-256",
	"KexAlgorithms":               "curve25519-sha256",
	"HostKeyAlgorithms":           "ssh-ed25519",
	"HostbasedAcceptedAlgorithms": "ssh-ed25519",
	"PubkeyAcceptedAlgorithms":    "ssh-ed25519",
	"CASignatureAlgorithms":       "ssh-ed25519",
	"GSSAPIKexAlgorithms":         "gss-group14-sha256-",
}

var kindSamples = map[Kind]string{
	KindInt: "1", KindTime: "10", KindString: "x", KindPath: "/nonexistent/x",
	KindPathList: "/nonexistent/x", KindCommand: "true", KindProxyJump: "jump.example",
	KindForward: "8080 localhost:80", KindDynamicForward: "1080", KindSendEnv: "LANG",
	KindSetEnv: "A=1", KindList: "none", KindPort: "22", KindHost: "other",
	KindMatch: "host other", KindInclude: "/nonexistent/sshcfg-*.conf",
	KindAddKeysToAgent: "confirm 5m", KindForwardAgent: "no", KindControlPersist: "10m",
	KindEscapeChar: "^A", KindIPQoS: "af21 cs1", KindRekeyLimit: "1G 1h",
	KindTunnelDevice: "any:any", KindObscureKeystrokeTiming: "interval:10", KindOctal: "022",
	KindIgnored: "x", KindUnsupported: "x",
}

// sample returns a value the keyword accepts.
func sample(k *Keyword) (string, error) {
	switch k.Kind {
	case KindFlag, KindEnum:
		if k.Default != "" {
			return k.Default, nil
		}
		return k.Values[0].Word, nil
	case KindAlgorithms:
		if s, ok := algorithmSamples[k.Name]; ok {
			return s, nil
		}
	default:
		if s, ok := kindSamples[k.Kind]; ok {
			return s, nil
		}
	}
	return "", fmt.Errorf("%s: no sample value for kind %s", k.Name, k.Kind)
}

func TestInstalledSSHAcceptsKeywords(t *testing.T) {
	ssh := installedSSH(t)
	home := t.TempDir()
	d := installedDialect(t, ssh, home)
	dir := t.TempDir()
	n := 0
	for i := range Table {
		k := &Table[i]
		val, err := sample(k)
		if err != nil {
			t.Error(err)
			continue
		}
		for _, s := range spellings(k) {
			known := d.Knows(k) && (d.Debian || !debianOnlyAliases[strings.ToLower(s)])
			// Inside a block that does not apply, so that values are validated but
			// nothing takes effect (RefuseConnection, ProxyCommand, …).
			cfg := filepath.Join(dir, fmt.Sprintf("c%d", n))
			n++
			text := fmt.Sprintf("Host nomatch.invalid\n\t%s %s\n", s, val)
			if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, stderr, err := runSSH(t, ssh, home, "-G", "-F", cfg, "example.test")
			bad := strings.Contains(stderr, "Bad configuration option")
			switch {
			case !known && !bad:
				// The row's Since, Until or Platform says this build should not know it.
				t.Errorf("%s accepts %q, which the table says it does not know", d.Release, s)
			case !known:
			case bad:
				t.Errorf("%s rejects %q: %s", d.Release, s, strings.TrimSpace(stderr))
			case err != nil:
				t.Errorf("%s: %q with sample %q fails: %v: %s", d.Release, s, val, err, strings.TrimSpace(stderr))
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d spellings checked", n)
	}
}

// manKeywords returns the keywords an ssh_config(5) mdoc source documents: the .It Cm
// entries of the first level of lists in its DESCRIPTION section.
func manKeywords(src string) []string {
	var out []string
	inDesc, depth := false, 0
	for _, line := range strings.Split(src, "\n") {
		switch {
		case strings.HasPrefix(line, ".Sh "):
			inDesc = strings.TrimSpace(line[4:]) == "DESCRIPTION"
		case !inDesc:
		case strings.HasPrefix(line, ".Bl"):
			depth++
		case strings.HasPrefix(line, ".El"):
			depth--
		case depth == 1 && strings.HasPrefix(line, ".It Cm "):
			f := strings.Fields(line)
			out = append(out, f[2])
		}
	}
	return out
}

// manPagePaths are where Debian's openssh-client (and most systems) install ssh_config(5).
var manPagePaths = []string{"/usr/share/man/man5/ssh_config.5.gz", "/usr/share/man/man5/ssh_config.5"}

// installedManPage returns the path of ssh_config(5): one of manPagePaths, else what
// `man -w` finds. Without one it skips the test, or fails it when CI=true (CI installs
// openssh-client, which ships the page; man(1) is not needed).
func installedManPage(t *testing.T) string {
	t.Helper()
	for _, p := range manPagePaths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	why := "man is not installed"
	if _, err := exec.LookPath("man"); err == nil {
		b, err := exec.Command("man", "-w", "5", "ssh_config").Output()
		if err == nil && strings.TrimSpace(string(b)) != "" {
			return strings.TrimSpace(string(b))
		}
		why = fmt.Sprintf("man -w 5 ssh_config: %v", err)
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("ssh_config(5) is not installed (none of %v; %s), and CI=true requires the check", manPagePaths, why)
	}
	t.Skipf("ssh_config(5) is not installed (%s)", why)
	return ""
}

func TestManPageKeywords(t *testing.T) {
	path := installedManPage(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("ssh_config(5) at %q cannot be read: %v", path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		r = gz
	}
	src, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	names := manKeywords(string(src))
	if len(names) < 50 {
		// Also when the page is not mdoc source (some systems install it preformatted).
		t.Fatalf("%s: found only %d keywords in an mdoc DESCRIPTION list: %v", path, len(names), names)
	}
	for _, n := range names {
		if Lookup(n) == nil {
			t.Errorf("%s documents %s, which the table does not know", path, n)
		}
	}
}

func TestManKeywordsParser(t *testing.T) {
	src := ".Sh DESCRIPTION\n.Bl -enum\n.It\nx\n.El\n.Bl -tag -width Ds\n.It Cm Host\n" +
		".It Cm ChannelTimeout\n.Bl -tag\n.It Cm session\n.El\n.It Cm Port\n.El\n" +
		".Sh FILES\n.Bl -tag\n.It Cm Other\n.El\n"
	got := strings.Join(manKeywords(src), " ")
	if want := "Host ChannelTimeout Port"; got != want {
		t.Errorf("manKeywords = %q, want %q", got, want)
	}
}

func TestDialectNamed(t *testing.T) {
	for _, name := range DialectNames() {
		d, err := DialectNamed(name)
		if err != nil || d.Version.Major == 0 {
			t.Errorf("%s: %+v %v", name, d, err)
		}
	}
	if d, err := DialectNamed("DEBIAN"); err != nil || d != Debian92 {
		t.Errorf("DEBIAN: %+v %v", d, err)
	}
	if _, err := DialectNamed("8.9"); err == nil {
		t.Errorf("8.9 is not a dialect sshcfg knows")
	}
}

// TestInstalledSSHAlgorithms checks the algorithm data of the installed build's dialect
// against the build itself: each list, in order, against `ssh -Q`, and each default
// against what `ssh -G -F /dev/null` prints.
func TestInstalledSSHAlgorithms(t *testing.T) {
	ssh := installedSSH(t)
	home := t.TempDir()
	_, banner, err := runSSH(t, ssh, home, "-V")
	if err != nil {
		t.Fatalf("ssh -V: %v", err)
	}
	release, _, _ := strings.Cut(strings.TrimSpace(banner), ",")
	d, ok := DialectOf(release)
	if !ok {
		t.Fatalf("no dialect for %q", release)
	}
	a := d.Algorithms()
	for _, q := range []struct {
		query string
		want  []string
	}{
		{"cipher", a.Ciphers}, {"mac", a.MACs}, {"kex", a.Kex}, {"key-sig", a.Keys}, {"sig", a.Sigs},
	} {
		out, stderr, err := runSSH(t, ssh, home, "-Q", q.query)
		if err != nil {
			t.Fatalf("ssh -Q %s: %v: %s", q.query, err, stderr)
		}
		if got, want := strings.Fields(out), q.want; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: ssh -Q %s prints\n%v\nthe table of %v has\n%v", release, q.query, got, d, want)
		}
	}
	out, stderr, err := runSSH(t, ssh, home, "-G", "-F", "/dev/null", "example.test")
	if err != nil {
		t.Fatalf("ssh -G: %v: %s", err, stderr)
	}
	printed := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		k, v, _ := strings.Cut(l, " ")
		printed[k] = v
	}
	for key, want := range map[string][]string{
		"ciphers": a.DefaultCiphers, "macs": a.DefaultMACs, "kexalgorithms": a.DefaultKex,
		"hostkeyalgorithms": a.DefaultHostKeys, "pubkeyacceptedalgorithms": a.DefaultKeys,
		"hostbasedacceptedalgorithms": a.DefaultKeys, "casignaturealgorithms": a.DefaultSigs,
	} {
		if got := printed[key]; got != strings.Join(want, ",") {
			t.Errorf("%s: ssh -G prints %s %s; the default of %v is %s", release, key, got, d, strings.Join(want, ","))
		}
	}
}
