package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/sshcfg/sshcfg/connect"
	"github.com/sshcfg/sshcfg/internal/safefile"
	"github.com/sshcfg/sshcfg/parser/keyword"
	"github.com/sshcfg/sshcfg/resolve"
)

func copyIDCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "copy-id [sshcfg flags] [-i [key]] [-n] [-f] [ssh options] [user@]host",
		Short: "Install public keys on a remote account, like ssh-copy-id",
		Long: "copy-id logs in through the resolved configuration (as connect does) and appends\n" +
			"public keys to the remote ~/.ssh/authorized_keys, creating ~/.ssh (mode 700) and the\n" +
			"file (mode 600) when missing. The keys are those of -i (FILE.pub when FILE does not\n" +
			"end in .pub; never a private key), else the agent's, else the newest ~/.ssh/id*.pub,\n" +
			"as ssh-copy-id picks them. Keys already in the remote authorized_keys are skipped\n" +
			"unless -f is given; -n prints the keys that would be installed and changes nothing.",
		DisableFlagParsing: true,
		ValidArgsFunction:  completeSSHLine(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := g.takeLongFlags(args)
			if err != nil {
				return err
			}
			d, err := g.dialect()
			if err != nil {
				return err
			}
			opts, sshArgs, err := parseCopyIDArgs(args, d)
			if err != nil {
				return err
			}
			if opts.help {
				return cmd.Help()
			}
			c := &connection{g: g, cmd: cmd, args: sshArgs, stdin: cmd.InOrStdin(), stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr()}
			return c.copyID(opts)
		},
	}
}

// copyIDOptions are copy-id's own options (ssh-copy-id's).
type copyIDOptions struct {
	identity    string // -i: the key file ("" when not given)
	identitySet bool   // -i given, perhaps without a file (the default file)
	dryRun      bool   // -n
	force       bool   // -f
	help        bool
}

// parseCopyIDArgs takes copy-id's options (-i [file], -n, -f, -h) from among ssh's
// options before the destination and returns the rest for ssh's parser.
func parseCopyIDArgs(args []string, d keyword.Dialect) (copyIDOptions, []string, error) {
	var o copyIDOptions
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-h" || a == "-?" || a == "--help":
			o.help = true
			return o, nil, nil
		case a == "-n":
			o.dryRun = true
		case a == "-f":
			o.force = true
		case a == "-i":
			o.identitySet = true
			if i+2 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				o.identity = args[i]
			}
		case strings.HasPrefix(a, "-i"):
			o.identitySet, o.identity = true, a[2:]
		case a == "--" || a == "" || a[0] != '-' || a == "-":
			return o, append(rest, args[i:]...), nil
		default:
			rest = append(rest, a)
			if last := a[len(a)-1]; len(a) == 2 && resolve.OptionTakesArg(last, d) && i+1 < len(args) {
				i++
				rest = append(rest, args[i])
			}
		}
	}
	return o, nil, errors.New("copy-id: no destination given")
}

// refuseSpecialFile stops a remote script when ~/.ssh/authorized_keys exists and is not
// a regular file (through symbolic links): reading a named pipe would wait for ever, a
// link to /dev/zero would never end, and appending to /dev/null would install nothing.
const refuseSpecialFile = `if [ -e .ssh/authorized_keys ] && [ ! -f .ssh/authorized_keys ]; then ` +
	`echo "~/.ssh/authorized_keys is not a regular file" >&2; exit 1; fi; `

// installScript appends standard input to ~/.ssh/authorized_keys with plain /bin/sh
// commands: ~/.ssh and the file are created with modes 700 and 600 (umask 077), a
// missing final newline of the file is added first, and SELinux labels restored where
// restorecon exists.
const installScript = `exec sh -c 'cd || exit 1; umask 077; mkdir -p .ssh || exit 1; ` + refuseSpecialFile +
	`if [ -s .ssh/authorized_keys ] && [ -n "$(tail -c 1 .ssh/authorized_keys)" ]; then echo >> .ssh/authorized_keys || exit 1; fi; ` +
	`cat >> .ssh/authorized_keys || exit 1; ` +
	`if type restorecon >/dev/null 2>&1; then restorecon -F .ssh .ssh/authorized_keys; fi'`

