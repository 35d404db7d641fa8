package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func versionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of sshcfg, of Go, and the OpenSSH dialect in use",
		Long: "version (or sshcfg --version) prints sshcfg's module version or the VCS revision it\n" +
			"was built from, the Go release that built it, and the OpenSSH dialect it reproduces:\n" +
			"the one chosen with --openssh, or the one detected from the installed ssh's `ssh -V`.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return printVersion(cmd.OutOrStdout(), g)
		},
	}
}

// printVersion writes the text of --version.
func printVersion(w io.Writer, g *globals) error {
	d, err := g.dialect()
	if err != nil {
		return err
	}
	how := "detected from `ssh -V`"
	switch {
	case g.openssh != "":
		how = "chosen with --openssh " + g.openssh
	case noInstalledSSH(d):
		how = "no ssh found on PATH: the default"
	case dialectName(d) == "":
		how += ", not modelled exactly"
	}
	fmt.Fprintf(w, "sshcfg %s\n%s\nOpenSSH dialect: %s (%s)\n", buildVersion(), runtime.Version(), d.Release, how)
	return nil
}

// buildVersion is this binary's version (see versionOf).
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	return versionOf(info)
}

// versionOf is the module version in info, or the VCS revision (with ", modified" when
// the tree had uncommitted changes) for a build from a checkout.
func versionOf(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if settings["vcs.modified"] == "true" {
		rev += ", modified"
	}
	return "(devel, revision " + rev + ")"
}

// dialectName is the --openssh name of the predefined dialect d is exactly, or "".
func dialectName(d keyword.Dialect) string {
	for _, name := range keyword.DialectNames() {
		if n, err := keyword.DialectNamed(name); err == nil && n == d {
			return name
		}
	}
	return ""
}

// noInstalledSSH reports whether d is the fallback used when no ssh is on PATH.
func noInstalledSSH(d keyword.Dialect) bool {
	return d == keyword.Debian92 && resolve.InstalledSSH() == ""
}

// approximationNote says which dialect sshcfg uses when the installed ssh (dialect d) is
// not a release it models exactly; "" when it is.
func approximationNote(d keyword.Dialect) string {
	switch {
	case noInstalledSSH(d):
		return fmt.Sprintf("no ssh found on PATH; reproducing %s (choose another with --openssh: %s)",
			d.Release, strings.Join(keyword.DialectNames(), ", "))
	case dialectName(d) != "":
		return ""
	}
	build := "upstream"
	if d.Debian {
		build = "Debian's"
	}
	return fmt.Sprintf("%s is not a release sshcfg models exactly; reproducing %s OpenSSH %s (choose another with --openssh: %s)",
		d.Release, build, d.Version, strings.Join(keyword.DialectNames(), ", "))
}
