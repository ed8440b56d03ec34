package io.jstap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstap.bpf.BpfMap;
import io.jstap.bpf.Cpus;
import io.jstap.bpf.MapSpec;
import io.jstap.bpf.PerCpuValues;
import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Frontend;
import io.jstap.lang.MacroLibrary;
import io.jstap.lang.PreprocessorContext;
import io.jstap.lang.Source;
import io.jstap.format.LongValue;
import io.jstap.format.ScriptValue;
import io.jstap.format.StatPartial;
import io.jstap.format.StatSummary;
import io.jstap.format.StringValue;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.ProbeEnvironment;
import io.jstap.sema.Semantics;
import io.jstap.sema.Tapset;
import io.jstap.testing.FdLeakCheck;
import io.jstap.testing.KernelTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Globals in real BPF maps, encoded as StorageLayout says, read and written by MapStore. */
@KernelTest
@ExtendWith(FdLeakCheck.class)
class MapStoreKernelTest {
  private static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static final String SCRIPT = """
      global count, name, arr, names, ring%[3], small[2], total, hist, lin
      probe begin {
        count = 1; name = "x"; arr["a", 1] = 2; names[1] = "s"; ring[1] = 1; small[1] = 1
        total <<< 1; hist[1] <<< 1; lin <<< 1
        print(@hist_log(hist[1]))
        print(@hist_linear(lin, 0, 100, 10))
        println(@count(total), @variance(total), count, name, arr["a", 1], names[1], ring[1],
                small[1])
      }
      """;

  private StorageLayout layout;
  private final Map<String, BpfMap> maps = new HashMap<>();
  private MapStore store;

  static CheckedScript check(String text) {
    var diagnostics = new Diagnostics();
    var context = PreprocessorContext.of("6.18.0", "x86_64", Map.of());
    var script = Frontend.parse(new Source("t.stp", text), context, List.of(), diagnostics);
    var tapsets = Tapset.reach(script, List.of(), context, MacroLibrary.empty(),
        diagnostics).scripts();
    var checked = Semantics.check(script, new Semantics.Inputs(tapsets, ProbeEnvironment.empty(),
        p -> List.of(), null, false), diagnostics);
    assertThat(diagnostics.render()).isEmpty();
    return checked;
  }

  @BeforeEach
  void createMaps() {
    layout = StorageLayout.of(check(SCRIPT), Limits.DEFAULTS);
    for (MapSpec spec : layout.mapSpecs()) maps.put(spec.name(), BpfMap.create(spec));
    store = new MapStore(layout, maps::get);
  }

  @AfterEach
  void closeMaps() {
    maps.values().forEach(BpfMap::close);
  }

  private static List<ScriptValue> key(Object... parts) {
    return java.util.Arrays.stream(parts).<ScriptValue>map(p -> p instanceof String s
        ? StringValue.of(s) : new LongValue(((Number) p).longValue())).toList();
  }

  private BpfMap mapOf(String global) {
    return switch (layout.slot(global)) {
      case StorageLayout.Array a -> maps.get(a.map());
      case StorageLayout.Stat s -> maps.get(s.map());
      case StorageLayout.Scalar s -> maps.get(StorageLayout.SCALARS_MAP);
    };
  }

