package io.jstap.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class StatisticsPropertyTest {

  /** _stp_val_to_bucket of runtime/stat-common.c, transcribed: the shifting search for the top bit. */
  static int cBucket(long val) {
    int neg = 0;
    int res = 128;
    if (val == 0) return 64;
    if (val < 0) {
      val = -val;
      neg = 1;
    }
    if ((val & 0xffffffffffff0000L) != 0) {
      if ((val & 0xffffffff00000000L) == 0) {
        val <<= 32;
        res -= 32;
      }
      if ((val & 0xffff000000000000L) == 0) {
        val <<= 16;
        res -= 16;
      }
    } else {
      val <<= 48;
      res -= 48;
    }
    if ((val & 0xff00000000000000L) == 0) {
      val <<= 8;
      res -= 8;
    }
    if ((val & 0xf000000000000000L) == 0) {
      val <<= 4;
      res -= 4;
    }
    if ((val & 0xc000000000000000L) == 0) {
      val <<= 2;
      res -= 2;
    }
    if ((val & 0x8000000000000000L) == 0) {
      res -= 1;
    }
    if (neg != 0) res = 128 - res;
    return res;
  }

  @Provide
  Arbitrary<Long> values() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-5000, 5000),
        Arbitraries.integers().between(0, 63).map(k -> 1L << k),
        Arbitraries.integers().between(0, 63).map(k -> -(1L << k)));
  }

  @Property(tries = 5000)
  void logBucketsMatchSystemTapsSearch(@ForAll("values") long value) {
    assertThat(Histogram.LOG.bucketOf(value)).isEqualTo(cBucket(value));
  }

  @Property(tries = 2000)
  void everyValueLandsInTheBucketItsRowLabels(@ForAll("values") long value) {
    int b = Histogram.LOG.bucketOf(value);
    long label = Histogram.Log.bucketValue(b);
    if (value >= 0) {
      assertThat(value).isGreaterThanOrEqualTo(label);
      if (b < 127) assertThat(value).isLessThan(Histogram.Log.bucketValue(b + 1));
    } else {
      assertThat(value).isLessThanOrEqualTo(label);
      if (b > 0) assertThat(value).isGreaterThan(Histogram.Log.bucketValue(b - 1));
    }
  }

  @Property(tries = 300)
  void splittingSamplesOverCpusChangesNoCountSumMinMaxOrBucket(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = -100000, max = 100000) Integer> samples,
      @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 0, max = 3) Integer> cpuOf) {
    var shape = new StatShape(new Histogram.Linear(-50000, 50000, 1000), false, 0);
    var single = new StatPartial(shape);
    var cpus = new ArrayList<StatPartial>();
    for (int i = 0; i < 4; i++) cpus.add(new StatPartial(shape));
    for (int i = 0; i < samples.size(); i++) {
      single.add(samples.get(i));
      cpus.get(cpuOf.get(i)).add(samples.get(i));
    }
    var whole = StatSummary.merge(shape, List.of(single));
    var split = StatSummary.merge(shape, cpus);
    assertThat(split.count()).isEqualTo(whole.count());
    assertThat(split.sum()).isEqualTo(whole.sum());
    assertThat(split.min()).isEqualTo(whole.min());
    assertThat(split.max()).isEqualTo(whole.max());
    assertThat(split.avg()).isEqualTo(whole.avg());
    for (int i = 0; i < whole.bucketCount(); i++) {
      assertThat(split.bucket(i)).isEqualTo(whole.bucket(i));
    }
  }
}
