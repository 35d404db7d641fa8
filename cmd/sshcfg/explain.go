package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/resolve"
)

func explainCmd(g *globals) *cobra.Command {
	var asJSON, all bool
	var config string
	cmd := &cobra.Command{
		Use:               "explain [flags] [user@]host",
		Short:             "Show which blocks applied to a host, why, and where each value came from",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeHosts(g),
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
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(explanation{
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

func writeExplanation(w io.Writer, res *resolve.Result, all bool) {
	fmt.Fprintf(w, "host %s (connects to %s)\n\nFiles read:\n", res.HostArg, res.Hostname)
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
			via = " via Include at " + f.IncludeBy.String()
		}
		fmt.Fprintf(w, "  pass %d  %s%s%s\n", f.Pass, f.Path, via, note)
	}
	fmt.Fprintln(w, "\nBlocks:")
	for _, b := range res.Blocks {
		mark := "no "
		if b.Matched {
			mark = "yes"
		}
		fmt.Fprintf(w, "  %s  %s:%d  pass %d  %s\n         %s\n", mark, b.File, b.Line, b.Pass, b.Header, b.Reason)
	}
	fmt.Fprintln(w, "\nEffective options:")
	defaults := 0
	for _, o := range res.Options() {
		if o.Source.Kind == resolve.FromDefault && len(o.Lost) == 0 && !all {
			defaults++
			continue
		}
		fmt.Fprintf(w, "  %s %s\n      from %s\n", o.Name, o.Value, o.Source)
		for _, l := range o.Lost {
			note := ""
			if l.Pass == 2 {
				note = " in the final pass"
			}
			fmt.Fprintf(w, "      also set at %s%s: not used\n", l, note)
		}
	}
	if defaults > 0 {
		fmt.Fprintf(w, "  (%d more options at their defaults; --all lists them)\n", defaults)
	}
}

func hostsCmd(g *globals) *cobra.Command {
	var asJSON bool
	var config string
	cmd := &cobra.Command{
		Use:   "hosts",
		Short: "List the concrete host aliases of the configuration",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := g.dialect()
			if err != nil {
				return err
			}
			hs := resolve.New(g.env(false), d).Hosts(config)
			if asJSON {
				if hs == nil {
					hs = []resolve.HostAlias{}
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(hs)
			}
			for _, h := range hs {
				fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s:%d\n", h.Name, h.File, h.Line)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVarP(&config, "config", "F", "", "config file, as ssh -F")
	return cmd
}

// completeHosts completes host aliases from the configuration (shell completion).
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
		return resolve.SortedHostNames(resolve.New(g.env(false), d).Hosts(config)), cobra.ShellCompDirectiveNoFileComp
	}
}
