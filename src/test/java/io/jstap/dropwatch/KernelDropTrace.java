package io.jstap.dropwatch;

import io.jstap.kernel.Tracefs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own account of drops, to check dropwatch against: the skb:kfree_skb event enabled
 * in a private tracefs instance (Documentation/trace/ftrace.rst, "Instances"), whose text the
 * kernel formats itself, location with %pS ({@code __udp4_lib_rcv+0x4bc/0xa80}) and reason by
 * name. Other tracers and instances are not disturbed; closing removes the instance.
 */
final class KernelDropTrace implements AutoCloseable {
  private static final Pattern EVENT = Pattern.compile("location=(\\S+?)(/0x[0-9a-f]+)? reason: (\\S+)");

  private final Path instance;

  private KernelDropTrace(Path instance) {
    this.instance = instance;
  }

  static KernelDropTrace start() throws IOException {
    Path dir = Tracefs.open().root().resolve("instances").resolve("jstap_dw_" + ProcessHandle.current().pid());
    Files.createDirectory(dir);
    var trace = new KernelDropTrace(dir);
    Files.writeString(dir.resolve("events/skb/kfree_skb/enable"), "1");
    return trace;
  }

  /** Drops seen so far by "symbol+0xoffset reason", as the kernel printed them. */
  Map<String, Integer> counts() throws IOException {
    Files.writeString(instance.resolve("events/skb/kfree_skb/enable"), "0");
    var out = new HashMap<String, Integer>();
    for (String line : Files.readAllLines(instance.resolve("trace"))) {
      Matcher m = EVENT.matcher(line);
      if (m.find()) out.merge(m.group(1) + " " + m.group(3), 1, Integer::sum);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    Files.writeString(instance.resolve("events/skb/kfree_skb/enable"), "0");
    Files.delete(instance);
  }
}
