package resolve

import (
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// TestDefaultsMatchTable proves that the keyword table is the documented source of the
// defaults: for an empty configuration and a plain destination, every ssh -G line of the
// resolver in each modelled dialect equals the row's DefaultFor, and every row with a
// default for the dialect is printed.
func TestDefaultsMatchTable(t *testing.T) {
	const home = "/home/u"
	for _, d := range []keyword.Dialect{keyword.Debian92, keyword.Upstream92, keyword.Upstream105} {
		env := &Env{FS: MapFS{}, User: User{Name: "u", Home: home}, Hostname: "local.example"}
		req, err := ParseArgs([]string{"-F", "none", "dest"}, d)
		if err != nil {
			t.Fatal(err)
		}
		res, err := New(env, d).Resolve(req)
		if err != nil {
			t.Fatal(err)
		}
		printed := map[*keyword.Keyword]string{}
		var order []*keyword.Keyword
		for _, o := range res.Options() {
			k := keyword.Lookup(o.Name)
			if k == nil || k.Multi == keyword.Block {
				continue // lines that are not options (host) or that no row describes
			}
			if v, ok := printed[k]; ok {
				printed[k] = v + " " + o.Value // one line per value (IdentityFile)
				continue
			}
			printed[k] = o.Value
			order = append(order, k)
		}
		for _, k := range order {
			got, want := printed[k], k.DefaultFor(d)
			if k.Computed && want == "" {
				continue // Hostname, User: from the destination and the account
			}
			// ssh -G prints some paths with ~ expanded (UserKnownHostsFile)
			if got != want && got != strings.ReplaceAll(want, "~/", home+"/") {
				t.Errorf("%s: %s prints %q, the table says %q", d.Release, k.Name, got, want)
			}
		}
		for i := range keyword.Table {
			k := &keyword.Table[i]
			if _, ok := printed[k]; !ok && k.DefaultFor(d) != "" {
				t.Errorf("%s: %s prints no line, the table's default is %q", d.Release, k.Name, k.DefaultFor(d))
			}
		}
	}
}
