package io.jstap.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A source of tracepoints: BTF (raw tracepoint arguments, see {@link BtfTracepoints}), tracefs
 * (names with subsystems, format files), or a fixture. {@link #merged} puts two together.
 */
public interface TracepointCatalogue {
  /** Every tracepoint this source knows, sorted. */
  List<TracepointName> names();

  /**
   * One tracepoint, or empty when this source does not know it. A source that does not know
   * subsystems (BTF) matches the event name alone.
   */
  Optional<Tracepoint> find(String subsystem, String event);

  /**
   * Both sources as one: names from both (a name with a subsystem replaces the same event
   * without one), arguments and fields from whichever source has them, {@code first} winning.
   */
  static TracepointCatalogue merged(TracepointCatalogue first, TracepointCatalogue second) {
    return new TracepointCatalogue() {
      @Override
      public List<TracepointName> names() {
        var byEvent = new TreeMap<String, List<TracepointName>>();
        for (var source : List.of(first, second)) {
          for (TracepointName n : source.names()) {
            var names = byEvent.computeIfAbsent(n.event(), e -> new ArrayList<>());
            if (!names.contains(n)) {
              names.add(n);
            }
          }
        }
        var all = new ArrayList<TracepointName>();
        for (var names : byEvent.values()) {
          boolean someHaveSubsystem = names.stream().anyMatch(n -> !n.subsystem().isEmpty());
          for (TracepointName n : names) {
            if (!someHaveSubsystem || !n.subsystem().isEmpty()) {
              all.add(n);
            }
          }
        }
        all.sort(null);
        return all;
      }

      @Override
      public Optional<Tracepoint> find(String subsystem, String event) {
        var a = first.find(subsystem, event);
        var b = second.find(subsystem, event);
        if (a.isEmpty() || b.isEmpty()) {
          return a.isPresent() ? a : b;
        }
        Tracepoint x = a.get();
        Tracepoint y = b.get();
        TracepointName name = x.name().subsystem().isEmpty() ? y.name() : x.name();
        boolean argsFromX = !x.arguments().isEmpty() || y.arguments().isEmpty();
        return Optional.of(new Tracepoint(name,
            argsFromX ? x.arguments() : y.arguments(),
            x.fields().isEmpty() ? y.fields() : x.fields(),
            argsFromX ? x.origin() : y.origin()));
      }
    };
  }
}
