package io.jstap.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program a test compares against (bpftool, readelf, gcc) and returns its output. */
public final class Command {
  private Command() {}

  /** Runs the command and returns its standard output; fails the test when it fails. */
  public static String output(String... command) {
    return output(List.of(command));
  }

  public static String output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
      p.getOutputStream().close();
      var err = new java.io.ByteArrayOutputStream();
      Thread errReader = Thread.ofVirtual().start(() -> {
        try {
          p.getErrorStream().transferTo(err);
        } catch (IOException ignored) {
          // the process ended; what was read is kept
        }
      });
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " timed out");
      }
      errReader.join();
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue()
            + ": " + err.toString(StandardCharsets.UTF_8));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
