package parser

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
)

// checkAlgorithms validates an algorithm list argument like ciphers_valid, mac_valid,
// kex_names_valid, sshkey_names_valid2 and Debian's kex_gss_names_valid do, returning
// OpenSSH's message or "". Like those functions (a strsep loop that stops at an empty
// element), it checks the names up to the first empty one: "a,,bogus" and "a," are valid.
func (d *decoder) checkAlgorithms(k *keyword.Keyword, list string) string {
	fam := k.Algorithms
	if fam == keyword.FamilyGSSKex {
		// No +/-/^ forms; each name must be a GSSAPI key exchange (prefix match).
		for _, n := range strings.Split(list, ",") {
			if n == "" {
				break
			}
			if !strings.HasPrefix(n, "gss-") || !isGSSKex(n) {
				return fmt.Sprintf(fam.BadSpec(), list)
			}
		}
		return ""
	}
	if list[0] == '-' {
		return ""
	}
	names := list
	if list[0] == '+' || list[0] == '^' {
		names = list[1:]
	}
	known := d.dialect.Algorithms().Valid(fam)
	msg := fam.BadSpec()
	if names == "" {
		return fmt.Sprintf(msg, list)
	}
	for _, n := range strings.Split(names, ",") {
		if n == "" {
			break
		}
		switch {
		case contains(known, n):
		case fam == keyword.FamilyKex && d.dialect.Debian && isGSSKex(n):
		case fam.KeyNames() && (keyShortName(known, n) || matchesAnyName(known, n)):
		default:
			return fmt.Sprintf(msg, list)
		}
		if fam == keyword.FamilySigs && d.dialect.Version.AtLeast("9.4") && strings.Contains(n, "-cert-") {
			return fmt.Sprintf(msg, list)
		}
	}
	return ""
}

// debianGSSKex are the GSSAPI key exchange names of Debian's GSSAPI patch (kex-names.c).
// kex_alg_by_name matches them as prefixes: "gss-gex-sha1-" also accepts
// "gss-gex-sha1-anything". Debian's ssh accepts them in KexAlgorithms too.
var debianGSSKex = []string{
	"gss-gex-sha1-", "gss-group1-sha1-", "gss-group14-sha1-", "gss-group14-sha256-",
	"gss-group16-sha512-", "gss-nistp256-sha256-", "gss-curve25519-sha256-",
}

// isGSSKex reports whether n names a GSSAPI key exchange method.
func isGSSKex(n string) bool {
	for _, g := range debianGSSKex {
		if strings.HasPrefix(n, g) {
			return true
		}
	}
	return false
}

// keyShortName reports whether n is the short name of a plain key type that the build
// knows ("RSA", "ED25519", …, any case); sshkey_type_from_name accepts those.
func keyShortName(known []string, n string) bool {
	for _, s := range []struct{ short, name string }{
		{"RSA", "ssh-rsa"}, {"DSA", "ssh-dss"}, {"ECDSA", "ecdsa-sha2-nistp256"},
		{"ED25519", "ssh-ed25519"}, {"ECDSA-SK", "sk-ecdsa-sha2-nistp256@openssh.com"},
		{"ED25519-SK", "sk-ssh-ed25519@openssh.com"}, {"XMSS", "ssh-xmss@openssh.com"},
	} {
		if keyword.EqualFoldASCII(n, s.short) && contains(known, s.name) {
			return true
		}
	}
	return false
}

// matchesAnyName is sshkey_names_valid2's wildcard rule: an element that is not a key
// type name is accepted when, as a pattern list, it matches some name positively or
// negatively (so "ssh-*" and "!ssh-rsa" pass, "x*" and "!x*" do not).
func matchesAnyName(known []string, pat string) bool {
	p := strings.TrimPrefix(pat, "!")
	for _, name := range known {
		if pattern.Match(name, p) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
