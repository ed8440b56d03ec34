package io.jstap.lang;

import java.util.Objects;

/**
 * A range {@code [start, end)} of char offsets in a {@link Source}. Lines and columns are
 * computed when asked for (they are needed only for messages), so spans stay two ints and a
 * reference.
 */
public record Span(Source source, int start, int end) {
  public Span {
    Objects.requireNonNull(source, "source");
    if (start < 0 || end < start || end > source.text().length()) {
      throw new IllegalArgumentException(
          "span [" + start + ", " + end + ") outside " + source.name() + " (length "
              + source.text().length() + ")");
    }
  }

  /** An empty span at {@code offset}: where something is missing. */
  public static Span at(Source source, int offset) {
    return new Span(source, offset, offset);
  }

  /** The whole of {@code source}. */
  public static Span all(Source source) {
    return new Span(source, 0, source.text().length());
  }

  /** The smallest span covering this one and {@code other} (same source). */
  public Span to(Span other) {
    if (other.source != source && !other.source.equals(source)) {
      return this;
    }
    return new Span(source, Math.min(start, other.start), Math.max(end, other.end));
  }

  public int length() {
    return end - start;
  }

  /** 1-based line of the start. */
  public int line() {
    return source.lineOf(start);
  }

  /** 1-based column of the start. */
  public int column() {
    return source.columnOf(start);
  }

  /** The text the span covers. */
  public String text() {
    return source.text().substring(start, end);
  }

  /** {@code name:line:column}, the form messages start with. */
  @Override
  public String toString() {
    return source.name() + ":" + line() + ":" + column();
  }
}
