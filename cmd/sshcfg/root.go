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

// globals are the flags shared by several commands (each command declares the ones it
// acts on: see globalFlags), and where notes about them go.
type globals struct {
	home    string
	openssh string
	noExec  bool

	stderr       io.Writer // where the note about an approximated dialect goes
	dialectNoted bool      // the note has been written
}

// globalFlag is one of the shared flags.
type globalFlag int

const (
	flagHome    globalFlag = 1 << iota // --home: read ~ as another directory
	flagOpenSSH                        // --openssh: the dialect to reproduce
	flagNoExec                         // --no-exec: never run Match exec
)

// globalFlags lists, for each command, the shared flags it acts on: a command's help and
// man page show only those. A command not listed takes none.
var globalFlags = map[string]globalFlag{
	"sshcfg":  flagOpenSSH, // for --version
	"resolve": flagHome | flagOpenSSH | flagNoExec,
	"explain": flagHome | flagOpenSSH | flagNoExec,
	"connect": flagHome | flagOpenSSH | flagNoExec,
	"copy-id": flagHome | flagOpenSSH | flagNoExec,
	"hosts":   flagHome | flagOpenSSH,
	"fmt":     flagOpenSSH,
	"lint":    flagHome | flagOpenSSH,
	"keys":    flagHome,
	"lsp":     flagHome | flagOpenSSH,
	"diff":    flagHome | flagOpenSSH,
	"version": flagOpenSSH,
}

// addGlobalFlags declares on cmd the shared flags globalFlags gives it.
func (g *globals) addGlobalFlags(cmd *cobra.Command) {
	set := globalFlags[cmd.Name()]
	if set&flagHome != 0 {
		cmd.Flags().StringVar(&g.home, "home", "", "act as if the user's home directory were `DIR`")
	}
	if set&flagOpenSSH != 0 {
		cmd.Flags().StringVar(&g.openssh, "openssh", "", "OpenSSH dialect: "+strings.Join(keyword.DialectNames(), ", ")+" (default: the installed ssh)")
		_ = cmd.RegisterFlagCompletionFunc("openssh", completeDialects)
	}
	if set&flagNoExec != 0 {
		cmd.Flags().BoolVar(&g.noExec, "no-exec", false, "never run commands named in the configuration (Match exec)")
	}
}

// exitError carries an exit status through cobra.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run executes the CLI with the given arguments and streams and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
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

// newRoot builds the sshcfg command tree on the given streams.
func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stderr: stderr}
	var showVersion bool
	root := &cobra.Command{
		Use:               "sshcfg",
		Short:             "Resolve, explain, lint and format OpenSSH client configuration, and connect with it",
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true, // man pages without the generation date
		Args:              cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if showVersion {
				return printVersion(cmd.OutOrStdout(), g)
			}
			return cmd.Help()
		},
	}
	root.Flags().BoolVarP(&showVersion, "version", "V", false, "print the version of sshcfg, of Go and the OpenSSH dialect, and exit")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(resolveCmd(g), explainCmd(g), hostsCmd(g), fmtCmd(g), lintCmd(g), keysCmd(g), lspCmd(g),
		diffCmd(g), versionCmd(g), connectCmd(g), copyIDCmd(g), manCmd(root))
	g.addGlobalFlags(root)
	for _, cmd := range root.Commands() {
		g.addGlobalFlags(cmd)
	}
	registerCompletions(root)
	return root
}

// dialect returns the OpenSSH dialect selected by --openssh, or the installed ssh's.
// When the installed ssh is a release sshcfg does not model exactly, it says once on
// standard error which dialect it uses instead.
func (g *globals) dialect() (keyword.Dialect, error) {
	if g.openssh != "" {
		return keyword.DialectNamed(g.openssh)
	}
	d := resolve.InstalledDialect()
	if note := approximationNote(d); note != "" && !g.dialectNoted && g.stderr != nil {
		g.dialectNoted = true
		fmt.Fprintln(g.stderr, "sshcfg:", note)
	}
	return d, nil
}

// env builds the resolver environment for the globals.
func (g *globals) env(allowExec bool) *resolve.Env {
	return resolve.OSEnv(g.home, allowExec && !g.noExec)
}
