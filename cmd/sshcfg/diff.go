package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/configdiff"
	"github.com/sshcfg/sshcfg/resolve"
)

func diffCmd(g *globals) *cobra.Command {
	var format, gitRevs string
	formats := slices.Sorted(func(yield func(string) bool) {
		for name := range configdiff.Formats {
			if !yield(name) {
				return
			}
		}
	})
	cmd := &cobra.Command{
		Use:   "diff [--format F] OLD NEW [HOST...] | diff --git REV[..REV] [--format F] CONFIG [HOST...]",
		Short: "Show what a configuration change does to each host",
		Long: "diff resolves every host alias named by either version of a configuration (and the\n" +
			"HOSTs given) as ssh would, and prints, per host whose effective settings change, each\n" +
			"option's old and new value with the line that caused the change. OLD and NEW are files,\n" +
			"or directories used as ~/.ssh (their config file, Includes read inside them). With --git,\n" +
			"CONFIG is a file in a git work tree, compared between two revisions (REV..REV) or between\n" +
			"a revision and the work tree (REV). Match exec is never run. Exit status: 0 when nothing\n" +
			"changes, 1 when something does, 2 on errors.",
		ValidArgsFunction: completeDiffArgs(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			write := configdiff.Formats[format]
			if write == nil {
				return fmt.Errorf("unknown --format %q (one of %s)", format, strings.Join(formats, ", "))
			}
			d, err := g.dialect()
			if err != nil {
				return err
			}
			env := g.env(false)
			old, new, hosts, err := diffSides(cmd, gitRevs, args, env.User.Home)
			if err != nil {
				return err
			}
			diffs, err := configdiff.Compare(env, d, old, new, hosts)
			if err != nil {
				return err
			}
			if err := write(cmd.OutOrStdout(), diffs); err != nil {
				return err
			}
			if len(diffs) > 0 {
				return &exitError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(formats, ", "))
	cmd.Flags().StringVar(&gitRevs, "git", "", "compare CONFIG at git revisions `REV[..REV]` (one revision: with the work tree)")
	return cmd
}

// diffSides builds the two versions from the arguments, and returns the extra hosts.
func diffSides(cmd *cobra.Command, gitRevs string, args []string, home string) (old, new configdiff.Side, hosts []string, err error) {
	base := resolve.OSFS{}
	if cmd.Flags().Changed("git") {
		if len(args) < 1 {
			return old, new, nil, fmt.Errorf("diff --git needs the configuration file")
		}
		file, hosts := args[0], args[1:]
		from, to, two := strings.Cut(gitRevs, "..")
		if from == "" || (two && to == "") {
			return old, new, nil, fmt.Errorf("--git needs REV or REV..REV, not %q", gitRevs)
		}
		if old, err = configdiff.Git(file, from, home, base); err != nil {
			return old, new, nil, err
		}
		if two {
			new, err = configdiff.Git(file, to, home, base)
		} else {
			new, err = configdiff.Dir(filepath.Dir(file), filepath.Base(file), home, base)
		}
		return old, new, hosts, err
	}
	if len(args) < 2 {
		return old, new, nil, fmt.Errorf("diff needs OLD and NEW (or --git REV[..REV] CONFIG)")
	}
	if old, err = localSide(args[0], home, base); err != nil {
		return old, new, nil, err
	}
	new, err = localSide(args[1], home, base)
	return old, new, args[2:], err
}

// localSide is a version given as a file, or as a directory used as ~/.ssh.
func localSide(p, home string, base resolve.FS) (configdiff.Side, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return configdiff.Side{}, err
	}
	if fi.IsDir() {
		return configdiff.Dir(p, "config", home, base)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return configdiff.Side{}, err
	}
	return configdiff.Side{FS: base, Config: abs, Display: func(s string) string {
		if s == abs {
			return p
		}
		return s
	}}, nil
}
