package lint

import (
	"fmt"

	"github.com/sshcfg/sshcfg/diag"
)

func init() { onFirstUse(registerPermConfig) }

// registerPermConfig adds this file's rules to the table (see onFirstUse).
func registerPermConfig() {
	register(&Rule{
		Code: diag.Code{ID: "SC7001", Slug: "config-permissions", Severity: diag.Error, Since: "0.2",
			Doc: "~/.ssh/config or an Included file owned by someone other than you or root, or writable by group or " +
				"others: ssh refuses it (\"Bad owner or permissions\") and stops. chmod go-w the file."},
		Docs: Docs{
			Title: "Configuration file writable by others",
			Why: "Whoever can write your ssh configuration can make ssh run any command (ProxyCommand, LocalCommand, " +
				"Match exec). So ssh checks ~/.ssh/config and every Included file after opening it: the owner must be " +
				"you or root and the mode must have no group or other write bit, or ssh exits with \"Bad owner or " +
				"permissions on FILE\". A file given with ssh -F is not checked (its Includes are), nor is " +
				"/etc/ssh/ssh_config. Debian's ssh also accepts a group-writable file when the group is your own and " +
				"has no other members; upstream OpenSSH does not, so sshcfg warns about group write on Debian. " +
				"ssh does not check the ~/.ssh directory itself (sshd does, for authorized_keys). Fix: chmod 600 FILE. " +
				"When lint reads ~/.ssh/config as ssh does (no FILE argument), a refused file is reported by the " +
				"resolver at line 1 with its own code; this rule covers the file named on the command line and the " +
				"Included files ssh accepted.",
			Bad:     "# ~/.ssh/config with mode 0666\nHost *\n    User me\n",
			Good:    "# ~/.ssh/config with mode 0600\nHost *\n    User me\n",
			Sources: []string{"OpenSSH readconf.c read_config_file_depth (SSHCONF_CHECKPERM)", "Debian patch \"Allow harmless group-writability\"", "ssh(1) FILES"},
		},
		SecuritySeverity: "7.5",
		Check: func(p *Pass) {
			userConfig := p.Env.UserConfigPath() // the top-level file ssh checks the owner and mode of
			for _, f := range p.Files {
				if f.IncludedBy == nil && f.Path != userConfig {
					continue // ssh -F: not checked
				}
				perm := f.Mode.Perm()
				switch {
				case f.UID != 0 && f.UID != p.Env.User.UID:
					p.Report(f.Path, diag.Span{}, "%s is owned by uid %d, neither you nor root: ssh refuses this file (Bad owner or permissions)", f.Path, f.UID)
				case perm&0o002 != 0 || perm&0o020 != 0 && !p.Dialect.Debian:
					p.ReportDiag(diag.Diagnostic{File: f.Path, Message: fmt.Sprintf(
						"%s has permissions %04o, writable by group or others: ssh refuses this file (Bad owner or permissions; chmod go-w)", f.Path, perm),
						Fixes: []diag.Fix{{Title: "chmod go-w " + f.Path, Chmod: &diag.Chmod{Path: f.Path, Clear: 0o022}}}})
				case perm&0o020 != 0:
					p.ReportDiag(diag.Diagnostic{File: f.Path, Severity: diag.Warning, Message: fmt.Sprintf(
						"%s has permissions %04o, writable by its group: Debian's ssh reads it only if the group is yours alone, upstream OpenSSH refuses it (chmod g-w)", f.Path, perm),
						Fixes: []diag.Fix{{Title: "chmod g-w " + f.Path, Chmod: &diag.Chmod{Path: f.Path, Clear: 0o020}}}})
				}
			}
		},
	})
}
