package io.jstap.kernel.btf;

import io.jstap.kernel.btf.BtfType.Composite;
import io.jstap.kernel.btf.BtfType.Enumeration;
import io.jstap.kernel.btf.BtfType.Enumerator;
import io.jstap.kernel.btf.BtfType.Member;
import io.jstap.kernel.btf.BtfType.Param;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A BTF blob (Documentation/bpf/btf.rst): the kernel's type information, read from
 * /sys/kernel/btf/vmlinux or from a file. Opening records where each type starts (one pass, a few
 * ms); types are decoded when asked for, and the name index is built on the first lookup by
 * name. Instances are immutable and safe to share between threads.
 *
 * <p>The blob is read into memory: sysfs refuses the shared read-only mapping that
 * FileChannel.map makes (EACCES), and the first pass touches every record anyway.
 */
public final class Btf {
  /** Where the running kernel exports its own BTF (CONFIG_DEBUG_INFO_BTF). */
  public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

  /** BTF_MAGIC in include/uapi/linux/btf.h; its bytes tell the blob's byte order. */
  private static final int MAGIC = 0xEB9F;
  /** sizeof(struct btf_header) in the first BTF version; later headers may be longer. */
  private static final int HEADER_SIZE = 24;
  /** sizeof(struct btf_type): name_off, info, size/type. */
  private static final int TYPE_RECORD = 12;
  /**
   * vmlinux BTF carries no pointer size. jstap traces 64-bit kernels only (x86_64, arm64), where
   * pointers are 8 bytes.
   */
  public static final int POINTER_SIZE = 8;

  private static final BtfType.Void VOID = new BtfType.Void();

  private final byte[] data;
  private final int strStart;
  private final int strEnd;
  /** offsets[id] is where type id's record starts; offsets[0] (void) is unused. */
  private final int[] offsets;
  /**
   * Name indexes, built on first use, one per group of kinds so that a script that only names
   * structs does not pay for hashing the ~56,000 function names: [0] data types (int, struct,
   * union, enum, fwd, typedef, float), [1] functions, [2] the rest (var, datasec, tags).
   */
  private final NameIndex[] nameIndexes = new NameIndex[3];

  /** kinds[id] is the BTF_KIND_* number of type id. */
  private final byte[] kinds;

  private Btf(byte[] data, int strStart, int strEnd, int[] offsets, byte[] kinds) {
    this.data = data;
    this.strStart = strStart;
    this.strEnd = strEnd;
    this.offsets = offsets;
    this.kinds = kinds;
  }

  /**
   * The running kernel's BTF.
   *
   * @throws NoSuchFileException with a message saying the kernel lacks BTF, when it does
   */
  public static Btf vmlinux() throws IOException {
    if (!Files.exists(VMLINUX)) {
      throw new NoSuchFileException(VMLINUX.toString(), null,
          "this kernel exports no BTF (it was built without CONFIG_DEBUG_INFO_BTF); jstap needs"
              + " it to know the kernel's types");
    }
    return read(VMLINUX);
  }

