package lint

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sshcfg/sshcfg/internal/sshtest"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

var algDialects = map[string]keyword.Dialect{
	"debian-9.2": keyword.Debian92, "9.2": keyword.Upstream92, "10.5": keyword.Upstream105,
}

// TestAlgVerdictsCoverEveryName checks that every algorithm name a known OpenSSH build
// accepts has a verdict, and that the table has each name once per namespace.
func TestAlgVerdictsCoverEveryName(t *testing.T) {
	seen := map[algClass]map[string]bool{}
	for _, v := range algVerdicts {
		if seen[v.class] == nil {
			seen[v.class] = map[string]bool{}
		}
		if seen[v.class][v.name] {
			t.Errorf("%s: listed twice", v.name)
		}
		seen[v.class][v.name] = true
		if v.verdict < verdictRecommended || v.verdict > verdictFail || v.reason == "" {
			t.Errorf("%s: needs a verdict and a reason", v.name)
		}
	}
	for name, d := range algDialects {
		for _, id := range algorithmIDs {
			fam := id.Keyword().Algorithms
			for _, n := range d.Algorithms().Valid(fam) {
				if _, ok := lookupAlg(fam, n); !ok {
					t.Errorf("%s %s: %s has no verdict", name, id, n)
				}
			}
		}
	}
}

// TestAlgVerdictReleasesMatchBuilds checks Since and Until against the recorded name
// lists of the upstream builds: a build lists a name exactly when its release is in
// [Since, Until).
func TestAlgVerdictReleasesMatchBuilds(t *testing.T) {
	families := map[algClass]keyword.AlgorithmFamily{classCipher: keyword.FamilyCiphers, classMAC: keyword.FamilyMACs,
		classKex: keyword.FamilyKex, classKey: keyword.FamilyKeys}
	for _, d := range []keyword.Dialect{keyword.Upstream92, keyword.Upstream105} {
		for _, v := range algVerdicts {
			in := (v.since == "" || d.Version.AtLeast(v.since)) && (v.until == "" || !d.Version.AtLeast(v.until))
			listed := slices.Contains(d.Algorithms().Valid(families[v.class]), v.name)
			if in != listed {
				t.Errorf("%s: OpenSSH %s lists it: %v, but Since %q Until %q say %v", v.name, d.Version, listed, v.since, v.until, in)
			}
		}
	}
}

// lintWith lints config for the dialect and returns the slugs found.
func lintWith(t *testing.T, d keyword.Dialect, config string) []string {
	t.Helper()
	env := &resolve.Env{FS: resolve.MapFS{"/cfg": []byte(config)}, User: resolve.User{Name: "me", UID: 1000, Home: "/home/me"}}
	res, err := Run(context.Background(), Options{ConfigFile: "/cfg", Env: env, Dialect: d})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Code)
	}
	return out
}

// TestAlgorithmRuleExamples lints each algorithm rule's Bad and Good examples: Bad must
// trigger the rule, Good must not. A "# target: OpenSSH X" first line picks the dialect.
func TestAlgorithmRuleExamples(t *testing.T) {
	for _, r := range Rules() {
		if !strings.HasPrefix(r.Code.ID, "SC5") {
			continue
		}
		for _, ex := range []struct {
			text string
			want bool
		}{{r.Docs.Bad, true}, {r.Docs.Good, false}} {
			d := keyword.Debian92
			if v, ok := strings.CutPrefix(ex.text, "# target: OpenSSH "); ok {
				d = algDialects[v[:strings.IndexByte(v, '\n')]]
			}
			got := lintWith(t, d, ex.text)
			if slices.Contains(got, r.Code.Slug) != ex.want {
				t.Errorf("%s: example %q: findings %v, want the rule: %v", r.Code.Slug, ex.text, got, ex.want)
			}
		}
	}
}

func TestWrittenListSpans(t *testing.T) {
	for _, tc := range []struct {
		line string
		op   byte
		want []string // the text of each token's span
	}{
		{"Ciphers +3des-cbc,aes128-cbc\n", '+', []string{"3des-cbc", "aes128-cbc"}},
		{"MACs=-hmac-md5*\n", '-', []string{"hmac-md5*"}},
		{"Ciphers a,,b\n", 0, []string{"a", "", "b"}},
		{"Ciphers \"^aes128-cbc,aes256-ctr\"\n", '^', []string{`"^aes128-cbc,aes256-ctr"`, `"^aes128-cbc,aes256-ctr"`}},
	} {
		tree := parser.Parse("/cfg", []byte(tc.line), parser.Options{})
		var list algList
		tree.Lines(func(l *parser.Line) bool {
			list, _ = writtenList(&File{Path: "/cfg", Tree: tree}, l)
			return false
		})
		var got []string
		for _, tok := range list.tokens {
			got = append(got, tree.Text(tok.span))
		}
		if list.op != tc.op || !slices.Equal(got, tc.want) {
			t.Errorf("%q: op %q tokens %q, want %q %q", tc.line, list.op, got, tc.op, tc.want)
		}
	}
}

// TestUsedAlgorithmsMatchSSH compares the list usedAlgorithms makes from a written value
// alone (for blocks no resolved host reaches) with the list the installed ssh -G prints.
func TestUsedAlgorithmsMatchSSH(t *testing.T) {
	bin := sshtest.RequireSSH(t)
	d := sshtest.Dialect(t, bin)
	dir := t.TempDir()
	for _, line := range []string{
		"Ciphers +3des-cbc,aes128-cbc",
		"Ciphers ^aes128-cbc,,3des-cbc",
		"Ciphers +aes256-gcm@openssh.com,,3des-cbc",
		"Ciphers aes128-cbc,,3des-cbc",
		"Ciphers -aes*-ctr,3des-cbc",
		"MACs hmac-sha2-256-etm@openssh.com,hmac-md5",
		"KexAlgorithms -sntrup*,ecdh-*",
		"HostKeyAlgorithms +ssh-*",
		"HostKeyAlgorithms ^ssh-rsa*,ssh-ed25519",
		"HostKeyAlgorithms ssh-*",
		"PubkeyAcceptedAlgorithms +ssh-rsa",
		"CASignatureAlgorithms ssh-ed25519-cert-v01@openssh.com,ssh-rsa",
	} {
		cfg := filepath.Join(dir, "config")
		if err := os.WriteFile(cfg, []byte(line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		out, stderr, status, err := sshtest.RunG(bin, dir, []string{"HOME=" + dir}, []string{"-F", cfg, "host"})
		if err != nil || status != 0 {
			t.Fatalf("%s: ssh -G: status %d, %v %s", line, status, err, stderr)
		}
		tree := parser.Parse(cfg, []byte(line+"\n"), parser.Options{Dialect: d})
		var got []string
		tree.Lines(func(l *parser.Line) bool {
			list, ok := writtenList(&File{Path: cfg, Tree: tree}, l)
			if !ok || l.Value == nil {
				t.Fatalf("%s: not an accepted algorithm list", line)
			}
			got = usedAlgorithms(&Pass{Dialect: d}, l, list, nil, false)
			return false
		})
		name, _, _ := strings.Cut(line, " ")
		var want []string
		for _, o := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(o, strings.ToLower(name)+" "); ok {
				want = strings.Split(v, ",")
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %v\nwant %v (ssh -G)", line, got, want)
		}
	}
}
