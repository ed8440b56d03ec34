#!/usr/bin/env bash
# One-tracepoint start-up of two builds of jstap beside bpftrace, in one run: this checkout's
# ./jstap and another checkout's (e.g. a worktree of an older commit), 20 alternating rounds.
# The tracepoint is syscalls:sys_enter_getppid unless given (sched:sched_switch has BTF
# arguments). Needs root and bpftrace.
# Usage: bench/startup-compare.sh OTHER_CHECKOUT [ROUNDS] [SUBSYSTEM:EVENT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
other=$(cd "${1:?usage: bench/startup-compare.sh OTHER_CHECKOUT [ROUNDS] [SUBSYSTEM:EVENT]}" && pwd)
rounds=${2:-20}
tracepoint=${3:-syscalls:sys_enter_getppid}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/bench/timing.sh"
script='probe kernel.trace("'"$tracepoint"'") { } probe timer.ms(1) { println("ready"); exit() }'
other_jstap() { "$other/jstap" -e "$script"; }
this_jstap() { "$root/jstap" -e "$script"; }
bpftrace_one() {
  bpftrace -e "tracepoint:$tracepoint { } BEGIN { printf(\"ready\\n\"); exit(); }"
}
# builds both launchers' jars and caches before timing
for f in other_jstap this_jstap bpftrace_one; do
  out=$("$f" 2>&1) || { echo "$f failed: $out"; exit 1; }
  grep -q '^ready$' <<<"$out" || { echo "$f did not print ready: $out"; exit 1; }
done
interleave "$rounds" 2 other_jstap this_jstap bpftrace_one
echo "rounds=$rounds (medians); $(machine)"
b=$(median_of bpftrace_one)
for f in bpftrace_one other_jstap this_jstap; do
  printf '%-14s %6s ms  ratio %5s  cpu %5s ms\n' "$f" "$(median_of "$f")" \
    "$(ratio "$(median_of "$f")" "$b")" "$(cpu_of "$f")"
done
