#!/usr/bin/env bash
# Runs every performance comparison side by side and regenerates docs/performance.md:
# per fleet size (100 … 1,000,000 hosts) the whole process of `sshcfg resolve` against
# `ssh -G`, `sshcfg hosts`, `explain`, `fmt --check` and `lint` (time and peak memory),
# the 10,000-file Include glob, the parser's whole-tree benchmark, how each cost grows
# with size, kevinburke/ssh_config in-process (bench/peers) and `sshcfg connect` against
# ssh (bench/connect.sh). The page's history section is kept. About 10 minutes on 2 cores.
# Usage: bench/run.sh [-quick] [-out FILE] [-sizes 100,1000,…] [other flags of bench/perf]
# (-quick without -out prints its page rather than writing docs/performance.md)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ssh >/dev/null || { echo "run.sh: needs ssh (the OpenSSH client) on PATH" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/sshcfg" ./cmd/sshcfg # static, as the README installs it
go build -o "$work/perf" ./bench/perf
CGO_ENABLED=0 go build -o "$work/hello" ./bench/floor/hello # the start-up floor
CGO_ENABLED=0 go build -o "$work/resolveonly" ./bench/floor/resolveonly
quick=false
case " $* " in
*" -quick "* | *" --quick "* | *" -quick=true "* | *" --quick=true "*) quick=true ;;
esac
connect=()
if ! $quick; then # sshcfg connect against ssh (bench/connect.sh), in ssh's cipher order and with AES-GCM
  { bench/connect.sh 10 1024 && CIPHER=aes128-gcm@openssh.com bench/connect.sh 10 1024; } > "$work/connect.txt" 2>&1 ||
    echo "bench/connect.sh failed" >> "$work/connect.txt"
  connect=(-connect "$work/connect.txt")
fi
# -quick checks the script: unless -out names a page, it prints its page instead of
# overwriting docs/performance.md with figures of no record
out=()
case " $* " in
*" -out "* | *" -out="* | *" --out "* | *" --out="*) ;;
*) if $quick; then out=(-out "$work/quick.md"); fi ;;
esac
"$work/perf" -sshcfg "$work/sshcfg" -hello "$work/hello" -resolve-only "$work/resolveonly" -repo . "${connect[@]}" "${out[@]}" "$@"
if ((${#out[@]})); then
  cat "$work/quick.md"
  echo "run.sh: quick mode: the page above checks the script; docs/performance.md is left as it is" >&2
fi
