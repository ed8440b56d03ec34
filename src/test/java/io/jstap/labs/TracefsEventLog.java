package io.jstap.labs;

import io.jstap.kernel.Tracefs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tracefs instance of its own (instances/NAME) recording one kernel event in text, as the
 * kernel itself formats it: an oracle for what jstap prints, that touches no other tracer's
 * buffer. Closing removes the instance.
 */
final class TracefsEventLog implements AutoCloseable {
  private final Path instance;

  private TracefsEventLog(Path instance) {
    this.instance = instance;
  }

  static TracefsEventLog start(String system, String event) throws IOException {
    Path root = Tracefs.open().root();
    Path instance = root.resolve("instances").resolve("jstap-lab-" + ProcessHandle.current().pid());
    if (!Files.isDirectory(instance)) Files.createDirectory(instance);
    var log = new TracefsEventLog(instance);
    try {
      Files.writeString(instance.resolve("events").resolve(system).resolve(event).resolve("enable"),
          "1");
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    return log;
  }

  /** The event lines recorded so far (without the header). */
  List<String> lines() throws IOException {
    return Files.readAllLines(instance.resolve("trace")).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
  }

  @Override
  public void close() throws IOException {
    // an instance is removed with rmdir (tracefs refuses recursive deletes); it disables its events
    Files.deleteIfExists(instance);
  }
}
