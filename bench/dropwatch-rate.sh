#!/usr/bin/env bash
# Drops per second counted by `jstap dropwatch` and, in the same run, by the equivalent
# bpftrace one-liner
#   bpftrace -e 'tracepoint:skb:kfree_skb { @[args->location, args->reason] = count(); }'
# with the same flood: one bench/drop-flood.c sender per CPU, in a network namespace made for
# the run (its own lo), each frame dropped once by the kernel (UNHANDLED_PROTO). For each
# tracer: frames sent, drops it counted at those sites, flood rate; "lost" is sent - counted.
# A last round enables kernel.bpf_stats_enabled for a moment to read each program's own cost
# per drop (run_time_ns / run_cnt), i.e. how many drops one CPU could count.
# Needs root, gcc, bpftrace, bpftool. Usage: bench/dropwatch-rate.sh [FRAMES_PER_SENDER] [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
frames=${1:-5000000}
rounds=${2:-3}
senders=$(nproc)
work=$(mktemp -d)
ns=jstapbench$$
stats_before=$(cat /proc/sys/kernel/bpf_stats_enabled)
tracer=
cleanup() {
  [ -n "$tracer" ] && kill -TERM "$tracer" 2>/dev/null && wait "$tracer" 2>/dev/null
  echo "$stats_before" > /proc/sys/kernel/bpf_stats_enabled
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
gcc -O2 -o "$work/flood" "$root/bench/drop-flood.c"
ip netns add "$ns"
ip -n "$ns" link set lo up
"$root/jstap" dropwatch --help >/dev/null # builds the jar when needed
reasons=$("$root/jstap" dropwatch --list-reasons)
unhandled=$(awk '$2 == "UNHANDLED_PROTO" {print $1}' <<<"$reasons")
backlog=$(awk '$2 == "CPU_BACKLOG" {print $1}' <<<"$reasons")

# floods with all senders at once; prints "FRAMES SECONDS" (seconds: the slowest sender's)
flood() {
  local pids=() i
  for i in $(seq 1 "$senders"); do
    ip netns exec "$ns" "$work/flood" "$frames" >"$work/flood.$i" &
    pids+=($!)
  done
  wait "${pids[@]}"
  cat "$work"/flood.* | awk '{n += $1; if ($2 > s) s = $2} END {printf "%d %.6f\n", n, s}'
}

# starts a tracer (output to $work/out), waits for its ready line and one more second
start_tracer() {
  local ready=$1; shift
  "$@" >"$work/out" 2>"$work/err" &
  tracer=$!
  for _ in $(seq 1 600); do grep -q "$ready" "$work/out" 2>/dev/null && break; sleep 0.05; done
  grep -q "$ready" "$work/out" || { echo "tracer did not start:"; cat "$work/out" "$work/err"; exit 1; }
  sleep 1
}

# SIGTERM, not SIGINT: a script's background jobs start with SIGINT ignored, and the JVM keeps
# an ignored signal ignored (both tracers treat TERM like Ctrl-C)
# CPU time the tracer's process has used so far, in ms (utime + stime, proc(5))
tracer_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print ($12 + $13) * 1000 / hz}' "/proc/$tracer/stat"
}

stop_tracer() {
  sleep 0.5
  kill -TERM "$tracer"
  wait "$tracer" || true
  tracer=
}

# drops at the flood's sites (reasons UNHANDLED_PROTO and CPU_BACKLOG) in the tracer's output
jstap_counted() {
  grep '"type":"summary"' "$work/out" | grep -o '{"count":[0-9]*,[^}]*"reason":"\(UNHANDLED_PROTO\|CPU_BACKLOG\)"' |
    sed 's/{"count":\([0-9]*\).*/\1/' | awk '{n += $1} END {print n + 0}'
}
bpftrace_counted() {
  sed -n 's/^@\[[^,]*, \([0-9]*\)\]: \([0-9]*\)$/\1 \2/p' "$work/out" |
    awk -v a="$unhandled" -v b="$backlog" '$1 == a || $1 == b {n += $2} END {print n + 0}'
}

run_jstap() { start_tracer '"type":"start"' "$root/jstap" dropwatch --json --top 0; }
run_bpftrace() { start_tracer Attaching bpftrace -e 'tracepoint:skb:kfree_skb { @[args->location, args->reason] = count(); }'; }

echo "kernel $(uname -r), $(nproc) CPUs, $senders senders x $frames frames, $rounds rounds; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-9s %12s %12s %8s %14s %16s\n' round tracer sent counted lost "drops/s" "tracer CPU (ms)"
for r in $(seq 1 "$rounds"); do
  read -r sent secs < <(flood)
  printf '%-6s %-9s %12d %12s %8s %14.0f %16s\n' "$r" none "$sent" - - "$(awk -v n="$sent" -v s="$secs" 'BEGIN {print n / s}')" -
  run_jstap
  cpu0=$(tracer_cpu)
  read -r sent secs < <(flood)
  cpu=$(awk -v a="$cpu0" -v b="$(tracer_cpu)" 'BEGIN {print b - a}')
  stop_tracer
  counted=$(jstap_counted)
  grep -o '"lost":{[^}]*}' "$work/out" | sed 's/^/       jstap /'
  printf '%-6s %-9s %12d %12d %8d %14.0f %16s\n' "$r" jstap "$sent" "$counted" $((sent - counted)) "$(awk -v n="$counted" -v s="$secs" 'BEGIN {print n / s}')" "$cpu"
  run_bpftrace
  cpu0=$(tracer_cpu)
  read -r sent secs < <(flood)
  cpu=$(awk -v a="$cpu0" -v b="$(tracer_cpu)" 'BEGIN {print b - a}')
  stop_tracer
  counted=$(bpftrace_counted)
  printf '%-6s %-9s %12d %12d %8d %14.0f %16s\n' "$r" bpftrace "$sent" "$counted" $((sent - counted)) "$(awk -v n="$counted" -v s="$secs" 'BEGIN {print n / s}')" "$cpu"
done

# each program's own cost per drop, measured by the kernel (bpf_stats adds two clock reads per run)
echo 1 > /proc/sys/kernel/bpf_stats_enabled
cost() { # name: prints "runs ns/run" of the loaded program called name
  bpftool prog show name "$1" | sed -n 's/.*run_time_ns \([0-9]*\) run_cnt \([0-9]*\).*/\2 \1/p' |
    awk '{c += $1; t += $2} END {if (c) printf "%d %.1f\n", c, t / c; else print "0 -"}'
}
run_jstap
flood >/dev/null
read -r runs per_drop < <(cost dropwatch)
stop_tracer
echo "jstap program:    $runs runs, $per_drop ns per drop (bpf_stats)"
run_bpftrace
flood >/dev/null
read -r runs per_drop < <(cost kfree_skb)
stop_tracer
echo "bpftrace program: $runs runs, $per_drop ns per drop (bpf_stats)"
