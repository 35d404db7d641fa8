package resolve

import (
	"strings"
	"sync"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// fillTable is what fill_default_options gives unset options in one dialect, built once
// and shared by every resolution in that dialect. Its Settings are never changed: the
// options hold them as shared slots, which own copies before any change.
type fillTable struct {
	// plain are the defaults that do not depend on other options, by slot index.
	plain []*Setting
	// canonical are the three defaults fill_default_options_for_canonicalization gives.
	canonical []*Setting
	// algorithms are the assembled default lists of the algorithm options, by slot index.
	algorithms []*Setting
	// flag holds the values 0 and 1, for the defaults that depend on stdio forwarding.
	flag [2]*Setting
	// batchAlive is Debian's ServerAliveInterval default under BatchMode.
	batchAlive *Setting
	// identities are the default IdentityFile entries.
	identities []entry
}

// algorithmSlots are the algorithm options in fill_default_options' order.
var algorithmSlots = []keyword.ID{keyword.Ciphers, keyword.MACs, keyword.KexAlgorithms,
	keyword.HostbasedAcceptedAlgorithms, keyword.PubkeyAcceptedAlgorithms, keyword.CASignatureAlgorithms}

// canonicalSlots are the options fill_default_options_for_canonicalization fills.
var canonicalSlots = []keyword.ID{keyword.CanonicalizeMaxDots, keyword.CanonicalizeFallbackLocal, keyword.CanonicalizeHostname}

var fillTables sync.Map // keyword.Dialect → *fillTable

// fillTableFor returns the shared defaults of dialect d.
func fillTableFor(d keyword.Dialect) *fillTable {
	if t, ok := fillTables.Load(d); ok {
		return t.(*fillTable)
	}
	t, _ := fillTables.LoadOrStore(d, newFillTable(d))
	return t.(*fillTable)
}

func newFillTable(dia keyword.Dialect) *fillTable {
	def := Source{Kind: FromDefault}
	setting := func(v any) *Setting { return &Setting{Value: v, Source: def} }
	t := &fillTable{plain: make([]*Setting, numSlots()), algorithms: make([]*Setting, numSlots()),
		flag: [2]*Setting{setting(0), setting(1)}, batchAlive: setting(300)}
	set := func(id keyword.ID, v any) { t.plain[slotIndex(id)] = setting(v) }
	t.canonical = []*Setting{setting(1), setting(1), setting(0)} // canonicalSlots' order
	set(keyword.ForwardAgent, 0)
	set(keyword.ForwardX11, 0)
	if dia.Debian {
		set(keyword.ForwardX11Trusted, 1)
	} else {
		set(keyword.ForwardX11Trusted, 0)
	}
	set(keyword.ForwardX11Timeout, 1200)
	set(keyword.XAuthLocation, "/usr/bin/xauth")
	set(keyword.GatewayPorts, 0)
	set(keyword.StreamLocalBindMask, 0o177)
	set(keyword.StreamLocalBindUnlink, 0)
	set(keyword.PubkeyAuthentication, 3)
	set(keyword.GSSAPIAuthentication, 0)
	set(keyword.GSSAPIDelegateCredentials, 0)
	if dia.Debian {
		set(keyword.GSSAPIKeyExchange, 0)
		set(keyword.GSSAPITrustDns, 0)
		set(keyword.GSSAPIRenewalForcesRekey, 0)
		set(keyword.GSSAPIKexAlgorithms, "gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-")
	}
	set(keyword.PasswordAuthentication, 1)
	set(keyword.KbdInteractiveAuthentication, 1)
	set(keyword.HostbasedAuthentication, 0)
	set(keyword.BatchMode, 0)
	set(keyword.CheckHostIP, 0)
	set(keyword.StrictHostKeyChecking, 3)
	set(keyword.Compression, 0)
	set(keyword.TCPKeepAlive, 1)
	set(keyword.AddressFamily, 0)
	set(keyword.ConnectionAttempts, 1)
	set(keyword.NumberOfPasswordPrompts, 3)
	set(keyword.AddKeysToAgent, parser.AddKeysToAgent{})
	for _, n := range defaultIdentities(dia) {
		t.identities = append(t.identities, entry{Value: "~/" + n, Source: def})
	}
	set(keyword.EscapeChar, int('~'))
	set(keyword.GlobalKnownHostsFile, []string{"/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"})
	set(keyword.UserKnownHostsFile, []string{"~/.ssh/known_hosts", "~/.ssh/known_hosts2"})
	set(keyword.LogLevel, 3)
	set(keyword.SyslogFacility, 1)
	set(keyword.NoHostAuthenticationForLocalhost, 0)
	set(keyword.IdentitiesOnly, 0)
	set(keyword.EnableSSHKeysign, 0)
	set(keyword.RekeyLimit, int64(0))
	set(slotRekeyInterval, 0)
	set(keyword.VerifyHostKeyDNS, 0)
	set(keyword.ServerAliveInterval, 0)
	set(keyword.ServerAliveCountMax, 3)
	set(keyword.ControlMaster, 0)
	set(keyword.ControlPersist, parser.ControlPersist{})
	set(keyword.HashKnownHosts, 0)
	set(keyword.Tunnel, 0)
	set(keyword.TunnelDevice, parser.TunnelDevice{Local: parser.TunnelAny, Remote: parser.TunnelAny})
	set(keyword.PermitLocalCommand, 0)
	set(keyword.VisualHostKey, 0)
	switch {
	case dia.Debian:
		set(keyword.IPQoS, parser.IPQoS{Interactive: 0x10, Bulk: 0x08})
	case dia.Version.AtLeast("10.1"):
		set(keyword.IPQoS, parser.IPQoS{Interactive: 0xb8, Bulk: 0x00})
	default:
		set(keyword.IPQoS, parser.IPQoS{Interactive: 0x48, Bulk: 0x20})
	}
	set(keyword.RequestTTY, 0)
	set(keyword.SessionType, 2)
	set(keyword.StdinNull, 0)
	set(keyword.ForkAfterAuthentication, 0)
	set(keyword.ProxyUseFdpass, 0)
	set(keyword.FingerprintHash, 2)
	if dia.Debian {
		set(keyword.SecurityKeyProvider, "internal")
	} else {
		set(keyword.SecurityKeyProvider, "$SSH_SK_PROVIDER")
	}
	set(keyword.RequiredRSASize, 1024)
	set(keyword.EnableEscapeCommandline, 0)
	if dia.Version.AtLeast("10.1") {
		set(keyword.WarnWeakCrypto, 1)
	}
	if dia.Version.AtLeast("9.5") {
		set(keyword.ObscureKeystrokeTiming, 20)
	}
	algs := dia.Algorithms()
	for _, id := range algorithmSlots {
		t.algorithms[slotIndex(id)] = setting(strings.Join(algs.Default(id.Keyword().Algorithms), ","))
	}
	return t
}

// assembled caches assembleList's result for the values of algorithm options a config
// sets, so that a "Host *" line is assembled once, not once per host.
var assembled struct {
	sync.Mutex
	m map[assembledKey]assembledList
}

// assembledCacheSize bounds the cache; values beyond it are assembled every time.
const assembledCacheSize = 1024

type assembledKey struct {
	dia   keyword.Dialect
	id    keyword.ID
	value string
}

type assembledList struct {
	list string
	ok   bool
}

// assembleCached is assembleList(v, def, all) for option id, where def and all are the
// lists of dialect dia for that option.
func assembleCached(dia keyword.Dialect, id keyword.ID, v string, def, all []string) (string, bool) {
	k := assembledKey{dia, id, v}
	assembled.Lock()
	r, ok := assembled.m[k]
	assembled.Unlock()
	if ok {
		return r.list, r.ok
	}
	r.list, r.ok = assembleList(v, def, all)
	assembled.Lock()
	if assembled.m == nil {
		assembled.m = map[assembledKey]assembledList{}
	}
	if len(assembled.m) < assembledCacheSize {
		assembled.m[k] = r
	}
	assembled.Unlock()
	return r.list, r.ok
}
