package resolve

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// resolveText resolves host against one in-memory config and extra command-line words.
func resolveText(t *testing.T, config, host string, args ...string) *Result {
	t.Helper()
	env := &Env{FS: MapFS{"/cfg": []byte(config)}, User: User{Name: "me", UID: 1000, Home: "/home/me"}, Hostname: "local.example"}
	req, err := ParseArgs(append(append([]string{"-F", "/cfg"}, args...), host), keyword.Debian92)
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(env, keyword.Debian92).Resolve(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestGetOnDemoConfig(t *testing.T) {
	demo, err := os.ReadFile("../testdata/demo/config")
	if err != nil {
		t.Fatal(err)
	}
	res := resolveText(t, string(demo), "targaryen")
	s, ok := res.Get(keyword.User)
	if !ok || s.Value != "dany" || s.Source.Kind != FromConfig || s.Source.Line != 13 {
		t.Fatalf("User: %+v %v", s, ok)
	}
	if len(s.Lost) != 1 || s.Lost[0].Line != 31 {
		t.Errorf("User lost: %+v (want the User root line 31)", s.Lost)
	}
	if res.User() != "dany" || res.Port() != 22 {
		t.Errorf("User() %q Port() %d", res.User(), res.Port())
	}
	if hops := res.ProxyJump(); len(hops) != 1 || hops[0] != (Hop{Host: "got-bastion"}) {
		t.Errorf("ProxyJump: %+v", hops)
	}
	ids := res.List(keyword.IdentityFile).Kept
	if len(ids) != 1 || ids[0].Value != "~/.ssh/id_ecdsa" || ids[0].Source.Line != 14 {
		t.Errorf("IdentityFile: %+v", ids)
	}
	if _, ok := res.Get(keyword.IdentityFile); ok {
		t.Errorf("Get of an accumulating keyword must say no (use List)")
	}
	if c, _ := res.Int(keyword.Compression); c == 0 {
		t.Errorf("Compression yes was not seen")
	}
}

func TestTypedViews(t *testing.T) {
	res := resolveText(t, `Host h
  Port 2222
  ConnectTimeout 1m30s
  ServerAliveInterval none
  Ciphers -aes128-ctr
  KexAlgorithms ^curve25519-sha256
  LocalForward 8080 localhost:80
  LocalForward 8080 localhost:80
  DynamicForward 1080
  RemoteForward 9000 /tmp/sock
  ProxyJump a@j1:2201,ssh://b@j2,j3
  RequestTTY force
  AddressFamily inet6
  StrictHostKeyChecking accept-new
  ControlMaster auto
  ControlPersist 10m
  AddKeysToAgent confirm 1h
  ForwardAgent /run/agent.sock
  RekeyLimit 1G 1h
  SendEnv LANG LC_*
  SendEnv -LC_*
  IdentityFile ~/.ssh/a
  IdentityFile ~/.ssh/a
`, "h")
	if res.Port() != 2222 {
		t.Errorf("Port %d", res.Port())
	}
	if d, ok := res.Duration(keyword.ConnectTimeout); !ok || d != 90*time.Second {
		t.Errorf("ConnectTimeout %v %v", d, ok)
	}
	// "none" leaves the option to its default, 0 (no keep-alives)
	if d, _ := res.Duration(keyword.ServerAliveInterval); d != 0 {
		t.Errorf("ServerAliveInterval %v", d)
	}
	for _, c := range res.Algorithms(keyword.Ciphers) {
		if c == "aes128-ctr" {
			t.Errorf("Ciphers still has aes128-ctr: %v", res.Algorithms(keyword.Ciphers))
		}
	}
	if k := res.Algorithms(keyword.KexAlgorithms); len(k) < 2 || k[0] != "curve25519-sha256" {
		t.Errorf("KexAlgorithms %v", k)
	}
	if len(res.Algorithms(keyword.HostKeyAlgorithms)) == 0 {
		t.Errorf("HostKeyAlgorithms default missing")
	}
	lf := res.List(keyword.LocalForward)
	if len(lf.Kept) != 1 || len(lf.Dropped) != 1 || lf.Dropped[0].Reason != DropDuplicate || lf.Dropped[0].By.Line != 7 {
		t.Errorf("LocalForward: %+v", lf)
	}
	if f := res.Forwards(keyword.LocalForward); len(f) != 1 || f[0].ListenPort != 8080 || f[0].ConnectHost != "localhost" || f[0].ConnectPort != 80 {
		t.Errorf("LocalForward typed: %+v", f)
	}
	if f := res.Forwards(keyword.DynamicForward); len(f) != 1 || f[0].ListenPort != 1080 {
		t.Errorf("DynamicForward: %+v", f)
	}
	if f := res.Forwards(keyword.RemoteForward); len(f) != 1 || f[0].ConnectPort != parser.PortStreamLocal || f[0].ConnectPath != "/tmp/sock" {
		t.Errorf("RemoteForward: %+v", f)
	}
	want := []Hop{{User: "a", Host: "j1", Port: 2201}, {User: "b", Host: "j2"}, {Host: "j3"}}
	if hops := res.ProxyJump(); len(hops) != 3 || hops[0] != want[0] || hops[1] != want[1] || hops[2] != want[2] {
		t.Errorf("ProxyJump %+v", hops)
	}
	if res.RequestTTY() != RequestTTYForce || res.AddressFamily() != AddressFamilyInet6 ||
		res.StrictHostKeyChecking() != StrictHostKeyAcceptNew || res.ControlMaster() != ControlMasterAuto {
		t.Errorf("enums: %v %v %v %v", res.RequestTTY(), res.AddressFamily(), res.StrictHostKeyChecking(), res.ControlMaster())
	}
	if on, d := res.ControlPersist(); !on || d != 10*time.Minute {
		t.Errorf("ControlPersist %v %v", on, d)
	}
	if m, life := res.AddKeysToAgent(); m != AddKeysConfirm || life != time.Hour {
		t.Errorf("AddKeysToAgent %v %v", m, life)
	}
	if !res.Flag(keyword.ForwardAgent) || res.ForwardAgentPath() != "/run/agent.sock" {
		t.Errorf("ForwardAgent %v %q", res.Flag(keyword.ForwardAgent), res.ForwardAgentPath())
	}
	if d, ok := res.RekeyInterval(); !ok || d != time.Hour {
		t.Errorf("RekeyInterval %v %v", d, ok)
	}
	se := res.List(keyword.SendEnv)
	if len(se.Kept) != 1 || se.Kept[0].Value != "LANG" || len(se.Dropped) != 1 || se.Dropped[0].Reason != DropRemoved || se.Dropped[0].By.Line != 21 {
		t.Errorf("SendEnv: %+v", se)
	}
	idf := res.List(keyword.IdentityFile)
	if len(idf.Kept) != 1 || len(idf.Dropped) != 1 || idf.Dropped[0].Source.Line != 23 || idf.Dropped[0].By.Line != 22 {
		t.Errorf("IdentityFile: %+v", idf)
	}
}

func TestClearAllForwardingsDrops(t *testing.T) {
	res := resolveText(t, "Host h\n  LocalForward 1 x:1\n  ClearAllForwardings yes\n", "h")
	lf := res.List(keyword.LocalForward)
	if len(lf.Kept) != 0 || len(lf.Dropped) != 1 || lf.Dropped[0].Reason != DropCleared || lf.Dropped[0].By.Line != 3 {
		t.Errorf("LocalForward after ClearAllForwardings: %+v", lf)
	}
}

// Values handed out are copies: changing them changes neither the result nor the
// defaults every later resolution shares.
func TestGetReturnsCopies(t *testing.T) {
	res := resolveText(t, "Host h\n  Port 2\n", "h")
	res.Strings(keyword.GlobalKnownHostsFile)[0] = "/EVIL"
	if s, _ := res.Get(keyword.GlobalKnownHostsFile); s.Value.([]string)[0] == "/EVIL" {
		t.Fatal("Get handed out the result's own slice")
	}
	again := resolveText(t, "Host h\n  Port 2\n", "h")
	if strings.Contains(again.DumpG(), "/EVIL") {
		t.Fatal("a caller's change reached the shared defaults")
	}
}
