package io.jstap.runtime;

import io.jstap.bpf.BpfException;
import io.jstap.bpf.BpfMap;
import io.jstap.bpf.PerCpuValues;
import io.jstap.codegen.StorageLayout;
import io.jstap.format.LongValue;
import io.jstap.format.ScriptValue;
import io.jstap.format.StatPartial;
import io.jstap.format.StatShape;
import io.jstap.format.StatSummary;
import io.jstap.format.StringValue;
import io.jstap.sema.Type;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Globals in the BPF maps that {@link StorageLayout} describes, shared with the BPF programs of
 * kernel probes. Keys and values are encoded as StorageLayout says: longs as 8 bytes
 * little-endian, strings as MAXSTRINGLEN bytes, their bytes then zeros. Statistics are merged
 * over the possible CPUs; a sample added from user space goes into CPU 0's share.
 *
 * <p>Writes race with BPF programs the way any update from user space does: a scalar is written
 * by rewriting the one-element array that holds every scalar, and a sample by rewriting every
 * CPU's share of the element, so a BPF program's write to the same element between the read and
 * the write is lost. Handlers that run in user space are short (begin, end, timers); a
 * BPF_F_MMAPABLE scalars map written in place would close the window for scalars.
 */
public final class MapStore implements GlobalStore {
  private static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT_LE =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** E2BIG: a hash map is full (kernel/bpf/hashtab.c, alloc_htab_elem). */
  private static final int E2BIG = 7;

  private final StorageLayout layout;
  private final Function<String, BpfMap> maps;
  private final Map<String, BpfMap> resolved = new HashMap<>();

  /**
   * @param maps finds a live map by its name in the layout ({@link StorageLayout#SCALARS_MAP},
   *     and the {@code map} of each array and statistic)
   */
  public MapStore(StorageLayout layout, Function<String, BpfMap> maps) {
    this.layout = layout;
    this.maps = maps;
  }

  private synchronized BpfMap map(String name) {
    BpfMap m = resolved.get(name);
    if (m == null) {
      m = maps.apply(name);
      if (m == null) throw new IllegalStateException("no BPF map named '" + name + "'");
      resolved.put(name, m);
    }
    return m;
  }

  // ---- scalars --------------------------------------------------------------------------------

