package io.jstap.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Linux version such as 6.18.44 (from /proc/sys/kernel/osrelease). */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
  private static volatile KernelVersion running;

  public static KernelVersion parse(String release) {
    Matcher m = VERSION.matcher(release.trim());
    if (!m.find()) throw new IllegalArgumentException("not a kernel version: " + release);
    return new KernelVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /** The running kernel's version. */
  public static KernelVersion running() {
    KernelVersion v = running;
    if (v == null) {
      try {
        v = parse(Files.readString(Path.of("/proc/sys/kernel/osrelease")));
      } catch (IOException e) {
        v = parse(System.getProperty("os.version"));
      }
      running = v;
    }
    return v;
  }

  public boolean atLeast(KernelVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(KernelVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    return c;
  }

  @Override
  public String toString() {
    return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
  }
}
