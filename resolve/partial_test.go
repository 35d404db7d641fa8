package resolve

import (
	"reflect"
	"testing"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// partialSrc has blocks of every kind a trace reports: Host blocks that match, that do
// not, that a negation stops (a near miss), Match blocks, a Match nearly applying, an
// Include in a block that does not apply, lines in error in such a block, a final pass.
var partialSrc = map[string]string{
	"/cfg": `User g
Host web !web.bad
  Port 1
  Bogus x
Host web.bad
  Port 2
Host db
  Include /inc/*
  Port notaport
Host *.example
  User ex
Match host web user nobody
  Port 3
Match final host web
  Port 4
Host other
  SyslogFacility LOCAL0
Host *
  ServerAliveInterval 5
`,
	"/inc/a": "Host web\n  HostName w.example\nHost elsewhere\n  Port 9\n",
}

// TestAliasesPartialTrees checks that Aliases lists what Hosts lists while keeping no
// whole tree, and a partial tree only of the files its diagnostics point into (with
// every diagnostic of the file), for LineIndex.
func TestAliasesPartialTrees(t *testing.T) {
	src := map[string]string{"/loop": "Host looped\nInclude /loop\n"}
	for k, v := range partialSrc {
		src[k] = v
	}
	src["/cfg"] += "Include /loop\n"
	whole := New(&Env{FS: newHostsFS(src), User: User{Name: "u", Home: "/home/u"}}, keyword.Debian92)
	want, wantDiags, err := whole.Hosts("/cfg")
	if err != nil {
		t.Fatal(err)
	}
	r := New(&Env{FS: newHostsFS(src), User: User{Name: "u", Home: "/home/u"}}, keyword.Debian92)
	got, diags, err := r.Aliases("/cfg")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(diags, wantDiags) {
		t.Errorf("Aliases %v %v, Hosts %v %v", got, diags, want, wantDiags)
	}
	if len(diags) != 1 || diags[0].File != "/loop" {
		t.Fatalf("diagnostics %v, want the Include cycle in /loop", diags)
	}
	for path, kept := range map[string]bool{"/cfg": false, "/inc/a": false, "/loop": true} {
		if _, _, _, ok := r.Parsed(path); ok {
			t.Errorf("%s: Aliases kept a whole tree", path)
		}
		f, ok := r.Tree(path)
		if ok != kept {
			t.Errorf("%s: Tree %v after Aliases, want %v (kept only when a diagnostic points into it)", path, ok, kept)
			continue
		}
		if !kept {
			continue
		}
		w, _, _, _ := whole.Parsed(path)
		if !f.Partial || !reflect.DeepEqual(f.Diags, w.Diags) || r.LineIndex(path) == nil {
			t.Errorf("%s: Tree partial %v, diagnostics differ from the whole tree's, or no line index", path, f.Partial)
		}
	}
}

// TestTraceOneShot checks that a traced resolution from partial trees (Trace and
// OneShot, as explain resolves) records the same blocks, options, files and problems as
// one from whole trees, for hosts that match different blocks.
func TestTraceOneShot(t *testing.T) {
	for _, host := range []string{"web", "web.bad", "db", "a.example", "other", "nowhere"} {
		var results [2]*Result
		for i, oneShot := range []bool{false, true} {
			r := New(&Env{FS: newHostsFS(partialSrc), User: User{Name: "u", Home: "/home/u"}}, keyword.Debian92)
			req := NewRequest(host)
			req.ConfigFile = "/cfg"
			req.Trace, req.Tolerant, req.OneShot = true, true, oneShot
			res, err := r.Resolve(req)
			if err != nil {
				t.Fatalf("%s: %v", host, err)
			}
			results[i] = res
		}
		whole, partial := results[0], results[1]
		if len(whole.Blocks) < 8 {
			t.Fatalf("%s: %d blocks traced, the config has more", host, len(whole.Blocks))
		}
		if !reflect.DeepEqual(partial.Blocks, whole.Blocks) {
			t.Errorf("%s: blocks\n%v\nwant\n%v", host, partial.Blocks, whole.Blocks)
		}
		if !reflect.DeepEqual(partial.Options(), whole.Options()) {
			t.Errorf("%s: options differ", host)
		}
		if !reflect.DeepEqual(partial.Files, whole.Files) || !reflect.DeepEqual(partial.Diags, whole.Diags) {
			t.Errorf("%s: files or diagnostics differ:\n%v\n%v\nwant\n%v\n%v", host, partial.Files, partial.Diags, whole.Files, whole.Diags)
		}
	}
}

// TestOneShotManyHostsOneResolver checks that one resolver keeps a partial tree per host
// and kind: resolving hosts one-shot in turn, and again in another order (from the trees
// already parsed), gives each host what a fresh resolver gives it.
func TestOneShotManyHostsOneResolver(t *testing.T) {
	env := &Env{FS: newHostsFS(partialSrc), User: User{Name: "u", Home: "/home/u"}}
	hosts := []string{"web", "db", "other", "web.bad", "x.example", "web"}
	dump := func(r *Resolver, host string, trace bool) string {
		t.Helper()
		req, err := ParseArgs([]string{"-F", "/cfg", host}, keyword.Debian92)
		if err != nil {
			t.Fatal(err)
		}
		req.OneShot, req.Trace, req.Tolerant = true, trace, true
		res, err := r.Resolve(req)
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		return res.DumpG()
	}
	shared := New(env, keyword.Debian92)
	for round := range 2 {
		for i := range hosts {
			host := hosts[(i*(round+1))%len(hosts)]
			for _, trace := range []bool{false, true} {
				if got, want := dump(shared, host, trace), dump(New(env, keyword.Debian92), host, trace); got != want {
					t.Errorf("round %d, %s (trace %v): shared resolver gives\n%s\nfresh resolver\n%s", round, host, trace, got, want)
				}
			}
		}
	}
	if f, ok := shared.Tree("/inc/a"); !ok || !f.Partial {
		t.Errorf("Tree of an included file after one-shot calls: %v, %v; want its latest partial tree", f, ok)
	}
}