  /** Reads a raw BTF blob (as in /sys/kernel/btf/*); bad data becomes an IOException. */
  public static Btf read(Path path) throws IOException {
    byte[] bytes = readFully(path);
    try {
      return parse(bytes);
    } catch (BtfException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /** Parses a raw BTF blob; the array is kept, not copied, and must not change. */
  public static Btf parse(byte[] data) {
    if (data.length < HEADER_SIZE) {
      throw new BtfException("not BTF: " + data.length + " bytes is shorter than a BTF header");
    }
    int magic = (data[0] & 0xff) | (data[1] & 0xff) << 8;
    if (magic != MAGIC) {
      if (magic == Integer.reverseBytes(MAGIC) >>> 16) {
        throw new BtfException("BTF is big-endian; jstap reads little-endian BTF only");
      }
      throw new BtfException(String.format("not BTF: magic 0x%04x, expected 0x%04x", magic,
          MAGIC));
    }
    if (data[2] != 1) {
      throw new BtfException("BTF version " + data[2] + " is not supported (expected 1)");
    }
    int headerLength = u32(data, 4);
    int typeOff = u32(data, 8);
    int typeLen = u32(data, 12);
    int strOff = u32(data, 16);
    int strLen = u32(data, 20);
    if (headerLength < HEADER_SIZE || headerLength > data.length) {
      throw new BtfException("bad BTF header length " + headerLength);
    }
    long typeStart = (long) headerLength + Integer.toUnsignedLong(typeOff);
    long typeEnd = typeStart + Integer.toUnsignedLong(typeLen);
    long strStart = (long) headerLength + Integer.toUnsignedLong(strOff);
    long strEnd = strStart + Integer.toUnsignedLong(strLen);
    if (typeEnd > data.length || strEnd > data.length || (typeStart & 3) != 0) {
      throw new BtfException("BTF sections lie outside the " + data.length + "-byte blob");
    }
    if (strLen == 0 || data[(int) strStart] != 0) {
      throw new BtfException("BTF string section does not start with an empty string");
    }
    // One pass records where each type starts. The loop reads bytes inline rather than through
    // u32(): it runs ~126,000 times before the JIT has compiled anything.
    int capacity = Math.max(16, typeLen / 24);
    int[] offsets = new int[capacity];
    byte[] kinds = new byte[capacity];
    int count = 1;
    int pos = (int) typeStart;
    int end = (int) typeEnd;
    while (pos < end) {
      if (pos + TYPE_RECORD > end) {
        throw new BtfException("BTF type " + count + " is cut off at the end of the type section");
      }
      int vlen = (data[pos + 4] & 0xff) | (data[pos + 5] & 0xff) << 8;
      int kind = data[pos + 7] & 0x1f;
      int trailer = switch (kind) {
        case 1, 14, 17 -> 4; // INT encoding word; VAR linkage; DECL_TAG component_idx
        case 3 -> 12; // struct btf_array
        case 4, 5, 15, 19 -> 12 * vlen; // btf_member, btf_var_secinfo, btf_enum64
        case 6, 13 -> 8 * vlen; // btf_enum, btf_param
        case 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
        default -> throw new BtfException("BTF type " + count + " has kind " + kind
            + ", which this version of jstap does not know (a newer kernel?)");
      };
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
        kinds = Arrays.copyOf(kinds, count * 2);
      }
      kinds[count] = (byte) kind;
      offsets[count++] = pos;
      pos += TYPE_RECORD + trailer;
    }
    if (pos != end) {
      throw new BtfException("the last BTF type runs past the end of the type section");
    }
    return new Btf(data, (int) strStart, (int) strEnd, Arrays.copyOf(offsets, count),
        Arrays.copyOf(kinds, count));
  }

  /** What FileInputStream reads without a buffer of its own (its 8 KiB stack buffer). */
  private static final int READ_CHUNK = 8192;

  private static byte[] readFully(Path path) throws IOException {
    // FileInputStream into a presized array: sysfs reports the blob's size and hands out one
    // page per read; NIO's readAllBytes costs ~15 ms more in a cold JVM.
    var file = path.toFile();
    long size = file.length();
    if (size <= 0 || size > Integer.MAX_VALUE - 16) {
      return Files.readAllBytes(path);
    }
    try (InputStream in = new FileInputStream(file)) {
      byte[] bytes = new byte[(int) size];
      int off = 0;
      while (off < bytes.length) {
        // At most 8 KiB a call: FileInputStream copies larger reads through a buffer it
        // allocates for each call (5.5 MB, 1,300 times here), which doubled the time.
        int n = in.read(bytes, off, Math.min(READ_CHUNK, bytes.length - off));
        if (n < 0) {
          return Arrays.copyOf(bytes, off);
        }
        off += n;
      }
      return bytes;
    } catch (java.io.FileNotFoundException e) {
      throw new NoSuchFileException(path.toString(), null, e.getMessage());
    }
  }

  private static int u32(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  private int u32(int off) {
    return u32(data, off);
  }

  /** The number of type ids, counting void: valid ids are 0 to typeCount() - 1. */
  public int typeCount() {
    return offsets.length;
  }

  private int record(int id) {
    if (id <= 0 || id >= offsets.length) {
      throw new BtfException("BTF has no type " + id + " (ids are 1 to " + (offsets.length - 1)
          + ")");
    }
    return offsets[id];
  }

  public BtfKind kind(int id) {
    if (id == 0) {
      return BtfKind.VOID;
    }
    record(id);
    return BtfKind.ofNumber(kinds[id]);
  }

  /** The type's name, empty for anonymous types and void. */
  public String name(int id) {
    return id == 0 ? "" : string(u32(record(id)));
  }

  /** The string at an offset in the string section. */
  String string(int offset) {
    long start = strStart + Integer.toUnsignedLong(offset);
    if (start >= strEnd) {
      throw new BtfException("BTF string offset " + offset + " is outside the string section");
    }
    int s = (int) start;
    int end = s;
    while (end < strEnd && data[end] != 0) {
      end++;
    }
    return new String(data, s, end - s, StandardCharsets.UTF_8);
  }

  /** Decodes one type record. */
  public BtfType type(int id) {
    if (id == 0) {
      return VOID;
    }
    int off = record(id);
    int nameOff = u32(off);
    int info = u32(off + 4);
    int sizeOrType = u32(off + 8);
    int vlen = info & 0xffff;
    boolean kindFlag = info < 0;
    int kind = (info >>> 24) & 0x1f;
    int t = off + TYPE_RECORD;
    BtfKind known = BtfKind.ofNumber(kind);
    // Null is tested apart: "case null" would make this an invokedynamic switch, whose first
    // run spins method handles for ~8 ms of a cold start.
    if (known == null) throw new BtfException("BTF type " + id + " has unknown kind " + kind);
    return switch (known) {
      case INT -> {
        int enc = u32(t);
        yield new BtfType.Int(id, string(nameOff), sizeOrType, (enc & 0x01000000) != 0,
            (enc & 0x02000000) != 0, (enc & 0x04000000) != 0, (enc >>> 16) & 0xff, enc & 0xff);
      }
      case PTR -> new BtfType.Ptr(id, sizeOrType);
      case ARRAY -> new BtfType.Array(id, u32(t), u32(t + 4), u32(t + 8));
      case STRUCT -> new BtfType.Struct(id, string(nameOff), sizeOrType,
          members(t, vlen, kindFlag));
      case UNION -> new BtfType.Union(id, string(nameOff), sizeOrType,
          members(t, vlen, kindFlag));
      case ENUM -> {
        var values = new ArrayList<Enumerator>(vlen);
        for (int i = 0; i < vlen; i++) {
          int v = u32(t + 8 * i + 4);
          values.add(new Enumerator(string(u32(t + 8 * i)),
              kindFlag ? v : Integer.toUnsignedLong(v)));
        }
        yield new BtfType.Enum(id, string(nameOff), sizeOrType, kindFlag, List.copyOf(values));
      }
      case ENUM64 -> {
        var values = new ArrayList<Enumerator>(vlen);
        for (int i = 0; i < vlen; i++) {
          int e = t + 12 * i;
          long v = Integer.toUnsignedLong(u32(e + 4)) | (long) u32(e + 8) << 32;
          values.add(new Enumerator(string(u32(e)), v));
        }
        yield new BtfType.Enum64(id, string(nameOff), sizeOrType, kindFlag,
            List.copyOf(values));
      }
      case FWD -> new BtfType.Fwd(id, string(nameOff), kindFlag);
      case TYPEDEF -> new BtfType.Typedef(id, string(nameOff), sizeOrType);
      case VOLATILE -> new BtfType.Volatile(id, sizeOrType);
      case CONST -> new BtfType.Const(id, sizeOrType);
      case RESTRICT -> new BtfType.Restrict(id, sizeOrType);
      case TYPE_TAG -> new BtfType.TypeTag(id, string(nameOff), sizeOrType);
      case FUNC -> new BtfType.Func(id, string(nameOff), sizeOrType,
          vlen < 3 ? BtfType.Linkage.values()[vlen] : BtfType.Linkage.GLOBAL);
      case FUNC_PROTO -> {
        var params = new ArrayList<Param>(vlen);
        boolean variadic = false;
        for (int i = 0; i < vlen; i++) {
          int p = t + 8 * i;
          int pname = u32(p);
          int ptype = u32(p + 4);
          if (i == vlen - 1 && pname == 0 && ptype == 0) {
            variadic = true;
          } else {
            params.add(new Param(string(pname), ptype));
          }
        }
        yield new BtfType.FuncProto(id, sizeOrType, List.copyOf(params), variadic);
      }
      case VAR -> new BtfType.Var(id, string(nameOff), sizeOrType, u32(t));
      case DATASEC -> {
        var vars = new ArrayList<BtfType.VarPlacement>(vlen);
        for (int i = 0; i < vlen; i++) {
          int v = t + 12 * i;
          vars.add(new BtfType.VarPlacement(u32(v), u32(v + 4), u32(v + 8)));
        }
        yield new BtfType.DataSec(id, string(nameOff), sizeOrType, List.copyOf(vars));
      }
      case FLOAT -> new BtfType.Float(id, string(nameOff), sizeOrType);
      case DECL_TAG -> new BtfType.DeclTag(id, string(nameOff), sizeOrType, u32(t));
      case VOID -> throw new BtfException("BTF type " + id + " has kind 0");
    };
  }

  private List<Member> members(int t, int vlen, boolean kindFlag) {
    var members = new ArrayList<Member>(vlen);
    for (int i = 0; i < vlen; i++) {
      int m = t + 12 * i;
      int offset = u32(m + 8);
      // With kind_flag set the offset word is bitfield_size << 24 | bit_offset (btf.h
      // BTF_MEMBER_BITFIELD_SIZE / BTF_MEMBER_BIT_OFFSET); else it is a plain bit offset.
      long bitOffset = kindFlag ? offset & 0xffffff : Integer.toUnsignedLong(offset);
      int bitfieldSize = kindFlag ? offset >>> 24 : 0;
      members.add(new Member(string(u32(m)), u32(m + 4), bitOffset, bitfieldSize));
    }
    return List.copyOf(members);
  }

  /** The type a typedef/const/volatile/restrict/type-tag chain ends at (id itself otherwise). */
  public int resolve(int id) {
    for (int steps = 0; steps < offsets.length; steps++) {
      if (id == 0) {
        return 0;
      }
      int info = u32(record(id) + 4);
      switch ((info >>> 24) & 0x1f) {
        case 8, 9, 10, 11, 18 -> id = u32(offsets[id] + 8);
        default -> {
          return id;
        }
      }
    }
    throw new BtfException("BTF type chain from " + id + " loops");
  }

  /** Like {@link #resolve} but stops at typedefs: drops only qualifiers and type tags. */
  public int stripQualifiers(int id) {
    for (int steps = 0; steps < offsets.length; steps++) {
      if (id == 0) {
        return 0;
      }
      int info = u32(record(id) + 4);
      switch ((info >>> 24) & 0x1f) {
        case 9, 10, 11, 18 -> id = u32(offsets[id] + 8);
        default -> {
          return id;
        }
      }
    }
    throw new BtfException("BTF qualifier chain from " + id + " loops");
  }

  /** The size in bytes of a type, following typedefs and qualifiers ({@code sizeof}). */
  public long sizeOf(int id) {
    for (int steps = 0; steps < offsets.length; steps++) {
      BtfType t = type(id);
      switch (t) {
        case BtfType.Int i -> {
          return i.size();
        }
        case BtfType.Float f -> {
          return f.size();
        }
        case BtfType.Ptr p -> {
          return POINTER_SIZE;
        }
        case Composite c -> {
          return Integer.toUnsignedLong(c.size());
        }
        case Enumeration e -> {
          return e.size();
        }
        case BtfType.DataSec d -> {
          return Integer.toUnsignedLong(d.size());
        }
        case BtfType.Array a -> {
          return sizeOf(a.element()) * Integer.toUnsignedLong(a.count());
        }
        case BtfType.Alias a -> id = a.target();
        case BtfType.Var v -> id = v.type();
        case BtfType.Void v -> throw new BtfException("void has no size");
        case BtfType.Fwd f -> throw new BtfException((f.union() ? "union " : "struct ")
            + f.name() + " is only declared here, not defined: its size is unknown");
        case BtfType.Func f -> throw new BtfException("function " + f.name() + " has no size");
        case BtfType.FuncProto f -> throw new BtfException("a function type has no size");
        case BtfType.DeclTag d -> throw new BtfException("a declaration tag has no size");
      }
    }
    throw new BtfException("BTF type chain from " + id + " loops");
  }

  /** The C spelling of a type: {@code struct sk_buff *}, {@code unsigned int}, {@code char[16]}. */
  public String typeName(int id) {
    return CDeclarations.declare(this, id, "");
  }

  /** A C declaration of {@code name} with this type: {@code char comm[16]}. */
  public String declaration(int id, String name) {
    return CDeclarations.declare(this, id, name);
  }

  // ---- lookups by name --------------------------------------------------------------------

  /** The first type of this kind with this name. */
  public OptionalInt find(BtfKind kind, String name) {
    int group = group(kind.number());
    NameIndex index = indexIfWorthIt(group);
    return index != null ? index.find(kind.number(), name) : scan(kind.number(), name);
  }

  /**
   * Scans the records of one kind for a name: cheaper than building the index while only a few
   * names are asked for (a script names a handful of types; the index hashes ~70,000 names).
   */
  private OptionalInt scan(int kind, String name) {
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    byte[] d = data;
    int n = key.length;
    if (n == 0) {
      return OptionalInt.empty();
    }
    byte first = key[0];
    outer:
    for (int id = 1; id < offsets.length; id++) {
      if (kinds[id] != kind) {
        continue;
      }
      int o = offsets[id];
      int p = strStart + ((d[o] & 0xff) | (d[o + 1] & 0xff) << 8 | (d[o + 2] & 0xff) << 16
          | (d[o + 3] & 0xff) << 24);
      if (p < strStart || p + n >= strEnd || d[p] != first || d[p + n] != 0) {
        continue;
      }
      for (int i = 1; i < n; i++) {
        if (d[p + i] != key[i]) {
          continue outer;
        }
      }
      return OptionalInt.of(id);
    }
    return OptionalInt.empty();
  }

  /** Every type with this name, of any kind, in id order. */
  public int[] findAll(String name) {
    int[] all = new int[0];
    for (int g = 0; g < nameIndexes.length; g++) {
      int[] found = index(g).findAll(name);
      int n = all.length;
      all = Arrays.copyOf(all, n + found.length);
      System.arraycopy(found, 0, all, n, found.length);
    }
    Arrays.sort(all);
    return all;
  }

  /**
   * The ids of every type of this kind whose name starts with {@code prefix}, in id order: e.g.
   * the TYPEDEFs {@code btf_trace_*} that name the raw tracepoints. One pass over the records.
   */
  public int[] findByPrefix(BtfKind kind, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    int[] found = new int[64];
    int n = 0;
    outer:
    for (int id = 1; id < offsets.length; id++) {
      if (kinds[id] != kind.number()) {
        continue;
      }
      int s = strStart + u32(offsets[id]);
      if (s + p.length > strEnd) {
        continue;
      }
      for (int i = 0; i < p.length; i++) {
        if (data[s + i] != p[i]) {
          continue outer;
        }
      }
      if (n == found.length) {
        found = Arrays.copyOf(found, n * 2);
      }
      found[n++] = id;
    }
    return Arrays.copyOf(found, n);
  }

  public Optional<BtfType.Struct> struct(String name) {
    return typed(find(BtfKind.STRUCT, name), BtfType.Struct.class);
  }

  public Optional<BtfType.Union> union(String name) {
    return typed(find(BtfKind.UNION, name), BtfType.Union.class);
  }

  public Optional<BtfType.Typedef> typedef(String name) {
    return typed(find(BtfKind.TYPEDEF, name), BtfType.Typedef.class);
  }

  /** An enum by name, 32-bit or 64-bit. */
  public Optional<Enumeration> enumeration(String name) {
    OptionalInt id = find(BtfKind.ENUM, name);
    if (id.isEmpty()) {
      id = find(BtfKind.ENUM64, name);
    }
    return typed(id, Enumeration.class);
  }

  /** An enum's enumerators, names to values in declaration order. */
  public Optional<Map<String, Long>> enumValues(String enumName) {
    return enumeration(enumName).map(e -> {
      var map = new LinkedHashMap<String, Long>();
      for (Enumerator v : e.values()) {
        map.putIfAbsent(v.name(), v.value());
      }
      return map;
    });
  }

  /** The prototype of a BTF FUNC: parameter names and types. */
  public Optional<FunctionSignature> function(String name) {
    return typed(find(BtfKind.FUNC, name), BtfType.Func.class).map(f -> {
      if (!(type(f.proto()) instanceof BtfType.FuncProto p)) {
        throw new BtfException("BTF function " + name + " points at type " + f.proto()
            + ", which is not a prototype");
      }
      return new FunctionSignature(f.name(), f.id(), p.id(), p.returnType(), p.params(),
          p.variadic(), f.linkage());
    });
  }

  /**
   * The prototype a pointer-to-function type refers to, through typedefs and qualifiers: for
   * {@code typedef void (*btf_trace_x)(void *, ...)} gives that FUNC_PROTO.
   */
  public Optional<BtfType.FuncProto> pointedPrototype(int id) {
    if (type(resolve(id)) instanceof BtfType.Ptr p
        && type(resolve(p.target())) instanceof BtfType.FuncProto proto) {
      return Optional.of(proto);
    }
    return Optional.empty();
  }

  private <T> Optional<T> typed(OptionalInt id, Class<T> cls) {
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(cls.cast(type(id.getAsInt())));
  }

  // ---- members ----------------------------------------------------------------------------

  /**
   * A member of a struct or union (after typedefs and qualifiers), found by name also inside
   * anonymous struct and union members, as C does.
   */
  public Optional<Field> field(int compositeId, String name) {
    BtfType t = type(resolve(compositeId));
    if (!(t instanceof Composite c)) {
      return Optional.empty();
    }
    return field(c, name, 0, 0);
  }

  private Optional<Field> field(Composite c, String name, long base, int depth) {
    if (depth > 64) {
      throw new BtfException("anonymous members nest more than 64 deep in type " + c.id());
    }
    for (Member m : c.members()) {
      if (m.name().equals(name)) {
        return Optional.of(new Field(m.name(), m.type(), base + m.bitOffset(),
            m.bitfieldSize()));
      }
    }
    for (Member m : c.members()) {
      if (m.name().isEmpty() && type(resolve(m.type())) instanceof Composite inner) {
        var found = field(inner, name, base + m.bitOffset(), depth + 1);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Every named member of a struct or union, with the members of anonymous struct/union
   * members flattened in, in declaration order. Empty for other types.
   */
  public List<Field> fields(int compositeId) {
    var out = new ArrayList<Field>();
    if (type(resolve(compositeId)) instanceof Composite c) {
      flatten(c, 0, out, 0);
    }
    return out;
  }

  private void flatten(Composite c, long base, List<Field> out, int depth) {
    if (depth > 64) {
      throw new BtfException("anonymous members nest more than 64 deep in type " + c.id());
    }
    for (Member m : c.members()) {
      if (m.name().isEmpty() && type(resolve(m.type())) instanceof Composite inner) {
        flatten(inner, base + m.bitOffset(), out, depth + 1);
      } else {
        out.add(new Field(m.name(), m.type(), base + m.bitOffset(), m.bitfieldSize()));
      }
    }
  }

  // ---- the name index ---------------------------------------------------------------------

  private static int group(int kind) {
    return switch (kind) {
      case 1, 4, 5, 6, 7, 8, 16, 19 -> 0; // INT STRUCT UNION ENUM FWD TYPEDEF FLOAT ENUM64
      case 12 -> 1; // FUNC
      default -> 2;
    };
  }

  /** How many lookups of a group are answered by scanning before its index is built. */
  private static final int SCANS_BEFORE_INDEX = 12;

  private final int[] lookups = new int[3];

  private NameIndex indexIfWorthIt(int group) {
    synchronized (nameIndexes) {
      if (nameIndexes[group] == null && ++lookups[group] <= SCANS_BEFORE_INDEX) {
        return null;
      }
    }
    return index(group);
  }

  private NameIndex index(int group) {
    synchronized (nameIndexes) {
      NameIndex index = nameIndexes[group];
      if (index == null) {
        index = new NameIndex(group);
        nameIndexes[group] = index;
      }
      return index;
    }
  }

  /**
   * Open addressing over the named types, keyed by a hash of the name's bytes in the string
   * section, so building it creates no strings (~70,000 names in vmlinux).
   */
  private final class NameIndex {
    private final int[] slots; // type id, 0 when empty
    private final int[] hashes;
    private final int mask;

    NameIndex(int group) {
      byte[] inGroup = new byte[32];
      for (int k = 0; k < inGroup.length; k++) {
        inGroup[k] = (byte) (group(k) == group ? 1 : 0);
      }
      int named = 0;
      for (int id = 1; id < offsets.length; id++) {
        if (inGroup[kinds[id]] != 0) {
          named++;
        }
      }
      int capacity = Integer.highestOneBit(Math.max(16, named * 2)) << 1;
      slots = new int[capacity];
      hashes = new int[capacity];
      mask = capacity - 1;
      byte[] d = data;
      int limit = strEnd;
      for (int id = 1; id < offsets.length; id++) {
        if (inGroup[kinds[id]] == 0) {
          continue;
        }
        int o = offsets[id];
        int nameOff = (d[o] & 0xff) | (d[o + 1] & 0xff) << 8 | (d[o + 2] & 0xff) << 16
            | (d[o + 3] & 0xff) << 24;
        if (nameOff == 0) {
          continue;
        }
        int h = 0;
        for (int p = strStart + nameOff; p < limit && d[p] != 0; p++) {
          h = 31 * h + (d[p] & 0xff);
        }
        int slot = mix(h) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = id;
        hashes[slot] = h;
      }
    }

    private static int mix(int h) {
      return h ^ (h >>> 16) * 0x45d9f3b;
    }

    private static int hash(byte[] name) {
      int h = 0;
      for (byte b : name) {
        h = 31 * h + (b & 0xff);
      }
      return h;
    }

    private boolean nameEquals(int id, byte[] name) {
      int pos = strStart + u32(offsets[id]);
      if (pos + name.length >= strEnd + 1) {
        return false;
      }
      for (byte b : name) {
        if (data[pos++] != b) {
          return false;
        }
      }
      return pos < strEnd ? data[pos] == 0 : pos == strEnd;
    }

    OptionalInt find(int kind, String name) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      int h = hash(bytes);
      for (int slot = mix(h) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
        int id = slots[slot];
        if (hashes[slot] == h && kinds[id] == kind && nameEquals(id, bytes)) {
          return OptionalInt.of(id);
        }
      }
      return OptionalInt.empty();
    }

    int[] findAll(String name) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      int h = hash(bytes);
      int[] found = new int[4];
      int n = 0;
      for (int slot = mix(h) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
        int id = slots[slot];
        if (hashes[slot] == h && nameEquals(id, bytes)) {
          if (n == found.length) {
            found = Arrays.copyOf(found, n * 2);
          }
          found[n++] = id;
        }
      }
      int[] result = Arrays.copyOf(found, n);
      Arrays.sort(result);
      return result;
    }
  }
}
