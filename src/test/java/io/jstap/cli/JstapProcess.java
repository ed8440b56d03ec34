package io.jstap.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * jstap as a whole process, as a user runs it: {@code java ... io.jstap.cli.Main ARGS} in a
 * folder of the test's choosing, with the classes under test.
 */
record JstapProcess(int exitCode, String out, String err) {
  /** The command line that runs jstap with {@code args}. */
  static List<String> command(Path recorders, String... args) {
    var cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
    if (recorders != null) cmd.add("-Djstap.recorders=" + recorders);
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs jstap in {@code dir} to its end (two minutes at most). */
  static JstapProcess run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, null, args);
  }

  static JstapProcess run(Path dir, Path recorders, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("jstap-out", ".txt");
    Path err = Files.createTempFile("jstap-err", ".txt");
    try {
      Process p = new ProcessBuilder(command(recorders, args)).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("jstap " + String.join(" ", args) + " did not end");
      }
      return new JstapProcess(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
