package connect

import (
	"fmt"
	"net"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

// defaultPreferredAuthentications is ssh's order when PreferredAuthentications is unset.
const defaultPreferredAuthentications = "gssapi-with-mic,hostbased,publickey,keyboard-interactive,password"

// authMethod is one of ssh's authentication methods that sshcfg implements: the keyword
// that turns it on (PubkeyAuthentication, …), whether it asks the user (and so is off in
// BatchMode and without a terminal), and how it makes its next attempt (nil when it has
// none left).
type authMethod struct {
	name     string
	enabled  keyword.ID
	prompts  bool
	attempts func(a *authenticator) ssh.AuthMethod
}

// authMethods are the methods sshcfg implements; gssapi-with-mic and hostbased are
// skipped as if they had failed.
var authMethods = []authMethod{
	{"publickey", keyword.PubkeyAuthentication, false, (*authenticator).nextKey},
	{"keyboard-interactive", keyword.KbdInteractiveAuthentication, true, (*authenticator).nextKeyboardInteractive},
	{"password", keyword.PasswordAuthentication, true, (*authenticator).nextPassword},
}

// authenticator drives authentication through x/crypto's AuthCallback, one attempt at a
// time in ssh's order.
type authenticator struct {
	d    *dialer
	res  *resolve.Result
	user string
	host string

	order   []authMethod // PreferredAuthentications, those implemented and enabled
	current int
	allowed []string // the methods the server last said can continue
	last    string   // the method of the last attempt

	agent     agent.ExtendedAgent
	agentConn net.Conn
	ids       []*identity
	idsReady  bool
	nextID    int
	passwords int // password attempts made
	kbdints   int // keyboard-interactive attempts made
}

func newAuthenticator(d *dialer, res *resolve.Result) *authenticator {
	a := &authenticator{d: d, res: res, user: res.User(), host: res.Hostname}
	pref, ok := res.String(keyword.PreferredAuthentications)
	if !ok || pref == "" {
		pref = defaultPreferredAuthentications
	}
	canAsk := d.opts.Prompt != nil && !res.Flag(keyword.BatchMode)
	for _, name := range strings.Split(pref, ",") {
		for _, m := range authMethods {
			if m.name != name || (m.prompts && !canAsk) {
				continue
			}
			if v, set := res.Int(m.enabled); set && v == 0 {
				continue
			}
			a.order = append(a.order, m)
		}
	}
	return a
}

// next is x/crypto's AuthCallback: it returns the next attempt among the methods the
// server allows, or nil when none is left.
func (a *authenticator) next(ctx *ssh.ClientAuthContext) (ssh.AuthMethod, error) {
	a.allowed = ctx.AllowedMethods
	for a.current < len(a.order) {
		m := a.order[a.current]
		if slices.Contains(a.allowed, m.name) {
			if am := m.attempts(a); am != nil {
				a.last = m.name
				return am, nil
			}
		}
		a.current++
	}
	return nil, nil
}

// nextKey offers the next identity.
func (a *authenticator) nextKey() ssh.AuthMethod {
	if !a.idsReady {
		a.idsReady = true
		a.openAgent()
		a.ids = a.identities()
	}
	for a.nextID < len(a.ids) {
		id := a.ids[a.nextID]
		a.nextID++
		if id.pub == nil {
			// an encrypted key without its .pub: ssh loads it (asking) before offering it
			a.d.debugf("Trying private key: %s", id.file)
			s, err := a.loadPrivate(id)
			if err != nil {
				continue
			}
			id.pub = s.PublicKey()
			if len(signatureAlgorithms(a.res, id.pub.Type())) == 0 {
				continue
			}
		} else {
			a.d.debugf("Offering public key: %s", id.describe())
		}
		return ssh.PublicKeys(&keySigner{a: a, id: id, algs: signatureAlgorithms(a.res, id.pub.Type())})
	}
	return nil
}

// nextPassword asks for the password, up to NumberOfPasswordPrompts times.
func (a *authenticator) nextPassword() ssh.AuthMethod {
	tries, _ := a.res.Int(keyword.NumberOfPasswordPrompts)
	if a.passwords >= tries {
		return nil
	}
	a.passwords++
	if a.passwords > 1 {
		fmt.Fprint(a.d.stderr(), "Permission denied, please try again.\r\n")
	}
	return ssh.PasswordCallback(func() (string, error) {
		return a.d.prompt(fmt.Sprintf("%s@%s's password: ", a.user, a.host), false)
	})
}

// nextKeyboardInteractive answers the server's questions, up to NumberOfPasswordPrompts
// rounds of failure.
func (a *authenticator) nextKeyboardInteractive() ssh.AuthMethod {
	tries, _ := a.res.Int(keyword.NumberOfPasswordPrompts)
	if a.kbdints >= tries {
		return nil
	}
	a.kbdints++
	return ssh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) ([]string, error) {
		for _, s := range []string{name, instruction} {
			if s != "" {
				fmt.Fprint(a.d.stderr(), resolve.LogText(s))
			}
		}
		answers := make([]string, len(questions))
		for i, q := range questions {
			ans, err := a.d.prompt(q, echos[i])
			if err != nil {
				return nil, err
			}
			answers[i] = ans
		}
		return answers, nil
	})
}

