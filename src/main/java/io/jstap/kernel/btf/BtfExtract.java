package io.jstap.kernel.btf;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small BTF blob holding some types of a bigger one and what they need: every type they use
 * by value, whole; structs and unions they only point to, as forward declarations (so that
 * {@code struct task_struct} does not drag in the whole kernel). Used for committed test
 * fixtures, and to carry the types a compiled module relies on.
 */
public final class BtfExtract {
  private BtfExtract() {}

  /** Extracts the given types (ids of {@code source}) and their dependencies. */
  public static byte[] extract(Btf source, int... roots) {
    // Phase 1: the types kept whole: the roots, and everything reached other than through a
    // pointer (and qualifiers after it) to a named struct or union that is not a root. A type
    // may be reached both ways; reached by value, it is walked again by value.
    BitSet whole = new BitSet(source.typeCount());
    BitSet byValue = new BitSet(source.typeCount());
    BitSet forwardOnly = new BitSet(source.typeCount());
    var queue = new ArrayDeque<long[]>(); // {id, 1 when reached through a pointer}
    for (int r : roots) {
      if (r != 0 && !byValue.get(r)) {
        whole.set(r);
        byValue.set(r);
        queue.add(new long[] {r, 0});
      }
    }
    while (!queue.isEmpty()) {
      long[] item = queue.poll();
      int id = (int) item[0];
      boolean viaPointer = item[1] != 0;
      BtfType t = source.type(id);
      boolean passesPointer = t instanceof BtfType.Ptr || viaPointer
          && (t instanceof BtfType.Const || t instanceof BtfType.Volatile
              || t instanceof BtfType.Restrict || t instanceof BtfType.TypeTag);
      for (int ref : references(t)) {
        if (ref == 0) {
          continue;
        }
        if (passesPointer && isComposite(source, ref) && !whole.get(ref)) {
          forwardOnly.set(ref);
          continue;
        }
        if (byValue.get(ref) || passesPointer && whole.get(ref)) {
          continue;
        }
        whole.set(ref);
        if (!passesPointer) {
          byValue.set(ref);
        }
        queue.add(new long[] {ref, passesPointer ? 1 : 0});
      }
    }
    forwardOnly.andNot(whole);
    // Phase 2: new ids in the source's order, whole types first, then the forward declarations.
    Map<Integer, Integer> newId = new HashMap<>();
    int next = 1;
    for (int id = whole.nextSetBit(0); id >= 0; id = whole.nextSetBit(id + 1)) {
      newId.put(id, next++);
    }
    for (int id = forwardOnly.nextSetBit(0); id >= 0; id = forwardOnly.nextSetBit(id + 1)) {
      newId.put(id, next++);
    }
    var writer = new BtfWriter();
    for (int id = whole.nextSetBit(0); id >= 0; id = whole.nextSetBit(id + 1)) {
      writer.add(renumber(source.type(id), newId));
    }
    for (int id = forwardOnly.nextSetBit(0); id >= 0; id = forwardOnly.nextSetBit(id + 1)) {
      BtfType t = source.type(id);
      writer.add(new BtfType.Fwd(0, t.name(), t instanceof BtfType.Union));
    }
    return writer.toBytes();
  }

  private static boolean isComposite(Btf source, int id) {
    BtfKind k = source.kind(id);
    return (k == BtfKind.STRUCT || k == BtfKind.UNION) && !source.name(id).isEmpty();
  }

  private static List<Integer> references(BtfType t) {
    return switch (t) {
      case BtfType.Void v -> List.of();
      case BtfType.Int i -> List.of();
      case BtfType.Float f -> List.of();
      case BtfType.Fwd f -> List.of();
      case BtfType.Ptr p -> List.of(p.target());
      case BtfType.Array a -> List.of(a.element(), a.index());
      case BtfType.Composite c -> c.members().stream().map(BtfType.Member::type).toList();
      case BtfType.Enumeration e -> List.of();
      case BtfType.Alias a -> List.of(a.target());
      case BtfType.Func f -> List.of(f.proto());
      case BtfType.FuncProto f -> {
        var refs = new java.util.ArrayList<Integer>();
        refs.add(f.returnType());
        f.params().forEach(p -> refs.add(p.type()));
        yield refs;
      }
      case BtfType.Var v -> List.of(v.type());
      case BtfType.DataSec d -> d.vars().stream().map(BtfType.VarPlacement::type).toList();
      case BtfType.DeclTag d -> List.of(d.target());
    };
  }

