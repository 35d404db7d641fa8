#!/usr/bin/env bash
# Side-by-side timings of `sshcfg connect` and OpenSSH's ssh on loopback, against
# temporary sshd processes (root or not, UsePAM no), printed as ratios:
#   1. connect + `true`, direct                 (goal: sshcfg/ssh <= 1.2)
#   2. connect + `true` through one ProxyJump   (goal: sshcfg/ssh <= 1.2)
#   3. 1 GiB through a -L forward               (goal: sshcfg/ssh throughput >= 1.0)
# The connects alternate ssh and sshcfg run by run; the forward is timed twice each,
# alternately, and the better round kept.
# A figure that cannot be measured (e.g. the forward package missing) prints "n/a".
# Usage: bench/connect.sh [runs] [MiB]; CIPHER=aes128-gcm@openssh.com (say) makes both use
# that cipher (the default is ssh's order: chacha20-poly1305 first).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
mib=${2:-1024}
sshd=/usr/sbin/sshd
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
go build -o "$work/sshcfg" ./cmd/sshcfg

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # waits until something accepts on 127.0.0.1:$1
  for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  return 1
}

ssh-keygen -q -t ed25519 -N '' -f "$work/id" -C bench
: > "$work/known_hosts"
start_sshd() { # name → sets $port
  local name=$1
  port=$(free_port)
  ssh-keygen -q -t ed25519 -N '' -f "$work/$name.hostkey"
  cat > "$work/$name.conf" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $work/$name.hostkey
PidFile none
UsePAM no
StrictModes no
PermitRootLogin yes
AuthorizedKeysFile $work/id.pub
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowTcpForwarding yes
PrintMotd no
LogLevel ERROR
CONF
  "$sshd" -D -e -f "$work/$name.conf" </dev/null >/dev/null 2>>"$work/sshd.log" &
  pids+=($!)
  wait_port "$port"
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/$name.hostkey.pub")" >> "$work/known_hosts"
}
start_sshd target
target=$port
start_sshd hop
hop=$port
cat > "$work/config" <<CONF
Host target
  HostName 127.0.0.1
  Port $target
Host hop
  HostName 127.0.0.1
  Port $hop
Host *
  IdentityFile $work/id
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
CONF
ssh_cmd=(ssh -F "$work/config")
ours_cmd=("$work/sshcfg" connect -F "$work/config")
if [ -n "${CIPHER:-}" ]; then
  ssh_cmd+=(-c "$CIPHER")
  ours_cmd+=(-c "$CIPHER")
fi

measure_pair() { # "ssh args" vs "sshcfg args": runs them alternately $runs times each (so a
  # change of load on the machine hits both alike); prints "ssh_ms ours_ms", n/a on failure
  local -n a=$1 b=$2
  local i s t_a=0 t_b=0 ok_a=1 ok_b=1
  "${a[@]}" >/dev/null 2>&1 || ok_a=0
  "${b[@]}" >/dev/null 2>"$work/err" || ok_b=0
  for i in $(seq "$runs"); do
    if [ $ok_a = 1 ]; then s=$(date +%s%N); "${a[@]}" >/dev/null 2>&1 || ok_a=0; t_a=$((t_a + $(date +%s%N) - s)); fi
    if [ $ok_b = 1 ]; then s=$(date +%s%N); "${b[@]}" >/dev/null 2>&1 || ok_b=0; t_b=$((t_b + $(date +%s%N) - s)); fi
  done
  if [ $ok_a = 1 ]; then awk -v t="$t_a" -v n="$runs" 'BEGIN { printf "%.1f ", t / 1e6 / n }'; else printf "n/a "; fi
  if [ $ok_b = 1 ]; then awk -v t="$t_b" -v n="$runs" 'BEGIN { printf "%.1f\n", t / 1e6 / n }'; else echo "n/a"; fi
}
ratio() { # a b → a/b or n/a
  if [ "$1" = n/a ] || [ "$2" = n/a ]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}

