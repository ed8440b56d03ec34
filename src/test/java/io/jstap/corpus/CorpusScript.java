package io.jstap.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One script of the kernel corpus (src/test/resources/scripts/) and what its comments say:
 *
 * <pre>
 *   # expect: TEXT            the next line of standard output, exactly ("# expect:" alone: "")
 *   # expect-re: REGEX        the next line of standard output, matching REGEX
 *   # expect-error: TEXT      the next line of standard error (likewise -re)
 *   # exit: N                 the exit status (default 0)
 *   # options: -T 1 -D X=1    jstap options, before the script
 *   # args: 42 label          the script's arguments, after it
 *   # workload: CMD           run as "-c CMD" once the probes are attached; "@workload" is the
 *                             corpus's workload program (workload.c), named "workload"
 *   # timeout: SECONDS        fail when the run takes longer (default 30)
 *   # requires: tracepoint SUBSYSTEM:EVENT | command NAME | arch ARCH
 *   # process                 run jstap as its own process (default: in-process, as CliRun)
 *   # signal: INT after TEXT  (process runs) send the signal once standard output shows TEXT
 * </pre>
 *
 * Output is compared with the script's path shown as its file name.
 */
record CorpusScript(
    Path path,
    List<Expectation> stdout,
    List<Expectation> stderr,
    int exitCode,
    List<String> options,
    List<String> arguments,
    String workload,
    int timeoutSeconds,
    List<String> requirements,
    boolean separateProcess,
    String signal,
    String signalAfter) {

  /** One expected output line: literal text or a regular expression. */
  record Expectation(String text, boolean regex) {
    boolean matches(String line) {
      return regex ? line.matches(text) : line.equals(text);
    }

    @Override
    public String toString() {
      return regex ? "~" + text : text;
    }
  }

  String name() {
    return path.getFileName().toString();
  }

  static CorpusScript read(Path path) throws IOException {
    var out = new ArrayList<Expectation>();
    var err = new ArrayList<Expectation>();
    var options = new ArrayList<String>();
    var args = new ArrayList<String>();
    var requires = new ArrayList<String>();
    String workload = null;
    String signal = null;
    String signalAfter = null;
    int exit = 0;
    int timeout = 30;
    boolean process = false;
    for (String line : Files.readString(path).split("\n", -1)) {
      String l = line.strip();
      if (!l.startsWith("# ")) continue;
      String directive = l.substring(2);
      int colon = directive.indexOf(':');
      String key = colon < 0 ? directive : directive.substring(0, colon);
      String value = colon < 0 ? "" : value(directive.substring(colon + 1));
      switch (key) {
        case "expect" -> out.add(new Expectation(value, false));
        case "expect-re" -> out.add(new Expectation(value, true));
        case "expect-error" -> err.add(new Expectation(value, false));
        case "expect-error-re" -> err.add(new Expectation(value, true));
        case "exit" -> exit = Integer.parseInt(value.strip());
        case "options" -> options.addAll(words(value));
        case "args" -> args.addAll(words(value));
        case "workload" -> workload = value.strip();
        case "timeout" -> timeout = Integer.parseInt(value.strip());
        case "requires" -> requires.add(value.strip());
        case "process" -> process = true;
        case "signal" -> {
          String[] parts = value.strip().split("\\s+after\\s+", 2);
          signal = parts[0];
          signalAfter = parts.length > 1 ? parts[1].replaceAll("^\"|\"$", "") : "";
        }
        default -> {} // an ordinary comment
      }
    }
    if (signal != null && !process) {
      throw new IllegalArgumentException(path + ": '# signal:' needs '# process'");
    }
    return new CorpusScript(path, out, err, exit, options, args, workload, timeout, requires,
        process, signal, signalAfter);
  }

  /** The text after a directive's colon, without the one space that follows it. */
  private static String value(String rest) {
    return rest.startsWith(" ") ? rest.substring(1) : rest;
  }

  private static List<String> words(String value) {
    var out = new ArrayList<String>();
    for (String w : value.strip().split("\\s+")) if (!w.isEmpty()) out.add(w);
    return out;
  }
}
