package forward

import (
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// anyOpen is PermitRemoteOpen's "*", which matches any host or any port.
const anyOpen = "*"

// openPermissions are the destinations PermitRemoteOpen lets a remote SOCKS forward
// reach (ssh_init_forward_permissions, open_match): all of them for "any" or when unset,
// none for "none", else the host:port entries, each side possibly "*".
type openPermissions struct {
	all     bool
	entries []openPermission
}

type openPermission struct {
	host string
	port int // 0 for any, as ssh stores "*"
}

func newOpenPermissions(res *resolve.Result) openPermissions {
	list := res.Strings(keyword.PermitRemoteOpen)
	switch {
	case len(list) == 0 || len(list) == 1 && list[0] == "any":
		return openPermissions{all: true}
	case len(list) == 1 && list[0] == "none":
		return openPermissions{}
	}
	var p openPermissions
	for _, e := range list {
		i := strings.LastIndexByte(e, ':')
		if i < 0 {
			continue // the resolver refuses such entries, as ssh does
		}
		host := strings.TrimSuffix(strings.TrimPrefix(e[:i], "["), "]")
		port := 0
		if e[i+1:] != anyOpen {
			n, err := strconv.Atoi(e[i+1:])
			if err != nil {
				continue
			}
			port = n
		}
		p.entries = append(p.entries, openPermission{host: host, port: port})
	}
	return p
}

// allows reports whether host:port may be reached.
func (p openPermissions) allows(host string, port int) bool {
	if p.all {
		return true
	}
	for _, e := range p.entries {
		if (e.host == anyOpen || e.host == host) && (e.port == 0 || e.port == port) {
			return true
		}
	}
	return false
}
