package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sshcfg/sshcfg/diag"
	"github.com/sshcfg/sshcfg/parser"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// injectableTokens are the %-tokens that can carry what was typed on ssh's command line
// or in a link: %h (the destination, unless HostName sets it), %n (the destination as
// given) and %r (-l or user@, which win over User). ssh puts them into commands without
// any quoting. %u, the local user, comes from the password database.
const injectableTokens = "hnr"

// commandKeywords are the keywords whose value ssh hands to the shell.
var commandKeywords = []keyword.ID{keyword.ProxyCommand, keyword.LocalCommand, keyword.KnownHostsCommand, keyword.RemoteCommand}

func init() { onFirstUse(registerCommandTokenInjection) }

// registerCommandTokenInjection adds this file's rules to the table (see onFirstUse).
func registerCommandTokenInjection() {
	register(&Rule{
		Code: diag.Code{ID: "SC4013", Slug: "command-token-injection", Severity: diag.Warning, Since: "0.2",
			Doc: "A command passes %h, %n or %r to the shell outside single quotes, so a crafted host or user name " +
				"can run commands on a client that does not check command-line names (before OpenSSH 9.6); a note " +
				"for a target that does."},
		Docs: Docs{
			Title: "Unquoted %-token in a shell command",
			Why: "ssh substitutes %-tokens into ProxyCommand, LocalCommand, KnownHostsCommand, RemoteCommand and " +
				"Match exec without escaping anything, then runs the result with the shell. The tokens that can " +
				"carry outside input are %h (the destination as typed, unless HostName sets it), %n (the destination " +
				"as typed) and %r (-l or user@, which win over User): a host or user name containing ; $( ) or " +
				"backquotes — from a clickable ssh:// link, a git submodule URL, a script — then becomes part of the " +
				"command (CVE-2023-51385). %u is the local user and %p a number, so neither is reported, nor %h for a " +
				"host whose HostName the configuration sets. OpenSSH 9.6, and Debian's 9.2 since its fix of the CVE, " +
				"reject shell characters in command-line host and user names before any command runs (\"hostname " +
				"contains invalid characters\"), so for such a target the standard idioms (ProxyCommand ssh -W %h:%p " +
				"bastion, AWS SSM's sh -c \"aws ssm start-session --target %h\") are only a note: what still gets " +
				"through is a name from elsewhere, such as a canonicalised one. For older targets it is a warning. Put " +
				"the token in single quotes ('%h') when other clients may read the file; double quotes do not stop " +
				"$( ) or backquotes.",
			Bad:     "# target: OpenSSH 9.2 (upstream)\nHost *.corp\n    ProxyCommand corkscrew proxy 8080 %h %p\n",
			Good:    "Host *.corp\n    ProxyCommand corkscrew proxy 8080 '%h' %p\n",
			Sources: []string{"ssh_config(5) TOKENS", "CVE-2023-51385", "OpenSSH 9.6 release notes", "OpenSSH ssh.c valid_hostname, valid_ruser"},
		},
		SecuritySeverity: "6.5",
		Watch:            watchCommandTokens,
	})
}

// checksNames reports whether the target refuses shell characters in command-line host
// and user names, as the resolver's destination check does (OpenSSH 9.6, and Debian's
// 9.2 with the backported fix).
func checksNames(d keyword.Dialect) bool { return d.Debian || d.Version.AtLeast("9.6") }

func watchCommandTokens(p *Pass) (host func(*Host), check func()) {
	severity, why := diag.Warning, "a host or user name with shell characters runs commands"
	if checksNames(p.Dialect) {
		severity = diag.Info
		why = fmt.Sprintf("ssh %s refuses shell characters in host and user names from the command line, so only a name from elsewhere (a canonicalised host, an older client reading this file) could run commands", p.Dialect.Version)
	}
	type line struct {
		src  resolve.Source
		id   keyword.ID
		toks string
	}
	var lines []*line
	byPos := map[string]*line{}
	host = func(h *Host) {
		for _, id := range commandKeywords {
			p.configured(h, id, func(s resolve.Setting) {
				toks := unquotedTokens(p.text(s.Source))
				if hn, ok := h.Result.Get(keyword.Hostname); ok && hn.Source.Kind == resolve.FromConfig && !strings.Contains(p.text(hn.Source), "%h") {
					toks = strings.ReplaceAll(toks, "h", "") // the configuration's own host name
				}
				k := s.Source.File + ":" + strconv.Itoa(s.Source.ValueSpan.Start)
				l := byPos[k]
				if l == nil {
					l = &line{src: s.Source, id: id}
					byPos[k] = l
					lines = append(lines, l)
				}
				for _, t := range toks {
					if !strings.ContainsRune(l.toks, t) {
						l.toks += string(t)
					}
				}
			})
		}
	}
	check = func() {
		for _, l := range lines {
			if l.toks != "" {
				p.ReportDiag(diag.Diagnostic{File: l.src.File, Span: l.src.ValueSpan, Severity: severity,
					Message: fmt.Sprintf("%s puts %s into a shell command outside single quotes: %s", l.id.Keyword().Name, tokenList(orderedTokens(l.toks)), why)})
			}
		}
		p.Directives(func(f *File, l *parser.Line) bool {
			crits, _ := l.Value.([]parser.Criterion)
			for _, c := range crits {
				if toks := unquotedTokens(c.Arg); c.Attr == "exec" && toks != "" {
					p.ReportDiag(diag.Diagnostic{File: f.Path, Span: c.Span, Severity: severity,
						Message: fmt.Sprintf("Match exec puts %s into a shell command outside single quotes: %s", tokenList(toks), why)})
				}
			}
			return true
		})
	}
	return host, check
}

// orderedTokens puts token letters in the order of injectableTokens.
func orderedTokens(letters string) string {
	var out []byte
	for i := 0; i < len(injectableTokens); i++ {
		if strings.IndexByte(letters, injectableTokens[i]) >= 0 {
			out = append(out, injectableTokens[i])
		}
	}
	return string(out)
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
