package io.jstap.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Operands read in place from a ring-buffer record; rebound to each record, no allocation. */
final class RecordArguments implements ArgumentSource {
  private static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final int[] offset;
  private final int[] capacity;
  private MemorySegment segment = MemorySegment.NULL;
  private long base;

  RecordArguments(RecordLayout layout) {
    int n = layout.fields().size();
    offset = new int[n];
    capacity = new int[n];
    for (int i = 0; i < n; i++) {
      offset[i] = layout.fields().get(i).offset();
      capacity[i] = layout.fields().get(i).capacity();
    }
  }

  void bind(MemorySegment segment, long base) {
    this.segment = segment;
    this.base = base;
  }

  @Override
  public long longValue(int operand) {
    return segment.get(LONG_LE, base + offset[operand]);
  }

  private static final VarHandle LONGS_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Copies eight bytes at a time and finds the NUL with the "has zero byte" test: in little
   * endian the lowest flagged byte is the first NUL (borrows only flag bytes above a zero).
   */
  @Override
  public int copyString(int operand, byte[] dst, int dstPos, int max) {
    int n = Math.min(max, capacity[operand]);
    long src = base + offset[operand];
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long w = segment.get(LONG_LE, src + i);
      LONGS_LE.set(dst, dstPos + i, w);
      long zero = (w - ONES) & ~w & HIGHS;
      if (zero != 0) return i + (Long.numberOfTrailingZeros(zero) >>> 3);
    }
    for (; i < n; i++) {
      byte b = segment.get(ValueLayout.JAVA_BYTE, src + i);
      if (b == 0) return i;
      dst[dstPos + i] = b;
    }
    return n;
  }

  @Override
  public int copyMemory(int operand, byte[] dst, int max) {
    int n = Math.min(max, capacity[operand]);
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + offset[operand], dst, 0, n);
    return n;
  }
}
