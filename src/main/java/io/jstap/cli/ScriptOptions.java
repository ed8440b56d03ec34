package io.jstap.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What stap-style options ask of one run: {@code jstap [OPTIONS] (-e SCRIPT | FILE | -)
 * [ARGS...]}.
 *
 * @param inlineScript the {@code -e} text, or null
 * @param scriptFile the script file, {@code "-"} for stdin, or null with {@code -e}
 * @param arguments the script's arguments ({@code $1}, {@code @1}, ...)
 * @param lastPass stop after this pass ({@code -p N}; 5, run, by default)
 * @param verbosity how many {@code -v}
 * @param includeDirs {@code -I DIR}: extra tapset and macro directories
 * @param defines {@code -D NAME=VALUE} settings (NAME alone maps to "")
 * @param guruMode {@code -g}
 * @param targetPid {@code -x PID}: what {@code target()} returns (0: none)
 * @param command {@code -c CMD}: run CMD once the probes are attached, end with it (or null)
 * @param timeoutSeconds {@code -T SECONDS}: end after that long (0: no limit)
 * @param outputFile {@code -o FILE}: where the script's output goes (null: stdout)
 */
record ScriptOptions(
    String inlineScript,
    String scriptFile,
    List<String> arguments,
    int lastPass,
    int verbosity,
    List<Path> includeDirs,
    Map<String, String> defines,
    boolean guruMode,
    long targetPid,
    String command,
    double timeoutSeconds,
    Path outputFile) {

  /** The passes, as stap numbers them. */
  static final int PARSE = 1;
  static final int ELABORATE = 2;
  static final int TRANSLATE = 3;
  static final int MODULE = 4;
  static final int RUN = 5;
}
