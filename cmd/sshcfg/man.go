package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func manCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write a man page for each command into DIR",
		Long: "man writes the manual pages of sshcfg and of each of its commands (section 1,\n" +
			"sshcfg.1, sshcfg-resolve.1, …) into DIR, creating it if needed.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			if err := writeManTree(root, args[0]); err != nil {
				return fmt.Errorf("writing man pages: %w", err)
			}
			return nil
		},
	}
}

// writeManTree writes a page for cmd and each available command below it. The pages are
// plain roff made here (a generator library would add its Markdown and YAML packages to
// every start of sshcfg).
func writeManTree(cmd *cobra.Command, dir string) error {
	for _, sub := range cmd.Commands() {
		if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
			continue
		}
		if err := writeManTree(sub, dir); err != nil {
			return err
		}
	}
	name := strings.ReplaceAll(cmd.CommandPath(), " ", "-")
	return os.WriteFile(filepath.Join(dir, name+".1"), manPage(cmd, name), 0o644)
}

// manPage renders one command's page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, SEE ALSO.
func manPage(cmd *cobra.Command, name string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH \"SSHCFG\" \"1\" \"\" \"sshcfg %s\" \"sshcfg manual\"\n", roffEscape(buildVersion()))
	fmt.Fprintf(&b, ".SH NAME\n%s - %s\n", name, roffText(cmd.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fB%s\\fP\n", roffEscape(cmd.UseLine()))
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	b.WriteString(".SH DESCRIPTION\n")
	for i, para := range strings.Split(desc, "\n\n") {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		b.WriteString(roffText(para) + "\n")
	}
	var flags []*pflag.Flag
	collect := func(f *pflag.Flag) {
		if !f.Hidden {
			flags = append(flags, f)
		}
	}
	cmd.NonInheritedFlags().VisitAll(collect)
	cmd.InheritedFlags().VisitAll(collect)
	if len(flags) > 0 {
		b.WriteString(".SH OPTIONS\n")
		for _, f := range flags {
			b.WriteString(".TP\n")
			if f.Shorthand != "" {
				fmt.Fprintf(&b, "\\fB-%s\\fP, ", f.Shorthand)
			}
			fmt.Fprintf(&b, "\\fB--%s\\fP", f.Name)
			if f.Value.Type() != "bool" {
				arg, _ := pflag.UnquoteUsage(f)
				if arg == "" {
					arg = f.Value.Type()
				}
				fmt.Fprintf(&b, "=\\fI%s\\fP", roffEscape(arg))
			}
			_, usage := pflag.UnquoteUsage(f)
			fmt.Fprintf(&b, "\n%s\n", roffText(usage))
		}
	}
	var see []string
	if p := cmd.Parent(); p != nil {
		see = append(see, strings.ReplaceAll(p.CommandPath(), " ", "-"))
	}
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			see = append(see, strings.ReplaceAll(sub.CommandPath(), " ", "-"))
		}
	}
	if len(see) > 0 {
		b.WriteString(".SH SEE ALSO\n")
		for i, s := range see {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "\\fB%s\\fP(1)", s)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// roffEscape makes text safe inside a roff line: a backslash is written \e.
func roffEscape(s string) string { return strings.ReplaceAll(s, `\`, `\e`) }

// roffText makes text safe as roff body lines: escaped, and no line starting with a
// control character (a dot or an apostrophe).
func roffText(s string) string {
	lines := strings.Split(roffEscape(strings.TrimSpace(s)), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
