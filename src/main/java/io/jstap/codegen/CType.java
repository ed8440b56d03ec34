package io.jstap.codegen;

import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.BtfType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The C type of a target value, as far as the code generator needs it: integers (size and
 * sign), pointers and aggregates (followed through BTF by their type ids), arrays.
 */
public sealed interface CType {
  /** An integer, enum or bool of {@code size} bytes. */
  record Int(int size, boolean signed, String name) implements CType {}

  /** A pointer to BTF type {@code target} (0: void or unknown). */
  record Pointer(int target, String name) implements CType {}

  /** A struct or union (BTF type id), read member by member from its address. */
  record Aggregate(int btfId, String name) implements CType {}

  /** An array of {@code count} elements of {@code elementSize} bytes. */
  record Array(CType element, int count, int elementSize, String name) implements CType {}

  /** The C spelling, for messages and listings. */
  String name();

  /** The type of BTF type {@code id}, through typedefs and qualifiers. */
  static CType of(Btf btf, int id) {
    String name = btf.typeName(id);
    return switch (btf.type(btf.resolve(id))) {
      case BtfType.Int i -> new Int(i.size(), i.signed(), name);
      case BtfType.Enum e -> new Int(e.size(), e.signed(), name);
      case BtfType.Enum64 e -> new Int(e.size(), e.signed(), name);
      case BtfType.Ptr p -> new Pointer(p.target(), name);
      case BtfType.Struct s -> new Aggregate(s.id(), name);
      case BtfType.Union u -> new Aggregate(u.id(), name);
      case BtfType.Array a -> new Array(of(btf, a.element()), a.count(),
          (int) btf.sizeOf(a.element()), name);
      default -> new Int(8, false, name);
    };
  }

  /**
   * The type a tracefs format file names ({@code int}, {@code const char *}, {@code struct
   * file *}, {@code unsigned long}...), followed through BTF where it names a struct or a type
   * {@link #FIXED} does not know. BTF is asked for only then: opening it is most of the work of
   * compiling a syscall probe whose arguments are plain numbers and strings.
   */
  static CType ofDeclaration(Supplier<Btf> btf, String cType, int size, boolean signed) {
    String t = cType.replace("const ", "").replace("volatile ", "").strip();
    if (t.endsWith("*")) {
      String target = t.substring(0, t.length() - 1).strip();
      int id = 0;
      if (target.startsWith("struct ")) {
        Btf types = btf.get();
        if (types != null) {
          id = types.struct(target.substring(7).strip()).map(BtfType.Struct::id).orElse(0);
        }
      }
      return new Pointer(id, cType);
    }
    // The C type decides: syscall events store "int dfd" in an 8-byte unsigned field.
    Int fixed = FIXED.get(t);
    if (fixed != null) return new Int(fixed.size(), fixed.signed(), cType);
    Btf types = btf.get();
    if (types != null) {
      String name = t.replace("signed ", "").replace("unsigned ", "unsigned ").strip();
      var id = types.find(io.jstap.kernel.btf.BtfKind.INT, t);
      if (id.isEmpty()) id = types.find(io.jstap.kernel.btf.BtfKind.TYPEDEF, name);
      if (id.isPresent() && of(types, id.getAsInt()) instanceof Int i) {
        return new Int(i.size(), i.signed(), cType);
      }
    }
    return new Int(size, signed, cType);
  }

  /**
   * Integer types whose size and sign are the same in every 64-bit Linux kernel: C's own
   * (LP64), the fixed-width ones of include/uapi/asm-generic/int-ll64.h and the POSIX ones of
   * include/uapi/asm-generic/posix_types.h that system calls take. Plain {@code char} is not
   * here: its sign depends on the kernel's version and architecture, so BTF says.
   */
  static final Map<String, Int> FIXED = fixedTypes();

  private static Map<String, Int> fixedTypes() {
    var types = new HashMap<String, Int>();
    String[][] spellings = {
        {"1", "s", "signed char", "s8", "__s8"},
        {"1", "u", "unsigned char", "u8", "__u8", "_Bool", "bool"},
        {"2", "s", "short", "short int", "signed short", "s16", "__s16"},
        {"2", "u", "unsigned short", "short unsigned int", "unsigned short int", "u16", "__u16",
            "umode_t"},
        {"4", "s", "int", "signed int", "signed", "s32", "__s32", "pid_t", "clockid_t",
            "timer_t", "mqd_t", "key_t", "key_serial_t", "rwf_t"},
        {"4", "u", "unsigned int", "unsigned", "u32", "__u32", "uid_t", "gid_t", "qid_t"},
        {"8", "s", "long", "long int", "signed long", "long long", "long long int", "s64",
            "__s64", "ssize_t", "off_t", "loff_t"},
        {"8", "u", "unsigned long", "long unsigned int", "unsigned long int",
            "unsigned long long", "long long unsigned int", "u64", "__u64", "size_t",
            "aio_context_t"},
    };
    for (String[] row : spellings) {
      for (int i = 2; i < row.length; i++) {
        types.put(row[i], new Int(Integer.parseInt(row[0]), row[1].equals("s"), row[i]));
      }
    }
    return Map.copyOf(types);
  }
}
