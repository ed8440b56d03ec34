#!/usr/bin/env bash
# Compiling a script of 1,000 probes, each counting its own hits, on the first 1,000
# tracepoints of this machine (sorted names; raw and syscall tracepoints alike) into a file
# that runs later: jstap -p4 (parse, resolve and type, BPF code for every probe, the module
# file) beside bpftrace --emit-elf (its parse, semantic analysis, LLVM code generation and
# ELF file, nothing loaded), rounds alternating; medians, their ratio, and jstap's own pass
# times (-v) from one more run. Needs root and bpftrace.
# Usage: bench/compile-1000.sh [ROUNDS] [PROBES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
probes=${2:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/bench/timing.sh"
jstap="$root/jstap"
"$jstap" --version >/dev/null
tracefs=/sys/kernel/tracing
[ -d "$tracefs/events" ] || mount -t tracefs nodev "$tracefs"

ls -d "$tracefs"/events/*/*/ | sed "s|$tracefs/events/||; s|/\$||" \
  | grep -v -E '^(ftrace|header_|enable)' | sort | head -"$probes" >"$work/tracepoints"
[ "$(wc -l <"$work/tracepoints")" -eq "$probes" ] || { echo "fewer than $probes tracepoints"; exit 1; }
awk -F/ 'BEGIN { print "global hits" } { printf "probe kernel.trace(\"%s:%s\") { hits[%d]++ }\n", $1, $2, NR }' \
  "$work/tracepoints" >"$work/probes.stp"
awk -F/ '{ printf "tracepoint:%s:%s { @hits[%d] = count(); }\n", $1, $2, NR }' \
  "$work/tracepoints" >"$work/probes.bt"

jstap_compile() { (cd "$work" && "$jstap" -p4 -m probes probes.stp); }
bpftrace_compile() {
  BPFTRACE_MAX_PROBES=$((probes * 2)) BPFTRACE_MAX_BPF_PROGS=$((probes * 2)) \
    bpftrace --emit-elf "$work/probes.elf" "$work/probes.bt"
}
jstap_compile >/dev/null || { echo "jstap -p4 failed"; jstap_compile | tail; exit 1; }
bpftrace_compile >/dev/null 2>&1 || { echo "bpftrace --emit-elf failed"; exit 1; }

interleave "$rounds" 1 jstap_compile bpftrace_compile
j=$(median_of jstap_compile)
b=$(median_of bpftrace_compile)
echo "probes=$probes rounds=$rounds (medians); $(machine)"
printf 'jstap -p4               %6s ms  %s\n' "$j" "$(ratio "$j" "$b")"
printf 'bpftrace --emit-elf     %6s ms  1.00\n' "$b"
(cd "$work" && "$jstap" -v -p4 -m probes probes.stp 2>&1 >/dev/null | grep '^Pass')
