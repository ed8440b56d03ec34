package io.jstap.bpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU sets from sysfs (Documentation/ABI/testing/sysfs-devices-system-cpu). Per-CPU map values
 * come one per <em>possible</em> CPU; perf events can only be opened on <em>online</em> ones.
 */
public final class Cpus {
  private Cpus() {}

  private static volatile int possible;

  /** Number of possible CPUs (highest possible CPU number + 1, as the kernel sizes per-CPU values). */
  public static int possibleCount() {
    int n = possible;
    if (n == 0) {
      List<Integer> cpus = parseList(read("/sys/devices/system/cpu/possible"));
      n = cpus.isEmpty() ? 1 : cpus.getLast() + 1;
      possible = n;
    }
    return n;
  }

  /** The online CPUs' numbers. */
  public static List<Integer> online() {
    return parseList(read("/sys/devices/system/cpu/online"));
  }

  /** Parses a kernel CPU list such as {@code 0-3,5,7-8}. */
  public static List<Integer> parseList(String list) {
    var out = new ArrayList<Integer>();
    for (String part : list.trim().split(",")) {
      if (part.isEmpty()) continue;
      int dash = part.indexOf('-');
      if (dash < 0) {
        out.add(Integer.parseInt(part));
      } else {
        int lo = Integer.parseInt(part.substring(0, dash)), hi = Integer.parseInt(part.substring(dash + 1));
        for (int c = lo; c <= hi; c++) out.add(c);
      }
    }
    return out;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
