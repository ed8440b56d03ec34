package io.jstap.format;

import java.util.Optional;

/**
 * The histogram a statistic keeps, as a fixed array of counters that a BPF program indexes with
 * {@link #bucketOf}: SystemTap's {@code __stp_stat_add} (runtime/stat-common.c) buckets.
 */
public sealed interface Histogram {
  /** STP_MAX_BUCKETS (runtime/stat.h), the default limit on linear histogram buckets. */
  int MAX_LINEAR_BUCKETS = 128;

  int bucketCount();

  /** The counter a value increments. */
  int bucketOf(long value);

  /** No histogram: only count, sum, min, max (and variance). */
  record None() implements Histogram {
    @Override
    public int bucketCount() {
      return 0;
    }

    @Override
    public int bucketOf(long value) {
      throw new IllegalStateException("a statistic without histogram has no buckets");
    }
  }

  /**
   * {@code @hist_log}: 128 buckets (HIST_LOG_BUCKETS, runtime/stat.h). Bucket 64 holds 0; bucket
   * {@code 64 + k + 1} holds [2^k, 2^(k+1)); bucket {@code 63 - k} holds (-2^(k+1), -2^k], so
   * bucket 0 holds Long.MIN_VALUE. In BPF terms, with clz = count of leading zero bits of the
   * 64-bit value: {@code v == 0 ? 64 : v > 0 ? 128 - clz(v) : clz(-v)}.
   */
  record Log() implements Histogram {
    public static final int BUCKETS = 128;
    public static final int ZERO_BUCKET = 64;

    @Override
    public int bucketCount() {
      return BUCKETS;
    }

    @Override
    public int bucketOf(long value) {
      if (value == 0) return ZERO_BUCKET;
      if (value > 0) return 128 - Long.numberOfLeadingZeros(value);
      return Long.numberOfLeadingZeros(-value); // -MIN_VALUE is MIN_VALUE: clz 0, bucket 0
    }

    /** The value a bucket's row is labelled with (_stp_bucket_to_val). */
    public static long bucketValue(int bucket) {
      if (bucket == ZERO_BUCKET) return 0;
      if (bucket < ZERO_BUCKET) return Long.MIN_VALUE >> bucket;
      return 1L << (bucket - ZERO_BUCKET - 1);
    }
  }

  /**
   * {@code @hist_linear(s, start, stop, interval)}: bucket 0 counts values below start, bucket
   * {@code k} (1 <= k <= (stop-start)/interval + 1) counts [start + (k-1)*interval, start +
   * k*interval), and the last bucket counts the rest (overflow). The parameters are C ints in
   * SystemTap's runtime.
   */
  record Linear(int start, int stop, int interval) implements Histogram {
    public Linear {
      check(start, stop, interval, Integer.MAX_VALUE)
          .ifPresent(
              m -> {
                throw new IllegalArgumentException(m);
              });
    }

    /**
     * Why these parameters cannot make a histogram (for a diagnostic), or empty when they can.
     *
     * @param maxBuckets STP_MAX_BUCKETS, {@value #MAX_LINEAR_BUCKETS} unless {@code -D} changes it
     */
    public static Optional<String> check(long start, long stop, long interval, int maxBuckets) {
      if (start < Integer.MIN_VALUE || start > Integer.MAX_VALUE
          || stop < Integer.MIN_VALUE || stop > Integer.MAX_VALUE
          || interval < Integer.MIN_VALUE || interval > Integer.MAX_VALUE) {
        return Optional.of("histogram parameters must fit in 32 bits");
      }
      if (interval <= 0) {
        return Optional.of("histogram interval must be positive, not " + interval);
      }
      if (stop < start) {
        return Optional.of("histogram stop (" + stop + ") is below its start (" + start + ")");
      }
      long buckets = (stop - start) / interval + 3;
      if (buckets > maxBuckets) {
        return Optional.of(
            "histogram would have "
                + (buckets - 2)
                + " buckets; at most "
                + (maxBuckets - 2)
                + " are allowed: widen the interval or narrow start..stop");
      }
      return Optional.empty();
    }

    @Override
    public int bucketCount() {
      return (stop - start) / interval + 3; // "don't forget buckets for underflow and overflow"
    }

    @Override
    public int bucketOf(long value) {
      long v = value - start;
      int last = bucketCount() - 1;
      if (v < 0) return 0;
      long k = v / interval + 1;
      return k >= last ? last : (int) k;
    }
  }

  Histogram NONE = new None();
  Histogram LOG = new Log();
}
