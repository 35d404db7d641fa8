package parser

import "strings"

// checkAgentPath applies OpenSSH's extra checks to IdentityAgent and ForwardAgent paths:
// ${VAR} references must be well formed and $NAME must be a valid variable name. Whether
// a referenced variable exists is checked by the resolver.
func checkAgentPath(s string) *valueError {
	if !wellFormedDollar(s) {
		return errc(CodeBadEnvironment, 0, "Invalid environment expansion %s.", s)
	}
	if len(s) > 1 && s[0] == '$' && s[1] != '{' && !validEnvName(s[1:]) {
		return errc(CodeBadEnvironment, 0, "Invalid environment name %s.", s)
	}
	return nil
}

// wellFormedDollar reports whether every "${" in s is closed by "}" with a non-empty name.
func wellFormedDollar(s string) bool {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return true
		}
		j := strings.IndexByte(s[i+2:], '}')
		if j <= 0 {
			return false
		}
		s = s[i+2+j+1:]
	}
}

// validEnvName reports whether s is a shell-style variable name.
func validEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}
