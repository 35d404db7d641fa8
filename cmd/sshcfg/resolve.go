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
			res, err := resolveArgs(g, args, false, isTerminal(cmd.InOrStdin()))
			if err != nil {
				return sshFailure(cmd, err)
			}
			writeMessages(cmd.ErrOrStderr(), res.Warnings)
			for _, d := range res.Diags {
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg: %s: %s\n", d.File, d.Message)
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
func resolveArgs(g *globals, args []string, trace, stdinTerminal bool) (*resolve.Result, error) {
	d, err := g.dialect()
	if err != nil {
		return nil, err
	}
	req, err := resolve.ParseArgs(args, d)
	if err != nil {
		return nil, err
	}
	req.Trace = trace
	env := g.env(true)
	env.StdinTerminal = stdinTerminal
	return resolve.New(env, d).Resolve(req)
}

// sshFailure reports an error the way ssh does (message on stderr, status 255).
func sshFailure(cmd *cobra.Command, err error) error {
	var fe *resolve.FatalError
	if errors.As(err, &fe) {
		writeMessages(cmd.ErrOrStderr(), append(fe.Before, resolve.Message{Text: fe.Msg, Plain: fe.Plain}))
		return &exitError{exitSSH}
	}
	return err
}

// writeMessages prints what ssh prints on standard error, each message in ssh's form.
func writeMessages(w io.Writer, msgs []resolve.Message) {
	for _, m := range msgs {
		switch {
		case m.Text == "":
		case m.Plain:
			fmt.Fprintln(w, m.Text)
		default:
			logLine(w, m.Text)
		}
	}
}

// logLine writes msg the way ssh's logger writes to stderr: every line ends in "\r\n".
func logLine(w io.Writer, msg string) {
	fmt.Fprint(w, strings.ReplaceAll(msg, "\n", "\r\n")+"\r\n")
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
