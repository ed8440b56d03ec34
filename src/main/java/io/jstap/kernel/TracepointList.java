package io.jstap.kernel;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Tracepoint names alone, one {@code subsystem:event} a line, as tracefs's available_events
 * lists them. It knows no arguments; merged with {@link BtfTracepoints} it gives them
 * subsystems.
 */
final class TracepointList implements TracepointCatalogue {
  private final List<TracepointName> names;

  TracepointList(List<String> lines) {
    var set = new TreeSet<TracepointName>();
    for (String line : lines) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        set.add(TracepointName.parse(l));
      }
    }
    names = List.copyOf(set);
  }

  @Override
  public List<TracepointName> names() {
    return names;
  }

  @Override
  public Optional<Tracepoint> find(String subsystem, String event) {
    TracepointName name = new TracepointName(subsystem, event);
    return names.contains(name) ? Optional.of(new Tracepoint(name, List.of(), List.of(), ""))
        : Optional.empty();
  }
}
