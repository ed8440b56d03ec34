package io.jstap.kernel;

/**
 * A tracepoint's name: {@code skb:kfree_skb}. The subsystem is empty when the source that named
 * the tracepoint does not know it (BTF knows raw tracepoints by event name only).
 */
public record TracepointName(String subsystem, String event) implements Comparable<TracepointName> {
  public TracepointName {
    if (event.isEmpty()) {
      throw new IllegalArgumentException("a tracepoint needs an event name");
    }
  }

  /** Parses {@code subsystem:event}, or a bare {@code event}. */
  public static TracepointName parse(String text) {
    int colon = text.indexOf(':');
    return colon < 0 ? new TracepointName("", text)
        : new TracepointName(text.substring(0, colon), text.substring(colon + 1));
  }

  @Override
  public int compareTo(TracepointName o) {
    int c = subsystem.compareTo(o.subsystem);
    return c != 0 ? c : event.compareTo(o.event);
  }

  @Override
  public String toString() {
    return subsystem.isEmpty() ? event : subsystem + ":" + event;
  }
}
