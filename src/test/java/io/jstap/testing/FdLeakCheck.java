package io.jstap.testing;

import io.jstap.bpf.sys.FileDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves kernel-object descriptors open: compares /proc/self/fd before and
 * after each test and reports every new anonymous-inode descriptor (BPF maps, programs, links,
 * perf events, epoll) with what it is and, when recorded, where it was opened. Other new
 * descriptors (the JVM opening jars, sockets of the test runner) are not the code's doing and
 * are ignored. Use with {@code @ExtendWith(FdLeakCheck.class)}.
 */
public final class FdLeakCheck implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FdLeakCheck.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    FileDescriptors.track(true);
    context.getStore(NS).put("fds", snapshot());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    Map<Integer, String> before = context.getStore(NS).get("fds", Map.class);
    String leaks = leaks(before, snapshot());
    if (!leaks.isEmpty()) throw new AssertionError("file descriptors leaked by the test:\n" + leaks);
  }

  /** Open descriptors and what they point to. */
  public static Map<Integer, String> snapshot() {
    var out = new TreeMap<Integer, String>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path p : fds.toList()) {
        try {
          out.put(Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
        } catch (IOException e) {
          // closed between listing and reading (e.g. the directory stream's own descriptor)
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/fd", e);
    }
    return out;
  }

  /** Describes the kernel-object descriptors open in {@code after} that were not in {@code before}. */
  public static String leaks(Map<Integer, String> before, Map<Integer, String> after) {
    var sb = new StringBuilder();
    after.forEach(
        (fd, target) -> {
          if (!target.startsWith("anon_inode:") || target.equals(before.get(fd))) return;
          sb.append("  fd ").append(fd).append(" -> ").append(target).append('\n');
          Throwable origin = FileDescriptors.origin(fd);
          if (origin != null) {
            sb.append("    ").append(origin.getMessage()).append('\n');
            for (StackTraceElement e : origin.getStackTrace()) {
              if (e.getClassName().startsWith("io.jstap.bpf.sys")) continue;
              sb.append("      at ").append(e).append('\n');
              if (e.getClassName().endsWith("Test")) break;
            }
          }
        });
    return sb.toString();
  }
}
