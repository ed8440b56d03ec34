package io.jstap.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One CPU's share of a statistic, as a BPF program keeps it (see {@link StatShape} for the
 * bytes). Mutable. {@link #add} is the reference for what BPF code must do per sample.
 */
public final class StatPartial {
  static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final StatShape shape;
  long count;
  long sum;
  long min;
  long max;
  long avgS;
  long m2;
  long varianceS;
  final long[] buckets;

  public StatPartial(StatShape shape) {
    this.shape = shape;
    this.buckets = new long[shape.histogram().bucketCount()];
  }

  public StatShape shape() {
    return shape;
  }

  /**
   * Adds a sample: {@code __stp_stat_add} of runtime/stat-common.c, including its Welford update
   * whose {@code delta} is a C int (the 64-bit difference is cut to 32 bits, as in SystemTap).
   */
  public void add(long value) {
    int shift = shape.varianceShift();
    if (count == 0) {
      count = 1;
      sum = min = max = value;
      avgS = value << shift;
      m2 = 0;
    } else {
      count++;
      sum += value;
      if (value > max) max = value;
      if (value < min) min = value;
      if (shape.variance()) {
        long delta = (int) ((value << shift) - avgS);
        avgS += div64(delta, count);
        m2 += delta * ((value << shift) - avgS);
        varianceS = count < 2 ? -1 : div64(m2, count - 1);
      }
    }
    if (buckets.length > 0) buckets[shape.histogram().bucketOf(value)]++;
  }

  /** _stp_div64 (runtime/arith.c) as called with no error slot: x / 0 is 0. */
  static long div64(long x, long y) {
    return y == 0 ? 0 : x / y;
  }

  public long count() {
    return count;
  }

  public long bucket(int i) {
    return buckets[i];
  }

  /** Reads one CPU's value at {@code offset}. */
  public StatPartial readFrom(MemorySegment segment, long offset) {
    count = segment.get(LONG_LE, offset + StatShape.COUNT);
    sum = segment.get(LONG_LE, offset + StatShape.SUM);
    min = segment.get(LONG_LE, offset + StatShape.MIN);
    max = segment.get(LONG_LE, offset + StatShape.MAX);
    avgS = segment.get(LONG_LE, offset + StatShape.AVG_S);
    m2 = segment.get(LONG_LE, offset + StatShape.M2);
    varianceS = segment.get(LONG_LE, offset + StatShape.VARIANCE_S);
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = segment.get(LONG_LE, offset + StatShape.BUCKETS + 8L * i);
    }
    return this;
  }

  /** Writes this value at {@code offset}, in the layout a BPF program reads. */
  public void writeTo(MemorySegment segment, long offset) {
    segment.set(LONG_LE, offset + StatShape.COUNT, count);
    segment.set(LONG_LE, offset + StatShape.SUM, sum);
    segment.set(LONG_LE, offset + StatShape.MIN, min);
    segment.set(LONG_LE, offset + StatShape.MAX, max);
    segment.set(LONG_LE, offset + StatShape.AVG_S, avgS);
    segment.set(LONG_LE, offset + StatShape.M2, m2);
    segment.set(LONG_LE, offset + StatShape.VARIANCE_S, varianceS);
    for (int i = 0; i < buckets.length; i++) {
      segment.set(LONG_LE, offset + StatShape.BUCKETS + 8L * i, buckets[i]);
    }
  }
}