// readScript prints the remote authorized_keys (nothing when there is none).
const readScript = `exec sh -c 'cd || exit 1; ` + refuseSpecialFile + `cat .ssh/authorized_keys 2>/dev/null; exit 0'`

// maxRemoteOutput bounds what copy-id keeps of a remote script's standard output (the
// authorized_keys it reads) and maxRemoteErrors of its standard error: past them the
// session is closed, so that a remote side that never stops cannot fill memory.
const (
	maxRemoteOutput = 16 << 20
	maxRemoteErrors = 4 << 10
)

// copyID runs copy-id.
func (c *connection) copyID(opts copyIDOptions) error {
	c.command = installScript // commands run: no pseudo-terminal, and no notice about one
	if err := c.prepare(); err != nil {
		return err
	}
	keys, source, err := c.keysToInstall(opts)
	if err != nil {
		fmt.Fprintf(c.stderr, "sshcfg copy-id: ERROR: %s\n", resolve.EscapeText(err.Error()))
		return &exitError{1}
	}
	fmt.Fprintf(c.stderr, "sshcfg copy-id: INFO: Source of key(s) to be installed: %s\n", resolve.EscapeText(source))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	client, err := connect.Dial(ctx, c.res, c.dialOptions())
	if err != nil {
		return c.connectFailure(err)
	}
	defer client.Close()
	if !opts.force {
		out, err := runRemote(client, readScript, nil)
		if err != nil {
			return c.copyIDFailure("reading the remote authorized_keys", err)
		}
		have := authorizedBlobs(out)
		var fresh []string
		for _, k := range keys {
			if !have[keyBlob(k)] {
				fresh = append(fresh, k)
			}
		}
		if skipped := len(keys) - len(fresh); skipped > 0 {
			fmt.Fprintf(c.stderr, "sshcfg copy-id: INFO: %d key(s) remain to be installed -- %d already on the remote system\n", len(fresh), skipped)
		}
		if len(fresh) == 0 {
			fmt.Fprintf(c.stderr, "\nsshcfg copy-id: WARNING: All keys were skipped because they already exist on the remote system.\n"+
				"\t\t(if you think this is a mistake, you may want to use -f option)\n\n")
			return nil
		}
		keys = fresh
	}
	text := strings.Join(keys, "\n") + "\n"
	if opts.dryRun {
		fmt.Fprintf(c.stdout, "=-=-=-=-=-=-=-=\nWould have added the following key(s):\n\n%s=-=-=-=-=-=-=-=\n", terminalSafe(c.stdout, text))
		return nil
	}
	if _, err := runRemote(client, installScript, strings.NewReader(text)); err != nil {
		return c.copyIDFailure("installing the key(s)", err)
	}
	fmt.Fprintf(c.stdout, "\nNumber of key(s) added: %d\n\nNow try logging into the machine, with:   \"sshcfg connect %s\"\n"+
		"and check to make sure that only the key(s) you wanted were added.\n\n", len(keys), resolve.EscapeText(c.req.Host))
	return nil
}

// copyIDFailure reports a remote step that failed and exits 1, as ssh-copy-id.
func (c *connection) copyIDFailure(step string, err error) error {
	fmt.Fprintf(c.stderr, "sshcfg copy-id: ERROR: %s failed: %s\n", step, resolve.EscapeText(err.Error()))
	return &exitError{1}
}

// runRemote runs a command in a new session and returns its exit status; a failure
// or a status other than 0 is an error that quotes the command's standard error.
func runRemote(client *ssh.Client, command string, stdin io.Reader) (string, error) {
	s, err := client.NewSession()
	if err != nil {
		return "", err
	}
	defer s.Close()
	if stdin != nil {
		s.Stdin = stdin
	}
	closeSession := func() { _ = s.Close() }
	out := &cappedBuffer{max: maxRemoteOutput, over: closeSession}
	errOut := &cappedBuffer{max: maxRemoteErrors, over: closeSession}
	s.Stdout, s.Stderr = out, errOut
	err = s.Run(command)
	if out.overflow {
		return "", fmt.Errorf("the remote side sent more than %d bytes", maxRemoteOutput)
	}
	if err != nil {
		var ee *ssh.ExitError
		if text := strings.TrimSpace(errOut.String()); errors.As(err, &ee) && text != "" {
			err = errors.New(text)
		}
		return "", err
	}
	return out.String(), nil
}

