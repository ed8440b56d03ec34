package io.jstap.dropwatch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process may load and attach tracing programs: CAP_BPF and CAP_PERFMON (Linux
 * 5.8+), or CAP_SYS_ADMIN (include/uapi/linux/capability.h numbers them 39, 38 and 21), read from
 * the effective set in /proc/self/status. Checked first, so that a user without them reads one
 * sentence instead of an EPERM from deep inside.
 */
public final class Privileges {
  private Privileges() {}

  static final int CAP_SYS_ADMIN = 21;
  static final int CAP_PERFMON = 38;
  static final int CAP_BPF = 39;

  /** Why dropwatch cannot run as this user, or empty when it can. */
  public static Optional<String> missing() {
    try {
      return missing(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException e) {
      return Optional.empty(); // no /proc: let the kernel say no if it does
    }
  }

  static Optional<String> missing(String status) {
    for (String line : status.split("\n")) {
      if (!line.startsWith("CapEff:")) continue;
      BigInteger caps = new BigInteger(line.substring(7).strip(), 16);
      boolean ok = caps.testBit(CAP_SYS_ADMIN) || caps.testBit(CAP_BPF) && caps.testBit(CAP_PERFMON);
      if (ok) return Optional.empty();
      return Optional.of(
          "watching packet drops needs root (or the capabilities CAP_BPF and CAP_PERFMON) to load"
              + " a BPF program into the kernel; run it with sudo: sudo jstap dropwatch ...");
    }
    return Optional.empty();
  }
}
