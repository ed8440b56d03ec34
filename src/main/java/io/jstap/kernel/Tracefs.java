package io.jstap.kernel;

import io.jstap.bpf.sys.Syscall;
import io.jstap.bpf.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kernel's tracing file system (Documentation/trace/ftrace.rst): where tracepoints' ids and
 * formats are. Found through /proc/mounts, at /sys/kernel/tracing or under debugfs; mounted at
 * /sys/kernel/tracing when nowhere (a fresh machine has it unmounted), which {@link
 * #mountNote()} reports so that {@code -v} can say so.
 */
public final class Tracefs {
  static final Path DEFAULT = Path.of("/sys/kernel/tracing");
  static final Path UNDER_DEBUGFS = Path.of("/sys/kernel/debug/tracing");

  private final Path root;
  private final String mountNote;

  private Tracefs(Path root, String mountNote) {
    this.root = root;
    this.mountNote = mountNote;
  }

  /** Finds tracefs, mounting it at /sys/kernel/tracing if it is not mounted anywhere. */
  public static Tracefs open() {
    Path found = find(readMounts(), UNDER_DEBUGFS);
    if (found != null) return new Tracefs(found, null);
    try {
      Syscall.mount("nodev", DEFAULT.toString(), "tracefs", 0);
    } catch (SyscallException e) {
      throw new TracefsException(
          "tracefs is not mounted and mounting it failed: " + e.getMessage()
              + "; mount it with: mount -t tracefs nodev " + DEFAULT,
          e);
    }
    return new Tracefs(DEFAULT, "mounted tracefs at " + DEFAULT);
  }

  /** A tracefs tree at a known place (tests use copies of real trees). */
  public static Tracefs at(Path root) {
    return new Tracefs(root, null);
  }

  private static String readMounts() {
    try {
      return Files.readString(Path.of("/proc/mounts"));
    } catch (IOException e) {
      return "";
    }
  }

  /** Where tracefs is, given /proc/mounts' text and where debugfs would show it, or null. */
  static Path find(String procMounts, Path underDebugfs) {
    for (String line : procMounts.split("\n")) {
      String[] f = line.split(" ");
      if (f.length >= 3 && f[2].equals("tracefs")) {
        Path p = Path.of(f[1].replace("\\040", " "));
        if (Files.isDirectory(p.resolve("events"))) return p;
      }
    }
    // debugfs mounts tracefs automatically under tracing/ on first access
    if (Files.isDirectory(underDebugfs.resolve("events"))) return underDebugfs;
    return null;
  }

  public Path root() {
    return root;
  }

  /** "mounted tracefs at ..." when {@link #open()} had to mount it, else null. */
  public String mountNote() {
    return mountNote;
  }

  /** Every tracepoint as {@code system:event}, from available_events or by walking events/. */
  public List<String> availableEvents() {
    Path list = root.resolve("available_events");
    try {
      if (Files.isReadable(list)) {
        return Files.readAllLines(list).stream().filter(l -> !l.isBlank()).toList();
      }
    } catch (IOException e) {
      // fall back to the walk
    }
    return walkEvents();
  }

  /**
   * Every tracepoint, found as events/SYSTEM/EVENT directories holding an id file, except the
   * "ftrace" system: its entries describe ftrace's own buffer records, not tracepoints, and
   * available_events leaves them out too.
   */
  List<String> walkEvents() {
    var out = new ArrayList<String>();
    try (Stream<Path> systems = Files.list(root.resolve("events"))) {
      for (Path sys : systems.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("ftrace")).sorted().toList()) {
        try (Stream<Path> events = Files.list(sys)) {
          events
              .filter(e -> Files.exists(e.resolve("id")))
              .sorted()
              .forEach(e -> out.add(sys.getFileName() + ":" + e.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new TracefsException("cannot list tracepoints in " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  public boolean exists(String system, String event) {
    return Files.isRegularFile(eventDir(system, event).resolve("id"));
  }

  /** The tracepoint's id (PERF_TYPE_TRACEPOINT's config). */
  public int eventId(String system, String event) {
    return Integer.parseInt(read(system, event, "id").trim());
  }

  public TracepointFormat format(String system, String event) {
    return TracepointFormat.parse(system, event, read(system, event, "format"));
  }

  private Path eventDir(String system, String event) {
    if (system.contains("/") || event.contains("/") || system.startsWith(".") || event.startsWith(".")) {
      throw new TracefsException("bad tracepoint name " + system + ":" + event);
    }
    return root.resolve("events").resolve(system).resolve(event);
  }

  private String read(String system, String event, String file) {
    Path p = eventDir(system, event).resolve(file);
    try {
      return Files.readString(p);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new TracefsException(
          "no tracepoint " + system + ":" + event + " in this kernel (no " + p.getParent() + ")", e);
    } catch (IOException e) {
      throw new TracefsException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
