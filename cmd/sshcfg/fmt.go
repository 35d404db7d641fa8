package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/format"
	"github.com/sshcfg/sshcfg/internal/textdiff"
	"github.com/sshcfg/sshcfg/parser"
)

func fmtCmd(g *globals) *cobra.Command {
	var check, diff, stdout bool
	cmd := &cobra.Command{
		Use:   "fmt [--check|--diff|--stdout] [file ...]",
		Short: "Normalise indentation and keyword spacing, keeping every comment and meaning",
		Long: "fmt rewrites each file in place (atomically, keeping its mode). With no file it reads\n" +
			"standard input and writes standard output. --check exits 1 when a file needs\n" +
			"formatting, --diff prints the changes as a unified diff; neither writes.",
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := g.dialect()
			if err != nil {
				return err
			}
			opts := parser.Options{Dialect: d}
			if len(args) == 0 {
				src, err := io.ReadAll(cmd.InOrStdin())
				if err != nil {
					return err
				}
				out := format.Source(parser.Parse("<stdin>", src, opts), format.Options{})
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
				src, err := os.ReadFile(name)
				if err != nil {
					return err
				}
				out := format.Source(parser.Parse(name, src, opts), format.Options{})
				if !bytes.Equal(src, out) {
					changed = true
				}
				if err := emit(cmd, name, src, out, check, diff, stdout); err != nil {
					return err
				}
				if !check && !diff && !stdout && !bytes.Equal(src, out) {
					if err := writeAtomic(name, out); err != nil {
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

func emit(cmd *cobra.Command, name string, src, out []byte, check, diff, toStdout bool) error {
	w := cmd.OutOrStdout()
	switch {
	case check:
		if !bytes.Equal(src, out) {
			fmt.Fprintln(w, name)
		}
	case diff:
		fmt.Fprint(w, textdiff.Unified(name, name, string(src), string(out)))
	case toStdout:
		_, err := w.Write(out)
		return err
	}
	return nil
}

// writeAtomic replaces a file with data through a temporary file in the same directory,
// keeping the file's mode and owner, so a crash never leaves a half-written config. A
// symbolic link is followed: its target is rewritten and the link stays.
func writeAtomic(name string, data []byte) error {
	if target, err := filepath.EvalSymlinks(name); err == nil {
		name = target
	}
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".sshcfg-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		// ssh refuses a config owned by someone else; keep the owner (needs privilege
		// only when it differs from ours, so a refusal is not an error)
		_ = tmp.Chown(int(st.Uid), int(st.Gid))
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
