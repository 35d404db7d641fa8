// Package resolve computes what OpenSSH's ssh would use for a host: it reads the
// configuration files the way ssh does (command-line options first, then -F or
// ~/.ssh/config and /etc/ssh/ssh_config, Include, Host and Match, the final pass), keeps
// the first value obtained for each option with ssh's exceptions, fills the defaults and
// prints the result exactly as `ssh -G` does ([Result.DumpG]).
//
// Every effective value carries its provenance ([Source]): the config line that set it,
// the command-line option, or the default, and the later assignments that lost. The
// linter, `sshcfg explain` and the language server read it from [Result.Options].
//
// The resolver touches the world only through an [Env]: the file system (so unsaved
// editor buffers can be resolved), the user, environment variables, the local host
// name, DNS for canonicalisation and a runner for Match exec (nil refuses to run
// commands). A [Resolver] caches parsed files, so resolving many hosts parses each file
// once; it is safe for concurrent calls, and files given with [Resolver.SetFile] (an
// editor's parsed buffers) win over the file system in every call.
//
// A [Request] comes from ssh's argv ([ParseArgs]) or from a program ([NewRequest] and its
// methods, each the ssh option it names: -o, -l, -p, -J, -i; the two resolve alike).
// [Request.OneShot] asks for a call that parses only what the host needs: fastest for a
// single host. [Resolver.ResolveContext] carries a context to Match exec commands
// ([Env.Exec], killed on cancellation) and DNS ([Env.LookupHost]); a cancelled call
// returns ctx.Err(). [Result.SetBy] maps a config line back to the keywords it set, for
// the language server's "what does this line do for this host".
//
// Behaviour follows a [github.com/sshcfg/sshcfg/parser/keyword.Dialect]: Debian's OpenSSH 9.2, upstream 9.2 or upstream
// 10.5. Differential tests compare every case in testdata/resolve with the real ssh -G.
package resolve