// info writes a message ssh logs at level INFO (not with -q or LogLevel QUIET/ERROR).
func (a *authenticator) info(format string, args ...any) {
	if lvl, ok := a.res.Int(keyword.LogLevel); ok && lvl < logLevelInfo {
		return
	}
	a.d.log(format, args...)
}

// error writes one of ssh's error() messages (all but LogLevel QUIET and FATAL show them).
func (a *authenticator) error(format string, args ...any) {
	if lvl, ok := a.res.Int(keyword.LogLevel); ok && lvl < logLevelError {
		return
	}
	a.d.log(format, args...)
}

// logLevelError and logLevelInfo are OpenSSH's SYSLOG_LEVEL_ERROR and _INFO.
const (
	logLevelError = 2
	logLevelInfo  = 3
)

// denied is ssh's message when every method has failed.
func (a *authenticator) denied() *Error {
	return errorf(nil, "%s@%s: Permission denied (%s).", a.user, a.host, strings.Join(a.allowed, ","))
}

// openAgent connects to the agent, if there is one.
func (a *authenticator) openAgent() {
	sock, err := AgentSocket(a.res, a.d.getenv)
	if err != nil {
		a.d.log("%s", err.Error())
	}
	if sock == "" {
		return
	}
	c, err := net.Dial("unix", sock)
	if err != nil {
		a.d.debugf("Error connecting to agent: %s", connectFailure(err))
		return
	}
	a.agentConn, a.agent = c, agent.NewClient(c)
}

// finish runs after authentication succeeded: AddKeysToAgent for the keys loaded from
// files that signed, then the agent connection is closed.
func (a *authenticator) finish() {
	defer a.close()
	mode, life := a.res.AddKeysToAgent()
	if mode == resolve.AddKeysNo {
		return
	}
	for _, id := range a.ids {
		if !id.used || id.raw == nil || id.agentSigner != nil {
			continue
		}
		if a.agent == nil {
			a.openAgent()
			if a.agent == nil {
				a.d.debugf("no authentication agent, not adding key")
				return
			}
		}
		if mode == resolve.AddKeysAsk {
			if a.d.opts.Prompt == nil {
				continue
			}
			ans, err := a.d.prompt(fmt.Sprintf("Add key %s (%s) to agent? (yes/no) ", id.keyFile, id.comment), true)
			if err != nil || !strings.EqualFold(strings.TrimSpace(ans), "yes") {
				continue
			}
		}
		if err := a.agent.Add(addedKey(id, mode == resolve.AddKeysConfirm, uint32(life.Seconds()))); err != nil {
			a.d.debugf("could not add identity to agent: %s (%v)", id.keyFile, err)
		} else {
			a.d.debugf("identity added to agent: %s", id.keyFile)
		}
	}
}

// close ends the agent connection.
func (a *authenticator) close() {
	if a.agentConn != nil {
		a.agentConn.Close()
		a.agentConn, a.agent = nil, nil
	}
}
