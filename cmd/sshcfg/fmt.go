package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/format"
	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/internal/textdiff"
	"github.com/sshcfg/sshcfg/parser"
)

func fmtCmd(g *globals) *cobra.Command {
	var check, diff, stdout bool
	cmd := &cobra.Command{
		Use:   "fmt [--check|--diff|--stdout] [file ...]",
		Short: "Normalise indentation and keyword spacing, keeping every comment and meaning",
		Long: "fmt rewrites each file in place. With no file it reads standard input and writes\n" +
			"standard output. --check exits 1 when a file needs formatting, --diff prints the\n" +
			"changes as a unified diff; neither writes.\n\n" +
			"A file is replaced atomically (a temporary file in the same directory, then a\n" +
			"rename), keeping its owner, group and mode, setuid, setgid and sticky bits\n" +
			"included; a symbolic link is followed and stays a link. fmt refuses, writing\n" +
			"nothing and exiting 2:\n" +
			"  - anything that is not a regular file (a named pipe, a device, /dev/stdin when\n" +
			"    it is a pipe, …);\n" +
			fmt.Sprintf("  - a file or standard input larger than %d MiB;\n", safefile.Limit>>20) +
			"  - a file with more than one hard link (replacing it would leave the other\n" +
			"    names with the old text; use --stdout and copy the result yourself);\n" +
			"  - a file that changed while it was being formatted;\n" +
			"  - a file whose owner or group it cannot keep (another user's file, when fmt\n" +
			"    does not run as root).\n" +
			"On SIGINT or SIGTERM the temporary file is removed.",
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := g.dialect()
			if err != nil {
				return err
			}
			opts := parser.Options{Dialect: d}
			if len(args) == 0 {
				src, err := safefile.ReadLimited(cmd.InOrStdin(), "<stdin>", safefile.Limit)
				if err != nil {
					return err
				}
				out := format.Bytes("<stdin>", src, opts, format.Options{})
				if err := emit(cmd, "<stdin>", src, out, check, diff, true); err != nil {
					return err
				}
				if check && !bytes.Equal(src, out) {
					return &exitError{exitFindings}
				}
				return nil
			}
			changed := false
			for _, name := range args {
				src, snap, err := safefile.ReadRegular(name, safefile.Limit)
				if err != nil {
					return err
				}
				out := format.Bytes(name, src, opts, format.Options{})
				if !bytes.Equal(src, out) {
					changed = true
				}
				if err := emit(cmd, name, src, out, check, diff, stdout); err != nil {
					return err
				}
				if !check && !diff && !stdout && !bytes.Equal(src, out) {
					if snap.Nlink > 1 {
						return fmt.Errorf("%s has %d hard links: replacing it would leave the other names with the old text; nothing written (use --stdout)", name, snap.Nlink)
					}
					beforeWrite(name)
					if err := safefile.WriteAtomic(name, out, snap); err != nil {
						return err
					}
				}
			}
			if check && changed {
				return &exitError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "list files that need formatting and exit 1 if any do")
	cmd.Flags().BoolVar(&diff, "diff", false, "print a unified diff instead of writing")
	cmd.Flags().BoolVar(&stdout, "stdout", false, "print the formatted files instead of writing them")
	return cmd
}

// beforeWrite is called between formatting a file and replacing it; tests change the
// file there.
var beforeWrite = func(name string) {}

// emit prints what --check, --diff or --stdout show for one file. On a terminal the
// configuration's control bytes are escaped (see terminalSafe); to files and pipes they
// are the file's bytes.
func emit(cmd *cobra.Command, name string, src, out []byte, check, diff, toStdout bool) error {
	w := cmd.OutOrStdout()
	switch {
	case check:
		if !bytes.Equal(src, out) {
			fmt.Fprintln(w, name)
		}
	case diff && isTerminal(w):
		var b bytes.Buffer
		if err := textdiff.Write(&b, name, name, src, out); err != nil {
			return err
		}
		_, err := io.WriteString(w, terminalSafe(w, b.String()))
		return err
	case diff:
		return textdiff.Write(w, name, name, src, out)
	case toStdout:
		_, err := io.WriteString(w, terminalSafe(w, string(out)))
		return err
	}
	return nil
}
