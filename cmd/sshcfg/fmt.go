package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/format"
	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/internal/textdiff"
	"github.com/sshcfg/sshcfg/parser"
)

func fmtCmd(g *globals) *cobra.Command {
	var check, diff, stdout bool
	var indentFlag string
	cmd := &cobra.Command{
		Use:   "fmt [--check] [--diff] [--stdout] [--indent N|tab] [file|- ...]",
		Short: "Normalise indentation and keyword spacing, keeping every comment and meaning",
		Long: "fmt rewrites each file in place. With no file, or for the file -, it reads standard\n" +
			"input and writes standard output. --check lists the files that need formatting,\n" +
			"--diff prints the changes as a unified diff (with --check too, the diff is printed\n" +
			"instead of the list); neither writes, and both exit 1 when something would change.\n\n" +
			"Lines inside Host and Match blocks get the file's own indentation, the one most of\n" +
			"them have (a tab, or two to eight spaces; four spaces when none is indented);\n" +
			"--indent N (2 to 8 spaces) or --indent tab chooses another. A commented-out\n" +
			"directive (#Port 22) keeps its level: at the left margin it stays there.\n\n" +
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
			indent, err := indentOption(indentFlag)
			if err != nil {
				return err
			}
			opts := parser.Options{Dialect: d}
			fopts := format.Options{Indent: indent}
			if len(args) == 0 {
				args = []string{"-"}
			}
			if n := countOf(args, "-"); n > 1 {
				return fmt.Errorf("standard input (-) named %d times", n)
			}
			changed := false
			for _, name := range args {
				if name == "-" {
					src, err := safefile.ReadLimited(cmd.InOrStdin(), "<stdin>", safefile.Limit)
					if err != nil {
						return err
					}
					out := format.Bytes("<stdin>", src, opts, fopts)
					changed = changed || !bytes.Equal(src, out)
					if err := emit(cmd, "<stdin>", src, out, check, diff, true); err != nil {
						return err
					}
					continue
				}
				src, snap, err := safefile.ReadRegular(name, safefile.Limit)
				if err != nil {
					return err
				}
				out := format.Bytes(name, src, opts, fopts)
				changed = changed || !bytes.Equal(src, out)
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
			if (check || diff) && changed {
				return &exitError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "list files that need formatting and exit 1 if any do")
	cmd.Flags().BoolVar(&diff, "diff", false, "print a unified diff instead of writing, and exit 1 if there is one")
	cmd.Flags().BoolVar(&stdout, "stdout", false, "print the formatted files instead of writing them")
	cmd.Flags().StringVar(&indentFlag, "indent", "", "indent block lines with `N` spaces (2 to 8) or a tab (tab) instead of the file's own indentation")
	return cmd
}

// indentOption returns the indentation --indent asks for: "" (the file's own), a tab, or
// two to eight spaces, the indentations format.DetectIndent recognises, so that a file
// formatted with --indent keeps its indentation when formatted again without it.
func indentOption(flag string) (string, error) {
	switch flag {
	case "":
		return "", nil
	case "tab":
		return "\t", nil
	}
	n, err := strconv.Atoi(flag)
	if err != nil || n < 2 || n > 8 {
		return "", fmt.Errorf("--indent %q: want a number of spaces from 2 to 8, or tab", flag)
	}
	return strings.Repeat(" ", n), nil
}

// countOf returns how many times s is among args.
func countOf(args []string, s string) int {
	n := 0
	for _, a := range args {
		if a == s {
			n++
		}
	}
	return n
}

// beforeWrite is called between formatting a file and replacing it; tests change the
// file there.
var beforeWrite = func(name string) {}

// emit prints what --check, --diff or --stdout show for one file (--diff wins over
// --check). On a terminal the
// configuration's control bytes are escaped (see terminalSafe); to files and pipes they
// are the file's bytes.
func emit(cmd *cobra.Command, name string, src, out []byte, check, diff, toStdout bool) error {
	w := cmd.OutOrStdout()
	switch {
	case diff && isTerminal(w):
		var b bytes.Buffer
		if err := textdiff.Write(&b, name, name, src, out); err != nil {
			return err
		}
		_, err := io.WriteString(w, terminalSafe(w, b.String()))
		return err
	case diff:
		return textdiff.Write(w, name, name, src, out)
	case check:
		if !bytes.Equal(src, out) {
			fmt.Fprintln(w, name)
		}
	case toStdout:
		_, err := io.WriteString(w, terminalSafe(w, string(out)))
		return err
	}
	return nil
}
