package io.jstap.format;

/**
 * Where a format's operands come from: a ring-buffer record ({@link RecordArguments}) or
 * interpreter values ({@link ValueArguments}). Operands are numbered as in {@link
 * StapFormat#operands()}.
 */
sealed interface ArgumentSource permits RecordArguments, ValueArguments {
  long longValue(int operand);

  /**
   * Copies up to {@code max} bytes of a string operand to {@code dst} (bytes after its end may be
   * copied too) and returns the string's length within them: the index of its first NUL, or the
   * number of bytes copied when there is none.
   */
  int copyString(int operand, byte[] dst, int dstPos, int max);

  /** Copies up to {@code max} bytes of a memory operand to {@code dst[0..)}; returns how many. */
  int copyMemory(int operand, byte[] dst, int max);
}
