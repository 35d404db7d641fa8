package lint

import (
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// injectableTokens are the %-tokens whose value comes from what the user or a link typed
// (the host name as given or resolved, the remote and local user names): ssh puts them into
// commands without any quoting.
const injectableTokens = "hnru"

// commandKeywords are the keywords whose value ssh hands to the shell.
var commandKeywords = []keyword.ID{keyword.ProxyCommand, keyword.LocalCommand, keyword.KnownHostsCommand, keyword.RemoteCommand}

func init() {
	register(&Rule{
		Code: diag.Code{ID: "SC4013", Slug: "command-token-injection", Severity: diag.Warning, Since: "0.2",
			Doc: "A command passes %h, %n, %r or %u to the shell outside single quotes, so a crafted host or " +
				"user name can run commands."},
		Docs: Docs{
			Title: "Unquoted %-token in a shell command",
			Why: "ssh substitutes %-tokens into ProxyCommand, LocalCommand, KnownHostsCommand, RemoteCommand and " +
				"Match exec without escaping anything, then runs the result with the shell. A host or user name " +
				"containing ; $( ) or backquotes — from a clickable ssh:// link, a git submodule URL, a script — " +
				"then becomes part of the command (CVE-2023-51385). OpenSSH 9.6 rejects such names when they come " +
				"from the command line, but not names from the configuration or older clients. Put the token in " +
				"single quotes ('%h'); double quotes do not stop $( ) or backquotes.",
			Bad:     "Host *.corp\n    ProxyCommand corkscrew proxy 8080 %h %p\n",
			Good:    "Host *.corp\n    ProxyCommand corkscrew proxy 8080 '%h' %p\n",
			Sources: []string{"ssh_config(5) TOKENS", "CVE-2023-51385", "OpenSSH 9.6 release notes"},
		},
		SecuritySeverity: "6.5",
		Check: func(p *Pass) {
			for _, id := range commandKeywords {
				p.configured(id, func(h *Host, s resolve.Setting) {
					cmd := p.text(s.Source)
					if toks := unquotedTokens(cmd); toks != "" {
						p.Report(s.Source.File, s.Source.ValueSpan, "%s puts %s into a shell command outside single quotes: a host or user name with shell characters runs commands", id.Keyword().Name, tokenList(toks))
					}
				})
			}
			p.Directives(func(f *File, l *parser.Line) bool {
				crits, _ := l.Value.([]parser.Criterion)
				for _, c := range crits {
					if toks := unquotedTokens(c.Arg); c.Attr == "exec" && toks != "" {
						p.Report(f.Path, c.Span, "Match exec puts %s into a shell command outside single quotes: a host or user name with shell characters runs commands", tokenList(toks))
					}
				}
				return true
			})
		},
	})
}

// unquotedTokens returns the letters of the injectable %-tokens that occur in cmd outside
// the shell's single quotes, each once, in order of appearance.
func unquotedTokens(cmd string) string {
	var out []byte
	quoted := false
	for i := 0; i < len(cmd); i++ {
		switch c := cmd[i]; {
		case c == '\'':
			quoted = !quoted
		case c == '\\' && !quoted:
			i++ // an escaped character, never a quote
		case c == '%' && i+1 < len(cmd):
			t := cmd[i+1]
			i++
			if !quoted && strings.IndexByte(injectableTokens, t) >= 0 && !strings.Contains(string(out), string(t)) {
				out = append(out, t)
			}
		}
	}
	return string(out)
}

// tokenList renders token letters as "%h and %r".
func tokenList(letters string) string {
	var parts []string
	for i := 0; i < len(letters); i++ {
		parts = append(parts, "%"+letters[i:i+1])
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
