package lint

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Unix socket path limits on Linux: sun_path holds 108 bytes with the final NUL, and the
// master first binds a temporary name, ControlPath + "." + 16 random letters (mux.c
// muxserver_listen), before renaming it.
const (
	sunPathMax       = 107
	masterTempSuffix = 17
)

// sharedTempDirs are world-writable directories where another user can create a path first.
var sharedTempDirs = []string{"/tmp", "/var/tmp", "/dev/shm"}

// sharedDirOf returns the world-writable directory a path is under, or "" when there is
// none or the path is under the user's home (a home under /tmp is the user's own: only
// a path in a shared directory outside it can be taken over first).
func sharedDirOf(path, home string) string {
	under := func(p, dir string) bool { return strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/") }
	path = filepath.Clean(path)
	if home != "" && filepath.IsAbs(home) && !slices.Contains(sharedTempDirs, filepath.Clean(home)) && under(path, filepath.Clean(home)) {
		return ""
	}
	for _, dir := range sharedTempDirs {
		if under(path, dir) {
			return dir
		}
	}
	return ""
}

func init() { onFirstUse(registerControlpath) }

// registerControlpath adds this file's rules to the table (see onFirstUse).
func registerControlpath() {
	register(&Rule{
		Code: diag.Code{ID: "SC4017", Slug: "controlpath-not-unique", Severity: diag.Warning, Since: "0.2",
			Doc: "ControlMaster is on and ControlPath has neither %C nor all of %h, %p and %r, so different " +
				"destinations share one master connection."},
		Docs: Docs{
			Title: "ControlPath shared between destinations",
			Why: "A client that finds a socket at ControlPath sends its session through that master connection, " +
				"whatever host, port or user it was asked for. A path without %C (a hash of the local host, remote " +
				"host, port, user and jump host) or without all of %h, %p and %r is the same for destinations that " +
				"differ, so a session meant for one host or account runs on another. ssh_config(5) recommends %C.",
			Bad:     "Host *\n    ControlMaster auto\n    ControlPath ~/.ssh/cm-%h\n",
			Good:    "Host *\n    ControlMaster auto\n    ControlPath ~/.ssh/cm-%C\n",
			Sources: []string{"ssh_config(5) ControlPath", "OpenSSH mux.c"},
		},
		SecuritySeverity: "5.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.ControlPath, func(s resolve.Setting) {
				cm, ok := h.Result.Get(keyword.ControlMaster)
				if !ok || h.Result.ControlMaster() == resolve.ControlMasterNo {
					return
				}
				args := p.argsOf(s.Source)
				if len(args) != 1 || uniqueControlPath(args[0]) {
					return
				}
				d := diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan,
					Message: "ControlPath " + p.text(s.Source) + " has neither %C nor all of %h, %p and %r: sessions for different hosts, ports or users share one master connection"}
				if cm.Source.Kind == resolve.FromConfig {
					d.Related = []diag.Related{related(cm.Source, "ControlMaster turned on here")}
				}
				p.ReportDiag(d)
			})
		}),
	}, &Rule{
		Code: diag.Code{ID: "SC4018", Slug: "controlpath-shared-dir", Severity: diag.Warning, Since: "0.2",
			Doc: "ControlPath is in a world-writable directory such as /tmp (and not under your home directory), where " +
				"another user can put a socket first."},
		Docs: Docs{
			Title: "ControlPath in a shared directory",
			Why: "ssh connects to whatever listens at ControlPath and does not check who runs it. In /tmp, /var/tmp " +
				"or /dev/shm another local user can create the socket (or the directory it is in) before you do, " +
				"and your sessions then go through their master. Keep control sockets under ~/.ssh or " +
				"$XDG_RUNTIME_DIR, which only you can write. The rule judges the expanded path: one under your home " +
				"directory is yours even when the home itself is under /tmp.",
			Bad:     "Host *\n    ControlMaster auto\n    ControlPath /tmp/ssh-%C\n",
			Good:    "Host *\n    ControlMaster auto\n    ControlPath ~/.ssh/cm-%C\n",
			Sources: []string{"ssh_config(5) ControlPath", "OpenSSH mux.c mux_client_request_session"},
		},
		SecuritySeverity: "6.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.ControlPath, func(s resolve.Setting) {
				path, _ := s.Value.(string)
				if dir := sharedDirOf(path, p.Env.User.Home); dir != "" {
					p.Report(s.Source.File, s.Source.ValueSpan, "ControlPath %s is under %s, which every local user can write: another user can create the socket first and receive your sessions", p.text(s.Source), dir)
				}
			})
		}),
	}, &Rule{
		Code: diag.Code{ID: "SC4019", Slug: "controlpath-too-long", Severity: diag.Warning, Since: "0.2",
			Doc: "ControlPath expands to a path longer than a Unix socket address holds: sharing fails, and over 107 bytes ssh does not connect at all."},
		Docs: Docs{
			Title: "ControlPath too long for a Unix socket",
			Why: "A Unix socket path holds at most 107 bytes on Linux (104 on macOS). The master binds a temporary " +
				"name 17 bytes longer than ControlPath first, so with ControlMaster on the expanded path must stay " +
				"within 90 bytes; beyond that ssh reports the path too long and connects without sharing. Over 107 bytes " +
				"ssh stops before connecting (\"ControlPath too long\", whatever ControlMaster says), which the rule " +
				"reports as an error. Both limits were checked with OpenSSH 9.2 against a local sshd. %C is 40 characters; long home directories and host names " +
				"add up. The rule expands ControlPath for each resolved host as ssh does when it connects.",
			Bad:     "Host *\n    ControlMaster auto\n    ControlPath ~/.ssh/control-sockets/%r@%h-%p-%C\n",
			Good:    "Host *\n    ControlMaster auto\n    ControlPath ~/.ssh/cm-%C\n",
			Sources: []string{"unix(7) sun_path", "OpenSSH mux.c muxserver_listen, mux_client_request_session", "OpenSSH misc.c unix_listener"},
		},
		Watch: func(p *Pass) (func(*Host), func()) {
			seen := positions{}
			return func(h *Host) {
				p.configured(h, keyword.ControlPath, func(s resolve.Setting) {
					args := p.argsOf(s.Source)
					if len(args) != 1 {
						return
					}
					path, err := h.Result.Expand(keyword.ControlPath, args[0], nil)
					if err != nil {
						return
					}
					master := h.Result.ControlMaster() != resolve.ControlMasterNo
					d := diag.Diagnostic{File: s.Source.File, Span: s.Source.ValueSpan}
					switch {
					case len(path) > sunPathMax:
						d.Severity = diag.Error
						d.Message = fmt.Sprintf("ControlPath expands to %d bytes for host %s, more than a Unix socket path holds (%d): ssh stops with \"ControlPath too long\" before connecting", len(path), h.Name, sunPathMax)
					case master && len(path)+masterTempSuffix > sunPathMax:
						d.Message = fmt.Sprintf("ControlPath expands to %d bytes for host %s; the master's temporary socket adds %d, more than a Unix socket path holds (%d): ssh connects without sharing", len(path), h.Name, masterTempSuffix, sunPathMax)
					default:
						return
					}
					if seen.first(s.Source) {
						p.ReportDiag(d)
					}
				})
			}, nil
		},
	})
}

// uniqueControlPath reports whether a ControlPath as written names a different socket for
// each destination: it has %C, or all of %h, %p and %r.
func uniqueControlPath(raw string) bool {
	has := map[byte]bool{}
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] == '%' {
			has[raw[i+1]] = true
			i++
		}
	}
	return has['C'] || (has['h'] && has['p'] && has['r'])
}
