package io.jstap.codegen;

import io.jstap.bpf.MapSpec;
import io.jstap.bpf.MapType;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.HistogramKind;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.lang.ast.StatKind;
import io.jstap.lang.ast.StatOp;
import io.jstap.lang.ast.Variable;
import io.jstap.format.Histogram;
import io.jstap.format.StatShape;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.Type;
import io.jstap.sema.VariableSymbol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each global lives in BPF maps and how its keys and values are encoded, shared by the
 * code generator (BPF programs), the interpreter (begin/end/timer handlers) and the module file.
 *
 * <p>Encoding: a long is 8 bytes little-endian; a string is {@code maxStringLen} bytes, its
 * bytes then zeros (the zero padding matters: strings are hash keys). Scalars share one array
 * map of one element, {@code "globals"}, at the offsets below; each associative array is a hash
 * map (an LRU hash for {@code %} arrays) keyed by its keys' encodings one after another;
 * statistics are per-CPU maps whose values have the {@link StatShape} layout.
 */
public record StorageLayout(Limits limits, int scalarsSize, Map<String, Slot> slots) {

  /** The name of the array map holding every scalar global. */
  public static final String SCALARS_MAP = "globals";

  /** Where one global lives. */
  public sealed interface Slot {
    String name();
  }

  /** A long or string scalar in {@link #SCALARS_MAP} at {@code offset}. */
  public record Scalar(String name, Type type, int offset) implements Slot {}

  /** An associative array of longs or strings: a hash map. */
  public record Array(
      String name, String map, List<Type> keyTypes, Type valueType, int keySize, int valueSize,
      int maxEntries, boolean wrap)
      implements Slot {}

  /**
   * A statistic ({@code keyTypes} empty: a per-CPU array of one element) or an array of
   * statistics (a per-CPU hash map).
   */
  public record Stat(
      String name, String map, List<Type> keyTypes, int keySize, StatShape shape, int maxEntries)
      implements Slot {
    public boolean isArray() {
      return !keyTypes.isEmpty();
    }
  }

  /** The bytes a value of type {@code t} takes. */
  public int sizeOf(Type t) {
    return t == Type.STRING ? limits.maxStringLen() : 8;
  }

  /** The offsets of each key within an encoded key. */
  public int[] keyOffsets(List<Type> keyTypes) {
    int[] offsets = new int[keyTypes.size()];
    int at = 0;
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = at;
      at += sizeOf(keyTypes.get(i));
    }
    return offsets;
  }

  /** The slot of a global. */
  public Slot slot(String global) {
    Slot s = slots.get(global);
    if (s == null) throw new IllegalArgumentException("no storage for global " + global);
    return s;
  }

  /** Every map the globals need. */
  public List<MapSpec> mapSpecs() {
    var specs = new ArrayList<MapSpec>();
    if (scalarsSize > 0) specs.add(MapSpec.array(SCALARS_MAP, scalarsSize, 1));
    for (Slot s : slots.values()) {
      switch (s) {
        case Scalar sc -> {}
        case Array a -> specs.add(new MapSpec(a.map(),
            a.wrap() ? MapType.LRU_HASH : MapType.HASH, a.keySize(), a.valueSize(),
            a.maxEntries(), 0));
        case Stat st -> specs.add(st.isArray()
            ? MapSpec.perCpuHash(st.map(), st.keySize(), st.shape().valueSize(), st.maxEntries())
            : MapSpec.perCpuArray(st.map(), st.shape().valueSize(), 1));
      }
    }
    return specs;
  }

  /** Lays out the globals of a checked script. */
  public static StorageLayout of(CheckedScript script, Limits limits) {
    var shapes = statShapes(script);
    var slots = new LinkedHashMap<String, Slot>();
    int offset = 0;
    int index = 0;
    for (VariableSymbol g : script.globals().values()) {
      if (g.type() == Type.UNKNOWN) continue; // never used
      String map = mapName(index++, g.name());
      int size = g.type() == Type.STRING ? limits.maxStringLen() : 8;
      if (g.type() == Type.STATS) {
        var keys = g.keyTypes();
        int keySize = keySize(keys, limits);
        StatShape shape = shapes.getOrDefault(g.name(), StatShape.PLAIN);
        slots.put(g.name(), new Stat(g.name(), map, keys, keySize, shape,
            entries(g, limits)));
      } else if (g.isArray()) {
        var keys = g.keyTypes();
        slots.put(g.name(), new Array(g.name(), map, keys, g.type(), keySize(keys, limits), size,
            entries(g, limits), g.globalDecl() != null && g.globalDecl().wrap()));
      } else {
        slots.put(g.name(), new Scalar(g.name(), g.type(), offset));
        offset += size;
      }
    }
    return new StorageLayout(limits, offset, slots);
  }

  private static int entries(VariableSymbol g, Limits limits) {
    int declared = g.globalDecl() == null ? 0 : g.globalDecl().maxEntries();
    return declared > 0 ? declared : limits.maxMapEntries();
  }

  private static int keySize(List<Type> keys, Limits limits) {
    int size = 0;
    for (Type t : keys) size += t == Type.STRING ? limits.maxStringLen() : 8;
    return size;
  }

  /** Map names: at most 15 characters of [A-Za-z0-9_.] (the kernel's BPF_OBJ_NAME_LEN). */
  static String mapName(int index, String global) {
    String name = "g" + index + "_" + global.replaceAll("[^A-Za-z0-9_.]", "_");
    return name.length() > 15 ? name.substring(0, 15) : name;
  }

  /** What each statistic keeps: which histogram, whether variance, from how it is read. */
  private static Map<String, StatShape> statShapes(CheckedScript script) {
    var histograms = new HashMap<String, Histogram>();
    var variance = new HashMap<String, Integer>();
    for (Expr e : script.types().keySet()) {
      collect(e, histograms, variance);
    }
    var shapes = new HashMap<String, StatShape>();
    var names = new java.util.HashSet<>(histograms.keySet());
    names.addAll(variance.keySet());
    for (String n : names) {
      shapes.put(n, new StatShape(histograms.getOrDefault(n, new Histogram.None()),
          variance.containsKey(n), variance.getOrDefault(n, 0)));
    }
    return shapes;
  }

  private static void collect(Expr e, Map<String, Histogram> histograms, Map<String, Integer> variance) {
    switch (e) {
      case HistogramOp h -> {
        String name = statName(h.operand());
        if (name == null) return;
        Histogram hist = h.kind() == HistogramKind.LOG ? new Histogram.Log()
            : new Histogram.Linear(h.params().get(0).intValue(), h.params().get(1).intValue(),
                h.params().get(2).intValue());
        histograms.putIfAbsent(name, hist);
      }
      case StatOp s when s.kind() == StatKind.VARIANCE -> {
        String name = statName(s.operand());
        if (name != null) {
          variance.put(name, s.params().isEmpty() ? 0 : s.params().getFirst().intValue());
        }
      }
      default -> {}
    }
  }

  private static String statName(Expr operand) {
    return switch (operand) {
      case Variable v -> v.name();
      case ArrayIndex a when a.base() instanceof Variable v -> v.name();
      default -> null;
    };
  }
}
