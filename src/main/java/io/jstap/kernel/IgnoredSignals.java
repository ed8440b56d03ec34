package io.jstap.kernel;

import io.jstap.bpf.sys.Syscall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Signals this process was started ignoring. A non-interactive shell starts its background
 * jobs ignoring SIGINT (POSIX, "Shell Execution Environment"), and the JVM will not install a
 * handler for an ignored SIGINT or SIGTERM: {@code jstap ... &} then could not be stopped with
 * {@code kill -INT}, which stap and bpftrace obey.
 */
public final class IgnoredSignals {
  private IgnoredSignals() {}

  /** Whether {@code signal} is ignored: its bit in the SigIgn mask of /proc/self/status. */
  public static boolean isIgnored(int signal) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
          return (mask & (1L << (signal - 1))) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no /proc: nothing to learn
    }
    return false;
  }

  /** Makes an ignored {@code signal} take its default action again, so that it can be handled. */
  public static void restoreDefault(int signal) {
    if (isIgnored(signal)) Syscall.defaultSignalAction(signal);
  }
}
