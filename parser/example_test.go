package parser_test

import (
	"fmt"
	"strings"

	"github.com/sshcfg/sshcfg/parser"
)

// An editor asks what the cursor is on: here the second argument of a Host line.
func ExampleFile_At() {
	src := "User root\nHost web \"db 1\"\n  Port 22\n"
	f := parser.Parse("config", []byte(src), parser.Options{})
	c := f.At(strings.Index(src, "db"))
	fmt.Printf("line %d, %s %d: %q\n", c.Line.Number(), c.Part, c.Index, c.Arg.Value)
	fmt.Println("block:", f.Text(c.Block.Header.KeySpan()))

	c = f.At(strings.Index(src, "22") + 2) // the newline: past the last argument
	fmt.Println(c.Part, c.Index)
	// Output:
	// line 2, arg 1: "db 1"
	// block: Host
	// after-args 1
}
