package io.jstap.cli;

import java.nio.file.Path;

/**
 * How a compiled script runs, whether it was just compiled ({@code jstap script.stp}) or read
 * from a module ({@code jstap run NAME.bo}).
 *
 * @param targetPid {@code -x PID}: what {@code target()} returns (0: none)
 * @param command {@code -c CMD}: run CMD once the probes are attached, end with it (or null)
 * @param timeoutSeconds {@code -T SECONDS}: end after that long (0: no limit)
 * @param outputFile {@code -o FILE}: where the script's output goes (null: stdout)
 * @param rotation {@code -S SIZE_MB,COUNT}, or null
 * @param flightRecorder {@code -F}
 * @param format {@code --format}
 * @param noWarnings {@code -w}
 * @param verbosity how many {@code -v}
 */
record SessionSettings(
    long targetPid,
    String command,
    double timeoutSeconds,
    Path outputFile,
    Rotation rotation,
    boolean flightRecorder,
    OutputFormat format,
    boolean noWarnings,
    int verbosity) {

  /** Output formats of {@code --format}. */
  enum OutputFormat {
    TEXT,
    JSON;

    static OutputFormat named(String name) {
      return switch (name) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default -> null;
      };
    }
  }

  /**
   * {@code -S SIZE_MB[,COUNT]}: a new output file when one reaches {@code bytesPerFile}; at most
   * {@code maxFiles} kept (0: all).
   */
  record Rotation(long bytesPerFile, int maxFiles) {
    /** Parses stap's {@code SIZE_MB[,COUNT]}; null when malformed. */
    static Rotation parse(String value) {
      var m = java.util.regex.Pattern.compile("(\\d{1,7})(?:,(\\d{1,7}))?").matcher(value.strip());
      if (!m.matches()) return null;
      long mb = Long.parseLong(m.group(1));
      int count = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      if (mb < 1 || (m.group(2) != null && count < 1)) return null;
      return new Rotation(mb << 20, count);
    }
  }

  /** Checks the combinations stap refuses; returns the problem, or null. */
  String misuse() {
    if (rotation != null && outputFile == null) {
      return "-S rotates the output files: it needs -o FILE";
    }
    if (flightRecorder && command != null) {
      return "-F runs in the background and -c runs a command in the foreground: they do not go"
          + " together (start the command yourself and use -x PID)";
    }
    if (targetPid != 0 && command != null) return "-x and -c do not go together";
    return null;
  }
}
