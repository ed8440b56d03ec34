package io.jstap.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstap.codegen.Limits;
import io.jstap.codegen.StorageLayout;
import io.jstap.format.LongValue;
import io.jstap.format.ScriptValue;
import io.jstap.format.StatSummary;
import io.jstap.format.StringValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {
  private final StorageLayout layout = StorageLayout.of(MapStoreKernelTest.check("""
      global n, s, arr, ring%[2], small[2], st, sts
      probe begin { n = 1; s = "x"; arr[1] = 1; ring[1] = 1; small[1] = 1; st <<< 1; sts["k"] <<< 1
        println(n, s, arr[1], ring[1], small[1], @count(st), @count(sts["k"])) }
      """), new Limits(128, 3, 1000, 0, 100, 10));
  private final MemoryStore store = new MemoryStore(layout);

  private static List<ScriptValue> key(long k) {
    return List.of(new LongValue(k));
  }

  @Test
  void scalarsStartAtZeroAndEmpty() {
    assertThat(store.read("n")).isEqualTo(new LongValue(0));
    assertThat(store.read("s")).isEqualTo(StringValue.of(""));
    store.write("s", StringValue.of("v"));
    assertThat(store.read("s")).isEqualTo(StringValue.of("v"));
    store.clear("s");
    assertThat(store.read("s")).isEqualTo(StringValue.of(""));
    assertThatThrownBy(() -> store.read("arr")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arraysKeepInsertionOrderAndTheirSize() {
    store.put("arr", key(3), new LongValue(30));
    store.put("arr", key(1), new LongValue(10));
    store.put("arr", key(2), new LongValue(20));
    store.put("arr", key(3), new LongValue(33));
    assertThat(store.entries("arr")).extracting(Map.Entry::getKey)
        .containsExactly(key(3), key(1), key(2));
    // MAXMAPENTRIES is 3 here
    assertThatThrownBy(() -> store.put("arr", key(4), new LongValue(40)))
        .isInstanceOf(GlobalStore.ArrayFullException.class)
        .hasMessageContaining("array 'arr' is full (3 elements");
    store.put("small", key(1), new LongValue(1));
    store.put("small", key(2), new LongValue(2));
    assertThatThrownBy(() -> store.put("small", key(3), new LongValue(3)))
        .hasMessageContaining("(2 elements");
    store.delete("arr", key(1));
    store.put("arr", key(4), new LongValue(40));
    assertThat(store.get("arr", key(4))).isEqualTo(new LongValue(40));
    assertThat(store.contains("arr", key(1))).isFalse();
  }

  @Test
  void wrappingArraysDropTheirOldestElement() {
    for (int i = 1; i <= 5; i++) store.put("ring", key(i), new LongValue(i));
    assertThat(store.entries("ring")).extracting(Map.Entry::getKey)
        .containsExactly(key(4), key(5));
  }

  @Test
  void statisticsAndArraysOfThem() {
    store.add("st", List.of(), 4);
    store.add("st", List.of(), -2);
    StatSummary s = store.stat("st", List.of());
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.min()).isEqualTo(-2);
    for (String k : List.of("a", "b", "c")) store.add("sts", List.of(StringValue.of(k)), 1);
    assertThatThrownBy(() -> store.add("sts", List.of(StringValue.of("d")), 1))
        .isInstanceOf(GlobalStore.ArrayFullException.class);
    store.add("sts", List.of(StringValue.of("a")), 5); // an existing element takes samples
    assertThat(store.entries("sts")).hasSize(3).first()
        .satisfies(e -> assertThat(((StatSummary) e.getValue()).sum()).isEqualTo(6));
    assertThat(store.stat("sts", List.of(StringValue.of("zz"))).isEmpty()).isTrue();
    store.clear("sts");
    store.clear("st");
    assertThat(store.entries("sts")).isEmpty();
    assertThat(store.stat("st", List.of()).count()).isZero();
  }
}
