package lint

import (
	"path"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Rules that judge one option by its effective value alone. Each is a table row: the
// keywords it looks at and, for each, a verdict on the value a configuration line wrote.

// valueVerdict judges an effective setting written by the configuration: the message says what
// ssh does with it ("" when it is fine), and sev overrides the rule's severity when not 0.
type valueVerdict func(s resolve.Setting) (sev diag.Severity, msg string)

// valueRule makes a rule that reports every configured value of the keywords that its
// valueVerdict finds risky, at the value, as "Keyword value: message".
func valueRule(r *Rule, judge map[keyword.ID]valueVerdict) *Rule {
	r.Watch = eachHost(func(p *Pass, h *Host) {
		for id, v := range judge {
			p.configured(h, id, func(s resolve.Setting) {
				if sev, msg := v(s); msg != "" {
					p.ReportDiag(diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan, Severity: sev,
						Message: id.Keyword().Name + " " + p.text(s.Source) + ": " + msg})
				}
			})
		}
	})
	return r
}

// whenInt returns a valueVerdict that reports msg when the integer value satisfies cond.
func whenInt(cond func(int) bool, msg string) valueVerdict {
	return func(s resolve.Setting) (diag.Severity, string) {
		if v, ok := s.Value.(int); ok && cond(v) {
			return 0, msg
		}
		return 0, ""
	}
}

func isOn(v int) bool  { return v != 0 }
func isOff(v int) bool { return v == 0 }

// systemLibraryDirs are where distributions install shared libraries; only root writes them.
var systemLibraryDirs = []string{"/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/lib/", "/lib64/", "/usr/lib32/"}

// libraryOutsideSystemDirs judges a PKCS11Provider or SecurityKeyProvider path.
func libraryOutsideSystemDirs(s resolve.Setting) (diag.Severity, string) {
	lib, _ := s.Value.(string)
	if lib == "" || lib == "none" || lib == "internal" {
		return 0, ""
	}
	if strings.HasPrefix(lib, "$") {
		return 0, "ssh loads the shared library the environment variable names into its own process"
	}
	clean := path.Clean(lib)
	for _, d := range systemLibraryDirs {
		if strings.HasPrefix(clean, d) {
			return 0, ""
		}
	}
	return 0, "ssh loads this shared library into its own process, outside the system library directories"
}

func init() { onFirstUse(registerOptionValues) }

