package io.jstap.runtime.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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

  @Override
  public int copyString(int operand, byte[] dst, int dstPos, int max) {
    int n = Math.min(max, capacity[operand]);
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + offset[operand], dst, dstPos, n);
    int end = dstPos + n;
    for (int i = dstPos; i < end; i++) if (dst[i] == 0) return i - dstPos;
    return n;
  }

  @Override
  public int copyMemory(int operand, byte[] dst, int max) {
    int n = Math.min(max, capacity[operand]);
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + offset[operand], dst, 0, n);
    return n;
  }
}
