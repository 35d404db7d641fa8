package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/resolve"
)

func explainCmd(g *globals) *cobra.Command {
	var asJSON, all bool
	var config string
	cmd := &cobra.Command{
		Use:               "explain [flags] [user@]host",
		Short:             "Show which blocks applied to a host, why, and where each value came from",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeHostArg(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			sshArgs := []string{}
			if config != "" {
				sshArgs = append(sshArgs, "-F", config)
			}
			_, res, err := resolveArgs(g, append(sshArgs, args[0]), true, true)
			if err != nil {
				return sshFailure(cmd, err)
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), explanation{
					Host: res.HostArg, Hostname: res.Hostname, Files: res.Files,
					Blocks: res.Blocks, Options: res.Options(),
				})
			}
			writeExplanation(cmd.OutOrStdout(), res, all)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (always with every option)")
	cmd.Flags().BoolVar(&all, "all", false, "also list the options left at their defaults")
	cmd.Flags().StringVarP(&config, "config", "F", "", "config file, as ssh -F (default: ~/.ssh/config then /etc/ssh/ssh_config)")
	return cmd
}

type explanation struct {
	Host     string              `json:"host"`
	Hostname string              `json:"hostname"`
	Files    []resolve.FileRead  `json:"files"`
	Blocks   []resolve.BlockEval `json:"blocks"`
	Options  []resolve.Option    `json:"options"`
}

// writeExplanation prints the text form of explain. Every string from the configuration
// or the command line is escaped (resolve.EscapeText): the text never carries a control
// byte a terminal would act on.
func writeExplanation(w io.Writer, res *resolve.Result, all bool) {
	esc := resolve.EscapeText
	fmt.Fprintf(w, "host %s (connects to %s)\n\nFiles read:\n", esc(res.HostArg), esc(res.Hostname))
	for _, f := range res.Files {
		note := ""
		switch {
		case f.Missing:
			note = " (missing, skipped)"
		case f.ParseOnly:
			note = " (parse only: included from an inactive block)"
		}
		via := ""
		if f.IncludeBy != nil {
			via = " via Include at " + esc(f.IncludeBy.String())
		}
		fmt.Fprintf(w, "  pass %d  %s%s%s\n", f.Pass, esc(f.Path), via, note)
	}
	fmt.Fprintln(w, "\nBlocks:")
	for _, b := range res.Blocks {
		mark := "no "
		if b.Matched {
			mark = "yes"
		}
		fmt.Fprintf(w, "  %s  %s:%d  pass %d  %s\n         %s\n", mark, esc(b.File), b.Line, b.Pass, esc(b.Header), esc(b.Reason))
	}
	fmt.Fprintln(w, "\nEffective options:")
	defaults := 0
	for _, o := range res.Options() {
		if o.Source.Kind == resolve.FromDefault && len(o.Lost) == 0 && !all {
			defaults++
			continue
		}
		fmt.Fprintf(w, "  %s %s\n      from %s\n", o.Name, esc(o.Value), esc(o.Source.String()))
		for _, l := range o.Lost {
			note := ""
			if l.Pass == 2 {
				note = " in the final pass"
			}
			fmt.Fprintf(w, "      also set at %s%s: not used\n", esc(l.String()), note)
		}
	}
	if defaults > 0 {
		fmt.Fprintf(w, "  (%d more options at their defaults; --all lists them)\n", defaults)
	}
}

// writeJSON prints v as indented JSON. encoding/json already writes control bytes below
// 0x20 as \u escapes; DEL and the C1 controls (U+0080 to U+009F) it leaves raw are
// escaped here too, so no JSON output drives a terminal either.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	out := make([]byte, 0, buf.Len())
	b := buf.Bytes()
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == 0x7f:
			out = fmt.Appendf(out, `\u%04x`, b[i])
		case b[i] == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, b[i+1])
			i++
		default:
			out = append(out, b[i])
		}
	}
	_, err := w.Write(out)
	return err
}

func hostsCmd(g *globals) *cobra.Command {
	var asJSON bool
	var config string
	cmd := &cobra.Command{
		Use:   "hosts",
		Short: "List the concrete host aliases of the configuration",
		Long: "hosts lists every concrete Host alias (no wildcards) with the file:line that names it,\n" +
			"following every Include. Include problems that would stop ssh (a file it cannot open\n" +
			"or refuses for its owner or mode, an Include cycle, nesting deeper than 16) are reported\n" +
			"on standard error with the Include's position; the aliases found are still listed and\n" +
			"the exit status is 0. When the -F file cannot be opened, hosts prints ssh's message\n" +
			"and exits with status 255, as resolve does. Names and paths are escaped as in\n" +
			"explain: control bytes, DEL, a backslash and bytes that are not printable UTF-8\n" +
			"appear as \\ooo (octal) or \\\\.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := g.dialect()
			if err != nil {
				return err
			}
			r := resolve.New(g.env(false), d)
			hs, diags, err := r.Hosts(config)
			if err != nil {
				return sshFailure(cmd, err)
			}
			for _, d := range diags {
				fmt.Fprintf(cmd.ErrOrStderr(), "sshcfg: %s\n", resolve.EscapeText(diag.Format(d, r.LineIndex(d.File))))
			}
			if asJSON {
				if hs == nil {
					hs = []resolve.HostAlias{}
				}
				return writeJSON(cmd.OutOrStdout(), hs)
			}
			for _, h := range hs {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s:%d\n", resolve.EscapeText(h.Name), resolve.EscapeText(h.File), h.Line)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVarP(&config, "config", "F", "", "config file, as ssh -F")
	return cmd
}

// completeHosts completes host aliases from the configuration (shell completion). It
// prints nothing on standard error. An alias that would need escaping (a control byte,
// a backslash, bytes that are not printable UTF-8) is left out: its escaped form would
// complete to a different name.
func completeHosts(g *globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		d, err := g.dialect()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		config := ""
		if f := cmd.Flags().Lookup("config"); f != nil {
			config = f.Value.String()
		}
		hs, _, err := resolve.New(g.env(false), d).Hosts(config)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		var names []string
		for _, n := range resolve.SortedHostNames(hs) {
			if resolve.EscapeText(n) == n {
				names = append(names, n)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
