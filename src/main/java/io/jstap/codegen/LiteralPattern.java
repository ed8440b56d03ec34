package io.jstap.codegen;

import java.io.ByteArrayOutputStream;

/**
 * A regular expression that is literal text, possibly anchored: {@code "^/tmp/"}, {@code
 * "\\.so$"}, {@code "qemu"}. What BPF can match with a bounded search.
 */
record LiteralPattern(byte[] text, boolean start, boolean end) {
  private static final String SPECIAL = ".[]()*+?{}|\\^$";

  /** The pattern as literal text, or null when it uses regular-expression operators. */
  static LiteralPattern of(byte[] pattern) {
    int from = 0;
    int to = pattern.length;
    boolean start = to > 0 && pattern[0] == '^';
    if (start) from++;
    boolean end = to > from && pattern[to - 1] == '$' && (to - 2 < from || pattern[to - 2] != '\\');
    if (end) to--;
    var text = new ByteArrayOutputStream();
    for (int i = from; i < to; i++) {
      char c = (char) (pattern[i] & 0xff);
      if (c == '\\') {
        if (i + 1 >= to) return null;
        char next = (char) (pattern[++i] & 0xff);
        if (Character.isLetterOrDigit(next)) return null; // \d, \w... are not literal
        text.write(next);
      } else if (SPECIAL.indexOf(c) >= 0) {
        return null;
      } else {
        text.write(c);
      }
    }
    return new LiteralPattern(text.toByteArray(), start, end);
  }
}