// registerOptionValues adds this file's rules to the table (see onFirstUse).
func registerOptionValues() {
	register(
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4008", Slug: "no-hostauth-localhost", Severity: diag.Warning, Since: "0.2",
				Doc: "NoHostAuthenticationForLocalhost yes skips host key checking for localhost."},
			Docs: Docs{
				Title: "No host key check for localhost",
				Why: "With NoHostAuthenticationForLocalhost yes ssh accepts any key from localhost, ::1 and 127.0.0.1. " +
					"Forwarded ports, containers and VMs all appear as localhost, so a different machine behind a " +
					"port is never noticed. Give each such target a HostKeyAlias and its own known-hosts entry instead.",
				Bad:     "NoHostAuthenticationForLocalhost yes\n",
				Good:    "Host vm\n    HostName localhost\n    Port 2222\n    HostKeyAlias vm\n",
				Sources: []string{"ssh_config(5) NoHostAuthenticationForLocalhost, HostKeyAlias"},
			},
			SecuritySeverity: "5.0",
		}, map[keyword.ID]valueVerdict{keyword.NoHostAuthenticationForLocalhost: whenInt(isOn, "ssh accepts any host key from localhost, whatever is behind a forwarded port or container")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4009", Slug: "verify-host-key-dns", Severity: diag.Warning, Since: "0.2",
				Doc: "VerifyHostKeyDNS yes trusts host keys from SSHFP records when the resolver says DNSSEC " +
					"validated them; ask is reported as a note."},
			Docs: Docs{
				Title: "Host keys trusted from DNS",
				Why: "With VerifyHostKeyDNS yes ssh accepts a host key that matches an SSHFP record whenever the " +
					"system resolver sets the DNSSEC \"authenticated data\" bit — which a resolver on the local " +
					"network, or anyone between you and it, can set. OpenSSH before 9.9p2 could also be tricked into " +
					"accepting a wrong key with this option on (CVE-2025-26465). ask shows the match but still asks.",
				Bad:     "Host *\n    VerifyHostKeyDNS yes\n",
				Good:    "Host *\n    VerifyHostKeyDNS ask\n",
				Sources: []string{"ssh_config(5) VerifyHostKeyDNS", "CVE-2025-26465 (Qualys)", "OpenSSH dns.c verify_host_key_dns"},
			},
			SecuritySeverity: "5.5",
		}, map[keyword.ID]valueVerdict{keyword.VerifyHostKeyDNS: func(s resolve.Setting) (diag.Severity, string) {
			switch v, _ := s.Value.(int); v {
			case 1:
				return 0, "ssh trusts a host key found in DNS whenever the resolver claims DNSSEC validated it"
			case 2:
				return diag.Info, "ssh shows whether DNS has the host key, and still asks"
			}
			return 0, ""
		}}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4010", Slug: "update-host-keys-off", Severity: diag.Info, Since: "0.2",
				Doc: "UpdateHostKeys no stops ssh from learning a server's new host keys, which makes key rotation harder."},
			Docs: Docs{
				Title: "Host key updates turned off",
				Why: "With UpdateHostKeys on (the default when known_hosts is the standard file), ssh records the " +
					"additional keys a server announces after you authenticated it, so a server can move to a new key " +
					"without a \"host key changed\" warning that people learn to ignore.",
				Bad:     "Host *\n    UpdateHostKeys no\n",
				Good:    "Host *\n    UpdateHostKeys yes\n",
				Sources: []string{"ssh_config(5) UpdateHostKeys"},
			},
		}, map[keyword.ID]valueVerdict{keyword.UpdateHostKeys: whenInt(isOff, "ssh does not learn the new host keys a server announces, so key rotation shows up as a changed key")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4011", Slug: "hash-known-hosts-off", Severity: diag.Info, Since: "0.2",
				Doc: "HashKnownHosts no stores host names in known_hosts in clear text."},
			Docs: Docs{
				Title: "known_hosts not hashed",
				Why: "A readable known_hosts lists every host you connect to; someone who obtains it (and your keys) " +
					"knows where they work. HashKnownHosts yes stores new entries hashed (Debian's system " +
					"ssh_config already sets it); ssh-keygen -H hashes existing ones.",
				Bad:     "Host *\n    HashKnownHosts no\n",
				Good:    "Host *\n    HashKnownHosts yes\n",
				Sources: []string{"ssh_config(5) HashKnownHosts", "Mozilla OpenSSH guidelines"},
			},
		}, map[keyword.ID]valueVerdict{keyword.HashKnownHosts: whenInt(isOff, "ssh writes host names to known_hosts in clear text")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4016", Slug: "escape-commandline", Severity: diag.Info, Since: "0.2",
				Doc: "EnableEscapeCommandline yes turns the ~C command line back on."},
			Docs: Docs{
				Title: "Escape command line enabled",
				Why: "Since OpenSSH 9.2 the ~C escape is off by default, because it lets whoever types into the " +
					"session add port forwardings (and, with PermitLocalCommand, run local commands). Turn it on only " +
					"where you use it.",
				Bad:     "Host *\n    EnableEscapeCommandline yes\n",
				Good:    "Host jumpbox\n    EnableEscapeCommandline yes\n",
				Sources: []string{"ssh_config(5) EnableEscapeCommandline", "OpenSSH 9.2 release notes"},
			},
		}, map[keyword.ID]valueVerdict{keyword.EnableEscapeCommandline: whenInt(isOn, "the ~C escape can add forwardings during a session")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4022", Slug: "tunnel", Severity: diag.Info, Since: "0.2",
				Doc: "Tunnel asks for a tun device between client and server: a network-level VPN through the host."},
			Docs: Docs{
				Title: "Tunnel device forwarding",
				Why: "Tunnel point-to-point or ethernet joins a network interface on your machine to one on the " +
					"server, so the server can route traffic into your network, not just reach one forwarded port.",
				Bad:     "Host gw\n    Tunnel yes\n",
				Good:    "Host gw\n    LocalForward 8080 intranet:80\n",
				Sources: []string{"ssh_config(5) Tunnel", "ssh(1) SSH-BASED VIRTUAL PRIVATE NETWORKS"},
			},
		}, map[keyword.ID]valueVerdict{keyword.Tunnel: whenInt(isOn, "ssh joins a network interface here to one on the server")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4027", Slug: "canonicalize", Severity: diag.Info, Since: "0.2",
				Doc: "CanonicalizeHostname yes or always makes ssh rewrite short names and read the configuration again."},
			Docs: Docs{
				Title: "Host name canonicalization",
				Why: "With CanonicalizeHostname on, ssh looks a short name up in each CanonicalDomains suffix and then " +
					"reads the configuration a second time with the full name, so Host blocks match differently in the " +
					"two passes; a short name may also resolve in a domain you did not expect. always applies it to " +
					"proxied connections too.",
				Bad:     "CanonicalizeHostname always\nCanonicalDomains example.com corp.example.com\n",
				Good:    "CanonicalizeHostname yes\nCanonicalDomains example.com\nCanonicalizeFallbackLocal no\n",
				Sources: []string{"ssh_config(5) CanonicalizeHostname, CanonicalDomains"},
			},
		}, map[keyword.ID]valueVerdict{keyword.CanonicalizeHostname: whenInt(isOn, "ssh rewrites short names with CanonicalDomains and reads the configuration again with the new name")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4029", Slug: "compression", Severity: diag.Info, Since: "0.2",
				Doc: "Compression yes may reveal information when trusted and untrusted data share the connection."},
			Docs: Docs{
				Title: "Compression enabled",
				Why: "Compressed sizes depend on content, so when data an attacker chooses and secret data travel " +
					"through one compressed connection, the sizes can leak the secret (as in CRIME for TLS). On fast " +
					"links it also costs CPU for nothing. Enable it for slow links only.",
				Bad:     "Host *\n    Compression yes\n",
				Good:    "Host slow-link\n    Compression yes\n",
				Sources: []string{"ssh_config(5) Compression"},
			},
		}, map[keyword.ID]valueVerdict{keyword.Compression: whenInt(isOn, "compressed sizes can reveal content when trusted and untrusted data share the connection")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4031", Slug: "weak-crypto-warnings-off", Severity: diag.Info, Since: "0.2",
				Doc: "WarnWeakCrypto no (or no-pq-kex) hides ssh's warning about connections without post-quantum key exchange."},
			Docs: Docs{
				Title: "Weak-crypto warnings silenced",
				Why: "From OpenSSH 10.1, ssh warns when a connection uses a key exchange without post-quantum " +
					"protection, which recorded traffic may be decrypted with later. Silencing it hides servers " +
					"that still need upgrading.",
				Bad:     "Host *\n    WarnWeakCrypto no\n",
				Good:    "Host legacy-appliance\n    WarnWeakCrypto no-pq-kex\n",
				Sources: []string{"ssh_config(5) WarnWeakCrypto", "OpenSSH 10.1 release notes"},
			},
		}, map[keyword.ID]valueVerdict{keyword.WarnWeakCrypto: whenInt(isOff, "ssh does not warn about key exchanges without post-quantum protection")}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4032", Slug: "provider-library", Severity: diag.Warning, Since: "0.2",
				Doc: "PKCS11Provider or SecurityKeyProvider names a shared library outside the system library directories."},
			Docs: Docs{
				Title: "Provider library outside system directories",
				Why: "ssh loads the PKCS#11 or security-key provider into its own process, where it sees your keys " +
					"and everything you type. A library in a directory you or others can write (a download folder, " +
					"/tmp) or named by an environment variable can be replaced; use one installed by the system " +
					"package manager.",
				Bad:     "Host *\n    PKCS11Provider ~/Downloads/opensc-pkcs11.so\n",
				Good:    "Host *\n    PKCS11Provider /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so\n",
				Sources: []string{"ssh_config(5) PKCS11Provider, SecurityKeyProvider"},
			},
			SecuritySeverity: "6.0",
		}, map[keyword.ID]valueVerdict{keyword.PKCS11Provider: libraryOutsideSystemDirs, keyword.SecurityKeyProvider: libraryOutsideSystemDirs}),
		valueRule(&Rule{
			Code: diag.Code{ID: "SC4033", Slug: "misc-notes", Severity: diag.Info, Since: "0.2",
				Doc: "Settings worth a second look: LogLevel DEBUG in a configuration, StreamLocalBindUnlink yes."},
			Docs: Docs{
				Title: "Settings worth a second look",
				Why: "LogLevel DEBUG (any level) in a configuration makes every ssh, scp and git call verbose, and CI " +
					"logs then carry host names, key fingerprints and paths. StreamLocalBindUnlink yes removes an " +
					"existing file at a socket forward's path before binding, whatever it was.",
				Bad:     "Host *\n    LogLevel DEBUG3\n",
				Good:    "Host *\n    LogLevel INFO\n",
				Sources: []string{"ssh_config(5) LogLevel, StreamLocalBindUnlink"},
			},
		}, map[keyword.ID]valueVerdict{
			keyword.LogLevel:              whenInt(func(v int) bool { return v >= 5 }, "every connection logs debugging output, host names and key details included"),
			keyword.StreamLocalBindUnlink: whenInt(isOn, "ssh removes whatever file is at a socket forward's path before binding"),
		}),
	)
}
