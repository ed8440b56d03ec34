package io.jstap.cli;

/**
 * stap's options, as jstap accepts them: one table for the parser of the command line and for
 * {@code --help}. Short options follow getopt: {@code -vvv}, {@code -p1} or {@code -p 1},
 * {@code -Dname=value}; long options take {@code --name value} or {@code --name=value}.
 */
enum StapOption {
  SCRIPT("-e", "SCRIPT", "Run the script given on the command line."),
  PASS("-p", "NUM", "Stop after pass NUM: 1 parse (prints the parsed script), 2 resolve (prints"
      + " probes and globals), 3 translate (prints the BPF programs), 4 module (writes NAME.bo"
      + " and prints its name), 5 run."),
  VERBOSE("-v", null, "More verbose output about the passes, with their timings (repeatable)."),
  KEEP("-k", null, "Keep the temporary folder (script, BPF listing, module and its metadata)"
      + " and print its path."),
  MODULE_NAME("-m", "NAME", "Name the module NAME: -p4 writes NAME.bo (letters, digits, _)."),
  INCLUDE("-I", "DIR", "Look for tapsets and macro files (.stpm) in DIR too."),
  DEFINE("-D", "NAME=VALUE", "Set a run-time limit, e.g. -D MAXSTRINGLEN=256 (MAXSTRINGLEN,"
      + " MAXMAPENTRIES, MAXACTION, MAXERRORS, MAXSKIPPED, MAXNESTING)."),
  GURU("-g", null, "Guru mode: accept embedded C in the script's syntax (jstap still cannot"
      + " run embedded C on BPF, and says so)."),
  NO_WARNINGS("-w", null, "No warnings: neither the compiler's nor the script's WARNING lines."),
  UNOPTIMIZED("-u", null, "Unoptimized translation: keep stores to locals nobody reads."),
  TARGET_PID("-x", "PID", "Set target() to PID."),
  COMMAND("-c", "CMD", "Start the probes, run CMD (target() is its pid), end when CMD ends."),
  TIMEOUT("-T", "SECONDS", "End the session after SECONDS."),
  // (picocli formats these texts: %% is a percent sign)
  OUTPUT("-o", "FILE", "Write the script's output to FILE; strftime conversions in"
      + " its name (%%Y%%m%%d-%%H%%M%%S) are expanded."),
  BUFFER("-s", "NUM", "Use a NUM-megabyte ring buffer for what the probes send to jstap (1 to"
      + " 1024, rounded up to a power of two; default 16; one buffer for all CPUs)."),
  ROTATE("-S", "SIZE_MB[,COUNT]", "With -o: start FILE.1 when FILE.0 reaches SIZE_MB"
      + " megabytes, and so on, keeping at most COUNT files (lines are never split)."),
  FLIGHT_RECORDER("-F", null, "Flight recorder: keep tracing in the background into the -o"
      + " file(s), or into a memory buffer; read it with 'jstap attach', stop it with 'jstap"
      + " stop'."),
  LIST("-l", "PROBE", "List the probe points matching PROBE, e.g. 'kernel.trace(\"sched:*\")',"
      + " 'syscall.open*', 'process(\"/bin/ls\").function(\"*\")'."),
  LIST_VARIABLES("-L", "PROBE", "As -l, with each probe point's variables and their types."),
  FORMAT("--format", "text|json", "Output format: json prints one JSON object per output record"
      + " (for log pipelines, as bpftrace's -f json)."),
  HELP("-h", null, "Show this help and exit."),
  VERSION("-V", null, "Show jstap's version and exit.");

  private final String name;
  private final String valueLabel;
  private final String description;

  StapOption(String name, String valueLabel, String description) {
    this.name = name;
    this.valueLabel = valueLabel;
    this.description = description;
  }

  /** {@code -e} or {@code --format}. */
  String optionName() {
    return name;
  }

  boolean isLong() {
    return name.startsWith("--");
  }

  char letter() {
    return name.charAt(1);
  }

  /** The value's label ({@code SCRIPT}), or null for a flag. */
  String valueLabel() {
    return valueLabel;
  }

  String description() {
    return description;
  }

  boolean takesValue() {
    return valueLabel != null;
  }

  /** The short option {@code -c}, or null. */
  static StapOption byLetter(char c) {
    for (StapOption o : values()) if (!o.isLong() && o.letter() == c) return o;
    return null;
  }

  /** The long option {@code --name}, or null. */
  static StapOption byLongName(String name) {
    for (StapOption o : values()) if (o.isLong() && o.name.equals(name)) return o;
    return null;
  }
}
