package io.jstap.codegen;

import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.BtfType;

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
   * file *}, {@code unsigned long}...), followed through BTF where it names a struct.
   */
  static CType ofDeclaration(Btf btf, String cType, int size, boolean signed) {
    String t = cType.replace("const ", "").replace("volatile ", "").strip();
    if (t.endsWith("*")) {
      String target = t.substring(0, t.length() - 1).strip();
      int id = 0;
      if (btf != null && target.startsWith("struct ")) {
        id = btf.struct(target.substring(7).strip()).map(BtfType.Struct::id).orElse(0);
      }
      return new Pointer(id, cType);
    }
    // The C type decides: syscall events store "int dfd" in an 8-byte unsigned field.
    if (btf != null) {
      String name = t.replace("signed ", "").replace("unsigned ", "unsigned ").strip();
      var id = btf.find(io.jstap.kernel.btf.BtfKind.INT, t);
      if (id.isEmpty()) id = btf.find(io.jstap.kernel.btf.BtfKind.TYPEDEF, name);
      if (id.isPresent() && of(btf, id.getAsInt()) instanceof Int i) {
        return new Int(i.size(), i.signed(), cType);
      }
    }
    return new Int(size, signed, cType);
  }
}
