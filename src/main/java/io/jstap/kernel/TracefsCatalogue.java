package io.jstap.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tracepoints as tracefs lists them: names with their subsystems, and the record fields of
 * each event's format file (what classic tracepoint programs read, and the only description
 * of the syscall events, which have no BTF prototype).
 */
public final class TracefsCatalogue implements TracepointCatalogue {
  private final Tracefs tracefs;
  private List<TracepointName> names;

  public TracefsCatalogue(Tracefs tracefs) {
    this.tracefs = tracefs;
  }

  @Override
  public synchronized List<TracepointName> names() {
    if (names == null) {
      var list = new ArrayList<TracepointName>();
      for (String e : tracefs.availableEvents()) list.add(TracepointName.parse(e));
      list.sort(java.util.Comparator.comparing(TracepointName::toString));
      names = List.copyOf(list);
    }
    return names;
  }

  @Override
  public Optional<Tracepoint> find(String subsystem, String event) {
    if (!tracefs.exists(subsystem, event)) return Optional.empty();
    TracepointFormat format = tracefs.format(subsystem, event);
    return Optional.of(new Tracepoint(new TracepointName(subsystem, event), List.of(),
        format.eventFields(), "tracefs format of " + subsystem + ":" + event));
  }
}