  @Test
  void scalarsRoundTripAndShareOneArrayMap() {
    assertThat(store.read("count")).isEqualTo(new LongValue(0));
    assertThat(store.read("name")).isEqualTo(StringValue.of(""));
    store.write("count", new LongValue(-42));
    store.write("name", StringValue.of("a longer string"));
    store.write("name", StringValue.of("ab")); // the zero padding clears the rest
    assertThat(store.read("count")).isEqualTo(new LongValue(-42));
    assertThat(store.read("name")).isEqualTo(StringValue.of("ab"));

    // The bytes are where StorageLayout says, little-endian.
    var slot = (StorageLayout.Scalar) layout.slot("count");
    var nameSlot = (StorageLayout.Scalar) layout.slot("name");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment k = arena.allocate(4);
      BpfMap m = maps.get(StorageLayout.SCALARS_MAP);
      MemorySegment v = arena.allocate(m.valueBufferSize());
      assertThat(m.lookup(k, v)).isTrue();
      assertThat(v.get(LONG_LE, slot.offset())).isEqualTo(-42);
      byte[] text = v.asSlice(nameSlot.offset(), 128).toArray(ValueLayout.JAVA_BYTE);
      assertThat(text[0]).isEqualTo((byte) 'a');
      assertThat(text[1]).isEqualTo((byte) 'b');
      for (int i = 2; i < 128; i++) assertThat(text[i]).isZero();
    }
    store.clear("count");
    assertThat(store.read("count")).isEqualTo(new LongValue(0));
    assertThat(store.read("name")).isEqualTo(StringValue.of("ab"));
  }

  @Test
  void arrayKeysAreEncodedAsStorageLayoutSays() {
    store.put("arr", key("alpha", 7), new LongValue(70));
    store.put("arr", key("beta", -1), new LongValue(-10));
    assertThat(store.get("arr", key("alpha", 7))).isEqualTo(new LongValue(70));
    assertThat(store.get("arr", key("alpha", 8))).isNull();
    assertThat(store.contains("arr", key("beta", -1))).isTrue();

    // A key built by hand: the string's bytes, zeros to 128 bytes, then the long.
    var a = (StorageLayout.Array) layout.slot("arr");
    assertThat(a.keySize()).isEqualTo(128 + 8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment k = arena.allocate(a.keySize());
      MemorySegment.copy("alpha".getBytes(StandardCharsets.US_ASCII), 0, k,
          ValueLayout.JAVA_BYTE, 0, 5);
      k.set(LONG_LE, 128, 7);
      MemorySegment v = arena.allocate(8);
      assertThat(mapOf("arr").lookup(k, v)).isTrue();
      assertThat(v.get(LONG_LE, 0)).isEqualTo(70);
    }

    store.put("names", key(3), StringValue.of("three"));
    assertThat(store.get("names", key(3))).isEqualTo(StringValue.of("three"));
    assertThat(store.entries("arr")).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder(key("alpha", 7), key("beta", -1));

    store.delete("arr", key("alpha", 7));
    assertThat(store.contains("arr", key("alpha", 7))).isFalse();
    store.clear("arr");
    assertThat(store.entries("arr")).isEmpty();
  }

  @Test
  void fullArraysRefuseNewKeysAndWrappingOnesMakeRoom() {
    store.put("small", key(1), new LongValue(1));
    store.put("small", key(2), new LongValue(2));
    store.put("small", key(2), new LongValue(20)); // an existing key is no new element
    assertThatThrownBy(() -> store.put("small", key(3), new LongValue(3)))
        .isInstanceOf(GlobalStore.ArrayFullException.class)
        .hasMessageContaining("'small' is full (2 elements");
    for (int i = 0; i < 10; i++) store.put("ring", key(i), new LongValue(i));
    assertThat(store.entries("ring").size()).isLessThanOrEqualTo(3);
    assertThat(store.get("ring", key(9))).isEqualTo(new LongValue(9));
  }

  @Test
  void statisticsAreMergedOverCpusAndUserSamplesGoToCpuZero() {
    int cpus = Cpus.possibleCount();
    assumeTrue(cpus >= 2, "the machine has a single possible CPU; two are needed for this test");
    var stat = (StorageLayout.Stat) layout.slot("hist");
    var shape = stat.shape();
    assertThat(shape.histogram().bucketCount()).isEqualTo(128);
    var cpu0 = new StatPartial(shape);
    var cpu1 = new StatPartial(shape);
    for (long v : new long[] {5, 7, 1000}) cpu0.add(v);
    for (long v : new long[] {-3, 8, 8, 0}) cpu1.add(v);
    BpfMap m = mapOf("hist");
    long stride = PerCpuValues.stride(shape.valueSize());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment k = arena.allocate(stat.keySize());
      k.set(LONG_LE, 0, 1);
      MemorySegment v = arena.allocate(m.valueBufferSize());
      cpu0.writeTo(v, 0);
      cpu1.writeTo(v, stride); // a BPF program on CPU 1 would have written this share
      m.update(k, v);
    }
    StatSummary merged = store.stat("hist", key(1));
    assertThat(merged.count()).isEqualTo(7);
    assertThat(merged.sum()).isEqualTo(5 + 7 + 1000 - 3 + 8 + 8);
    assertThat(merged.min()).isEqualTo(-3);
    assertThat(merged.max()).isEqualTo(1000);
    assertThat(merged.avg()).isEqualTo((5 + 7 + 1000 - 3 + 8 + 8) / 7);
    var expected = StatSummary.merge(shape, List.of(cpu0, cpu1));
    for (int b = 0; b < 128; b++) assertThat(merged.bucket(b)).isEqualTo(expected.bucket(b));
    assertThat(merged.bucket(shape.histogram().bucketOf(8))).isEqualTo(2);
    assertThat(store.entries("hist")).singleElement()
        .satisfies(e -> assertThat(((StatSummary) e.getValue()).count()).isEqualTo(7));

    store.add("hist", key(1), 8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment k = arena.allocate(stat.keySize());
      k.set(LONG_LE, 0, 1);
      PerCpuValues values = m.lookupPerCpu(k, arena);
      assertThat(new StatPartial(shape).readFrom(values.raw(), 0).count()).isEqualTo(4);
      assertThat(new StatPartial(shape).readFrom(values.raw(), stride).count()).isEqualTo(4);
    }
    assertThat(store.stat("hist", key(1)).bucket(shape.histogram().bucketOf(8))).isEqualTo(3);
    assertThat(store.stat("hist", key(2)).isEmpty()).isTrue();
    assertThat(store.contains("hist", key(2))).isFalse();
    store.add("hist", key(2), 1);
    assertThat(store.contains("hist", key(2))).isTrue();
    store.delete("hist", key(2));
    assertThat(store.contains("hist", key(2))).isFalse();
  }

  @Test
  void scalarStatisticsAndVariance() {
    for (long v = 1; v <= 4; v++) store.add("total", List.of(), v);
    StatSummary s = store.stat("total", List.of());
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.sum()).isEqualTo(10);
    var reference = new MemoryStore(layout);
    for (long v = 1; v <= 4; v++) reference.add("total", List.of(), v);
    assertThat(s.variance()).isEqualTo(reference.stat("total", List.of()).variance());
    store.clear("total");
    assertThat(store.stat("total", List.of()).isEmpty()).isTrue();
  }

  @Test
  void aFullArrayOfStatisticsRefusesNewKeys() {
    var stat = (StorageLayout.Stat) layout.slot("hist");
    for (int i = 0; i < stat.maxEntries(); i++) store.add("hist", key(i), i);
    assertThatThrownBy(() -> store.add("hist", key(-1), 1))
        .isInstanceOf(GlobalStore.ArrayFullException.class);
    store.clear("hist");
    assertThat(store.entries("hist")).isEmpty();
  }
}
