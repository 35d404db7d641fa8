package resolve_test

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Resolve a host from a config held in memory and ask where its user came from.
func Example() {
	env := &resolve.Env{
		FS: resolve.MapFS{"/etc/demo/config": []byte(
			"Host web\n  User deploy\n  Port 2222\nHost *\n  User nobody\n")},
		User:     resolve.User{Name: "alice", UID: 1000, Home: "/home/alice"},
		Hostname: "laptop",
	}
	r := resolve.New(env, keyword.Debian92)
	req, _ := resolve.ParseArgs([]string{"-F", "/etc/demo/config", "web"}, keyword.Debian92)
	res, err := r.Resolve(req)
	if err != nil {
		panic(err)
	}
	for _, o := range res.Options() {
		if o.Name == "user" || o.Name == "port" {
			fmt.Println(o.Name, o.Value, "from", o.Source)
			for _, l := range o.Lost {
				fmt.Println("  lost:", l)
			}
		}
	}
	fmt.Println(strings.SplitN(res.DumpG(), "\n", 2)[0])
	// Output:
	// user deploy from /etc/demo/config:2
	//   lost: /etc/demo/config:5
	// port 2222 from /etc/demo/config:3
	// host web
}
