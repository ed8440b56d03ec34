package io.jstap.format;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * A statistic merged over all CPUs: what {@code @count}, {@code @sum}, {@code @min},
 * {@code @max}, {@code @avg}, {@code @variance} and the histograms read. Merging follows
 * {@code _stp_stat_get} (runtime/stat.c): sums of counts, sums and buckets; min and max over the
 * CPUs that saw samples; the variance by the "total variance" formula over the per-CPU Welford
 * states, in 64-bit integer arithmetic with SystemTap's bit shift.
 */
public final class StatSummary implements ScriptValue {
  private final StatShape shape;
  private final long count;
  private final long sum;
  private final long min;
  private final long max;
  private final long variance;
  private final long[] buckets;

  private StatSummary(
      StatShape shape, long count, long sum, long min, long max, long variance, long[] buckets) {
    this.shape = shape;
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
    this.variance = variance;
    this.buckets = buckets;
  }

  /** Merges per-CPU values. */
  public static StatSummary merge(StatShape shape, List<StatPartial> perCpu) {
    long count = 0;
    long sum = 0;
    long min = 0;
    long max = 0;
    long[] buckets = new long[shape.histogram().bucketCount()];
    for (StatPartial p : perCpu) {
      if (p.shape() != shape && !p.shape().equals(shape)) {
        throw new IllegalArgumentException("partial of shape " + p.shape() + ", not " + shape);
      }
      if (p.count == 0) continue;
      if (count == 0) {
        min = p.min;
        max = p.max;
      }
      count += p.count;
      sum += p.sum;
      if (p.max > max) max = p.max;
      if (p.min < min) min = p.min;
      for (int j = 0; j < buckets.length; j++) buckets[j] += p.buckets[j];
    }
    int shift = shape.varianceShift();
    long avgS = StatPartial.div64(sum << shift, count);
    long s1 = 0;
    long s2 = 0;
    for (StatPartial p : perCpu) {
      if (p.count == 0) continue;
      long d = p.avgS - avgS;
      s1 += p.count * d * d;
      s2 += (p.count - 1) * p.varianceS;
    }
    long varianceS = StatPartial.div64(s1 + s2, count - 1);
    return new StatSummary(shape, count, sum, min, max, varianceS >> (2 * shift), buckets);
  }

  /**
   * Merges the value of a per-CPU BPF map: {@code cpus} values, one every {@code stride} bytes
   * (the kernel rounds each up to 8 bytes), starting at {@code offset}.
   */
  public static StatSummary merge(
      StatShape shape, MemorySegment values, long offset, int cpus, long stride) {
    var partials = new StatPartial[cpus];
    for (int cpu = 0; cpu < cpus; cpu++) {
      partials[cpu] = new StatPartial(shape).readFrom(values, offset + cpu * stride);
    }
    return merge(shape, Arrays.asList(partials));
  }

  public StatShape shape() {
    return shape;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public long count() {
    return count;
  }

  /** The sum; 0 for an empty statistic, as SystemTap since 1.5. */
  public long sum() {
    return sum;
  }

  public long min() {
    requireSamples();
    return min;
  }

  public long max() {
    requireSamples();
    return max;
  }

  /** The average, truncated toward zero (_stp_div64 of sum by count). */
  public long avg() {
    requireSamples();
    return sum / count;
  }

  /** The sample variance, in SystemTap's integer arithmetic; 0 for a single sample. */
  public long variance() {
    requireSamples();
    return variance;
  }

  public int bucketCount() {
    return buckets.length;
  }

  public long bucket(int i) {
    return buckets[i];
  }

  /**
   * SystemTap reports reading min, max, avg, variance or a histogram of an empty statistic as
   * the run-time error "empty aggregate"; callers check {@link #isEmpty} and raise it.
   */
  private void requireSamples() {
    if (count == 0) throw new IllegalStateException("empty aggregate");
  }

  @Override
  public String toString() {
    return "StatSummary[count=" + count + ", sum=" + sum + ", min=" + min + ", max=" + max + "]";
  }
}
