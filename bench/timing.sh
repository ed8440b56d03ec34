# Shared by the bench/*.sh comparisons (sourced, not run). Rounds interleave the commands
# compared, so that a neighbour's load on the shared machine falls on all of them alike.

# Milliseconds one run of a shell function takes, printed; the run's output is discarded.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# The median of numbers on standard input, one per line.
median() {
  sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "NaN"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

# interleave ROUNDS WARMUP FUNCTION...: runs each function once per round, in turn, after
# WARMUP untimed rounds; leaves each function's times, one per line, in $work/FUNCTION.times.
interleave() {
  local rounds=$1 warmup=$2 f r
  shift 2
  for f in "$@"; do : >"$work/$f.times"; done
  for ((r = 0; r < warmup; r++)); do for f in "$@"; do "$f" >/dev/null 2>&1 || true; done; done
  for ((r = 0; r < rounds; r++)); do
    for f in "$@"; do time_ms "$f" >>"$work/$f.times"; done
  done
}

# The median time of a function measured by interleave.
median_of() {
  median <"$work/$1.times"
}

# ratio A B: A / B with two decimals.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# The machine, for the record.
machine() {
  echo "kernel $(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -version 2>&1 | head -1)," \
    "$(bpftrace --version 2>/dev/null)"
}
