package io.jstap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles small C programs with gcc for tests that trace them, and runs commands. */
public final class CProgram {
  private CProgram() {}

  /** Compiles {@code source} into {@code dir/name} with {@code flags}; returns the binary. */
  public static Path compile(Path dir, String name, String source, String... flags) throws IOException, InterruptedException {
    Path c = dir.resolve(name + ".c");
    Files.writeString(c, source);
    Path bin = dir.resolve(name);
    var cmd = new ArrayList<>(List.of("gcc", "-o", bin.toString()));
    cmd.addAll(List.of(flags));
    cmd.add(c.toString());
    run(cmd);
    return bin;
  }

  /** Runs a command to completion (at most a minute); returns its standard output, fails on a non-zero exit. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    String text = new String(out);
    if (p.exitValue() != 0) throw new IOException(command + " exited with " + p.exitValue() + ":\n" + text);
    return text;
  }

  public static String run(String... command) throws IOException, InterruptedException {
    return run(List.of(command));
  }
}
