package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/internal/textdiff"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// lintExtras are lint's flags for the project configuration and fixes: --config, --fix,
// --diff and --fix-permissions.
type lintExtras struct {
	config                    string
	fix, diff, fixPermissions bool
}

// maxFixRounds bounds --fix: a fix left out because it overlapped another is applied in
// the next round, on the fixed text.
const maxFixRounds = 4

// register adds the flags to lint.
func (x *lintExtras) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&x.config, "config", "", "project configuration `FILE` (default: the nearest .sshcfg.toml above each linted file, then $XDG_CONFIG_HOME/sshcfg/config.toml)")
	cmd.Flags().BoolVar(&x.fix, "fix", false, "apply the safe fixes (misspellings, …) in place, then report what remains")
	cmd.Flags().BoolVar(&x.diff, "diff", false, "print the safe fixes as a unified diff instead of the report; exit 1 if there are any")
	cmd.Flags().BoolVar(&x.fixPermissions, "fix-permissions", false, "remove the permission bits ssh objects to from the files the permission rules flag (chmod)")
	cmd.MarkFlagsMutuallyExclusive("fix", "diff")
	cmd.MarkFlagsMutuallyExclusive("fix-permissions", "diff")
}

// configure applies the project configuration of one linted file to its options and
// fail level: the file named by --config, else the nearest .sshcfg.toml (see
// lint.FindProject). Flags given on the command line win over the file. A project file
// that cannot be read or has errors (an unknown key, …) is bad input: exit 2.
func (x *lintExtras) configure(cmd *cobra.Command, opts *lint.Options, failLevel *lint.Level) error {
	if err := x.loadProject(cmd, opts, failLevel); err != nil {
		return lintFailure(cmd, exitLintInput, err)
	}
	return nil
}

func (x *lintExtras) loadProject(cmd *cobra.Command, opts *lint.Options, failLevel *lint.Level) error {
	path := x.config
	if path == "" {
		dir := filepath.Join(opts.Env.User.Home, ".ssh")
		if opts.ConfigFile != "" {
			dir = filepath.Dir(opts.ConfigFile)
		}
		path = lint.FindProject(dir, xdgConfigHome(opts))
	}
	if path == "" {
		return nil
	}
	p, err := lint.LoadProject(path)
	if err != nil {
		return err
	}
	opts.Project = p
	if p.TargetOpenSSH != "" && !cmd.Flags().Changed("target-openssh") {
		if opts.Dialect, err = keyword.DialectNamed(p.TargetOpenSSH); err != nil {
			return err
		}
	}
	if p.FailLevel != 0 && !cmd.Flags().Changed("fail-level") {
		*failLevel = p.FailLevel
	}
	return nil
}

// xdgConfigHome is $XDG_CONFIG_HOME, or ~/.config when it is unset or relative (as the
// XDG Base Directory specification says).
func xdgConfigHome(opts *lint.Options) string {
	if opts.Env.Getenv != nil {
		if v, ok := opts.Env.Getenv("XDG_CONFIG_HOME"); ok && filepath.IsAbs(v) {
			return v
		}
		if home, ok := opts.Env.Getenv("HOME"); ok && filepath.IsAbs(home) {
			return filepath.Join(home, ".config")
		}
	}
	return filepath.Join(opts.Env.User.Home, ".config")
}

// lintFailure prints err and returns the exit status code for it.
func lintFailure(cmd *cobra.Command, code int, err error) error {
	fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg lint: %s\n", resolve.EscapeText(err.Error()))
	return &exitError{code}
}

// apply carries out --fix or --diff on a lint result. With --diff it writes the diff of
// the safe fixes to out and reports whether there was one (handled=true: the report is
// not rendered). With --fix it writes the fixed files, says so on stderr, lints again
// and returns the new result, whose findings are what remains. A file that cannot be
// written (changed underneath, not a regular file, several hard links) exits 2.
func (x *lintExtras) apply(cmd *cobra.Command, out io.Writer, opts lint.Options, res *lint.Result) (_ *lint.Result, handled, found bool, err error) {
	if x.fixPermissions {
		if res, err = fixPermissions(cmd, opts, res); err != nil {
			return nil, false, false, err
		}
	}
	switch {
	case x.diff:
		fixes, err := lint.SafeFixes(res)
		if err != nil {
			return nil, true, false, lintFailure(cmd, exitLintInternal, err)
		}
		for _, ff := range fixes {
			var b bytes.Buffer
			if err := textdiff.Write(&b, ff.Path, ff.Path, ff.Before, ff.After); err != nil {
				return nil, true, false, err
			}
			if _, err := io.WriteString(out, terminalSafe(out, b.String())); err != nil {
				return nil, true, false, err
			}
		}
		return res, true, len(fixes) > 0, nil
	case x.fix:
		for range maxFixRounds {
			fixes, err := lint.SafeFixes(res)
			if err != nil {
				return nil, false, false, lintFailure(cmd, exitLintInternal, err)
			}
			if len(fixes) == 0 {
				break
			}
			for _, ff := range fixes {
				if err := writeFix(ff); err != nil {
					return nil, false, false, lintFailure(cmd, exitLintInput, fixError(ff.Path, err))
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg lint: %s: applied %d fix(es)\n", resolve.EscapeText(ff.Path), len(ff.Fixes))
			}
			if res, err = lint.Run(cmd.Context(), opts); err != nil {
				return nil, false, false, lintFailure(cmd, exitLintInternal, err)
			}
		}
	}
	return res, false, false, nil
}

// writeFix writes the fixed text of one file (a variable so that tests can make it fail
// as a read-only directory does for a user other than root).
var writeFix = lint.FileFix.Write

// fixError names the file being fixed in an error that does not (a temporary file that
// cannot be created in a read-only directory, …).
func fixError(path string, err error) error {
	if strings.HasPrefix(err.Error(), path) {
		return err
	}
	return fmt.Errorf("%s: cannot apply the fixes: %w", path, err)
}

// fixPermissions applies the permission fixes of the findings (--fix-permissions), says
// what changed on stderr and, if anything did, lints again.
func fixPermissions(cmd *cobra.Command, opts lint.Options, res *lint.Result) (*lint.Result, error) {
	changed := false
	for _, c := range lint.PermissionFixes(res) {
		before, after, err := lint.ApplyChmod(c)
		if err != nil {
			return nil, lintFailure(cmd, exitLintInput, err)
		}
		if before != after {
			changed = true
			fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg lint: %s: mode %04o -> %04o\n", resolve.EscapeText(c.Path), before, after)
		}
	}
	if !changed {
		return res, nil
	}
	res, err := lint.Run(cmd.Context(), opts)
	if err != nil {
		return nil, lintFailure(cmd, exitLintInternal, err)
	}
	return res, nil
}