  @Override
  public ScriptValue read(String global) {
    var s = scalar(global);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = readScalars(arena);
      return decode(value, s.offset(), s.type());
    }
  }

  @Override
  public void write(String global, ScriptValue value) {
    var s = scalar(global);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment all = readScalars(arena);
      encode(all, s.offset(), s.type(), value);
      map(StorageLayout.SCALARS_MAP).update(indexZero(arena), all);
    }
  }

  private MemorySegment readScalars(Arena arena) {
    BpfMap m = map(StorageLayout.SCALARS_MAP);
    MemorySegment value = arena.allocate(m.valueBufferSize(), 8);
    m.lookup(indexZero(arena), value); // an array map's element always exists
    return value;
  }

  private StorageLayout.Scalar scalar(String global) {
    if (layout.slot(global) instanceof StorageLayout.Scalar s) return s;
    throw new IllegalArgumentException("global '" + global + "' is not a scalar");
  }

  // ---- arrays ---------------------------------------------------------------------------------

  @Override
  public ScriptValue get(String array, List<ScriptValue> key) {
    var a = array(array);
    BpfMap m = map(a.map());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(m.valueBufferSize(), 8);
      if (!m.lookup(encodeKey(arena, a.keyTypes(), a.keySize(), key), value)) return null;
      return decode(value, 0, a.valueType());
    }
  }

  @Override
  public void put(String array, List<ScriptValue> key, ScriptValue value) {
    var a = array(array);
    BpfMap m = map(a.map());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(m.valueBufferSize(), 8);
      encode(v, 0, a.valueType(), value);
      update(m, encodeKey(arena, a.keyTypes(), a.keySize(), key), v, array, a.maxEntries());
    }
  }

  /** A full HASH map refuses new keys with E2BIG; an LRU map (a {@code %} array) never does. */
  private static void update(BpfMap m, MemorySegment key, MemorySegment value, String global,
      int max) {
    try {
      m.update(key, value);
    } catch (BpfException e) {
      if (e.errno() == E2BIG) throw new ArrayFullException(global, max);
      throw e;
    }
  }

  @Override
  public boolean contains(String array, List<ScriptValue> key) {
    return switch (layout.slot(array)) {
      case StorageLayout.Array a -> {
        BpfMap m = map(a.map());
        try (Arena arena = Arena.ofConfined()) {
          yield m.lookup(encodeKey(arena, a.keyTypes(), a.keySize(), key),
              arena.allocate(m.valueBufferSize(), 8));
        }
      }
      case StorageLayout.Stat st when st.isArray() -> {
        BpfMap m = map(st.map());
        try (Arena arena = Arena.ofConfined()) {
          yield m.lookup(encodeKey(arena, st.keyTypes(), st.keySize(), key),
              arena.allocate(m.valueBufferSize(), 8));
        }
      }
      default -> throw new IllegalArgumentException("global '" + array + "' is not an array");
    };
  }

  @Override
  public void delete(String array, List<ScriptValue> key) {
    switch (layout.slot(array)) {
      case StorageLayout.Array a -> {
        try (Arena arena = Arena.ofConfined()) {
          map(a.map()).delete(encodeKey(arena, a.keyTypes(), a.keySize(), key));
        }
      }
      case StorageLayout.Stat st when st.isArray() -> {
        try (Arena arena = Arena.ofConfined()) {
          map(st.map()).delete(encodeKey(arena, st.keyTypes(), st.keySize(), key));
        }
      }
      default -> throw new IllegalArgumentException("global '" + array + "' is not an array");
    }
  }

  @Override
  public void clear(String global) {
    switch (layout.slot(global)) {
      case StorageLayout.Scalar s -> write(global, s.type() == Type.STRING
          ? new StringValue(new byte[0]) : new LongValue(0));
      case StorageLayout.Array a -> deleteAll(map(a.map()));
      case StorageLayout.Stat st when st.isArray() -> deleteAll(map(st.map()));
      case StorageLayout.Stat st -> {
        BpfMap m = map(st.map());
        try (Arena arena = Arena.ofConfined()) {
          m.update(indexZero(arena), arena.allocate(m.valueBufferSize(), 8));
        }
      }
    }
  }

  private static void deleteAll(BpfMap m) {
    try (Arena arena = Arena.ofConfined()) {
      for (MemorySegment key : m.keys(arena)) m.delete(key);
    }
  }

  @Override
  public List<Map.Entry<List<ScriptValue>, ScriptValue>> entries(String array) {
    var out = new ArrayList<Map.Entry<List<ScriptValue>, ScriptValue>>();
    switch (layout.slot(array)) {
      case StorageLayout.Array a -> map(a.map()).forEach((k, v) -> out.add(
          Map.entry(decodeKey(k, a.keyTypes()), decode(v, 0, a.valueType()))));
      case StorageLayout.Stat st when st.isArray() -> {
        BpfMap m = map(st.map());
        long stride = PerCpuValues.stride(st.shape().valueSize());
        int cpus = (int) (m.valueBufferSize() / stride);
        m.forEach((k, v) -> out.add(Map.entry(decodeKey(k, st.keyTypes()),
            StatSummary.merge(st.shape(), v, 0, cpus, stride))));
      }
      default -> throw new IllegalArgumentException("global '" + array + "' is not an array");
    }
    return out;
  }

  private StorageLayout.Array array(String name) {
    if (layout.slot(name) instanceof StorageLayout.Array a) return a;
    throw new IllegalArgumentException("global '" + name + "' is not an array of values");
  }

  // ---- statistics -----------------------------------------------------------------------------

  @Override
  public void add(String stat, List<ScriptValue> key, long sample) {
    var st = stat(stat);
    BpfMap m = map(st.map());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment k = st.isArray() ? encodeKey(arena, st.keyTypes(), st.keySize(), key)
          : indexZero(arena);
      MemorySegment values = arena.allocate(m.valueBufferSize(), 8);
      m.lookup(k, values); // absent: all CPUs' shares stay zero
      StatPartial cpu0 = new StatPartial(st.shape()).readFrom(values, 0);
      cpu0.add(sample);
      cpu0.writeTo(values, 0);
      update(m, k, values, stat, st.maxEntries());
    }
  }

  @Override
  public StatSummary stat(String stat, List<ScriptValue> key) {
    var st = stat(stat);
    BpfMap m = map(st.map());
    StatShape shape = st.shape();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment k = st.isArray() ? encodeKey(arena, st.keyTypes(), st.keySize(), key)
          : indexZero(arena);
      MemorySegment values = arena.allocate(m.valueBufferSize(), 8);
      if (!m.lookup(k, values)) return StatSummary.merge(shape, List.of());
      long stride = PerCpuValues.stride(shape.valueSize());
      return StatSummary.merge(shape, values, 0, (int) (m.valueBufferSize() / stride), stride);
    }
  }

  private StorageLayout.Stat stat(String name) {
    if (layout.slot(name) instanceof StorageLayout.Stat st) return st;
    throw new IllegalArgumentException("global '" + name + "' is not a statistic");
  }

  // ---- encoding -------------------------------------------------------------------------------

  private static MemorySegment indexZero(Arena arena) {
    MemorySegment key = arena.allocate(4, 4);
    key.set(INT_LE, 0, 0);
    return key;
  }

  private MemorySegment encodeKey(Arena arena, List<Type> types, int size, List<ScriptValue> key) {
    if (key.size() != types.size()) {
      throw new IllegalArgumentException("key of " + key.size() + " values for an array of "
          + types.size() + " keys");
    }
    MemorySegment k = arena.allocate(size, 8); // zeroed: the padding of strings
    int at = 0;
    for (int i = 0; i < types.size(); i++) {
      encode(k, at, types.get(i), key.get(i));
      at += layout.sizeOf(types.get(i));
    }
    return k;
  }

  private List<ScriptValue> decodeKey(MemorySegment k, List<Type> types) {
    var key = new ScriptValue[types.size()];
    int at = 0;
    for (int i = 0; i < key.length; i++) {
      key[i] = decode(k, at, types.get(i));
      at += layout.sizeOf(types.get(i));
    }
    return List.of(key);
  }

  /** Writes a long, or a string's bytes (at most MAXSTRINGLEN - 1) followed by zeros. */
  private void encode(MemorySegment s, long at, Type type, ScriptValue value) {
    if (type == Type.STRING) {
      byte[] b = ((StringValue) value).bytes();
      int size = layout.limits().maxStringLen();
      int n = Math.min(b.length, size - 1);
      MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, at, n);
      s.asSlice(at + n, size - n).fill((byte) 0);
    } else {
      s.set(LONG_LE, at, ((LongValue) value).value());
    }
  }

  private ScriptValue decode(MemorySegment s, long at, Type type) {
    if (type == Type.STRING) {
      int size = layout.limits().maxStringLen();
      byte[] b = s.asSlice(at, size).toArray(ValueLayout.JAVA_BYTE);
      return new StringValue(b); // ends at the first NUL
    }
    return new LongValue(s.get(LONG_LE, at));
  }
}
