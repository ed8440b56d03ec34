package io.jstap.runtime;

import java.io.File;
import java.io.IOException;

/**
 * SystemTap's {@code system(cmd)}: the command runs through {@code /bin/sh -c} in the
 * background, after the probe that asked for it, with jstap's own standard output and error
 * (not the {@code -o} file), as stapio runs it. jstap does not wait for it.
 */
public final class SystemCommands {
  private SystemCommands() {}

  /** Starts {@code command}; a command that cannot start is a warning on {@code err}. */
  public static void start(String command, java.io.PrintStream err) {
    try {
      new ProcessBuilder("/bin/sh", "-c", command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
    } catch (IOException e) {
      err.println("WARNING: system(\"" + command + "\") did not start: " + e.getMessage());
    }
  }
}
