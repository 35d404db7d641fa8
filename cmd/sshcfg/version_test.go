package main

import (
	"runtime/debug"
	"testing"
)

// TestVersionOf checks the version text for a module build, a build from a checkout
// (git worktrees and -buildvcs=false give none, so the settings are made up here) and a
// build without either.
func TestVersionOf(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123"}}
	for _, c := range []struct {
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"v1.4.0", rev, "v1.4.0"},
		{"(devel)", rev, "(devel, revision 0123456789ab)"},
		{"(devel)", append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "(devel, revision 0123456789ab, modified)"},
		{"(devel)", nil, "(devel)"},
		{"", nil, "(devel)"},
	} {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/sshcfg/sshcfg", Version: c.version}, Settings: c.settings}
		if got := versionOf(info); got != c.want {
			t.Errorf("version %q, settings %v: got %q, want %q", c.version, c.settings, got, c.want)
		}
	}
}
