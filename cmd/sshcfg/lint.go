package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/lint/report"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// Exit codes of lint, as shellcheck, ruff and actionlint use them; bad usage is exitUsage.
const (
	exitLintFindings = 1 // findings at or above --fail-level
	exitLintInput    = 2 // a configuration that cannot be read
	exitLintInternal = 3 // sshcfg itself failed
)

func lintCmd(g *globals) *cobra.Command {
	var format, output, failLevel, target, explain, asOf string
	var disable []string
	var extras lintExtras
	cmd := &cobra.Command{
		Use:   "lint [FILE...]",
		Short: "Find problems in the configuration: what ssh would reject, risky and weak settings",
		Long: "lint resolves the configuration the way ssh does — every host it names, with Match exec\n" +
			"never run (lint never runs a command the configuration names) — and reports what ssh\n" +
			"would reject and what the rules find. With no FILE it lints ~/.ssh/config as ssh reads\n" +
			"it, with its Includes. Exit status: 0 no finding at or above --fail-level, 1 findings,\n" +
			"2 bad usage or an unreadable configuration, 3 an internal error. Notes never fail a run.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if explain != "" {
				return report.Explain(cmd.OutOrStdout(), explain) // an unknown id is bad usage: exit 2
			}
			render, ok := report.Formats[format]
			if !ok {
				return fmt.Errorf("unknown --format %q (want %s)", format, strings.Join(report.FormatNames(), ", "))
			}
			min, err := lint.ParseLevel(failLevel)
			if err != nil {
				return err
			}
			d, err := g.dialect()
			if target != "" {
				d, err = keyword.DialectNamed(target)
			}
			if err != nil {
				return err
			}
			now, err := parseAsOf(asOf)
			if err != nil {
				return err
			}
			files := args
			if len(files) == 0 {
				files = []string{""}
			}
			out, closeOut, err := openOutput(cmd, output)
			if err != nil {
				return err
			}
			defer closeOut()
			failed := false
			var results []*lint.Result
			for _, file := range files {
				opts, min := lint.Options{ConfigFile: file, Env: g.env(false), Dialect: d, Disabled: disable, Now: now}, min
				if err := extras.configure(cmd, &opts, &min); err != nil {
					return err
				}
				res, err := lint.Run(cmd.Context(), opts)
				var fe *resolve.FatalError
				switch {
				case errors.As(err, &fe):
					fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg lint: %s\n", resolve.EscapeText(fe.Msg))
					return &exitError{exitLintInput}
				case err != nil:
					fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg lint: %v\n", err)
					return &exitError{exitLintInternal}
				}
				res, handled, fixable, err := extras.apply(cmd, out, opts, res)
				if err != nil {
					return err
				}
				if handled {
					failed = failed || fixable
					continue
				}
				results = append(results, res)
				failed = failed || res.Failed(min)
			}
			findings := report.Of(results...)
			findings.Terminal = isTerminal(out)
			findings.Color = findings.Terminal && os.Getenv("NO_COLOR") == ""
			findings.Dir, _ = os.Getwd()
			if err := render(out, findings); err != nil {
				return err
			}
			if failed {
				return &exitError{exitLintFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: "+strings.Join(report.FormatNames(), ", ")+" (text shows the source line and colour on a terminal)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the report to `FILE` instead of standard output")
	cmd.Flags().StringVar(&failLevel, "fail-level", "warning", "lowest level that makes the exit status 1: note, warning or error")
	cmd.Flags().StringVar(&target, "target-openssh", "", "check for this OpenSSH: "+strings.Join(keyword.DialectNames(), ", ")+" (default: --openssh, or the installed ssh)")
	cmd.Flags().StringSliceVar(&disable, "disable", nil, "rule ids or slugs not to run")
	cmd.Flags().StringVar(&asOf, "as-of", "", "judge certificate validity and dated advice as on `DATE` (YYYY-MM-DD) instead of today")
	cmd.Flags().StringVar(&explain, "explain", "", "print the documentation of the rule or code `ID` (or slug) and exit")
	extras.register(cmd)
	return cmd
}

// parseAsOf reads --as-of: a date (YYYY-MM-DD), or "" for the clock (the zero time).
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--as-of %q: want a date such as 2026-12-31", s)
	}
	return t, nil
}

// openOutput returns where a report goes: standard output, or the file --output names
// (created or truncated; a pipe or /dev/stdout works too). closeOut closes that file.
func openOutput(cmd *cobra.Command, output string) (out io.Writer, closeOut func(), err error) {
	if output == "" {
		return cmd.OutOrStdout(), func() {}, nil
	}
	f, err := os.Create(output)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
