package io.jstap.lang;

import java.util.Arrays;

/**
 * Lines and columns of many offsets in one {@link Source}, each in O(log lines): for stages
 * that locate every node or instruction (line info, source maps). {@link Span#line()} scans
 * the text instead, which suits the occasional message.
 */
public final class LineIndex {
  private final Source source;
  private final int[] lineStarts;

  public LineIndex(Source source) {
    this.source = source;
    String text = source.text();
    int lines = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') lines++;
    }
    lineStarts = new int[lines];
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') lineStarts[line++] = i + 1;
    }
  }

  public Source source() {
    return source;
  }

  /** The 1-based line holding {@code offset} (clamped to the text). */
  public int line(int offset) {
    int at = Math.min(Math.max(offset, 0), source.text().length());
    int i = Arrays.binarySearch(lineStarts, at);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** The 1-based column of {@code offset}, counting chars as {@link Source#columnOf} does. */
  public int column(int offset) {
    int at = Math.min(Math.max(offset, 0), source.text().length());
    return at - lineStarts[line(at) - 1] + 1;
  }
}
