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

// condition says when an option's value asks for what is not implemented.
type condition struct {
	name   string // for the documentation's table
	active func(r *resolve.Result, id keyword.ID) bool
}

var (
	// whenOn: a yes/no (or numbered) option that is not no.
	whenOn = condition{"not no", func(r *resolve.Result, id keyword.ID) bool { return r.Flag(id) }}
	// whenConfigured: set by a config line or a command-line option, whatever the value.
	whenConfigured = condition{"configured", func(r *resolve.Result, id keyword.ID) bool {
		s, ok := r.Get(id)
		return ok && s.Source.Kind != resolve.FromDefault && s.Source.Kind != resolve.FromComputed
	}}
	// whenSet: a value other than none.
	whenSet = condition{"set", func(r *resolve.Result, id keyword.ID) bool {
		_, ok := r.String(id)
		return ok
	}}
)

// unsupportedOption is one row of the table: the keyword, when its value asks for what
// is not implemented, and what sshcfg does instead.
type unsupportedOption struct {
	id     keyword.ID
	when   condition
	effect string
}

// unsupportedOptions is the table of what sshcfg connect does not implement
// (docs/connect.md shows it; a test keeps the two in step).
var unsupportedOptions = []unsupportedOption{
	{keyword.ControlMaster, whenOn, "connection sharing is not implemented; this connection is not shared"},
	{keyword.ControlPath, whenSet, "connection sharing is not implemented; no master connection is used"},
	{keyword.ControlPersist, whenOn, "connection sharing is not implemented; nothing lingers after the session"},
	{keyword.Tunnel, whenOn, "tun/tap forwarding is not implemented; no tunnel is opened"},
	{keyword.PermitLocalCommand, whenOn, "LocalCommand is not run"},
	{keyword.ForwardX11, whenOn, "X11 forwarding is not implemented; DISPLAY is not forwarded"},
	{keyword.ForwardX11Trusted, whenConfigured, "X11 forwarding is not implemented"},
	{keyword.GSSAPIAuthentication, whenOn, "GSSAPI authentication is not implemented; skipped"},
	{keyword.HostbasedAuthentication, whenOn, "host-based authentication is not implemented; skipped"},
	{keyword.PKCS11Provider, whenSet, "PKCS#11 keys are not implemented; not used"},
	{keyword.SecurityKeyProvider, whenConfigured, "security key (FIDO) middleware is not implemented; sk keys work only through the agent"},
	{keyword.Compression, whenOn, "compression is not implemented (golang.org/x/crypto/ssh); the connection is not compressed"},
	{keyword.RekeyLimit, whenConfigured, "rekeying follows golang.org/x/crypto/ssh's defaults"},
	{keyword.IPQoS, whenConfigured, "IPQoS is not applied"},
	{keyword.BindInterface, whenSet, "BindInterface is not applied; the system picks the interface"},
	{keyword.VerifyHostKeyDNS, whenOn, "SSHFP lookups are not implemented; DNS is not consulted"},
	{keyword.ProxyUseFdpass, whenOn, "the ProxyCommand's standard input and output are used instead of a passed descriptor"},
	{keyword.EnableEscapeCommandline, whenOn, "escape sequences (~C) are not implemented"},
	{keyword.UpdateHostKeys, whenConfigured, "host keys are not updated from the server"},
}

// UnsupportedOptions lists, in the table's order, the options of res that ask for
// something sshcfg connect does not implement (each one warning).
func UnsupportedOptions(res *resolve.Result) []Unsupported {
	var out []Unsupported
	for _, u := range unsupportedOptions {
		if !u.when.active(res, u.id) {
			continue
		}
		s, _ := res.Get(u.id)
		out = append(out, Unsupported{Keyword: u.id, Source: s.Source, Effect: u.effect})
	}
	return out
}
