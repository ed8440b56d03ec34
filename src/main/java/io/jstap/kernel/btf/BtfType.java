package io.jstap.kernel.btf;

import java.util.List;

/**
 * One BTF type, decoded from its record (Documentation/bpf/btf.rst, include/uapi/linux/btf.h).
 * Types refer to each other by id; {@link Btf} resolves ids. Names are empty for anonymous types.
 */
public sealed interface BtfType {
  /** The type id (0 is void). */
  int id();

  BtfKind kind();

  /** The type's name, empty when it has none. */
  default String name() {
    return "";
  }

  /** Type id 0: void, the target of {@code void *} and the return type of void functions. */
  record Void() implements BtfType {
    public int id() {
      return 0;
    }

    public BtfKind kind() {
      return BtfKind.VOID;
    }
  }

  /**
   * An integer: {@code size} bytes, of which {@code bits} bits starting at {@code bitOffset} hold
   * the value. Encoding bits are BTF_INT_SIGNED, BTF_INT_CHAR and BTF_INT_BOOL.
   */
  record Int(int id, String name, int size, boolean signed, boolean isChar, boolean isBool,
      int bitOffset, int bits) implements BtfType {
    public BtfKind kind() {
      return BtfKind.INT;
    }
  }

  record Ptr(int id, int target) implements BtfType {
    public BtfKind kind() {
      return BtfKind.PTR;
    }
  }

  /** {@code count} elements of type {@code element}; {@code index} is the index type (unused). */
  record Array(int id, int element, int index, int count) implements BtfType {
    public BtfKind kind() {
      return BtfKind.ARRAY;
    }
  }

  /**
   * A member of a struct or union. {@code bitOffset} counts from the start of the enclosing
   * type; {@code bitfieldSize} is 0 unless the member is a bitfield (kind_flag set and a
   * non-zero size in the top 8 bits of the offset word).
   */
  record Member(String name, int type, long bitOffset, int bitfieldSize) {
    public boolean isBitfield() {
      return bitfieldSize != 0;
    }
  }

  /** A struct or a union. */
  sealed interface Composite extends BtfType {
    int size();

    List<Member> members();
  }

  record Struct(int id, String name, int size, List<Member> members) implements Composite {
    public BtfKind kind() {
      return BtfKind.STRUCT;
    }
  }

  record Union(int id, String name, int size, List<Member> members) implements Composite {
    public BtfKind kind() {
      return BtfKind.UNION;
    }
  }

  /** One enumerator. Values of unsigned 64-bit enums above Long.MAX_VALUE are negative here. */
  record Enumerator(String name, long value) {}

  /** A 32-bit ({@link Enum}) or 64-bit ({@link Enum64}) enumeration. */
  sealed interface Enumeration extends BtfType {
    int size();

    /** From kind_flag: 1 means signed values (kernels before 6.0 always wrote 0). */
    boolean signed();

    List<Enumerator> values();
  }

  record Enum(int id, String name, int size, boolean signed, List<Enumerator> values)
      implements Enumeration {
    public BtfKind kind() {
      return BtfKind.ENUM;
    }
  }

  record Enum64(int id, String name, int size, boolean signed, List<Enumerator> values)
      implements Enumeration {
    public BtfKind kind() {
      return BtfKind.ENUM64;
    }
  }

  /** A forward declaration of a struct ({@code union} false) or a union. */
  record Fwd(int id, String name, boolean union) implements BtfType {
    public BtfKind kind() {
      return BtfKind.FWD;
    }
  }

  /** A type that only names or qualifies another: typedef, const, volatile, restrict, tag. */
  sealed interface Alias extends BtfType {
    int target();
  }

  record Typedef(int id, String name, int target) implements Alias {
    public BtfKind kind() {
      return BtfKind.TYPEDEF;
    }
  }

  record Volatile(int id, int target) implements Alias {
    public BtfKind kind() {
      return BtfKind.VOLATILE;
    }
  }

  record Const(int id, int target) implements Alias {
    public BtfKind kind() {
      return BtfKind.CONST;
    }
  }

  record Restrict(int id, int target) implements Alias {
    public BtfKind kind() {
      return BtfKind.RESTRICT;
    }
  }

  /** A type attribute such as {@code __user} or {@code __rcu} (clang's btf_type_tag). */
  record TypeTag(int id, String name, int target) implements Alias {
    public BtfKind kind() {
      return BtfKind.TYPE_TAG;
    }
  }

  /** Function linkage, from the vlen field of a FUNC record (BTF_FUNC_STATIC/GLOBAL/EXTERN). */
  enum Linkage {
    STATIC,
    GLOBAL,
    EXTERN
  }

  record Func(int id, String name, int proto, Linkage linkage) implements BtfType {
    public BtfKind kind() {
      return BtfKind.FUNC;
    }
  }

  /** A parameter of a function prototype; the name is empty in prototypes of pointers. */
  record Param(String name, int type) {}

  /**
   * A function prototype. A last parameter of type 0 with no name marks a variadic function; it
   * is not listed in {@code params}.
   */
  record FuncProto(int id, int returnType, List<Param> params, boolean variadic)
      implements BtfType {
    public BtfKind kind() {
      return BtfKind.FUNC_PROTO;
    }
  }

  /** A variable; linkage 0 static, 1 global (BTF_VAR_STATIC, BTF_VAR_GLOBAL_ALLOCATED). */
  record Var(int id, String name, int type, int linkage) implements BtfType {
    public BtfKind kind() {
      return BtfKind.VAR;
    }
  }

  /** A variable placed in a data section. */
  record VarPlacement(int type, int offset, int size) {}

  record DataSec(int id, String name, int size, List<VarPlacement> vars) implements BtfType {
    public BtfKind kind() {
      return BtfKind.DATASEC;
    }
  }

  record Float(int id, String name, int size) implements BtfType {
    public BtfKind kind() {
      return BtfKind.FLOAT;
    }
  }

  /**
   * A declaration attribute on {@code target}; {@code componentIndex} is -1 for the type
   * itself, else the member or parameter index.
   */
  record DeclTag(int id, String name, int target, int componentIndex) implements BtfType {
    public BtfKind kind() {
      return BtfKind.DECL_TAG;
    }
  }
}
