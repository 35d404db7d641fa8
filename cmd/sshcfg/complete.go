package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// completionFunc is the signature of cobra's argument and flag completion functions.
type completionFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// sshFileOptions are ssh's options whose value is a file: -F config, -i identity,
// -E log file, -S control socket.
const sshFileOptions = "FiES"

// registerCompletions adds the flag completions of the commands under root that do not
// declare them themselves.
func registerCompletions(root *cobra.Command) {
	for _, cmd := range root.Commands() {
		switch cmd.Name() {
		case "lint":
			_ = cmd.RegisterFlagCompletionFunc("target-openssh", completeDialects)
			_ = cmd.RegisterFlagCompletionFunc("explain", completeRuleIDs)
		}
		if cmd.Flags().Lookup("config") != nil && cmd.Flags().Lookup("config").Shorthand == "F" {
			_ = cmd.RegisterFlagCompletionFunc("config", completeFiles)
		}
		if cmd.Flags().Lookup("home") != nil {
			_ = cmd.RegisterFlagCompletionFunc("home", completeDirs)
		}
	}
}

// completeDialects completes the names --openssh accepts.
func completeDialects(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return keyword.DialectNames(), cobra.ShellCompDirectiveNoFileComp
}

// completeRuleIDs completes lint's rule ids, each with its title as the description.
func completeRuleIDs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, r := range lint.Rules() {
		out = append(out, r.Code.ID+"\t"+r.Docs.Title)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeFiles lets the shell complete file names.
func completeFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveDefault
}

// completeDirs lets the shell complete directory names.
func completeDirs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completeDiffArgs completes diff's arguments: the shell's files for OLD and NEW (CONFIG
// with --git), then the host aliases of the new side: the NEW file, the config file of a
// NEW directory, or CONFIG as it is in the work tree.
func completeDiffArgs(g *globals) completionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		files := 2
		if cmd.Flags().Changed("git") {
			files = 1
		}
		if len(args) < files {
			return nil, cobra.ShellCompDirectiveDefault
		}
		config := args[files-1]
		if fi, err := os.Stat(config); err == nil && fi.IsDir() {
			config = filepath.Join(config, "config")
		}
		return hostCompletions(g, config, toComplete)
	}
}

// completeSSHLine completes a command line in ssh's syntax after sshcfg's long flags
// (resolve, which parses its own arguments): a directory after --home, a dialect after
// --openssh, a file after -F, -i, -E and -S, nothing after ssh's other options that take
// a value or once the destination is given, and otherwise the host aliases of the -F
// file given earlier on the line.
func completeSSHLine(g *globals) completionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		g.stderr = nil // completion output must stay clean
		if n := len(args); n > 0 {
			switch args[n-1] {
			case "--home":
				return completeDirs(cmd, args, toComplete)
			case "--openssh":
				return completeDialects(cmd, args, toComplete)
			}
		}
		args, err := g.takeLongFlags(args)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		d, err := g.dialect()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		config := ""
		for i := 0; i < len(args); i++ {
			a := args[i]
			if a == "--" || a == "" || a[0] != '-' || a == "-" {
				return nil, cobra.ShellCompDirectiveNoFileComp // the destination is given: a command follows
			}
			for j := 1; j < len(a); j++ {
				c := a[j]
				if !resolve.OptionTakesArg(c, d) {
					continue
				}
				var value string
				switch {
				case j+1 < len(a):
					value = a[j+1:]
				case i+1 < len(args):
					i++
					value = args[i]
				case strings.IndexByte(sshFileOptions, c) >= 0:
					return completeFiles(cmd, args, toComplete)
				default:
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				if c == 'F' {
					config = value
				}
				break
			}
		}
		if strings.HasPrefix(toComplete, "-") {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return hostCompletions(g, config, toComplete)
	}
}

// hostCompletions lists the host aliases of config ("" for the user's configuration)
// that start with prefix. It prints nothing on standard error. An alias that would need
// escaping (a control byte, a backslash, bytes that are not printable UTF-8) is left
// out: its escaped form would complete to a different name. An alias with a space is
// kept: the shell's completion script quotes it.
func hostCompletions(g *globals, config, prefix string) ([]string, cobra.ShellCompDirective) {
	g.stderr = nil // completion output must stay clean
	d, err := g.dialect()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	env := g.env(false)
	// the shell waits for completion: never on a FIFO, nor on the terminal (Include
	// /dev/stdin)
	env.FS = resolve.RegularOnly(env.FS)
	hs, _, err := resolve.New(env, d).Aliases(config) // names only: partial trees
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var names []string
	for _, n := range resolve.SortedHostNames(hs) {
		if strings.HasPrefix(n, prefix) && resolve.EscapeText(n) == n {
			names = append(names, n)
		}
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}
