package io.jstap.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The values of one per-CPU map element, one per possible CPU, each padded to 8 bytes as the
 * kernel copies them (kernel/bpf/syscall.c, bpf_map_value_size: round_up(value_size, 8) *
 * num_possible_cpus()).
 */
public record PerCpuValues(MemorySegment raw, int valueSize, int cpus) {
  public static long stride(int valueSize) {
    return (valueSize + 7L) & ~7L;
  }

  /** CPU {@code cpu}'s value. */
  public MemorySegment of(int cpu) {
    return raw.asSlice(cpu * stride(valueSize), valueSize);
  }

  /** Sum over CPUs of the u64 at {@code offset} in each value (counts, sums). */
  public long sumLong(long offset) {
    long s = 0;
    for (int c = 0; c < cpus; c++) s += raw.get(ValueLayout.JAVA_LONG_UNALIGNED, c * stride(valueSize) + offset);
    return s;
  }

  /** Minimum over CPUs of the signed s64 at {@code offset}. */
  public long minLong(long offset) {
    long m = Long.MAX_VALUE;
    for (int c = 0; c < cpus; c++) m = Math.min(m, raw.get(ValueLayout.JAVA_LONG_UNALIGNED, c * stride(valueSize) + offset));
    return m;
  }

  /** Maximum over CPUs of the signed s64 at {@code offset}. */
  public long maxLong(long offset) {
    long m = Long.MIN_VALUE;
    for (int c = 0; c < cpus; c++) m = Math.max(m, raw.get(ValueLayout.JAVA_LONG_UNALIGNED, c * stride(valueSize) + offset));
    return m;
  }
}