# 1 GiB through -L: a sink on the server side counts the bytes; the client writes them
# into the forward's local port. Prints MiB/s or n/a.
start_sink() { # port bytes: a one-connection sink that prints what it received
  python3 - "$1" "$2" > "$work/sink.out" <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); want = int(sys.argv[2]); got = 0
buf = bytearray(1 << 20)
while got < want:
    n = c.recv_into(buf)
    if n == 0: break
    got += n
print(got)
PY
  spid=$!
}
listening() { # port: whether something listens on 127.0.0.1:port (from /proc, no connection made)
  grep -q "$(printf '0100007F:%04X 00000000:0000 0A' "$1")" /proc/net/tcp
}
wait_listen() {
  for _ in $(seq 200); do listening "$1" && return 0; sleep 0.05; done
  return 1
}
throughput() { # client command (run with -N -L port:127.0.0.1:sink)...
  local lport sink start end cpid bytes=$((mib * 1048576))
  lport=$(free_port)
  sink=$(free_port)
  start_sink "$sink" "$bytes"
  wait_listen "$sink"
  "$@" -N -L "$lport:127.0.0.1:$sink" target </dev/null >/dev/null 2>"$work/fwd.err" &
  cpid=$!
  if ! wait_listen "$lport"; then
    kill "$cpid" "$spid" 2>/dev/null || true; wait "$cpid" "$spid" 2>/dev/null || true
    echo n/a; return
  fi
  start=$(date +%s%N)
  head -c "$bytes" /dev/zero > "/dev/tcp/127.0.0.1/$lport" || true
  wait "$spid" || true
  end=$(date +%s%N)
  kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true
  if [ "$(cat "$work/sink.out")" != "$bytes" ]; then echo n/a; return; fi
  awk -v s="$start" -v e="$end" -v m="$mib" 'BEGIN { printf "%.0f", m / ((e - s) / 1e9) }'
}

echo "loopback, $runs runs each; $(ssh -V 2>&1); sshcfg $(git rev-parse --short HEAD 2>/dev/null || echo '(no git)'); cipher ${CIPHER:-default order}"
direct_ssh=("${ssh_cmd[@]}" target true)
direct_ours=("${ours_cmd[@]}" target true)
read -r d_ssh d_ours < <(measure_pair direct_ssh direct_ours)
printf "connect + true, direct:   ssh %8s ms   sshcfg %8s ms   ratio sshcfg/ssh %s (goal <= 1.2)\n" "$d_ssh" "$d_ours" "$(ratio "$d_ours" "$d_ssh")"
jump_ssh=("${ssh_cmd[@]}" -J hop target true)
jump_ours=("${ours_cmd[@]}" -J hop target true)
read -r j_ssh j_ours < <(measure_pair jump_ssh jump_ours)
printf "connect + true, one jump: ssh %8s ms   sshcfg %8s ms   ratio sshcfg/ssh %s (goal <= 1.2)\n" "$j_ssh" "$j_ours" "$(ratio "$j_ours" "$j_ssh")"
best() { # the larger of two figures (n/a when either is)
  if [ "$1" = n/a ] || [ "$2" = n/a ]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; fi
}
# two alternating rounds, the better of each kept: the machine's load varies
f_ssh=$(throughput "${ssh_cmd[@]}")
f_ours=$(throughput "${ours_cmd[@]}")
f_ssh=$(best "$f_ssh" "$(throughput "${ssh_cmd[@]}")")
f_ours=$(best "$f_ours" "$(throughput "${ours_cmd[@]}")")
printf "%d MiB through -L:       ssh %8s MiB/s sshcfg %8s MiB/s ratio sshcfg/ssh %s (goal >= 1.0)\n" "$mib" "$f_ssh" "$f_ours" "$(ratio "$f_ours" "$f_ssh")"
