package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void logBuckets() {
    var log = Histogram.LOG;
    assertThat(log.bucketCount()).isEqualTo(128);
    assertThat(log.bucketOf(0)).isEqualTo(64);
    assertThat(log.bucketOf(1)).isEqualTo(65);
    assertThat(log.bucketOf(2)).isEqualTo(66);
    assertThat(log.bucketOf(3)).isEqualTo(66);
    assertThat(log.bucketOf(4)).isEqualTo(67);
    assertThat(log.bucketOf(Long.MAX_VALUE)).isEqualTo(127);
    assertThat(log.bucketOf(-1)).isEqualTo(63);
    assertThat(log.bucketOf(-2)).isEqualTo(62);
    assertThat(log.bucketOf(-3)).isEqualTo(62);
    assertThat(log.bucketOf(Long.MIN_VALUE)).isZero();
    assertThat(Histogram.Log.bucketValue(0)).isEqualTo(Long.MIN_VALUE);
    assertThat(Histogram.Log.bucketValue(63)).isEqualTo(-1);
    assertThat(Histogram.Log.bucketValue(64)).isZero();
    assertThat(Histogram.Log.bucketValue(65)).isEqualTo(1);
    assertThat(Histogram.Log.bucketValue(127)).isEqualTo(1L << 62);
  }

  @Test
  void linearBuckets() {
    var h = new Histogram.Linear(0, 100, 10);
    assertThat(h.bucketCount()).isEqualTo(13);
    assertThat(h.bucketOf(-1)).isZero();
    assertThat(h.bucketOf(0)).isEqualTo(1);
    assertThat(h.bucketOf(9)).isEqualTo(1);
    assertThat(h.bucketOf(10)).isEqualTo(2);
    assertThat(h.bucketOf(100)).isEqualTo(11); // stop is still a bucket of its own
    assertThat(h.bucketOf(109)).isEqualTo(11);
    assertThat(h.bucketOf(110)).isEqualTo(12);
    assertThat(h.bucketOf(Long.MAX_VALUE)).isEqualTo(12);
    var negative = new Histogram.Linear(-100, 100, 10);
    assertThat(negative.bucketOf(-100)).isEqualTo(1);
    assertThat(negative.bucketOf(-10)).isEqualTo(10);
    // value - start wraps around in 64 bits, as in the C: a huge value counts as underflow.
    assertThat(negative.bucketOf(Long.MAX_VALUE)).isZero();
  }

  @Test
  void linearParametersAreChecked() {
    assertThat(Histogram.Linear.check(0, 100, 10, 128)).isEmpty();
    assertThat(Histogram.Linear.check(0, 0, 1, 128)).isEmpty();
    assertThat(Histogram.Linear.check(0, 100, 0, 128))
        .contains("histogram interval must be positive, not 0");
    assertThat(Histogram.Linear.check(10, 0, 1, 128))
        .contains("histogram stop (0) is below its start (10)");
    assertThat(Histogram.Linear.check(0, 1000, 1, 128))
        .contains(
            "histogram would have 1001 buckets; at most 126 are allowed: widen the interval or"
                + " narrow start..stop");
    assertThat(Histogram.Linear.check(0, 1L << 33, 1, 128))
        .contains("histogram parameters must fit in 32 bits");
    assertThatThrownBy(() -> new Histogram.Linear(0, 10, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void layoutOfAValue() {
    assertThat(StatShape.PLAIN.valueSize()).isEqualTo(56);
    assertThat(new StatShape(Histogram.LOG, false, 0).valueSize()).isEqualTo(56 + 128 * 8);
    assertThat(new StatShape(new Histogram.Linear(0, 100, 10), true, 3).valueSize())
        .isEqualTo(56 + 13 * 8);
    assertThatThrownBy(() -> new StatShape(Histogram.NONE, true, 63))
        .hasMessageContaining("not in 0..62");
  }

  @Test
  void countSumMinMaxAvgMergeOverCpus() {
    var shape = new StatShape(Histogram.LOG, false, 0);
    var a = new StatPartial(shape);
    var b = new StatPartial(shape);
    var idle = new StatPartial(shape);
    for (long v : new long[] {5, -3, 12}) a.add(v);
    for (long v : new long[] {100, 7}) b.add(v);
    var s = StatSummary.merge(shape, List.of(idle, a, b));
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.sum()).isEqualTo(121);
    assertThat(s.min()).isEqualTo(-3);
    assertThat(s.max()).isEqualTo(100);
    assertThat(s.avg()).isEqualTo(24); // 121 / 5, truncated
    assertThat(s.bucket(Histogram.LOG.bucketOf(5))).isEqualTo(2); // 5 and 7
    assertThat(s.bucket(Histogram.LOG.bucketOf(-3))).isEqualTo(1);
  }

  @Test
  void averageTruncatesTowardZero() {
    var shape = StatShape.PLAIN;
    var p = new StatPartial(shape);
    p.add(-7);
    p.add(0);
    assertThat(StatSummary.merge(shape, List.of(p)).avg()).isEqualTo(-3);
  }

  @Test
  void varianceInSystemTapsIntegerArithmetic() {
    // Traced by hand through __stp_stat_add and _stp_stat_get: with shift 0 the running mean
    // stays 1, m2 ends at 14 (variance_s 4), the merged mean is 2, S1 = 4 and S2 = 12, so
    // (4 + 12) / 3 = 5, where the true sample variance is 1.67.
    var shape = new StatShape(Histogram.NONE, true, 0);
    var p = new StatPartial(shape);
    for (long v = 1; v <= 4; v++) p.add(v);
    assertThat(StatSummary.merge(shape, List.of(p)).variance()).isEqualTo(5);
    // A shift keeps fractions: with 2^10 scaling the same samples give the true 1 (1.67 cut).
    var shifted = new StatShape(Histogram.NONE, true, 10);
    var q = new StatPartial(shifted);
    for (long v = 1; v <= 4; v++) q.add(v);
    assertThat(StatSummary.merge(shifted, List.of(q)).variance()).isEqualTo(1);
    // One sample: variance 0 (the division by count - 1 = 0 yields 0).
    var one = new StatPartial(shape);
    one.add(42);
    assertThat(StatSummary.merge(shape, List.of(one)).variance()).isZero();
  }

  @Test
  void varianceIsNotTrackedUnlessAsked() {
    var shape = new StatShape(Histogram.NONE, false, 0);
    var p = new StatPartial(shape);
    for (long v = 1; v <= 4; v++) p.add(v);
    var seg = Arena.ofAuto().allocate(shape.valueSize());
    p.writeTo(seg, 0);
    assertThat(seg.get(StatPartial.LONG_LE, StatShape.M2)).isZero();
    assertThat(seg.get(StatPartial.LONG_LE, StatShape.AVG_S)).isEqualTo(1);
  }

  @Test
  void perCpuMapValuesRoundTripAndMerge() {
    var shape = new StatShape(new Histogram.Linear(0, 100, 10), true, 2);
    int cpus = 3;
    long stride = shape.valueSize(); // already a multiple of 8
    var seg = Arena.ofAuto().allocate(16 + cpus * stride);
    var partials = new java.util.ArrayList<StatPartial>();
    for (int cpu = 0; cpu < cpus; cpu++) {
      var p = new StatPartial(shape);
      for (long v = 0; v < 10L * (cpu + 1); v += 3) p.add(v * (cpu + 1));
      p.writeTo(seg, 16 + cpu * stride);
      partials.add(p);
    }
    var fromMemory = StatSummary.merge(shape, seg, 16, cpus, stride);
    var fromObjects = StatSummary.merge(shape, partials);
    assertThat(fromMemory.count()).isEqualTo(fromObjects.count());
    assertThat(fromMemory.sum()).isEqualTo(fromObjects.sum());
    assertThat(fromMemory.min()).isEqualTo(fromObjects.min());
    assertThat(fromMemory.max()).isEqualTo(fromObjects.max());
    assertThat(fromMemory.variance()).isEqualTo(fromObjects.variance());
    for (int i = 0; i < fromMemory.bucketCount(); i++) {
      assertThat(fromMemory.bucket(i)).isEqualTo(fromObjects.bucket(i));
    }
  }

  @Test
  void emptyStatistics() {
    var shape = StatShape.PLAIN;
    var s = StatSummary.merge(shape, List.of(new StatPartial(shape), new StatPartial(shape)));
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.count()).isZero();
    assertThat(s.sum()).isZero();
    assertThatThrownBy(s::min).hasMessage("empty aggregate");
    assertThatThrownBy(s::max).hasMessage("empty aggregate");
    assertThatThrownBy(s::avg).hasMessage("empty aggregate");
    assertThatThrownBy(s::variance).hasMessage("empty aggregate");
  }
}
