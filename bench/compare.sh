#!/usr/bin/env bash
# Side-by-side wall time of `sshcfg resolve` and `ssh -G` on a generated config with
# 5,000 Host blocks, in one run; prints each mean and the ratio sshcfg/ssh.
# Usage: bench/compare.sh [runs] [hosts]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
hosts=${2:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/sshcfg" ./cmd/sshcfg # static, as the README installs it
go run ./bench/gen "$hosts" > "$work/config"
target="host$((hosts / 2))"
# both must agree before timing means anything
diff <("$work/sshcfg" resolve -F "$work/config" "$target" 2>/dev/null) <(ssh -G -F "$work/config" "$target" 2>/dev/null) >/dev/null \
  || { echo "outputs differ; not timing" >&2; exit 1; }
measure() { # prints mean milliseconds of "$@" over $runs runs
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { printf "%.3f", (e - s) / 1e6 / n }'
}
ours=$(measure "$work/sshcfg" resolve -F "$work/config" "$target")
theirs=$(measure ssh -G -F "$work/config" "$target")
echo "config: $hosts Host blocks ($(wc -c < "$work/config") bytes), $runs runs each, host $target"
echo "sshcfg resolve: ${ours} ms"
echo "ssh -G:         ${theirs} ms"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio sshcfg/ssh: %.3f\n", a / b }'
