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
// once.
//
// Behaviour follows a [github.com/sshcfg/sshcfg/parser/keyword.Dialect]: Debian's OpenSSH 9.2, upstream 9.2 or upstream
// 10.5. Differential tests compare every case in testdata/resolve with the real ssh -G.
package resolve