// cappedBuffer keeps what is written up to max bytes; the first write past it calls
// over and the rest is dropped. (It has no ReadFrom, so io.Copy goes through Write.)
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int
	over     func()
	overflow bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.overflow || b.buf.Len()+len(p) > b.max {
		if !b.overflow {
			b.overflow = true
			b.over()
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *cappedBuffer) String() string { return b.buf.String() }

// maxPublicKeyFile bounds the -i file copy-id reads: a named pipe, a device or a huge
// file is refused unread.
const maxPublicKeyFile = 1 << 20

// keysToInstall picks the public keys as ssh-copy-id does: the -i file (FILE.pub unless
// FILE ends in .pub), else the agent's keys, else the newest ~/.ssh/id*.pub that is not
// a certificate. Each line must parse as a public key: a private key is never sent.
func (c *connection) keysToInstall(opts copyIDOptions) ([]string, string, error) {
	home := c.resolver.Env.User.Home
	file := opts.identity
	if !opts.identitySet || file == "" {
		if !opts.identitySet {
			if keys := agentKeys(); len(keys) > 0 {
				return keys, `"ssh-add -L" (the agent's keys)`, nil
			}
		}
		file = newestPublicKey(filepath.Join(home, ".ssh"))
		if file == "" {
			return nil, "", errors.New("No identities found")
		}
	}
	if strings.HasPrefix(file, "~/") {
		file = filepath.Join(home, file[2:])
	}
	if !strings.HasSuffix(file, ".pub") {
		file += ".pub"
	}
	b, _, err := safefile.ReadRegular(file, maxPublicKeyFile)
	if err != nil {
		return nil, "", fmt.Errorf("failed to open ID file '%s': %s", file, strerror(err))
	}
	var keys []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line)); err != nil {
			return nil, "", fmt.Errorf("%s is not a public key file (refusing to send it)", file)
		}
		keys = append(keys, line)
	}
	if len(keys) == 0 {
		return nil, "", fmt.Errorf("No identities found in %s", file)
	}
	return keys, file, nil
}

// agentKeys lists the keys of the agent at SSH_AUTH_SOCK in authorized_keys form.
func agentKeys() []string {
	sock := os.Getenv("SSH_AUTH_SOCK")
	if sock == "" {
		return nil
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil
	}
	defer conn.Close()
	list, err := agent.NewClient(conn).List()
	if err != nil {
		return nil
	}
	var out []string
	for _, k := range list {
		line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
		if comment := strings.TrimSpace(strings.Map(controlToSpace, k.Comment)); comment != "" {
			line += " " + comment
		}
		out = append(out, line)
	}
	return out
}

// controlToSpace maps the control characters of an agent key's comment to spaces: a
// newline in it would start another authorized_keys line (with options of its own).
func controlToSpace(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return ' '
	}
	return r
}

// newestPublicKey is ssh-copy-id's default_ID_file: the most recently modified
// id*.pub of dir that is not a -cert.pub.
func newestPublicKey(dir string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "id*.pub"))
	type cand struct {
		path string
		mod  int64
	}
	var cs []cand
	for _, m := range matches {
		if strings.HasSuffix(m, "-cert.pub") {
			continue
		}
		if st, err := os.Stat(m); err == nil {
			cs = append(cs, cand{m, st.ModTime().UnixNano()})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].mod > cs[j].mod })
	return cs[0].path
}

// authorizedBlobs returns the key blobs of an authorized_keys text (options ignored).
func authorizedBlobs(text string) map[string]bool {
	have := map[string]bool{}
	rest := []byte(text)
	for len(rest) > 0 {
		pub, _, _, r, err := ssh.ParseAuthorizedKey(rest)
		if err != nil {
			break
		}
		have[string(pub.Marshal())] = true
		rest = r
	}
	return have
}

// keyBlob is the key blob of one authorized_keys line.
func keyBlob(line string) string {
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return ""
	}
	return string(pub.Marshal())
}
