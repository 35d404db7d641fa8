package resolve

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// fakeDNS answers Env.LookupHost from a table (queried name → canonical name, as
// getaddrinfo with AI_CANONNAME reports it) and records the names asked, in order.
type fakeDNS struct {
	names map[string]string
	asked []string
}

func (d *fakeDNS) lookup(_ context.Context, name string) (string, bool) {
	d.asked = append(d.asked, name)
	cname, ok := d.names[name]
	return cname, ok
}

// canonicalCase is one resolution with a fake DNS. Expected values are derived from
// OpenSSH 9.2p1's ssh.c (main, resolve_canonicalize, check_follow_cname) and readconf.c
// (the final pass, Match canonical/final); follows names the function each case follows.
type canonicalCase struct {
	name    string
	follows string
	config  string
	host    string
	dns     map[string]string
	// want are "key value" lines that ssh -G prints; wantFatal is the fatal message
	// instead. want105 overrides want for OpenSSH 10.5.
	want, want105 []string
	wantFatal     string
	// asked are the names looked up, in order; nil means no check, [] none at all.
	asked []string
}

const canonYes = "CanonicalizeHostname yes\nCanonicalDomains a.example b.example c.example\n"

var canonicalCases = []canonicalCase{
	{
		name:    "suffixes in order, first found wins",
		follows: "resolve_canonicalize: each CanonicalDomains suffix as <host>.<suffix>. until one resolves; the final dot is removed; the host was lower-cased by main first",
		config:  canonYes,
		host:    "H",
		dns:     map[string]string{"h.b.example.": "h.b.example", "h.c.example.": "h.c.example"},
		want:    []string{"hostname h.b.example"},
		asked:   []string{"h.a.example.", "h.b.example."},
	},
	{
		name:    "CanonicalDomains none: no suffix tried",
		follows: "resolve_canonicalize: a suffix equal to none (any case; readconf.c allows it only alone) stops the loop; then the CanonicalizeFallbackLocal default (yes) keeps the name",
		config:  "CanonicalizeHostname yes\nCanonicalDomains NONE\n",
		host:    "h",
		dns:     map[string]string{"h.none.": "h.none"},
		want:    []string{"hostname h"},
		asked:   []string{},
	},
	{
		name:      "no fallback: fatal",
		follows:   "resolve_canonicalize notfound: without CanonicalizeFallbackLocal, fatal(\"%s: Could not resolve host \\\"%s\\\"\")",
		config:    canonYes + "CanonicalizeFallbackLocal no\n",
		host:      "h",
		wantFatal: `ssh: Could not resolve host "h"`,
		asked:     []string{"h.a.example.", "h.b.example.", "h.c.example."},
	},
	{
		name:    "more dots than CanonicalizeMaxDots: untouched, even without fallback",
		follows: "resolve_canonicalize: ndots > canonicalize_max_dots returns before any lookup and before the notfound fallback check",
		config:  canonYes + "CanonicalizeFallbackLocal no\n",
		host:    "h.sub.x",
		dns:     map[string]string{"h.sub.x.a.example.": "h.sub.x.a.example"},
		want:    []string{"hostname h.sub.x"},
		asked:   []string{},
	},
	{
		name:    "as many dots as CanonicalizeMaxDots: canonicalised",
		follows: "resolve_canonicalize: ndots (1) is not above the default maximum (1)",
		config:  canonYes,
		host:    "h.sub",
		dns:     map[string]string{"h.sub.c.example.": "h.sub.c.example"},
		want:    []string{"hostname h.sub.c.example"},
		asked:   []string{"h.sub.a.example.", "h.sub.b.example.", "h.sub.c.example."},
	},
	{
		name:    "CanonicalizeMaxDots 0",
		follows: "resolve_canonicalize: ndots 1 > 0, no lookup",
		config:  canonYes + "CanonicalizeMaxDots 0\n",
		host:    "h.sub",
		dns:     map[string]string{"h.sub.a.example.": "h.sub.a.example"},
		want:    []string{"hostname h.sub", "canonicalizemaxdots 0"},
		asked:   []string{},
	},
	{
		name:    "anchored name: resolved as is, whatever its dots",
		follows: "resolve_canonicalize: a name ending in a dot is resolved before the dot count and without suffixes; found, its final dot is removed",
		config:  canonYes,
		host:    "h.sub.a.example.",
		dns:     map[string]string{"h.sub.a.example.": "h.sub.a.example"},
		want:    []string{"hostname h.sub.a.example"},
		asked:   []string{"h.sub.a.example."},
	},
	{
		name:    "anchored name not found: kept with its dot",
		follows: "resolve_canonicalize: goto notfound; the fallback keeps *hostp unchanged",
		config:  canonYes,
		host:    "h.sub.a.example.",
		want:    []string{"hostname h.sub.a.example."},
		asked:   []string{"h.sub.a.example."},
	},
	{
		name:    "CNAME followed when a rule permits it",
		follows: "check_follow_cname: the source list matches the name found, the target list the CNAME",
		config:  canonYes + "CanonicalizePermittedCNAMEs *.a.example:*.b.example\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "real.b.example"},
		want:    []string{"hostname real.b.example"},
		asked:   []string{"h.a.example."},
	},
	{
		name:    "CNAME not followed when no rule's target matches",
		follows: "check_follow_cname: no rule matches, the name found is kept",
		config:  canonYes + "CanonicalizePermittedCNAMEs *.a.example:*.c.example\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "real.b.example"},
		want:    []string{"hostname h.a.example"},
	},
	{
		name:    "CNAME not followed without CanonicalizePermittedCNAMEs",
		follows: "check_follow_cname: config_has_permitted_cnames is false",
		config:  canonYes,
		host:    "h",
		dns:     map[string]string{"h.a.example.": "real.b.example"},
		want:    []string{"hostname h.a.example"},
	},
	{
		name:    "rules tried in order, source and target both must match",
		follows: "check_follow_cname: the first rule's source does not match h.a.example, the second's does",
		config:  canonYes + "CanonicalizePermittedCNAMEs *.x.example:*.b.example *.a.example:*.b.example,*.d.example\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "real.d.example"},
		want:    []string{"hostname real.d.example"},
	},
	{
		name:    "rule patterns are lower-cased, the CNAME is not",
		follows: "check_follow_cname: match_pattern_list(cname, target, 1) lower-cases only the pattern, so an upper-case CNAME does not match *.b.example",
		config:  canonYes + "CanonicalizePermittedCNAMEs *.A.EXAMPLE:*.B.example\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "Real.B.Example"},
		want:    []string{"hostname h.a.example"},
	},
	{
		name:    "CNAME taken as DNS spells it (lower-cased from 10.4)",
		follows: "check_follow_cname: the target pattern * matches; 9.2 copies the CNAME, 10.4+ lower-cases it after the match",
		config:  canonYes + "CanonicalizePermittedCNAMEs *.a.example:*\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "Real.B.Example"},
		want:    []string{"hostname Real.B.Example"},
		want105: []string{"hostname real.b.example"},
	},
	{
		name:    "ProxyJump: no canonicalisation with yes",
		follows: "resolve_canonicalize: not direct and CanonicalizeHostname is not always, return before any lookup",
		config:  canonYes + "ProxyJump jump.example\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "h.a.example"},
		want:    []string{"hostname h"},
		asked:   []string{},
	},
	{
		name:    "ProxyCommand with always: canonicalised, CNAME followed",
		follows: "resolve_canonicalize and check_follow_cname: CanonicalizeHostname always applies to proxied hosts too",
		config:  "CanonicalizeHostname always\nCanonicalDomains a.example\nProxyCommand nc %h %p\nCanonicalizePermittedCNAMEs *:*.b.example\n",
		host:    "h",
		dns:     map[string]string{"h.a.example.": "real.b.example"},
		want:    []string{"hostname real.b.example"},
		asked:   []string{"h.a.example."},
	},
	{
		name:    "no canonicalisation, but permitted CNAMEs: bare lookup, CNAME not followed",
		follows: "main: addrs == NULL with permitted CNAMEs and a direct connection resolves the bare name; check_follow_cname returns 0 for CanonicalizeHostname no",
		config:  "CanonicalizePermittedCNAMEs *:*\n",
		host:    "h",
		dns:     map[string]string{"h": "real.b.example"},
		want:    []string{"hostname h"},
		asked:   []string{"h"},
	},
	{
		name:      "no canonicalisation, permitted CNAMEs, unresolvable direct host: exit 255",
		follows:   "main: resolve_host fails for a direct connection, cleanup_exit(255) after \"%s: Could not resolve hostname %s: %s\"",
		config:    "CanonicalizePermittedCNAMEs *:*\n",
		host:      "h",
		wantFatal: "ssh: Could not resolve hostname h: Name or service not known",
		asked:     []string{"h"},
	},
	{
		name:    "suffixes fail, fallback, then the bare name's CNAME is followed",
		follows: "main: resolve_canonicalize found nothing (fallback), so the bare name is resolved and check_follow_cname applies (CanonicalizeHostname yes, direct)",
		config:  canonYes + "CanonicalizePermittedCNAMEs *:*.z.example\n",
		host:    "h",
		dns:     map[string]string{"h": "h.z.example"},
		want:    []string{"hostname h.z.example"},
		asked:   []string{"h.a.example.", "h.b.example.", "h.c.example.", "h"},
	},
	{
		name:    "address: normalised without canonicalisation or lookups",
		follows: "main: is_addr, then resolve_canonicalize's resolve_addr (getnameinfo NI_NUMERICHOST) even with CanonicalizeHostname no",
		config:  "CanonicalDomains a.example\n",
		host:    "127.1",
		want:    []string{"hostname 127.0.0.1"},
		asked:   []string{},
	},
	{
		name: "final pass after canonicalisation",
		follows: "main: canonicalisation enabled, so the files are read again with the canonical host (read_config_file's host) " +
			"and SSHCONF_FINAL|POSTCANON; values of the first pass keep first-wins",
		config: canonYes +
			"Host h.b.example\n  Port 2222\n" +
			"Match canonical\n  Compression yes\n" +
			"Match final\n  ServerAliveInterval 7\n" +
			"Match !canonical\n  User first\n" +
			"Match canonical\n  User canon\n",
		host: "h",
		dns:  map[string]string{"h.b.example.": "h.b.example"},
		want: []string{"hostname h.b.example", "port 2222", "compression yes", "serveraliveinterval 7", "user first"},
	},
	{
		name: "canonicalisation settings of the final pass come too late",
		follows: "main: fill_default_options_for_canonicalization runs between the passes, so the three options are set " +
			"(first wins) before a Match final block can set them; Port, unset, still takes the block's value",
		config: "Match final\n  CanonicalizeFallbackLocal no\n  CanonicalizeHostname yes\n  CanonicalizeMaxDots 3\n  Port 2000\n",
		host:   "h",
		want:   []string{"hostname h", "canonicalizefallbacklocal yes", "canonicalizehostname false", "canonicalizemaxdots 1", "port 2000"},
		asked:  []string{},
	},
	{
		name:    "final pass also when nothing was found",
		follows: "main: want_final_pass is set whenever CanonicalizeHostname is not no, whatever resolve_canonicalize found",
		config:  canonYes + "Match canonical\n  Compression yes\nHost h.b.example\n  Port 2222\n",
		host:    "h",
		want:    []string{"hostname h", "compression yes", "port 22"},
	},
}

