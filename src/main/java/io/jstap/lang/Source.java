package io.jstap.lang;

import java.util.Objects;

/**
 * A script's text and the name messages call it by: a file name, {@code <input>} for
 * {@code -e}, {@code <stdin>}, or a macro file's path.
 *
 * <p>Two sources are equal when both name and text are equal. Offsets into {@link #text()}
 * are char offsets; {@link Span} turns them into 1-based lines and columns on demand.
 */
public record Source(String name, String text) {
  public Source {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }

  /** The 1-based line that holds offset {@code offset} (clamped to the text). */
  public int lineOf(int offset) {
    int end = Math.min(Math.max(offset, 0), text.length());
    int line = 1;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') line++;
    }
    return line;
  }

  /** The 1-based column of {@code offset} on its line, counting chars (a tab is one). */
  public int columnOf(int offset) {
    int at = Math.min(Math.max(offset, 0), text.length());
    return at - lineStart(at) + 1;
  }

  /** The offset where the line holding {@code offset} starts. */
  public int lineStart(int offset) {
    int at = Math.min(Math.max(offset, 0), text.length());
    return text.lastIndexOf('\n', at - 1) + 1;
  }

  /** The offset of the line break (or end of text) that ends the line holding {@code offset}. */
  public int lineEnd(int offset) {
    int at = Math.min(Math.max(offset, 0), text.length());
    int nl = text.indexOf('\n', at);
    return nl < 0 ? text.length() : nl;
  }

  @Override
  public String toString() {
    return name;
  }
}
