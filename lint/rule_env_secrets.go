package lint

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/pattern"
	"github.com/sshcfg/sshcfg/resolve"
)

// secretWords are parts of environment variable names that usually hold credentials.
var secretWords = []string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL"}

// secretVariables are well-known variables that hold credentials, for SendEnv patterns
// that do not spell a secret word themselves (AWS_*, *).
var secretVariables = []string{
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN",
	"NPM_TOKEN", "VAULT_TOKEN", "DOCKER_PASSWORD", "AZURE_CLIENT_SECRET", "GOOGLE_APPLICATION_CREDENTIALS",
	"OPENAI_API_KEY",
}

// secretName reports whether a variable name (or SendEnv pattern) spells a secret word.
func secretName(name string) bool {
	up := strings.ToUpper(name)
	for _, w := range secretWords {
		if strings.Contains(up, w) {
			return true
		}
	}
	return false
}

func init() { onFirstUse(registerEnvSecrets) }

// registerEnvSecrets adds this file's rules to the table (see onFirstUse).
func registerEnvSecrets() {
	register(&Rule{
		Code: diag.Code{ID: "SC4023", Slug: "send-env-secrets", Severity: diag.Warning, Since: "0.2",
			Doc: "SendEnv sends every variable (*) or variables that usually hold credentials to the server."},
		Docs: Docs{
			Title: "SendEnv may send secrets",
			Why: "SendEnv copies matching variables of your local environment to the server, where sshd passes on " +
				"the ones its AcceptEnv allows (anything, on a server you do not control). SendEnv * or patterns such " +
				"as AWS_*, *TOKEN* or *SECRET* send API keys and cloud credentials along with every session. Send " +
				"the variables the server needs by name (LANG, LC_*).",
			Bad:     "Host *\n    SendEnv AWS_* *TOKEN*\n",
			Good:    "Host *\n    SendEnv LANG LC_*\n",
			Sources: []string{"ssh_config(5) SendEnv", "sshd_config(5) AcceptEnv"},
		},
		SecuritySeverity: "6.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configuredEntries(h, keyword.SendEnv, func(e resolve.Entry) {
				pat, _ := e.Value.(string)
				switch example, ok := sendsSecret(pat); {
				case ok && example == "":
					p.Report(e.Source.File, p.argSpan(e.Source, pat), "SendEnv %s sends variables whose names say they hold credentials to the server", pat)
				case ok:
					p.Report(e.Source.File, p.argSpan(e.Source, pat), "SendEnv %s sends variables such as %s to the server", pat, example)
				}
			})
		}),
	}, &Rule{
		Code: diag.Code{ID: "SC4024", Slug: "setenv-secret", Severity: diag.Warning, Since: "0.2",
			Doc: "SetEnv writes a value into the configuration for a variable whose name says it is a credential."},
		Docs: Docs{
			Title: "Secret in SetEnv",
			Why: "SetEnv values are stored in the configuration file in clear text (often in a dotfiles repository) " +
				"and sent to every server the block applies to. A variable named like a token, password or API key " +
				"should come from a secret store or the server's own configuration, not from ssh_config.",
			Bad:     "Host deploy\n    SetEnv API_KEY=3f9c1d7e\n",
			Good:    "Host deploy\n    SetEnv DEPLOY_ENV=staging\n",
			Sources: []string{"ssh_config(5) SetEnv"},
		},
		SecuritySeverity: "6.0",
		Watch: eachHost(func(p *Pass, h *Host) {
			p.configured(h, keyword.SetEnv, func(s resolve.Setting) {
				for _, a := range p.argsOf(s.Source) {
					name, value, _ := strings.Cut(a, "=")
					if secretName(name) && value != "" && !strings.Contains(value, "${") {
						p.Report(s.Source.File, p.argSpan(s.Source, a), "SetEnv stores a value for %s in the configuration and sends it to the server", name)
					}
				}
			})
		}),
	})
}

// sendsSecret reports whether a SendEnv pattern sends a credential, with a well-known
// variable it matches ("" when the pattern itself spells a secret word).
func sendsSecret(pat string) (string, bool) {
	if strings.HasPrefix(pat, "-") {
		return "", false
	}
	if secretName(pat) {
		return "", true
	}
	for _, v := range secretVariables {
		if pattern.Match(v, pat) {
			return v, true
		}
	}
	return "", false
}
