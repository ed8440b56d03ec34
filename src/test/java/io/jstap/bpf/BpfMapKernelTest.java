package io.jstap.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@KernelTest
@ExtendWith(FdLeakCheck.class)
class BpfMapKernelTest {
  @Test
  void hashMapLookupUpdateDeleteAndIterate() {
    try (var arena = Arena.ofConfined(); BpfMap m = BpfMap.create(MapSpec.hash("h", 8, 8, 100))) {
      MemorySegment key = arena.allocate(8), value = arena.allocate(8);
      for (long k = 1; k <= 50; k++) {
        key.set(JAVA_LONG, 0, k);
        value.set(JAVA_LONG, 0, k * k);
        m.update(key, value);
      }
      key.set(JAVA_LONG, 0, 7);
      assertThat(m.lookup(key, value)).isTrue();
      assertThat(value.get(JAVA_LONG, 0)).isEqualTo(49);
      assertThat(m.delete(key)).isTrue();
      assertThat(m.delete(key)).isFalse();
      assertThat(m.lookup(key, value)).isFalse();

      assertThat(m.keys(arena)).hasSize(49);
      Map<Long, Long> all = new HashMap<>();
      m.forEach((k, v) -> all.put(k.get(JAVA_LONG, 0), v.get(JAVA_LONG, 0)));
      assertThat(all).hasSize(49).containsEntry(8L, 64L).doesNotContainKey(7L);

      key.set(JAVA_LONG, 0, 8);
      assertThatThrownBy(() -> m.update(key, value, BpfMap.Update.NO_EXIST))
          .isInstanceOf(BpfException.class)
          .hasMessage("bpf(BPF_MAP_UPDATE_ELEM): File exists (EEXIST): writing map 'h'");
    }
  }

  @Test
  void forEachReadsMoreEntriesThanOneBatch() {
    try (var arena = Arena.ofConfined(); BpfMap m = BpfMap.create(MapSpec.hash("big", 4, 8, 2000))) {
      MemorySegment key = arena.allocate(4), value = arena.allocate(8);
      for (int k = 0; k < 1000; k++) {
        key.set(JAVA_INT, 0, k);
        value.set(JAVA_LONG, 0, k + 1);
        m.update(key, value);
      }
      long[] sum = {0};
      int[] count = {0};
      m.forEach((k, v) -> { sum[0] += v.get(JAVA_LONG, 0); count[0]++; });
      assertThat(count[0]).isEqualTo(1000);
      assertThat(sum[0]).isEqualTo(1000L * 1001 / 2);
    }
  }

  @Test
  void perCpuValuesAreOnePerPossibleCpu() {
    try (var arena = Arena.ofConfined(); BpfMap m = BpfMap.create(MapSpec.perCpuHash("pc", 4, 12, 10))) {
      assertThat(m.valueBufferSize()).isEqualTo(16L * Cpus.possibleCount());
      MemorySegment key = arena.allocate(4);
      MemorySegment value = arena.allocate(m.valueBufferSize());
      for (int c = 0; c < Cpus.possibleCount(); c++) value.set(JAVA_LONG, c * 16L, 10 + c);
      m.update(key, value);
      PerCpuValues v = m.lookupPerCpu(key, arena);
      assertThat(v.cpus()).isEqualTo(Cpus.possibleCount());
      int n = Cpus.possibleCount();
      assertThat(v.sumLong(0)).isEqualTo(10L * n + (long) n * (n - 1) / 2);
      assertThat(v.minLong(0)).isEqualTo(10);
      assertThat(v.maxLong(0)).isEqualTo(10 + n - 1);
    }
  }

  @Test
  void kernelIdsAreDistinctAndStable() {
    try (BpfMap a = BpfMap.create(MapSpec.array("a", 8, 1)); BpfMap b = BpfMap.create(MapSpec.array("b", 8, 1))) {
      assertThat(a.kernelId()).isPositive().isNotEqualTo(b.kernelId()).isEqualTo(a.kernelId());
    }
  }

  @Test
  void arrayConveniences() {
    try (BpfMap m = BpfMap.create(MapSpec.perCpuArray("pa", 8, 4))) {
      m.writeLong(2, 5);
      assertThat(m.readLong(2)).isEqualTo(5L * Cpus.possibleCount());
      assertThat(m.readLong(3)).isZero();
    }
  }

  @Test
  void aWrongBufferSizeIsRefusedBeforeTheKernelCouldOverrunIt() {
    try (var arena = Arena.ofConfined(); BpfMap m = BpfMap.create(MapSpec.perCpuArray("pa", 8, 4))) {
      assertThatThrownBy(() -> m.lookup(arena.allocate(4), arena.allocate(8)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("needs a 4-byte key and a " + 8 * Cpus.possibleCount() + "-byte value buffer");
    }
  }

  @Test
  void creationFailureNamesTheCallTheErrnoAndTheMap() {
    // flags the kernel does not know make BPF_MAP_CREATE fail with EINVAL
    assertThatThrownBy(() -> BpfMap.create(new MapSpec("bad", MapType.HASH, 8, 8, 10, 0xffff)))
        .isInstanceOf(BpfException.class)
        .hasMessage("bpf(BPF_MAP_CREATE): Invalid argument (EINVAL): creating hash map 'bad'")
        .extracting(e -> ((BpfException) e).errnoName())
        .isEqualTo("EINVAL");
  }
}
