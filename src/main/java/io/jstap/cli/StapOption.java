package io.jstap.cli;

/**
 * stap's options, as jstap accepts them: one table for the parser of the command line and for
 * {@code --help}. Short options follow getopt: {@code -vvv}, {@code -p1} or {@code -p 1},
 * {@code -Dname=value}.
 */
enum StapOption {
  SCRIPT("-e", "SCRIPT", "Run the script given on the command line."),
  PASS("-p", "NUM", "Stop after pass NUM: 1 parse (prints the parsed script), 2 resolve (prints"
      + " probes and globals), 3 translate (prints the BPF programs), 4 module, 5 run."),
  VERBOSE("-v", null, "More verbose output about the passes (repeatable)."),
  INCLUDE("-I", "DIR", "Look for tapsets and macro files (.stpm) in DIR too."),
  DEFINE("-D", "NAME=VALUE", "Set a run-time limit, e.g. -D MAXSTRINGLEN=256 (MAXSTRINGLEN,"
      + " MAXMAPENTRIES, MAXACTION, MAXERRORS, MAXSKIPPED, MAXNESTING)."),
  GURU("-g", null, "Guru mode: accept embedded C (which jstap still cannot run on BPF)."),
  TARGET_PID("-x", "PID", "Set target() to PID."),
  COMMAND("-c", "CMD", "Start the probes, run CMD (target() is its pid), end when CMD ends."),
  TIMEOUT("-T", "SECONDS", "End the session after SECONDS."),
  OUTPUT("-o", "FILE", "Write the script's output to FILE."),
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

  /** {@code -e}. */
  String optionName() {
    return name;
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

  static StapOption byLetter(char c) {
    for (StapOption o : values()) if (o.letter() == c) return o;
    return null;
  }
}
