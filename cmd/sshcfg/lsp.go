package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/lsp"
)

func lspCmd(g *globals) *cobra.Command {
	var stdio bool
	cmd := &cobra.Command{
		Use:   "lsp [--stdio]",
		Short: "Run the language server for editors, over standard input and output",
		Long: "lsp speaks the Language Server Protocol on standard input and output (--stdio is\n" +
			"accepted for editors that pass it, and changes nothing). Logs go to standard error.\n" +
			"It never runs a command the configuration names. Exit status: 0 after the editor\n" +
			"asked it to shut down and exit, 1 when the connection ended otherwise.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := g.dialect()
			if err != nil {
				return err
			}
			conn := stdioConn{in: cmd.InOrStdin(), out: cmd.OutOrStdout()}
			err = lsp.Serve(cmd.Context(), conn, lsp.Options{Env: g.env(false), Dialect: d, Log: cmd.ErrOrStderr()})
			if errors.Is(err, lsp.ErrNoShutdown) {
				return &exitError{code: 1}
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&stdio, "stdio", true, "talk over standard input and output (the only transport)")
	return cmd
}

// stdioConn joins standard input and output into the connection the server talks over.
type stdioConn struct {
	in  io.Reader
	out io.Writer
}

func (c stdioConn) Read(p []byte) (int, error)  { return c.in.Read(p) }
func (c stdioConn) Write(p []byte) (int, error) { return c.out.Write(p) }

// Close closes what of the two can be closed.
func (c stdioConn) Close() error {
	var errs []error
	for _, x := range []any{c.in, c.out} {
		if cl, ok := x.(io.Closer); ok {
			errs = append(errs, cl.Close())
		}
	}
	return errors.Join(errs...)
}
