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
    -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -cp "$root/target/jstap.jar" \
    io.jstap.cli.Main "$@"
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

echo "rounds=$rounds (medians, ms); $(machine)"
b=$(median_of begin_bpftrace)
t=$(median_of tracepoint_bpftrace)
printf '%-44s %6s ms  %s\n' "bpftrace BEGIN + exit" "$b" "1.00"
printf '%-44s %6s ms  %s\n' "jstap begin + exit (./jstap)" "$(median_of begin_jstap)" "$(ratio "$(median_of begin_jstap)" "$b")"
printf '%-44s %6s ms  %s\n' "jstap begin + exit (java, no launcher)" "$(median_of begin_jstap_java)" "$(ratio "$(median_of begin_jstap_java)" "$b")"
printf '%-44s %6s ms  %s\n' "bpftrace + 1 tracepoint" "$t" "1.00"
printf '%-44s %6s ms  %s\n' "jstap + 1 tracepoint, attached (./jstap)" "$(median_of tracepoint_jstap)" "$(ratio "$(median_of tracepoint_jstap)" "$t")"
printf '%-44s %6s ms  %s\n' "jstap + 1 tracepoint, attached (java)" "$(median_of tracepoint_jstap_java)" "$(ratio "$(median_of tracepoint_jstap_java)" "$t")"
printf '%-44s %6s ms  %s\n' "jstap + 1 tracepoint, exit in begin" "$(median_of tracepoint_jstap_begin)" "$(ratio "$(median_of tracepoint_jstap_begin)" "$t")"
