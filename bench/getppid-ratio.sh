#!/usr/bin/env bash
# Traced/untraced ratio of a tight getppid loop, with an in-kernel per-pid counter attached by
# jstap's engine (io.jstap.bpf.GetppidCounter) and, in the same run, by bpftrace
# 'tracepoint:syscalls:sys_enter_getppid { @[pid] = count(); }'. Needs root, gcc, bpftrace and
# compiled test classes (mvn test-compile). Usage: bench/getppid-ratio.sh [CALLS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-2000000}
rounds=${2:-5}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/loop" "$root/bench/getppid-loop.c"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

untraced() { "$work/loop" "$calls"; }

# starts a tracer writing to $work/out, waits until it says it is attached
with_tracer() {
  local ready=$1; shift
  mkfifo "$work/in"
  "$@" <"$work/in" >"$work/out" 2>"$work/err" &
  local pid=$!
  exec 7>"$work/in"
  for _ in $(seq 1 300); do grep -q "$ready" "$work/out" 2>/dev/null && break; sleep 0.05; done
  "$work/loop" "$calls"
  exec 7>&-
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$work/in"
}

declare -a base jstap bpft
for r in $(seq 1 "$rounds"); do
  base+=("$(untraced)")
  jstap+=("$(with_tracer attached "$java" --enable-native-access=ALL-UNNAMED \
      -cp "$root/target/classes:$root/target/test-classes" io.jstap.bpf.GetppidCounter)")
  grep -q "counted" "$work/out" || { echo "jstap counter failed:"; cat "$work/out" "$work/err"; exit 1; }
  counted=$(sed -n 's/^counted //p' "$work/out")
  [ "$counted" -ge "$calls" ] || { echo "jstap counted $counted of $calls calls"; exit 1; }
  bpft+=("$(with_tracer Attaching bpftrace -e 'tracepoint:syscalls:sys_enter_getppid { @[pid] = count(); }')")
done
b=$(printf '%s\n' "${base[@]}" | median)
j=$(printf '%s\n' "${jstap[@]}" | median)
t=$(printf '%s\n' "${bpft[@]}" | median)
echo "calls=$calls rounds=$rounds (medians); jstap's last count: $counted"
awk -v b="$b" -v j="$j" -v t="$t" -v n="$calls" 'BEGIN {
  printf "untraced        %7.1f ns/call  1.00x\n", b / n
  printf "jstap counter   %7.1f ns/call  %.2fx\n", j / n, j / b
  printf "bpftrace count  %7.1f ns/call  %.2fx\n", t / n, t / b
}'
