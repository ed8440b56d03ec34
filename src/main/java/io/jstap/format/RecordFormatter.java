package io.jstap.format;

import java.lang.foreign.MemorySegment;

/**
 * Formats ring-buffer records of one format, read in place, into an {@link OutputBuffer}: the
 * hot path of every BPF printf. Allocates nothing per record. One instance per consumer thread.
 */
public final class RecordFormatter {
  private final StapFormat format;
  private final RecordLayout layout;
  private final int limit;
  private final RecordArguments arguments;
  private final Renderer renderer = new Renderer();

  public RecordFormatter(StapFormat format, RecordLayout layout, FormatLimits limits) {
    layout.checkFits(format);
    this.format = format;
    this.layout = layout;
    this.limit = limits.printBufferSize();
    this.arguments = new RecordArguments(layout);
  }

  public StapFormat format() {
    return format;
  }

  public RecordLayout layout() {
    return layout;
  }

  /**
   * Formats the record whose argument area starts at {@code offset} in {@code record}.
   *
   * @throws IllegalArgumentException when the record is shorter than the layout
   */
  public void format(MemorySegment record, long offset, OutputBuffer out) {
    if (record.byteSize() - offset < layout.size()) {
      throw new IllegalArgumentException(
          "record of " + (record.byteSize() - offset) + " argument bytes, layout needs "
              + layout.size() + " (format \"" + format.text() + "\")");
    }
    arguments.bind(record, offset);
    int start = out.reserve(limit);
    out.commit(renderer.render(format, arguments, out.array(), start, start + limit));
  }
}
