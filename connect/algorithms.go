package connect

import (
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// algorithmList is one algorithm keyword and the names x/crypto implements for it.
type algorithmList struct {
	id          keyword.ID
	implemented func(a ssh.Algorithms) []string
	set         func(cfg *ssh.ClientConfig, names []string)
}

// transportLists are the transport's algorithm keywords.
var transportLists = []algorithmList{
	{keyword.KexAlgorithms, func(a ssh.Algorithms) []string { return a.KeyExchanges },
		func(cfg *ssh.ClientConfig, v []string) { cfg.KeyExchanges = v }},
	{keyword.Ciphers, func(a ssh.Algorithms) []string { return a.Ciphers },
		func(cfg *ssh.ClientConfig, v []string) { cfg.Ciphers = v }},
	{keyword.MACs, func(a ssh.Algorithms) []string { return a.MACs },
		func(cfg *ssh.ClientConfig, v []string) { cfg.MACs = v }},
	{keyword.HostKeyAlgorithms, func(a ssh.Algorithms) []string { return a.HostKeys },
		func(cfg *ssh.ClientConfig, v []string) { cfg.HostKeyAlgorithms = v }},
}

// implemented lists what x/crypto can do for one list, insecure algorithms included
// (the configuration, as ssh's, decides which are offered).
func (l algorithmList) implementedSet() map[string]bool {
	set := map[string]bool{}
	for _, a := range [...]ssh.Algorithms{ssh.SupportedAlgorithms(), ssh.InsecureAlgorithms()} {
		for _, n := range l.implemented(a) {
			set[n] = true
		}
	}
	return set
}

// mapAlgorithms keeps the names of list (the effective preference order) that x/crypto
// implements. A name that came from OpenSSH's defaults and that x/crypto lacks is dropped
// quietly; one the user named (in a config line or an -o, -c or -m option) is an error
// that says where it was set.
func mapAlgorithms(res *resolve.Result, l algorithmList, list []string) ([]string, error) {
	impl := l.implementedSet()
	named := userNamed(res, l.id)
	var out []string
	for _, n := range list {
		switch {
		case impl[n]:
			out = append(out, n)
		case named[n]:
			s, _ := res.Get(l.id)
			return nil, errorf(nil, "%s %s is not supported by sshcfg connect (golang.org/x/crypto/ssh); set at %s",
				l.id.Keyword().Name, n, s.Source)
		}
	}
	if len(out) == 0 {
		return nil, errorf(nil, "%s: none of %s is supported by sshcfg connect (golang.org/x/crypto/ssh)",
			l.id.Keyword().Name, strings.Join(list, ","))
	}
	return out, nil
}

// userNamed returns the algorithm names the user wrote in the assignment of id that
// took effect (a list with + - ^ names only the algorithms it adds, removes or moves). The
// effective value cannot tell: it is the list after assembly against the defaults.
func userNamed(res *resolve.Result, id keyword.ID) map[string]bool {
	v, ok := res.AlgorithmsWritten(id)
	if !ok {
		return nil
	}
	named := map[string]bool{}
	for _, n := range strings.Split(strings.TrimLeft(v, "+-^"), ",") {
		named[n] = true
	}
	return named
}

// listFor returns the row of transportLists for id.
func listFor(id keyword.ID) algorithmList {
	for _, l := range transportLists {
		if l.id == id {
			return l
		}
	}
	panic("connect: no algorithm list for " + id.String())
}

// transportAlgorithms fills the algorithm lists of an x/crypto configuration from res.
func transportAlgorithms(res *resolve.Result, cfg *ssh.ClientConfig) error {
	for _, l := range transportLists {
		got, err := mapAlgorithms(res, l, res.Algorithms(l.id))
		if err != nil {
			return err
		}
		l.set(cfg, got)
	}
	return nil
}

// certUnderlying maps certificate algorithms onto the signature algorithm they use.
var certUnderlying = map[string]string{
	ssh.CertAlgoRSAv01:        ssh.KeyAlgoRSA,
	ssh.CertAlgoRSASHA256v01:  ssh.KeyAlgoRSASHA256,
	ssh.CertAlgoRSASHA512v01:  ssh.KeyAlgoRSASHA512,
	ssh.CertAlgoECDSA256v01:   ssh.KeyAlgoECDSA256,
	ssh.CertAlgoECDSA384v01:   ssh.KeyAlgoECDSA384,
	ssh.CertAlgoECDSA521v01:   ssh.KeyAlgoECDSA521,
	ssh.CertAlgoED25519v01:    ssh.KeyAlgoED25519,
	ssh.CertAlgoSKECDSA256v01: ssh.KeyAlgoSKECDSA256,
	ssh.CertAlgoSKED25519v01:  ssh.KeyAlgoSKED25519,
}

// rsaSignatures are the signature algorithms of an RSA key in ssh's preference order.
var rsaSignatures = []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}

// signatureAlgorithms returns the signature algorithms a key of type keyType may use
// under PubkeyAcceptedAlgorithms, in ssh's order; none means the key is skipped, as
// ssh skips it ("corresponding algo not in PubkeyAcceptedAlgorithms").
func signatureAlgorithms(res *resolve.Result, keyType string) []string {
	accepted := map[string]bool{}
	for _, a := range res.Algorithms(keyword.PubkeyAcceptedAlgorithms) {
		accepted[a] = true
	}
	base, isCert := certUnderlying[keyType]
	if !isCert {
		base = keyType
	}
	candidates := []string{base}
	if base == ssh.KeyAlgoRSA {
		candidates = rsaSignatures
	}
	var out []string
	for _, sig := range candidates {
		ok := accepted[sig]
		if isCert {
			ok = false
			for c, u := range certUnderlying {
				if u == sig && accepted[c] {
					ok = true
				}
			}
		}
		if ok {
			out = append(out, sig)
		}
	}
	return out
}

// describeAlgorithms is the trace of the negotiated lists.
func describeAlgorithms(cfg *ssh.ClientConfig) string {
	return fmt.Sprintf("kex %s; host keys %s; ciphers %s; macs %s",
		strings.Join(cfg.KeyExchanges, ","), strings.Join(cfg.HostKeyAlgorithms, ","),
		strings.Join(cfg.Ciphers, ","), strings.Join(cfg.MACs, ","))
}
