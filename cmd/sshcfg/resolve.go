package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
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
		ValidArgsFunction:  completeSSHLine(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := g.takeLongFlags(args)
			if err != nil {
				return err
			}
			if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
				return cmd.Help()
			}
			req, res, err := resolveArgs(g, args, false, isTerminal(cmd.InOrStdin()))
			var fe *resolve.FatalError
			if err != nil && !errors.As(err, &fe) {
				return err
			}
			if req == nil || (fe != nil && fe.Early) {
				return sshFailure(cmd, err) // failed on its arguments: all on standard error
			}
			var msgs []resolve.Message
			if fe != nil {
				msgs = append(fe.Before, resolve.Message{Text: fe.Msg, Plain: fe.Plain})
			} else {
				msgs = res.Warnings
			}
			// ssh logs to standard error while it reads its arguments, and only then opens
			// the -E file (or turns to syslog for -y).
			n := 0
			for n < len(msgs) && msgs[n].Early {
				n++
			}
			writeMessages(cmd.ErrOrStderr(), cmd.ErrOrStderr(), msgs[:n])
			logTo, err := logTarget(cmd.ErrOrStderr(), req)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "Couldn't open logfile %s: %s\n", req.LogFile, strerror(err))
				return &exitError{1}
			}
			writeMessages(cmd.ErrOrStderr(), logTo, msgs[n:])
			if fe != nil {
				return &exitError{exitSSH}
			}
			for _, d := range res.Diags {
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg: %s: %s\n", resolve.EscapeText(d.File), resolve.EscapeText(d.Message))
			}
			fmt.Fprint(cmd.OutOrStdout(), terminalSafe(cmd.OutOrStdout(), res.DumpG()))
			return nil
		},
	}
}

// isTerminal reports whether the stream (a reader or writer) is a terminal. Tests
// replace it.
var isTerminal = func(stream any) bool {
	f, ok := stream.(*os.File)
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// terminalSafe returns text (whole lines) as it may be written to w. To a file or a pipe
// it is unchanged: ssh -G's bytes are the contract. On a terminal, configuration bytes
// must not drive it (a title-setting escape in a User value, say), so every line is
// escaped like sshcfg's other text output (resolve.EscapeText), which ssh -G does not do.
func terminalSafe(w io.Writer, text string) string {
	if !isTerminal(w) {
		return text
	}
	var b strings.Builder
	for line := range strings.Lines(text) {
		body, nl := strings.CutSuffix(line, "\n")
		b.WriteString(resolve.EscapeText(body))
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
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
	req.OneShot = true // ignored with Trace: explain shows every block, so it needs whole trees
	env := g.env(true)
	env.StdinTerminal = stdinTerminal
	res, err := resolve.New(env, d).Resolve(req)
	return req, res, err
}

// logTarget is where ssh's log messages go: the -E file (appended to, created with mode
// 0600 as ssh does), nowhere for -y (syslog), or standard error.
func logTarget(stderr io.Writer, req *resolve.Request) (io.Writer, error) {
	switch {
	case req.Syslog:
		return io.Discard, nil
	case req.LogFile == "":
		return stderr, nil
	}
	f, err := os.OpenFile(req.LogFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	return f, nil // closed when the process exits
}

// strerror words a system error the way C's strerror does.
func strerror(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	msg := err.Error()
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-'a'+'A') + msg[1:]
	}
	return msg
}

// sshFailure reports an error the way ssh does (messages on standard error, status 255).
func sshFailure(cmd *cobra.Command, err error) error {
	var fe *resolve.FatalError
	if errors.As(err, &fe) {
		writeMessages(cmd.ErrOrStderr(), cmd.ErrOrStderr(), append(fe.Before, resolve.Message{Text: fe.Msg, Plain: fe.Plain}))
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
