package resolve

import (
	"fmt"

	"github.com/sshcfg/sshcfg/parser/keyword"
)

// Expand applies to value the expansions ssh performs on keyword id's value when it
// connects (ssh -G prints some values before them): a leading ~ or ~user, then ${VAR}
// references and the %-tokens the keyword accepts in the dialect, each where the keyword
// table says ssh does it (keyword.Keyword.Expand and TokensFor). Tokens take this
// resolution's values: %h the final host name, %p the port, %r the remote user, %C the
// connection hash and so on. extra supplies the tokens only known while connecting (%T,
// the tunnel interface, for LocalCommand; %f %H %I %K %t for KnownHostsCommand); a token
// the keyword accepts but that neither the resolution nor extra provides, or one it does
// not accept, is an error, as it is fatal in ssh.
//
// Typical uses: IdentityFile, CertificateFile, UserKnownHostsFile, ControlPath,
// IdentityAgent, the ForwardAgent socket, LocalCommand, RemoteCommand, ProxyCommand,
// forward socket paths.
func (r *Result) Expand(id keyword.ID, value string, extra map[byte]string) (string, error) {
	k := id.Keyword()
	if k == nil {
		return "", fmt.Errorf("resolve: Expand: no keyword with ID %d", int(id))
	}
	if r.env == nil {
		return "", fmt.Errorf("resolve: Expand: the result of a failed resolution has no values to expand with")
	}
	s := value
	if k.Expand.Has(keyword.ExpandTilde) {
		var err error
		if s, err = r.env.tildeExpand(s); err != nil {
			return "", err
		}
	}
	t := tokens{}
	if k.Expand.Has(keyword.ExpandTokens) {
		letters := k.TokensFor(r.dialect)
		for i := 0; i < len(letters); i++ {
			c := letters[i]
			if v, ok := extra[c]; ok {
				t[c] = v
			} else if v, ok := r.tokens[c]; ok {
				t[c] = v
			}
		}
	}
	var getenv func(string) (string, bool)
	if k.Expand.Has(keyword.ExpandEnv) {
		getenv = r.env.Getenv
	}
	if !k.Expand.Has(keyword.ExpandTokens) && getenv == nil {
		return s, nil
	}
	if !k.Expand.Has(keyword.ExpandTokens) {
		return dollarExpand(s, getenv)
	}
	return percentDollarExpand(s, t, getenv)
}
