package io.jstap.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Operands given as Java values, for formats run by the user-space interpreter. Reusable: set
 * each operand, format, set again. A string is bytes and ends at its first NUL, if any; a memory
 * operand ({@code %m}, {@code %M}) is given as the bytes to print.
 */
public final class ValueArguments implements ArgumentSource {
  private final long[] longs;
  private final byte[][] bytes;

  public ValueArguments(int size) {
    longs = new long[size];
    bytes = new byte[size][];
  }

  /** Arguments from Long/Integer (longs), byte[] (strings or memory) and String (UTF-8). */
  public static ValueArguments of(Object... values) {
    var args = new ValueArguments(values.length);
    for (int i = 0; i < values.length; i++) {
      switch (values[i]) {
        case Long l -> args.setLong(i, l);
        case Integer n -> args.setLong(i, n);
        case byte[] b -> args.setBytes(i, b);
        case String s -> args.setBytes(i, s.getBytes(StandardCharsets.UTF_8));
        default ->
            throw new IllegalArgumentException(
                "argument " + i + " is a " + values[i].getClass().getSimpleName()
                    + "; expected Long, Integer, byte[] or String");
      }
    }
    return args;
  }

  public int size() {
    return longs.length;
  }

  public ValueArguments setLong(int operand, long value) {
    longs[operand] = value;
    bytes[operand] = null;
    return this;
  }

  /** Sets a string (or memory) operand; the array is used as it is, not copied. */
  public ValueArguments setBytes(int operand, byte[] value) {
    bytes[operand] = value;
    return this;
  }

  @Override
  public long longValue(int operand) {
    return longs[operand];
  }

  @Override
  public int copyString(int operand, byte[] dst, int dstPos, int max) {
    byte[] b = bytes(operand);
    int n = Math.min(max, b.length);
    for (int i = 0; i < n; i++) {
      byte c = b[i];
      if (c == 0) return i;
      dst[dstPos + i] = c;
    }
    return n;
  }

  @Override
  public int copyMemory(int operand, byte[] dst, int max) {
    byte[] b = bytes(operand);
    int n = Math.min(max, b.length);
    System.arraycopy(b, 0, dst, 0, n);
    return n;
  }

  private byte[] bytes(int operand) {
    byte[] b = bytes[operand];
    if (b == null) throw new IllegalStateException("operand " + operand + " is not a string");
    return b;
  }

  @Override
  public String toString() {
    var sb = new StringBuilder("ValueArguments[");
    for (int i = 0; i < longs.length; i++) {
      if (i > 0) sb.append(", ");
      sb.append(bytes[i] != null ? Arrays.toString(bytes[i]) : Long.toString(longs[i]));
    }
    return sb.append(']').toString();
  }
}
