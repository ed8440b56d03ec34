#!/usr/bin/env bash
# Which of SystemTap's example scripts jstap translates to BPF (-p3) on this machine.
#
#   bench/examples-p3.sh [EXAMPLES_DIR] [REPORT_FILE]
#
# Each script is given the arguments of its own .meta file's first `test_check:` line (the
# command SystemTap's test suite uses to compile it with -p4), so scripts that need $1 get it.
# Prints one line per script (ok or the first error) to REPORT_FILE (default
# target/examples-p3.txt) and a summary to stdout.
set -uo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
examples=${1:-/usr/share/systemtap/examples}
report=${2:-$root/target/examples-p3.txt}
mkdir -p "$(dirname "$report")"
: >"$report"

# The arguments after the script's name on the test_check line, one per line (NUL-free,
# quotes removed by the shell's own word splitting, without running anything).
arguments() {
  local meta=$1 name=$2 line
  line=$(grep -m1 "^test_check:.*$name" "$meta" 2>/dev/null) || return 0
  line=${line#*"$name"}
  # Options that stap takes with a value (-c CMD, -x PID) are kept: jstap takes them too.
  # (no arguments must give no line: one empty line would be an empty $1)
  eval "set -- $line" 2>/dev/null || return 0
  [ $# -eq 0 ] || printf '%s\n' "$@"
}

"$root/jstap" -e 'probe begin { exit() }' >/dev/null 2>&1 # builds the jar once

ok=0
total=0
while IFS= read -r script; do
  total=$((total + 1))
  name=$(basename "$script")
  meta=${script%.stp}.meta
  mapfile -t args < <(arguments "$meta" "$name")
  out=$(cd "$(dirname "$script")" && timeout 60 "$root/jstap" -p3 "$name" "${args[@]}" 2>&1 >/dev/null)
  rc=$?
  rel=${script#"$examples"/}
  if [ $rc -eq 0 ]; then
    ok=$((ok + 1))
    echo "ok    $rel" >>"$report"
  else
    first=$(printf '%s\n' "$out" | grep -m1 -E 'error|ERROR|jstap:' || printf '%s\n' "$out" | head -1)
    echo "FAIL  $rel: $first" >>"$report"
  fi
done < <(find "$examples" -name '*.stp' | sort)

echo "$ok of $total examples translate with -p3 (details: $report)"