func TestCanonicalization(t *testing.T) {
	for _, d := range []keyword.Dialect{keyword.Debian92, keyword.Upstream92, keyword.Upstream105} {
		for _, c := range canonicalCases {
			t.Run(d.Release+"/"+c.name, func(t *testing.T) {
				dns := &fakeDNS{names: c.dns}
				out, err := resolveCanonical(t, d, c.config, c.host, dns.lookup, nil)
				want := c.want
				if c.want105 != nil && d.Version.AtLeast("10.4") {
					want = c.want105
				}
				checkResolution(t, c.follows, out, err, want, c.wantFatal)
				if c.asked != nil && strings.Join(dns.asked, " ") != strings.Join(c.asked, " ") {
					t.Errorf("looked up %q, want %q (%s)", dns.asked, c.asked, c.follows)
				}
			})
		}
	}
}

// TestMatchLocalNetwork checks Match localnetwork (10.x) against a fake list of local
// interface addresses: readconf.c's check_match_ifaddrs matches when any address of an
// interface lies in the CIDR list (addr_match_cidr_list); negation inverts it.
func TestMatchLocalNetwork(t *testing.T) {
	addrs := func() []net.IP { return []net.IP{net.ParseIP("192.0.2.10"), net.ParseIP("2001:db8::1")} }
	config := "Match localnetwork 198.51.100.0/24\n  User wrongnet\n" +
		"Match localnetwork 203.0.113.0/24,192.0.2.0/24\n  Port 2200\n" +
		"Match !localnetwork 2001:db8::/32\n  User notlocal6\n" +
		"Match localnetwork 2001:db8::1\n  Compression yes\n"
	out, err := resolveCanonical(t, keyword.Upstream105, config, "h", nil, addrs)
	checkResolution(t, "check_match_ifaddrs", out, err, []string{"port 2200", "user root", "compression yes"}, "")
}

