package io.jstap.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dynamic perf event source (PMU) in /sys/bus/event_source/devices, such as "uprobe" or
 * "kprobe": its perf type number and where its format fields go in the config words
 * (Documentation/ABI/testing/sysfs-bus-event_source-devices-format).
 */
public record PerfEventSource(String name, int type, Path dir) {
  static final Path DEVICES = Path.of("/sys/bus/event_source/devices");

  /** The PMU, or empty when this kernel has none by that name. */
  public static Optional<PerfEventSource> find(String name) {
    return find(DEVICES, name);
  }

  static Optional<PerfEventSource> find(Path devices, String name) {
    Path dir = devices.resolve(name);
    try {
      return Optional.of(new PerfEventSource(name, Integer.parseInt(Files.readString(dir.resolve("type")).trim()), dir));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Where a format field lives: a config word ("config", "config1"...) and its lowest bit. */
  public record FormatField(String word, int lowBit, int highBit) {}

  private static final Pattern FORMAT = Pattern.compile("(config\\d?):(\\d+)(?:-(\\d+))?");

  /** The format field {@code field} (e.g. "retprobe" -> config:0), or empty. */
  public Optional<FormatField> format(String field) {
    try {
      return parseFormat(Files.readString(dir.resolve("format").resolve(field)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<FormatField> parseFormat(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) return Optional.empty();
    int lo = Integer.parseInt(m.group(2));
    int hi = m.group(3) == null ? lo : Integer.parseInt(m.group(3));
    return Optional.of(new FormatField(m.group(1), lo, hi));
  }
}
