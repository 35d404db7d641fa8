package connect

import (
	"strings"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// AgentSocket is the agent ssh uses for res: IdentityAgent when set (none: no agent;
// SSH_AUTH_SOCK: that variable; $VAR: another variable; otherwise a path with ~, ${VAR}
// and % tokens), else $SSH_AUTH_SOCK. "" means no agent. getenv nil reads the process's
// environment.
func AgentSocket(res *resolve.Result, getenv func(string) (string, bool)) (string, error) {
	if getenv == nil {
		getenv = lookupEnv
	}
	env, _ := getenv("SSH_AUTH_SOCK")
	s, ok := res.Get(keyword.IdentityAgent)
	if !ok {
		return env, nil
	}
	v, _ := s.Value.(string)
	switch {
	case v == "none":
		return "", nil
	case v == "SSH_AUTH_SOCK":
		return env, nil
	}
	return agentPath(res, keyword.IdentityAgent, v, getenv)
}

// ForwardAgentSocket is the agent ForwardAgent forwards: "" when it is off, the path or
// $VAR it names, else the agent AgentSocket finds (as ssh, which forwards the agent
// IdentityAgent chose).
func ForwardAgentSocket(res *resolve.Result, getenv func(string) (string, bool)) (string, error) {
	if getenv == nil {
		getenv = lookupEnv
	}
	if !res.Flag(keyword.ForwardAgent) {
		return "", nil
	}
	if p := res.ForwardAgentPath(); p != "" {
		return agentPath(res, keyword.ForwardAgent, p, getenv)
	}
	return AgentSocket(res, getenv)
}

// agentPath expands an agent socket value: $VAR names a variable; otherwise ~, ${VAR}
// and the keyword's % tokens are expanded.
func agentPath(res *resolve.Result, id keyword.ID, v string, getenv func(string) (string, bool)) (string, error) {
	if strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${") {
		p, _ := getenv(v[1:])
		return p, nil
	}
	return res.Expand(id, v, nil)
}