  private static BtfType renumber(BtfType t, Map<Integer, Integer> ids) {
    return switch (t) {
      case BtfType.Void v -> v;
      case BtfType.Int i -> i;
      case BtfType.Float f -> f;
      case BtfType.Fwd f -> f;
      case BtfType.Enum e -> e;
      case BtfType.Enum64 e -> e;
      case BtfType.Ptr p -> new BtfType.Ptr(0, id(ids, p.target()));
      case BtfType.Array a -> new BtfType.Array(0, id(ids, a.element()), id(ids, a.index()),
          a.count());
      case BtfType.Struct s -> new BtfType.Struct(0, s.name(), s.size(), members(s, ids));
      case BtfType.Union u -> new BtfType.Union(0, u.name(), u.size(), members(u, ids));
      case BtfType.Typedef d -> new BtfType.Typedef(0, d.name(), id(ids, d.target()));
      case BtfType.Volatile v -> new BtfType.Volatile(0, id(ids, v.target()));
      case BtfType.Const c -> new BtfType.Const(0, id(ids, c.target()));
      case BtfType.Restrict r -> new BtfType.Restrict(0, id(ids, r.target()));
      case BtfType.TypeTag g -> new BtfType.TypeTag(0, g.name(), id(ids, g.target()));
      case BtfType.Func f -> new BtfType.Func(0, f.name(), id(ids, f.proto()), f.linkage());
      case BtfType.FuncProto f -> new BtfType.FuncProto(0, id(ids, f.returnType()),
          f.params().stream().map(p -> new BtfType.Param(p.name(), id(ids, p.type()))).toList(),
          f.variadic());
      case BtfType.Var v -> new BtfType.Var(0, v.name(), id(ids, v.type()), v.linkage());
      case BtfType.DataSec d -> new BtfType.DataSec(0, d.name(), d.size(), d.vars().stream()
          .map(v -> new BtfType.VarPlacement(id(ids, v.type()), v.offset(), v.size())).toList());
      case BtfType.DeclTag d -> new BtfType.DeclTag(0, d.name(), id(ids, d.target()),
          d.componentIndex());
    };
  }

  private static List<BtfType.Member> members(BtfType.Composite c, Map<Integer, Integer> ids) {
    return c.members().stream().map(m -> new BtfType.Member(m.name(), id(ids, m.type()),
        m.bitOffset(), m.bitfieldSize())).toList();
  }

  private static int id(Map<Integer, Integer> ids, int old) {
    if (old == 0) {
      return 0;
    }
    Integer id = ids.get(old);
    if (id == null) {
      throw new IllegalStateException("type " + old + " was not extracted");
    }
    return id;
  }

  /** The ids of the named types, for {@link #extract}; fails naming a type that is missing. */
  public static int[] ids(Btf source, List<String> names) {
    int[] ids = new int[names.size()];
    for (int i = 0; i < ids.length; i++) {
      String n = names.get(i);
      int[] found = source.findAll(n.contains(" ") ? n.substring(n.indexOf(' ') + 1) : n);
      BtfKind wanted = n.startsWith("struct ") ? BtfKind.STRUCT
          : n.startsWith("union ") ? BtfKind.UNION
          : n.startsWith("enum ") ? BtfKind.ENUM : null;
      int match = Arrays.stream(found)
          .filter(id -> wanted == null ? source.kind(id) != BtfKind.FWD
              : source.kind(id) == wanted || wanted == BtfKind.ENUM
                  && source.kind(id) == BtfKind.ENUM64)
          .findFirst().orElseThrow(() -> new BtfException("BTF has no type " + n));
      ids[i] = match;
    }
    return ids;
  }
}
