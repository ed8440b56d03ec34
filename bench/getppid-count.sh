#!/usr/bin/env bash
# A tight getppid loop (bench/getppid-loop.c, timed inside the loop) run untraced, under
# jstap counting the calls in BPF on syscalls:sys_enter_getppid, and under bpftrace's
# '@[pid] = count()', in the same rounds; medians and the traced/untraced ratios are printed.
# Both tools start the loop with -c once their probe is attached. Needs root, gcc, bpftrace.
# Usage: bench/getppid-count.sh [CALLS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-2000000}
rounds=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/bench/timing.sh"
gcc -O2 -o "$work/loop" "$root/bench/getppid-loop.c"
jstap="$root/jstap"
"$jstap" --version >/dev/null

# The loop prints its own nanoseconds: the one line of digits in the tool's output.
loop_ns() { grep -E '^[0-9]+$' | tail -1; }

untraced() { "$work/loop" "$calls"; }
jstap_array() {
  "$jstap" -c "$work/loop $calls" -e 'global c; probe kernel.trace("syscalls:sys_enter_getppid") { c[pid()]++ }'
}
jstap_stat() {
  "$jstap" -c "$work/loop $calls" -e 'global c; probe kernel.trace("syscalls:sys_enter_getppid") { c[pid()] <<< 1 } probe end { foreach (p in c) n += @count(c[p]); printf("counted %d\n", n) }'
}
bpftrace_count() {
  bpftrace -c "$work/loop $calls" -e 'tracepoint:syscalls:sys_enter_getppid { @[pid] = count(); }' 2>/dev/null
}

declare -A ns
for f in untraced jstap_array jstap_stat bpftrace_count; do : >"$work/$f.ns"; done
for ((r = 0; r < rounds; r++)); do
  for f in untraced jstap_array jstap_stat bpftrace_count; do
    out=$("$f" 2>&1) || { echo "$f failed: $out"; exit 1; }
    loop_ns <<<"$out" >>"$work/$f.ns"
    [ "$f" = jstap_stat ] && last_count=$(sed -n 's/^counted //p' <<<"$out")
  done
done
[ "${last_count:-0}" -ge "$calls" ] || { echo "jstap counted ${last_count:-nothing} of $calls calls"; exit 1; }
b=$(median <"$work/untraced.ns")
echo "calls=$calls rounds=$rounds (medians); $(machine)"
for f in untraced jstap_array jstap_stat bpftrace_count; do
  m=$(median <"$work/$f.ns")
  awk -v name="$f" -v m="$m" -v b="$b" -v n="$calls" \
    'BEGIN { printf "%-16s %7.1f ns/call  %.2fx\n", name, m / n, m / b }'
done
