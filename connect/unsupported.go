package connect

import (
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Unsupported is an option of the resolved configuration that asks for something
// sshcfg's client does not do.
type Unsupported struct {
	Keyword keyword.ID
	// Source is where the option was set.
	Source resolve.Source
	// Effect says what happens instead.
	Effect string
}

// unsupportedOption is one row of the table: the keyword, when its value asks for what
// is not implemented, and what sshcfg does instead.
type unsupportedOption struct {
	id     keyword.ID
	active func(r *resolve.Result, id keyword.ID) bool
	effect string
}

// flagOn is active when a yes/no (or numbered) option is not no.
func flagOn(r *resolve.Result, id keyword.ID) bool { return r.Flag(id) }

// configured is active when the option was set by the user (a config line or option),
// whatever its value.
func configured(r *resolve.Result, id keyword.ID) bool {
	s, ok := r.Get(id)
	return ok && s.Source.Kind != resolve.FromDefault && s.Source.Kind != resolve.FromComputed
}

// valueSet is active when the option has a value other than none.
func valueSet(r *resolve.Result, id keyword.ID) bool {
	_, ok := r.String(id)
	return ok
}

// unsupportedOptions is the table of what sshcfg connect does not implement.
var unsupportedOptions = []unsupportedOption{
	{keyword.ControlMaster, flagOn, "connection sharing is not implemented; this connection is not shared"},
	{keyword.ControlPath, valueSet, "connection sharing is not implemented; no master connection is used"},
	{keyword.ControlPersist, flagOn, "connection sharing is not implemented; nothing lingers after the session"},
	{keyword.Tunnel, flagOn, "tun/tap forwarding is not implemented; no tunnel is opened"},
	{keyword.PermitLocalCommand, flagOn, "LocalCommand is not run"},
	{keyword.ForwardX11, flagOn, "X11 forwarding is not implemented; DISPLAY is not forwarded"},
	{keyword.ForwardX11Trusted, configured, "X11 forwarding is not implemented"},
	{keyword.GSSAPIAuthentication, flagOn, "GSSAPI authentication is not implemented; skipped"},
	{keyword.HostbasedAuthentication, flagOn, "host-based authentication is not implemented; skipped"},
	{keyword.PKCS11Provider, valueSet, "PKCS#11 keys are not implemented; not used"},
	{keyword.SecurityKeyProvider, configured, "security key (FIDO) middleware is not implemented; sk keys work only through the agent"},
	{keyword.Compression, flagOn, "compression is not implemented (golang.org/x/crypto/ssh); the connection is not compressed"},
	{keyword.RekeyLimit, configured, "rekeying follows golang.org/x/crypto/ssh's defaults"},
	{keyword.IPQoS, configured, "IPQoS is not applied"},
	{keyword.BindInterface, valueSet, "BindInterface is not applied; the system picks the interface"},
	{keyword.VerifyHostKeyDNS, flagOn, "SSHFP lookups are not implemented; DNS is not consulted"},
	{keyword.ProxyUseFdpass, flagOn, "the ProxyCommand's standard input and output are used instead of a passed descriptor"},
	{keyword.EnableEscapeCommandline, flagOn, "escape sequences (~C) are not implemented"},
	{keyword.UpdateHostKeys, configured, "host keys are not updated from the server"},
}

// UnsupportedOptions lists, in the table's order, the options of res that ask for
// something sshcfg connect does not implement (each one warning).
func UnsupportedOptions(res *resolve.Result) []Unsupported {
	var out []Unsupported
	for _, u := range unsupportedOptions {
		if !u.active(res, u.id) {
			continue
		}
		s, _ := res.Get(u.id)
		out = append(out, Unsupported{Keyword: u.id, Source: s.Source, Effect: u.effect})
	}
	return out
}
