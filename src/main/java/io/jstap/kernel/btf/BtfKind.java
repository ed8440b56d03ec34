package io.jstap.kernel.btf;

/**
 * The kinds of BTF type records, numbered as in include/uapi/linux/btf.h ({@code BTF_KIND_*}).
 * {@link #VOID} is type id 0, which has no record.
 */
public enum BtfKind {
  VOID,
  INT,
  PTR,
  ARRAY,
  STRUCT,
  UNION,
  ENUM,
  FWD,
  TYPEDEF,
  VOLATILE,
  CONST,
  RESTRICT,
  FUNC,
  FUNC_PROTO,
  VAR,
  DATASEC,
  FLOAT,
  DECL_TAG,
  TYPE_TAG,
  ENUM64;

  private static final BtfKind[] BY_NUMBER = values();

  /** The kind with this BTF_KIND_* number, or null when this reader does not know it. */
  static BtfKind ofNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
  }

  /** The number this kind has in the BTF format. */
  public int number() {
    return ordinal();
  }
}
