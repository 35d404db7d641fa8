package resolve

import (
	"errors"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// OpenSSH 9.7 dropped the 32-entry caps of CanonicalDomains and
// CanonicalizePermittedCNAMEs (readconf.c, commit 65a44a8a4); the hosts-file caps remain.
func TestListLimitsByRelease(t *testing.T) {
	line := func(kw, entry string, n int) string {
		return kw + strings.Repeat(" "+entry, n) + "\n"
	}
	for _, tc := range []struct {
		config  string
		d       keyword.Dialect
		wantErr string
	}{
		{line("CanonicalDomains", "example.com", 33), keyword.Upstream92, "too many hostname suffixes"},
		{line("CanonicalDomains", "example.com", 33), keyword.Upstream105, ""},
		{line("CanonicalizePermittedCNAMEs", "*.a:*.b", 33), keyword.Upstream92, "too many permitted CNAMEs"},
		{line("CanonicalizePermittedCNAMEs", "*.a:*.b", 33), keyword.Upstream105, ""},
		{line("CanonicalizePermittedCNAMEs", "*.a:*.b", 32), keyword.Upstream92, ""},
		{line("UserKnownHostsFile", "/k", 33), keyword.Upstream105, "too many userknownhostsfile entries"},
	} {
		env := &Env{FS: MapFS{"/c": []byte(tc.config)}, User: User{Name: "u", Home: "/h"}}
		req, err := ParseArgs([]string{"-F", "/c", "h"}, tc.d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(env, tc.d).Resolve(req)
		msg := ""
		var fe *FatalError
		if errors.As(err, &fe) {
			for _, m := range fe.Before {
				msg += m.Text + "\n"
			}
			msg += fe.Msg
		}
		// the destination is not resolvable here; only a bad line matters
		bad := strings.Contains(msg, "bad configuration options")
		if tc.wantErr == "" && bad || tc.wantErr != "" && !strings.Contains(msg, tc.wantErr) {
			t.Errorf("%s in %s: %q; want %q", strings.Fields(tc.config)[0], tc.d.Release, msg, tc.wantErr)
		}
	}
}