// resolveWith resolves host with config as the only file (-F), as root, with the given
// DNS and local addresses.
func resolveCanonical(t *testing.T, d keyword.Dialect, config, host string, lookup func(context.Context, string) (string, bool), addrs func() []net.IP) (string, error) {
	t.Helper()
	env := &Env{
		FS:         MapFS{"/cfg/config": []byte(config)},
		User:       User{Name: "root", UID: 0, Home: "/root"},
		Hostname:   "local.example",
		LookupHost: lookup,
		LocalAddrs: addrs,
	}
	req, err := ParseArgs([]string{"-F", "/cfg/config", host}, d)
	if err != nil {
		t.Fatalf("ParseArgs: %v", err)
	}
	res, err := New(env, d).Resolve(req)
	if err != nil {
		return "", err
	}
	return res.DumpG(), nil
}

// checkResolution compares the -G lines of out (or the fatal error) with the expected.
func checkResolution(t *testing.T, follows, out string, err error, want []string, wantFatal string) {
	t.Helper()
	if wantFatal != "" {
		if err == nil || err.Error() != wantFatal {
			t.Errorf("error %v, want fatal %q (%s)", err, wantFatal, follows)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v (%s)", err, follows)
	}
	lines := map[string]bool{}
	keys := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		lines[l] = true
		k, _, _ := strings.Cut(l, " ")
		if _, ok := keys[k]; !ok {
			keys[k] = l
		}
	}
	for _, w := range want {
		if !lines[w] {
			k, _, _ := strings.Cut(w, " ")
			t.Errorf("ssh -G would print %q; got %q (%s)", w, keys[k], follows)
		}
	}
}
