package io.jstap.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The running kernel's build configuration, from /proc/config.gz (CONFIG_IKCONFIG_PROC) or
 * /boot/config-RELEASE, when either exists. Used only to explain a missing feature.
 */
public final class KernelConfig {
  private final Map<String, String> options;

  private KernelConfig(Map<String, String> options) {
    this.options = options;
  }

  private static volatile KernelConfig running;

  /** The running kernel's configuration; empty (every option unknown) when none is readable. */
  public static KernelConfig running() {
    KernelConfig c = running;
    if (c == null) {
      c = parse(readRunning());
      running = c;
    }
    return c;
  }

  private static String readRunning() {
    Path gz = Path.of("/proc/config.gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      try {
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        return Files.readString(Path.of("/boot/config-" + release));
      } catch (IOException e2) {
        return "";
      }
    }
  }

  /** Parses a .config: {@code CONFIG_X=y} lines and {@code # CONFIG_X is not set} lines (as "n"). */
  public static KernelConfig parse(String text) {
    var options = new HashMap<String, String>();
    for (String line : text.split("\n")) {
      if (line.startsWith("CONFIG_")) {
        int eq = line.indexOf('=');
        if (eq > 0) options.put(line.substring(0, eq), line.substring(eq + 1));
      } else if (line.startsWith("# CONFIG_") && line.endsWith(" is not set")) {
        options.put(line.substring(2, line.length() - " is not set".length()), "n");
      }
    }
    return new KernelConfig(options);
  }

  /** The option's value ("y", "m", a string, or "n" when not set), or empty when the config is unknown. */
  public Optional<String> option(String name) {
    if (options.isEmpty()) return Optional.empty();
    return Optional.of(options.getOrDefault(name, "n"));
  }
}
