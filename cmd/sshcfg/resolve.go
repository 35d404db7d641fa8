package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/sshcfg/sshcfg/resolve"
)

func resolveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "resolve [sshcfg flags] [ssh options] [user@]host [command]",
		Short: "Print what `ssh -G` prints for the same arguments",
		Long: "resolve takes ssh's own arguments and prints the effective configuration exactly as\n" +
			"`ssh -G` does, with the same exit status. Long sshcfg flags (--home, --openssh, --no-exec)\n" +
			"may come before the ssh arguments.",
		DisableFlagParsing: true,
		ValidArgsFunction:  completeHosts(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := g.takeLongFlags(args)
			if err != nil {
				return err
			}
			if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
				return cmd.Help()
			}
			req, res, err := resolveArgs(g, args, false, isTerminal(cmd.InOrStdin()))
			logTo := logTarget(cmd.ErrOrStderr(), req)
			if err != nil {
				return sshFailure(cmd, logTo, err)
			}
			writeMessages(cmd.ErrOrStderr(), logTo, res.Warnings)
			for _, d := range res.Diags {
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg: %s: %s\n", resolve.EscapeText(d.File), resolve.EscapeText(d.Message))
			}
			fmt.Fprint(cmd.OutOrStdout(), res.DumpG())
			return nil
		},
	}
}

// isTerminal reports whether r is a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// resolveArgs parses ssh arguments and resolves them.
// resolveArgs parses ssh arguments and resolves them; req is nil when the arguments
// could not be parsed.
func resolveArgs(g *globals, args []string, trace, stdinTerminal bool) (*resolve.Request, *resolve.Result, error) {
	d, err := g.dialect()
	if err != nil {
		return nil, nil, err
	}
	req, err := resolve.ParseArgs(args, d)
	if err != nil {
		return nil, nil, err
	}
	req.Trace = trace
	env := g.env(true)
	env.StdinTerminal = stdinTerminal
	r := resolve.New(env, d)
	r.OneShot = !trace // explain shows every block, so it needs whole trees
	res, err := r.Resolve(req)
	return req, res, err
}

// logTarget is where ssh's log messages go: the -E file (appended to, created with mode
// 0600 as ssh does) or standard error.
func logTarget(stderr io.Writer, req *resolve.Request) io.Writer {
	if req == nil || req.LogFile == "" {
		return stderr
	}
	f, err := os.OpenFile(req.LogFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return stderr
	}
	return f // closed when the process exits
}

// sshFailure reports an error the way ssh does (messages on standard error or the -E
// file, status 255).
func sshFailure(cmd *cobra.Command, logTo io.Writer, err error) error {
	var fe *resolve.FatalError
	if errors.As(err, &fe) {
		writeMessages(cmd.ErrOrStderr(), logTo, append(fe.Before, resolve.Message{Text: fe.Msg, Plain: fe.Plain}))
		return &exitError{exitSSH}
	}
	return err
}

// writeMessages prints ssh's messages in ssh's form: fprintf output on standard error as
// it is (ssh prints it unescaped; it holds only command-line bytes and ssh's usage text),
// log messages to logTo escaped as ssh's logger escapes them.
func writeMessages(stderr, logTo io.Writer, msgs []resolve.Message) {
	for _, m := range msgs {
		switch {
		case m.Text == "":
		case m.Plain:
			fmt.Fprintln(stderr, m.Text)
		default:
			fmt.Fprint(logTo, resolve.LogText(m.Text))
		}
	}
}

// takeLongFlags removes the global long flags from the front of args (for commands that
// pass the rest through to ssh's parser).
func (g *globals) takeLongFlags(args []string) ([]string, error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "--") && args[0] != "--" {
		name, val, hasVal := strings.Cut(args[0][2:], "=")
		switch name {
		case "no-exec":
			g.noExec = true
			args = args[1:]
			continue
		case "home", "openssh":
			if !hasVal {
				if len(args) < 2 {
					return nil, fmt.Errorf("--%s needs a value", name)
				}
				val, args = args[1], args[1:]
			}
			if name == "home" {
				g.home = val
			} else {
				g.openssh = val
			}
			args = args[1:]
			continue
		case "help":
			return []string{"--help"}, nil
		}
		return nil, fmt.Errorf("unknown flag --%s", name)
	}
	return args, nil
}
