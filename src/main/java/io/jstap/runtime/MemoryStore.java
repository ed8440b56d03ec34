package io.jstap.runtime;

import io.jstap.codegen.StorageLayout;
import io.jstap.format.LongValue;
import io.jstap.format.ScriptValue;
import io.jstap.format.StatPartial;
import io.jstap.format.StatSummary;
import io.jstap.format.StringValue;
import io.jstap.sema.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Globals in Java maps, for scripts without kernel probes (no BPF at all). Sizes, wrapping and
 * statistic shapes come from the {@link StorageLayout}, as for the BPF maps: an array holds at
 * most its declared size or MAXMAPENTRIES elements; a full {@code %} array drops its oldest
 * element to make room (SystemTap's wrapping maps reuse their oldest node); arrays keep
 * insertion order, which is the order unsorted {@code foreach} visits.
 *
 * <p>Thread-safe (every method locks the store), so a session may read it from another thread
 * for the end-of-run dump.
 */
public final class MemoryStore implements GlobalStore {
  private final StorageLayout layout;
  private final Map<String, ScriptValue> scalars = new HashMap<>();
  private final Map<String, LinkedHashMap<List<ScriptValue>, ScriptValue>> arrays =
      new HashMap<>();
  private final Map<String, LinkedHashMap<List<ScriptValue>, StatPartial>> stats = new HashMap<>();

  public MemoryStore(StorageLayout layout) {
    this.layout = layout;
    for (StorageLayout.Slot slot : layout.slots().values()) {
      switch (slot) {
        case StorageLayout.Scalar s -> scalars.put(s.name(), zero(s.type()));
        case StorageLayout.Array a -> arrays.put(a.name(), new LinkedHashMap<>());
        case StorageLayout.Stat st -> stats.put(st.name(), new LinkedHashMap<>());
      }
    }
  }

  private static ScriptValue zero(Type t) {
    return t == Type.STRING ? new StringValue(new byte[0]) : new LongValue(0);
  }

  @Override
  public synchronized ScriptValue read(String global) {
    ScriptValue v = scalars.get(global);
    if (v == null) throw unknown(global, "scalar");
    return v;
  }

  @Override
  public synchronized void write(String global, ScriptValue value) {
    if (!(layout.slot(global) instanceof StorageLayout.Scalar)) throw unknown(global, "scalar");
    scalars.put(global, value);
  }

  @Override
  public synchronized ScriptValue get(String array, List<ScriptValue> key) {
    return array(array).get(key);
  }

  @Override
  public synchronized void put(String array, List<ScriptValue> key, ScriptValue value) {
    var elements = array(array);
    if (!elements.containsKey(key)) {
      var a = (StorageLayout.Array) layout.slot(array);
      makeRoom(elements, array, a.maxEntries(), a.wrap());
    }
    elements.put(List.copyOf(key), value);
  }

  private static void makeRoom(LinkedHashMap<List<ScriptValue>, ?> elements, String name, int max,
      boolean wrap) {
    if (elements.size() < max) return;
    if (!wrap) throw new ArrayFullException(name, max);
    Iterator<?> oldest = elements.keySet().iterator();
    oldest.next();
    oldest.remove();
  }

  @Override
  public synchronized boolean contains(String array, List<ScriptValue> key) {
    var stat = stats.get(array);
    if (stat != null) return stat.containsKey(key);
    return array(array).containsKey(key);
  }

  @Override
  public synchronized void delete(String array, List<ScriptValue> key) {
    var stat = stats.get(array);
    if (stat != null) stat.remove(key);
    else array(array).remove(key);
  }

  @Override
  public synchronized void clear(String global) {
    switch (layout.slot(global)) {
      case StorageLayout.Scalar s -> scalars.put(global, zero(s.type()));
      case StorageLayout.Array a -> arrays.get(global).clear();
      case StorageLayout.Stat st -> stats.get(global).clear();
    }
  }

  @Override
  public synchronized List<Map.Entry<List<ScriptValue>, ScriptValue>> entries(String array) {
    var out = new ArrayList<Map.Entry<List<ScriptValue>, ScriptValue>>();
    var stat = stats.get(array);
    if (stat != null) {
      var shape = ((StorageLayout.Stat) layout.slot(array)).shape();
      for (var e : stat.entrySet()) {
        out.add(Map.entry(e.getKey(), StatSummary.merge(shape, List.of(e.getValue()))));
      }
      return out;
    }
    for (var e : array(array).entrySet()) out.add(Map.entry(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public synchronized void add(String stat, List<ScriptValue> key, long sample) {
    var st = statSlot(stat);
    var elements = stats.get(stat);
    StatPartial p = elements.get(key);
    if (p == null) {
      // Arrays of statistics do not wrap: StorageLayout gives them a per-CPU hash map, which
      // has no LRU variant that would drop the oldest.
      if (st.isArray()) makeRoom(elements, stat, st.maxEntries(), false);
      p = new StatPartial(st.shape());
      elements.put(List.copyOf(key), p);
    }
    p.add(sample);
  }

  @Override
  public synchronized StatSummary stat(String stat, List<ScriptValue> key) {
    var st = statSlot(stat);
    StatPartial p = stats.get(stat).get(key);
    return StatSummary.merge(st.shape(), p == null ? List.of() : List.of(p));
  }

  private StorageLayout.Stat statSlot(String name) {
    if (layout.slot(name) instanceof StorageLayout.Stat st) return st;
    throw unknown(name, "statistic");
  }

  private LinkedHashMap<List<ScriptValue>, ScriptValue> array(String name) {
    var a = arrays.get(name);
    if (a == null) throw unknown(name, "array");
    return a;
  }

  private static IllegalArgumentException unknown(String name, String what) {
    return new IllegalArgumentException("global '" + name + "' is not a " + what);
  }
}
