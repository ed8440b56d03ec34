package io.jstap.format;

/**
 * What one statistic keeps, and the byte layout of its per-CPU value in a BPF map (all fields
 * 64-bit little-endian, the shape of SystemTap's {@code struct stat_data}, runtime/stat.h):
 *
 * <pre>
 *   0 count       number of samples on this CPU
 *   8 sum
 *  16 min         valid when count > 0
 *  24 max
 *  32 avg_s       running mean, scaled by 2^shift (Welford)
 *  40 m2          running sum of squared deviations, scaled
 *  48 variance_s  m2 / (count - 1), or -1 while count < 2
 *  56 buckets     bucketCount() counters, indexed by Histogram.bucketOf
 * </pre>
 *
 * A BPF program adds a sample as {@link StatPartial#add} does; user space merges the CPUs with
 * {@link StatSummary#merge}.
 *
 * @param variance whether {@code @variance} is used on this statistic (SystemTap's
 *     STAT_OP_VARIANCE): only then are avg_s, m2 and variance_s updated past the first sample
 * @param varianceShift the bit shift of {@code @variance(s, shift)}, 0 when not given
 */
public record StatShape(Histogram histogram, boolean variance, int varianceShift) {
  public static final int COUNT = 0;
  public static final int SUM = 8;
  public static final int MIN = 16;
  public static final int MAX = 24;
  public static final int AVG_S = 32;
  public static final int M2 = 40;
  public static final int VARIANCE_S = 48;
  public static final int BUCKETS = 56;

  public static final StatShape PLAIN = new StatShape(Histogram.NONE, false, 0);

  public StatShape {
    if (varianceShift < 0 || varianceShift > 62) {
      throw new IllegalArgumentException("variance shift " + varianceShift + " not in 0..62");
    }
  }

  /** Bytes of one CPU's value. */
  public int valueSize() {
    return BUCKETS + 8 * histogram.bucketCount();
  }
}
