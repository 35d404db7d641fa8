#!/usr/bin/env bash
# Peak memory (maximum resident set size) of `sshcfg fmt` on a generated config of about
# 48 MB, in place and with --check, --stdout and --diff, on two inputs: one already
# formatted and one where every line needs an edit (indentation dropped, "User=",
# a trailing blank on every line). Prints each peak and its ratio to the input size;
# exits 1 if any ratio reaches the limit (10 unless given). fmt runs with --indent 2, the
# generated config's own: a file with no indented line at all is indented by four otherwise.
# Usage: bench/fmtmem.sh [hosts] [limit]     (needs GNU time as /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${1:-422000}
limit=${2:-10}
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/sshcfg" ./cmd/sshcfg # static, as the README installs it
go run ./bench/gen "$hosts" > "$work/formatted.conf"
sed -e 's/^  //' -e 's/User /User=/' -e 's/$/ /' "$work/formatted.conf" > "$work/unformatted.conf"
fail=0
peak() { # name, input file, sshcfg arguments...: prints the peak and its ratio
  local name=$1 input=$2 kb size
  shift 2
  /usr/bin/time -f %M -o "$work/rss" "$work/sshcfg" "$@" > /dev/null || [ $? -eq 1 ] # --check exits 1
  kb=$(tail -n 1 "$work/rss") # after time's note of a non-zero exit
  size=$(wc -c < "$input")
  awk -v n="$name" -v kb="$kb" -v s="$size" -v lim="$limit" 'BEGIN {
    r = kb * 1024 / s
    printf "%-28s input %5.1f MB  peak RSS %6.1f MB  %4.1fx%s\n", n, s / 1e6, kb * 1024 / 1e6, r, (r >= lim ? "  OVER LIMIT" : "")
    exit (r >= lim) }' || fail=1
}
for kind in unformatted formatted; do
  in="$work/$kind.conf"
  cp "$in" "$work/copy.conf"
  peak "$kind in place" "$in" fmt --indent 2 "$work/copy.conf"
  cmp -s "$work/copy.conf" "$work/formatted.conf" || { echo "$kind: in-place result is not the formatted config" >&2; fail=1; }
  peak "$kind --check" "$in" fmt --indent 2 --check "$in"
  peak "$kind --stdout" "$in" fmt --indent 2 --stdout "$in"
  peak "$kind --diff" "$in" fmt --indent 2 --diff "$in"
done
exit $fail
