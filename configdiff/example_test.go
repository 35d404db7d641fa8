package configdiff_test

import (
	"os"

	"github.com/sshcfg/sshcfg/configdiff"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func ExampleCompare() {
	fs := resolve.MapFS{
		"/old/config": []byte("Host web db\nHost *\n  User alice\n"),
		"/new/config": []byte("Host web db\nHost db\n  User postgres\nHost *\n  User alice\n"),
	}
	env := &resolve.Env{FS: fs, User: resolve.User{Name: "me", Home: "/home/me"}}
	diffs, err := configdiff.Compare(env, keyword.Debian92,
		configdiff.Side{Config: "/old/config"}, configdiff.Side{Config: "/new/config"}, nil)
	if err != nil {
		panic(err)
	}
	configdiff.WriteText(os.Stdout, diffs)
	// Output:
	// db
	//   user: alice -> postgres  (/new/config:3)
}
