package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/lint"
	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Settings are what a client can set, through initializationOptions or the "sshcfg"
// section of workspace/configuration (both the object itself or one with an "sshcfg"
// member holding it):
//
//	{"targetOpenSSH": "9.2", "rules": {"SC3005": "off", "weak-algorithm": "error"}}
type Settings struct {
	// TargetOpenSSH names the OpenSSH the configs are checked for, as --openssh does;
	// "" keeps the server's default.
	TargetOpenSSH string `json:"targetOpenSSH,omitempty"`
	// Rules maps a code's id or slug to "off" (not reported) or to the level its
	// findings get: "error", "warning" or "note".
	Rules map[string]string `json:"rules,omitempty"`
}

// dialect returns the dialect the settings name, if any (and valid).
func (st *Settings) dialect() (keyword.Dialect, bool) {
	if st.TargetOpenSSH == "" {
		return keyword.Dialect{}, false
	}
	d, err := keyword.DialectNamed(st.TargetOpenSSH)
	return d, err == nil
}

// project returns what the settings change in a lint run, codes disabled and
// severities, as the project file it amounts to; nil when they change nothing.
func (st *Settings) project() *lint.Project {
	if len(st.Rules) == 0 {
		return nil
	}
	project := &lint.Project{Path: "settings", Disabled: map[string]bool{}, Severity: map[string]diag.Severity{}}
	for name, level := range st.Rules {
		c, ok := diag.LookupCode(name)
		if !ok {
			continue // reported when the settings were read
		}
		if level == "off" {
			project.Disabled[c.Slug] = true
			continue
		}
		if l, err := lint.ParseLevel(level); err == nil {
			project.Severity[c.Slug] = severityOf(l)
		}
	}
	return project
}

// severityOf is the severity a finding gets at a level.
func severityOf(l lint.Level) diag.Severity {
	switch l {
	case lint.LevelError:
		return diag.Error
	case lint.LevelWarning:
		return diag.Warning
	}
	return diag.Info
}

// parseSettings reads settings from a JSON value; problems are returned as words for
// the log (unknown codes or levels), the rest of the settings still applying.
func parseSettings(raw []byte) (*Settings, []string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var wrapped struct {
		SSHCfg *json.RawMessage `json:"sshcfg"`
	}
	if json.Unmarshal(raw, &wrapped) == nil && wrapped.SSHCfg != nil {
		raw = *wrapped.SSHCfg
	}
	st := &Settings{}
	if err := json.Unmarshal(raw, st); err != nil {
		return nil, []string{fmt.Sprintf("settings ignored: %v", err)}
	}
	var problems []string
	if st.TargetOpenSSH != "" {
		if _, err := keyword.DialectNamed(st.TargetOpenSSH); err != nil {
			problems = append(problems, fmt.Sprintf("targetOpenSSH: %v", err))
		}
	}
	names := make([]string, 0, len(st.Rules))
	for n := range st.Rules {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if _, ok := diag.LookupCode(n); !ok {
			problems = append(problems, fmt.Sprintf("rules: unknown code %q", n))
		} else if l := st.Rules[n]; l != "off" {
			if _, err := lint.ParseLevel(l); err != nil {
				problems = append(problems, fmt.Sprintf("rules: %s: %v", n, err))
			}
		}
	}
	return st, problems
}

// settingsGiven reports whether raw carries sshcfg settings: an "sshcfg" section, or the
// settings themselves. An empty object (Eglot pushes {"settings": {}} on connecting) or
// another tool's section leaves the settings as they are.
func settingsGiven(raw []byte) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return len(raw) > 0 && string(raw) != "null" // not an object: let parseSettings say why
	}
	for _, k := range []string{"sshcfg", "targetOpenSSH", "rules"} {
		if _, ok := keys[k]; ok {
			return true
		}
	}
	return false
}

// initSettings takes the initializationOptions and remembers whether the client can be
// asked for its configuration.
func (s *Server) initSettings(p *protocol.InitializeParams) {
	if w := p.Capabilities.Workspace; w != nil {
		s.pullConfig = w.Configuration != nil && *w.Configuration
		if fw := w.DidChangeWatchedFiles; fw != nil {
			s.watchDynamic = fw.DynamicRegistration != nil && *fw.DynamicRegistration
			s.watchRelative = fw.RelativePatternSupport != nil && *fw.RelativePatternSupport
		}
	}
	if st, problems := parseSettings(p.InitializationOptions); st != nil || problems != nil {
		s.logProblems(problems)
		if st != nil {
			s.settings.Store(st)
		}
	}
}

// clientReady asks the client to watch the files configs include and for its settings,
// when it can, off the read loop: a request to the client from a notification handler
// would wait for a reply the read loop cannot read.
func (s *Server) clientReady(ctx context.Context) {
	ctx = jsonrpc2.DetachContext(ctx)
	if s.watchDynamic {
		go s.registerWatchers(ctx)
	}
	s.pullSettings(ctx)
}

// pullSettings asks the client for its settings (workspace/configuration), if it can
// answer, off the read loop.
func (s *Server) pullSettings(ctx context.Context) {
	if !s.pullConfig {
		return
	}
	ctx = jsonrpc2.DetachContext(ctx)
	go func() {
		section := "sshcfg"
		got, err := s.client.Configuration(ctx, &protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: &section}}})
		if err != nil || len(got) != 1 {
			s.logf("workspace/configuration: %v", err)
			return
		}
		if !settingsGiven(got[0]) {
			return // the client has no sshcfg settings: keep the initializationOptions
		}
		st, problems := parseSettings(got[0])
		s.logProblems(problems)
		if st != nil {
			s.setSettings(st)
		}
	}()
}

func init() {
	notice(protocol.MethodWorkspaceDidChangeConfiguration, didChangeConfiguration)
}

// didChangeConfiguration takes settings pushed with the notification, or pulls them
// again when the notification carries none (as clients that support pulling do).
func didChangeConfiguration(ctx context.Context, s *Server, p *protocol.DidChangeConfigurationParams) {
	if !settingsGiven(p.Settings) {
		s.pullSettings(ctx) // {} or another tool's section: nothing for sshcfg in it
		return
	}
	if st, problems := parseSettings(p.Settings); st != nil {
		s.logProblems(problems)
		s.setSettings(st)
		return
	}
	s.pullSettings(ctx)
}

// setSettings applies new settings: documents are parsed again for another dialect, and
// diagnostics recomputed.
func (s *Server) setSettings(st *Settings) {
	old := s.settings.Swap(st)
	od, _ := old.dialect()
	nd, _ := st.dialect()
	if od != nd {
		s.resolver.reset(s.opts.Env, s.dialect())
		for _, d := range s.docs.current().byURI {
			s.setDocument(d.uri, d.version, d.text)
		}
	}
	s.documentsChanged()
}

func (s *Server) logProblems(problems []string) {
	for _, p := range problems {
		s.logf("settings: %s", p)
	}
}
