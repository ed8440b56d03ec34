package io.jstap.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What stap-style options ask of one run: {@code jstap [OPTIONS] (-e SCRIPT | FILE | -)
 * [ARGS...]}, or {@code jstap -l PROBE}.
 *
 * @param inlineScript the {@code -e} text, or null
 * @param scriptFile the script file, {@code "-"} for stdin, or null with {@code -e} or {@code -l}
 * @param arguments the script's arguments ({@code $1}, {@code @1}, ...)
 * @param lastPass stop after this pass ({@code -p N}; 5, run, by default)
 * @param includeDirs {@code -I DIR}: extra tapset and macro directories
 * @param defines {@code -D NAME=VALUE} settings (NAME alone maps to "")
 * @param guruMode {@code -g}
 * @param keepTemporary {@code -k}
 * @param moduleName {@code -m NAME}, or null
 * @param unoptimized {@code -u}
 * @param bufferMegabytes {@code -s NUM}: the ring buffer's size in MiB, or 0 for the default
 * @param listPattern {@code -l PROBE} or {@code -L PROBE}: list probe points instead of running
 *     a script (null: not listing)
 * @param listVariables {@code -L} rather than {@code -l}
 * @param session how the script runs (pass 5)
 */
record ScriptOptions(
    String inlineScript,
    String scriptFile,
    List<String> arguments,
    int lastPass,
    List<Path> includeDirs,
    Map<String, String> defines,
    boolean guruMode,
    boolean keepTemporary,
    String moduleName,
    boolean unoptimized,
    int bufferMegabytes,
    String listPattern,
    boolean listVariables,
    SessionSettings session) {

  /** The passes, as stap numbers them. */
  static final int PARSE = 1;
  static final int ELABORATE = 2;
  static final int TRANSLATE = 3;
  static final int MODULE = 4;
  static final int RUN = 5;

  int verbosity() {
    return session.verbosity();
  }

  boolean noWarnings() {
    return session.noWarnings();
  }
}
