package lint

import (
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func init() { onFirstUse(registerForwardBindsAll) }

// registerForwardBindsAll adds this file's rules to the table (see onFirstUse).
func registerForwardBindsAll() {
	register(&Rule{
		Code: diag.Code{ID: "SC4020", Slug: "forward-binds-all", Severity: diag.Warning, Since: "0.2",
			Doc: "A local or dynamic forward listens on every network interface (GatewayPorts yes, or a bind " +
				"address of 0.0.0.0, *, :: or an empty one), so other machines can use the tunnel."},
		Docs: Docs{
			Title: "Forward open to the network",
			Why: "ssh binds LocalForward and DynamicForward ports to the loopback address unless GatewayPorts is yes " +
				"or the forward names a bind address. Bound to every interface, anyone who can reach your machine " +
				"(the café Wi-Fi, the office LAN, a container network) can use the tunnel into the remote network, " +
				"or your SOCKS proxy, as you. Bind to localhost, or to the one address that needs it.",
			Bad:     "Host db\n    LocalForward 0.0.0.0:5432 localhost:5432\n    DynamicForward *:1080\n",
			Good:    "Host db\n    LocalForward 127.0.0.1:5432 localhost:5432\n    DynamicForward localhost:1080\n",
			Sources: []string{"ssh_config(5) GatewayPorts, LocalForward, DynamicForward", "OpenSSH channels.c channel_fwd_bind_addr"},
		},
		SecuritySeverity: "6.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.GatewayPorts, func(s resolve.Setting) {
				if v, _ := s.Value.(int); v != 0 {
					p.Report(s.Source.File, s.Source.ValueSpan, "GatewayPorts %s: local and dynamic forwards without a bind address listen on every interface, open to other machines", p.text(s.Source))
				}
			})
			for _, id := range []keyword.ID{keyword.LocalForward, keyword.DynamicForward} {
				p.configuredEntries(h, id, func(e resolve.Entry) {
					f, _ := e.Value.(parser.Forward)
					if f.ListenPort == parser.PortStreamLocal || !f.HasListenHost || !allInterfaces(f.ListenHost) {
						return
					}
					what := "the tunnel"
					if id == keyword.DynamicForward {
						what = "the SOCKS proxy"
					}
					p.Report(e.Source.File, e.Source.ValueSpan, "%s listens on port %s of every interface: other machines can use %s", id.Keyword().Name, strconv.Itoa(f.ListenPort), what)
				})
			}
		}),
	}, &Rule{
		Code: diag.Code{ID: "SC4021", Slug: "remote-dynamic-forward", Severity: diag.Info, Since: "0.2",
			Doc: "A RemoteForward without a target (a SOCKS proxy on the server) or bound to a non-loopback address " +
				"on the server opens a way from the server's side into your network."},
		Docs: Docs{
			Title: "Remote forward into your network",
			Why: "RemoteForward with only a port (OpenSSH 7.6+) runs a SOCKS proxy on the server whose connections " +
				"leave from your machine: whoever can use that port on the server reaches everything you can, " +
				"including your local network. A bind address other than loopback also exposes a remote forward to " +
				"other machines when the server's GatewayPorts is clientspecified. Forward the one host and port " +
				"needed, bound to localhost.",
			Bad:     "Host build\n    RemoteForward 1080\n",
			Good:    "Host build\n    RemoteForward localhost:8080 localhost:80\n",
			Sources: []string{"ssh_config(5) RemoteForward", "sshd_config(5) GatewayPorts"},
		},
		SecuritySeverity: "4.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configuredEntries(h, keyword.RemoteForward, func(e resolve.Entry) {
				f, _ := e.Value.(parser.Forward)
				switch {
				case f.HasConnectHost && f.ConnectHost == "socks" && f.ConnectPort == 0:
					p.Report(e.Source.File, e.Source.ValueSpan, "RemoteForward without a target runs a SOCKS proxy on the server: its users reach every host this machine can reach")
				case f.ListenPort != parser.PortStreamLocal && f.HasListenHost && !loopback(f.ListenHost):
					p.Report(e.Source.File, e.Source.ValueSpan, "RemoteForward asks the server to listen on %s, not only on its loopback address: other machines may use the tunnel", quoteAddr(f.ListenHost))
				}
			})
		}),
	})
}

// allInterfaces reports whether a bind address means every interface to ssh.
func allInterfaces(addr string) bool {
	switch strings.Trim(addr, "[]") {
	case "", "*", "0.0.0.0", "::":
		return true
	}
	return false
}

// loopback reports whether a bind address is a loopback one.
func loopback(addr string) bool {
	a := strings.Trim(addr, "[]")
	return a == "localhost" || a == "::1" || strings.HasPrefix(a, "127.")
}

// quoteAddr renders a bind address for a message ("" as "every address").
func quoteAddr(addr string) string {
	if allInterfaces(addr) {
		return "every address"
	}
	return strconv.Quote(addr)
}
