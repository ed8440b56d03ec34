#!/usr/bin/env bash
# Start-up, end to end, beside bpftrace in the same run: a script that prints "ready" in its
# begin probe and exits, then the same with one tracepoint probe attached. Rounds alternate
# the tools; medians and their ratios are printed. Needs root and bpftrace.
# Usage: bench/startup.sh [ROUNDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$root/bench/timing.sh"
jstap="$root/jstap"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java

# What ./jstap runs once the jar is built: the launcher's own cost is bash and a freshness check.
jstap_java() {
  "$java" -XX:AOTCache="$root/target/jstap.aot" -Xlog:aot=off -Xlog:cds=off -XX:+UseSerialGC \
    -XX:TieredStopAtLevel=1 -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
    -cp "$root/target/jstap.jar" io.jstap.cli.Main "$@"
}

begin_jstap() { "$jstap" -e 'probe begin { println("ready") exit() }'; }
begin_jstap_java() { jstap_java -e 'probe begin { println("ready") exit() }'; }
begin_bpftrace() { bpftrace -e 'BEGIN { printf("ready\n"); exit(); }'; }

# jstap runs begin probes before it loads anything, and exit() there means nothing is
# attached; bpftrace attaches its probes after BEGIN whatever BEGIN did. So that jstap attaches
# too, it prints "ready" from a timer, which starts once every probe is attached.
tracepoint_jstap() {
  "$jstap" -e 'probe kernel.trace("syscalls:sys_enter_getppid") { } probe timer.ms(1) { println("ready"); exit() }'
}
tracepoint_jstap_java() {
  jstap_java -e 'probe kernel.trace("syscalls:sys_enter_getppid") { } probe timer.ms(1) { println("ready"); exit() }'
}
tracepoint_jstap_begin() {
  "$jstap" -e 'probe kernel.trace("syscalls:sys_enter_getppid") { } probe begin { println("ready") exit() }'
}
tracepoint_bpftrace() {
  bpftrace -e 'tracepoint:syscalls:sys_enter_getppid { } BEGIN { printf("ready\n"); exit(); }'
}

for f in begin_jstap begin_bpftrace tracepoint_jstap tracepoint_jstap_begin tracepoint_bpftrace; do
  out=$("$f" 2>&1) || { echo "$f failed: $out"; exit 1; }
  grep -q '^ready$' <<<"$out" || { echo "$f did not print ready: $out"; exit 1; }
done

interleave "$rounds" 2 begin_jstap begin_jstap_java begin_bpftrace \
  tracepoint_jstap tracepoint_jstap_java tracepoint_jstap_begin tracepoint_bpftrace

echo "rounds=$rounds (medians); $(machine)"
b=$(median_of begin_bpftrace)
t=$(median_of tracepoint_bpftrace)
row() { # name function baseline
  printf '%-44s %6s ms  %5s  cpu %4s ms\n' "$1" "$(median_of "$2")" "$(ratio "$(median_of "$2")" "$3")" "$(cpu_of "$2")"
}
printf '%-44s %9s  %5s  %s\n' "" "wall" "ratio" "user+system"
row "bpftrace BEGIN + exit" begin_bpftrace "$b"
row "jstap begin + exit (./jstap)" begin_jstap "$b"
row "jstap begin + exit (java, no launcher)" begin_jstap_java "$b"
row "bpftrace + 1 tracepoint" tracepoint_bpftrace "$t"
row "jstap + 1 tracepoint, attached (./jstap)" tracepoint_jstap "$t"
row "jstap + 1 tracepoint, attached (java)" tracepoint_jstap_java "$t"
row "jstap + 1 tracepoint, exit in begin" tracepoint_jstap_begin "$t"
