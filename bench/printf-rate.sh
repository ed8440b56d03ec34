#!/usr/bin/env bash
# A printf per event on syscalls:sys_enter_getppid: jstap and bpftrace each trace a getppid
# loop (bench/getppid-loop.c, started with -c once the probe is attached) and print one line
# per call to a file. Events per second = lines printed / the loop's own time; lost events
# are what the tool reports (jstap: "records were lost", bpftrace: "Lost N events"), and for
# jstap the lines must be all the calls. Both print the loop's calls only (target(), cpid). Medians of the rounds; needs root, gcc, bpftrace.
# Usage: bench/printf-rate.sh [JSTAP_CALLS] [BPFTRACE_CALLS] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jcalls=${1:-2000000}
bcalls=${2:-500000}
rounds=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/bench/timing.sh"
gcc -O2 -o "$work/loop" "$root/bench/getppid-loop.c"
jstap="$root/jstap"
"$jstap" --version >/dev/null

run_jstap() {
  "$jstap" -c "$work/loop $jcalls" -e 'probe kernel.trace("syscalls:sys_enter_getppid") { if (pid() == target()) printf("%d %d\n", pid(), $__syscall_nr) }' >"$work/out" 2>"$work/err"
}
run_bpftrace() {
  bpftrace -c "$work/loop $bcalls" -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { printf("%d %d\n", pid, args->__syscall_nr); }' >"$work/out" 2>"$work/err"
}
loop_pid_lines() { grep -c -E '^[0-9]+ [0-9]+$' "$work/out" || true; }

: >"$work/jstap.rate"; : >"$work/bpftrace.rate"; : >"$work/jstap.lost"; : >"$work/bpftrace.lost"
for ((r = 0; r < rounds; r++)); do
  run_jstap
  ns=$(grep -E '^[0-9]+$' "$work/out" | tail -1)
  lines=$(loop_pid_lines)
  lost=$(sed -n 's/^WARNING: \([0-9]*\) records were lost.*/\1/p' "$work/err" | head -1)
  echo "${lost:-0}" >>"$work/jstap.lost"
  [ "$lines" -eq "$jcalls" ] || [ -n "$lost" ] || { echo "jstap printed $lines of $jcalls lines, none reported lost"; cat "$work/err"; exit 1; }
  awk -v l="$lines" -v ns="$ns" 'BEGIN { printf "%.0f\n", l / (ns / 1e9) }' >>"$work/jstap.rate"
  echo "$ns $jcalls" >>"$work/jstap.loop"

  run_bpftrace
  ns=$(grep -E '^[0-9]+$' "$work/out" | tail -1)
  lines=$(loop_pid_lines)
  lost=$(sed -n 's/^Lost \([0-9]*\) events.*/\1/p' "$work/out" | awk '{s += $1} END {print s + 0}')
  echo "$lost" >>"$work/bpftrace.lost"
  awk -v l="$lines" -v ns="$ns" 'BEGIN { printf "%.0f\n", l / (ns / 1e9) }' >>"$work/bpftrace.rate"
  echo "$ns $bcalls" >>"$work/bpftrace.loop"
done
untraced=$("$work/loop" "$jcalls")
j=$(median <"$work/jstap.rate")
b=$(median <"$work/bpftrace.rate")
echo "rounds=$rounds (medians); jstap $jcalls calls, bpftrace $bcalls calls per round; $(machine)"
awk -v n="$jcalls" -v u="$untraced" 'BEGIN { printf "untraced loop      %7.1f ns/call\n", u / n }'
sort -n "$work/jstap.loop" | awk '{a[NR] = $1 / $2} END {printf "jstap loop         %7.1f ns/call\n", a[int((NR + 1) / 2)]}'
sort -n "$work/bpftrace.loop" | awk '{a[NR] = $1 / $2} END {printf "bpftrace loop      %7.1f ns/call\n", a[int((NR + 1) / 2)]}'
printf 'jstap     %10s events/s printed, lost per round: %s\n' "$j" "$(tr '\n' ' ' <"$work/jstap.lost")"
printf 'bpftrace  %10s events/s printed, lost per round: %s\n' "$b" "$(tr '\n' ' ' <"$work/bpftrace.lost")"
echo "ratio jstap/bpftrace: $(ratio "$j" "$b")"
