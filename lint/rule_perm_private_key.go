package lint

import (
	"fmt"
	"time"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint/keys"
)

func init() { onFirstUse(registerPermPrivateKey) }

// registerPermPrivateKey adds this file's rules to the table (see onFirstUse).
func registerPermPrivateKey() {
	registerKeyRule(&Rule{
		Code: diag.Code{ID: "SC7002", Slug: "private-key-permissions", Severity: diag.Error, Since: "0.2",
			Doc: "A private key file you own that group or others may access in any way (mode & 077): ssh prints " +
				"\"UNPROTECTED PRIVATE KEY FILE!\" and ignores the key. chmod 600 it."},
		Docs: Docs{
			Title: "Private key readable by others",
			Why: "Before loading a private key, ssh checks the open file: if you own it and any group or other permission " +
				"bit is set (even x), it prints \"WARNING: UNPROTECTED PRIVATE KEY FILE!\", \"This private key will be " +
				"ignored.\" and goes on without it. Keys owned by another user are not checked. Debian's ssh is no more " +
				"lenient here than upstream. Fix: chmod 600 KEY (or 400).",
			Bad:     "IdentityFile ~/.ssh/id_ed25519   # mode 0644\n",
			Good:    "IdentityFile ~/.ssh/id_ed25519   # mode 0600\n",
			Sources: []string{"OpenSSH authfile.c sshkey_perm_ok", "ssh(1) FILES (~/.ssh/id_*)"},
		},
		SecuritySeverity: "7.0",
	}, func(u *keyUse, _ time.Time) []keyFinding {
		f := u.File
		if u.Line > 0 || f.Key == nil || f.Key.Kind != keys.PrivateKey || f.UID != u.UserUID || f.Mode.Perm()&0o077 == 0 {
			return nil
		}
		return []keyFinding{{
			Message: fmt.Sprintf("private key %s has permissions %04o, open to group or others: ssh ignores this key (chmod 600)", f.Path, f.Mode.Perm()),
			Fixes:   []diag.Fix{{Title: "chmod go-rwx " + f.Path, Chmod: &diag.Chmod{Path: f.Path, Clear: 0o077}}},
		}}
	})
}
