package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/diag"
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
			"2 bad usage or an unreadable configuration, 3 an internal error. Notes never fail a run.\n" +
			"A FILE that is not a regular file (/dev/stdin, <(…)) is read once; like ssh, lint waits\n" +
			"for a writer when FILE is a FIFO no one writes to. Settings in Match exec blocks are\n" +
			"checked as if the command succeeded (it is never run). A file ssh refuses for its owner\n" +
			"or mode is linted all the same, and reported. Several FILEs are linted each; one that\n" +
			"cannot be read is named on stderr and makes the exit status 2 after the others.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if explain != "" {
				if err := report.Explain(cmd.OutOrStdout(), explain); err != nil {
					return lintFailure(cmd, exitUsage, err)
				}
				return nil
			}
			render, ok := report.Formats[format]
			if !ok {
				return lintFailure(cmd, exitUsage, fmt.Errorf("unknown --format %q (want %s)", format, strings.Join(report.FormatNames(), ", ")))
			}
			min, err := lint.ParseLevel(failLevel)
			if err != nil {
				return lintFailure(cmd, exitUsage, err)
			}
			d, err := g.dialect()
			if target != "" {
				d, err = keyword.DialectNamed(target)
			}
			if err != nil {
				return lintFailure(cmd, exitUsage, err)
			}
			now, err := parseAsOf(asOf)
			if err != nil {
				return lintFailure(cmd, exitUsage, err)
			}
			if err := checkCodes(disable); err != nil {
				return lintFailure(cmd, exitUsage, err)
			}
			// lint resolves every host, each resolution becoming garbage: collect at Go's
			// default pace, not main's rarer one (GC percent 400), which would let the
			// heap grow to several times what is live. (A memory limit proportional to the
			// configuration's size was tried: on one 10 MB file, whose tree is live for the
			// whole run, the collector then ran without end, 4 to 6 times slower.)
			debug.SetGCPercent(100)
			files := args
			if len(files) == 0 {
				files = []string{""}
			}
			// With --output the report is rendered in memory and written only after every
			// file was linted, so that the output never truncates a file being read.
			var rendered bytes.Buffer
			out := cmd.OutOrStdout()
			if output != "" {
				out = &rendered
			}
			failed, unreadable := false, false
			var results []*lint.Result
			var read []string // every configuration file a run read
			for _, file := range files {
				opts, min := lint.Options{ConfigFile: file, Env: g.env(false), Dialect: d, Disabled: disable, Now: now}, min
				if err := extras.configure(cmd, &opts, &min); err != nil {
					return err
				}
				res, err := lint.Run(cmd.Context(), opts)
				var fe *resolve.FatalError
				switch {
				case errors.As(err, &fe):
					// lint the other files; exit 2 at the end
					fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg lint: %s\n", resolve.EscapeText(fe.Msg))
					unreadable = true
					continue
				case err != nil:
					return lintFailure(cmd, exitLintInternal, err)
				}
				read = append(read, filePaths(res)...)
				res, handled, fixable, err := extras.apply(cmd, out, opts, res)
				if err != nil {
					return err
				}
				read = append(read, filePaths(res)...)
				if handled {
					failed = failed || fixable
					continue
				}
				results = append(results, res)
				failed = failed || res.Failed(min)
			}
			findings := report.Of(results...)
			findings.Terminal = output == "" && isTerminal(out)
			findings.Color = findings.Terminal && os.Getenv("NO_COLOR") == ""
			findings.Dir, _ = os.Getwd()
			if err := render(out, findings); err != nil {
				return lintFailure(cmd, exitLintInternal, err)
			}
			if output != "" {
				if err := writeOutput(output, rendered.Bytes(), read); err != nil {
					return lintFailure(cmd, exitLintInput, err)
				}
			}
			switch {
			case unreadable:
				return &exitError{exitLintInput}
			case failed:
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

// writeOutput writes a rendered report to the file --output names, once linting is done.
// It refuses, writing nothing, when that file is one of the files read (the configuration
// files linted, the key files audited).
func writeOutput(output string, report []byte, read []string) error {
	if ofi, err := os.Stat(output); err == nil {
		for _, path := range read {
			if fi, err := os.Stat(path); err == nil && os.SameFile(ofi, fi) {
				return fmt.Errorf("--output %s is %s, which was read to make the report: refusing to overwrite it", output, path)
			}
		}
	}
	f, err := os.Create(output)
	if err != nil {
		return err
	}
	if _, err := f.Write(report); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// filePaths returns the paths of the configuration files a run read.
func filePaths(res *lint.Result) []string {
	var out []string
	for _, f := range res.Files {
		out = append(out, f.Path)
	}
	return out
}

// checkCodes reports the first of --disable's values that is no known rule or code id
// or slug, as an unknown code in .sshcfg.toml is.
func checkCodes(names []string) error {
	for _, n := range names {
		if _, ok := diag.LookupCode(n); !ok {
			return fmt.Errorf("--disable: unknown code %q", n)
		}
	}
	return nil
}
