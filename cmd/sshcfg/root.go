package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1   // fmt --check found changes
	exitUsage    = 2   // bad command line, or a file could not be read or written
	exitSSH      = 255 // what ssh exits with on a fatal configuration error
)

// globals are the flags every command understands.
type globals struct {
	home    string
	openssh string
	noExec  bool
}

// exitError carries an exit status through cobra.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run executes the CLI with the given arguments and streams and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{}
	root := &cobra.Command{
		Use:           "sshcfg",
		Short:         "Parse, resolve, explain and format OpenSSH client configuration",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.home, "home", "", "act as if the user's home directory were `DIR`")
	root.PersistentFlags().StringVar(&g.openssh, "openssh", "", "OpenSSH dialect: "+strings.Join(keyword.DialectNames(), ", ")+" (default: the installed ssh)")
	root.PersistentFlags().BoolVar(&g.noExec, "no-exec", false, "never run commands named in the configuration (Match exec)")
	root.AddCommand(resolveCmd(g), explainCmd(g), hostsCmd(g), fmtCmd(g), lintCmd(g), keysCmd(g), lspCmd(g), diffCmd(g))
	err := root.Execute()
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "sshcfg:", err)
		return exitUsage
	}
}

// dialect returns the OpenSSH dialect selected by --openssh, or the installed ssh's.
func (g *globals) dialect() (keyword.Dialect, error) {
	if g.openssh == "" {
		return resolve.InstalledDialect(), nil
	}
	return keyword.DialectNamed(g.openssh)
}

// env builds the resolver environment for the globals.
func (g *globals) env(allowExec bool) *resolve.Env {
	return resolve.OSEnv(g.home, allowExec && !g.noExec)
}
