# Shared by the bench/*.sh comparisons (sourced, not run). Rounds interleave the commands
# compared, so that a neighbour's load on the shared machine falls on all of them alike.

# Milliseconds one run of a shell function takes, printed; the run's output is discarded.
# The CPU time its processes used (user + system, ms) is appended to $work/FUNCTION.cpu.
time_ms() {
  local start end
  times >"$work/.before" # this shell's children so far, on the second line
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
  end=$(date +%s%N)
  times >"$work/.after"
  awk 'function ms(t, a) { split(t, a, /[ms]/); return (a[1] * 60 + a[2]) * 1000 }
       FNR == 2 { v = ms($1) + ms($2); if (FILENAME ~ /after/) after = v; else before = v }
       END { printf "%d\n", after - before }' "$work/.before" "$work/.after" >>"$work/$1.cpu"
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
  for f in "$@"; do : >"$work/$f.times"; : >"$work/$f.cpu"; done
  for ((r = 0; r < warmup; r++)); do for f in "$@"; do "$f" >/dev/null 2>&1 || true; done; done
  for ((r = 0; r < rounds; r++)); do
    for f in "$@"; do time_ms "$f" >>"$work/$f.times"; done
  done
}

# The median time of a function measured by interleave.
median_of() {
  median <"$work/$1.times"
}

# The median CPU time (user + system) of a function measured by interleave.
cpu_of() {
  median <"$work/$1.cpu"
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
