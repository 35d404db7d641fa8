package resolve

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// sharedDefaultsConfig makes resolutions change slots that start as shared defaults: the
// final pass records losing CanonicalizeMaxDots and CanonicalizeHostname lines on the
// defaults given between the passes, UserKnownHostsFile's default is tilde-expanded,
// -W shares the stdio flag defaults, and the algorithm lists are set or left default.
const sharedDefaultsConfig = `Match final host a
  CanonicalizeMaxDots 3
  CanonicalizeHostname yes
  Ciphers +aes128-cbc
Host b
  ControlPath ~/.ssh/cm-%h
  SecurityKeyProvider none
`

// TestSharedDefaultsUnchanged resolves hosts whose configs change defaulted slots and
// checks that the dialect's shared defaults are as built, and that one resolution's
// changes do not show in the next.
func TestSharedDefaultsUnchanged(t *testing.T) {
	for _, d := range []keyword.Dialect{keyword.Debian92, keyword.Upstream92, keyword.Upstream105} {
		env := &Env{FS: MapFS{"/c": []byte(sharedDefaultsConfig)}, User: User{Name: "u", Home: "/home/u"}, Hostname: "local.example"}
		r := New(env, d)
		resolve := func(args ...string) *Result {
			t.Helper()
			req, err := ParseArgs(append([]string{"-F", "/c"}, args...), d)
			if err != nil {
				t.Fatal(err)
			}
			res, err := r.Resolve(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		plain := resolve("c").DumpG()
		a := resolve("a")
		if s, _ := a.Get(keyword.CanonicalizeMaxDots); len(s.Lost) != 1 || s.Source.Kind != FromDefault {
			t.Errorf("%s: host a's CanonicalizeMaxDots = %+v, want the default with the final pass's line lost", d.Release, s)
		}
		if uk := a.Strings(keyword.UserKnownHostsFile); len(uk) == 0 || uk[0] != "/home/u/.ssh/known_hosts" {
			t.Errorf("%s: UserKnownHostsFile = %q, want it tilde-expanded", d.Release, uk)
		}
		resolve("-W", "x:1", "b")
		resolve("b")
		if got := resolve("c").DumpG(); got != plain {
			t.Errorf("%s: host c resolves differently after a and b:\n%s\nwant:\n%s", d.Release, got, plain)
		}
		if s, _ := resolve("c").Get(keyword.CanonicalizeMaxDots); len(s.Lost) != 0 {
			t.Errorf("%s: host c's CanonicalizeMaxDots lost %v", d.Release, s.Lost)
		}
		if got, want := fillTableFor(d), newFillTable(d); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the shared defaults changed:\n%+v\nwant:\n%+v", d.Release, got, want)
		}
	}
}

// TestConcurrentResolve resolves hosts from several goroutines sharing one resolver (its
// file cache and the shared defaults) and compares with resolving them one by one; run
// it with -race.
func TestConcurrentResolve(t *testing.T) {
	const path = "/c"
	src := sharedDefaultsConfig + "Host *\n  KexAlgorithms -diffie-hellman-group14-sha256\n  UserKnownHostsFile ~/.ssh/kh\n"
	env := &Env{FS: MapFS{path: []byte(src)}, User: User{Name: "u", Home: "/home/u"}, Hostname: "local.example"}
	r := New(env, keyword.Debian92)
	var reqs []*Request
	for i := 0; i < 40; i++ {
		args := []string{"-F", path, []string{"a", "b", "c", "d"}[i%4]}
		if i%5 == 0 {
			args = append([]string{"-W", "x:1"}, args...)
		}
		req, err := ParseArgs(args, r.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, req)
	}
	want := make([]string, len(reqs))
	for i, req := range reqs {
		res, err := r.Resolve(req)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res.DumpG()
	}
	got := make([]string, len(reqs))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(reqs); i += 4 {
				res, err := r.Resolve(reqs[i])
				if err != nil {
					got[i] = fmt.Sprint("error: ", err)
					continue
				}
				got[i] = res.DumpG()
			}
		}(w)
	}
	wg.Wait()
	for i := range reqs {
		if got[i] != want[i] {
			t.Errorf("request %d resolved concurrently:\n%s\nwant:\n%s", i, got[i], want[i])
		}
	}
}
