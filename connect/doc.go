// Package connect opens SSH connections from a resolved configuration, as ssh does:
// the transport (HostName, Port, ConnectTimeout, ConnectionAttempts, AddressFamily,
// BindAddress, the algorithm lists mapped onto golang.org/x/crypto/ssh), ProxyJump
// chains with each hop resolved from its own configuration, ProxyCommand run through
// the user's shell, ServerAlive keepalives, host key checks (package knownhosts) and
// authentication in ssh's order: public keys from the agent, CertificateFile and
// IdentityFile (asking for passphrases through an injected prompter, never in
// BatchMode), then keyboard-interactive and password.
//
// Errors carry ssh's wording; a program exits 255 on them as ssh does:
//
//	res, err := resolve.New(env, dialect).Resolve(resolve.NewRequest("targaryen"))
//	...
//	client, err := connect.Dial(ctx, res, connect.Options{ResolveHop: hops, Prompt: tty})
//	if err != nil {
//		fmt.Fprintln(os.Stderr, err) // e.g. "dany@192.168.1.10: Permission denied (publickey)."
//		os.Exit(255)
//	}
//	defer client.Close()
package connect
