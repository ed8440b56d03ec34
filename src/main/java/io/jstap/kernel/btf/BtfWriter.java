package io.jstap.kernel.btf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes types as a raw BTF blob (the format {@link Btf} reads, include/uapi/linux/btf.h).
 * Types get ids in the order they are added, from 1; the ids a type refers to must be ids of
 * this blob (the {@code id} field of the records given is ignored).
 */
public final class BtfWriter {
  private final ByteArrayOutputStream types = new ByteArrayOutputStream();
  private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
  private final Map<String, Integer> stringOffsets = new HashMap<>();
  private int count;

  public BtfWriter() {
    strings.write(0); // offset 0 is the empty string
    stringOffsets.put("", 0);
  }

  /** Appends a type; returns its id. */
  public int add(BtfType type) {
    switch (type) {
      case BtfType.Void v -> throw new IllegalArgumentException("void is id 0, not a record");
      case BtfType.Int i -> {
        head(i.name(), BtfKind.INT, 0, false, i.size());
        int encoding = (i.signed() ? 1 : 0) | (i.isChar() ? 2 : 0) | (i.isBool() ? 4 : 0);
        u32(encoding << 24 | (i.bitOffset() & 0xff) << 16 | (i.bits() & 0xff));
      }
      case BtfType.Ptr p -> head("", BtfKind.PTR, 0, false, p.target());
      case BtfType.Array a -> {
        head("", BtfKind.ARRAY, 0, false, 0);
        u32(a.element());
        u32(a.index());
        u32(a.count());
      }
      case BtfType.Composite c -> {
        boolean bitfields = c.members().stream().anyMatch(BtfType.Member::isBitfield);
        head(c.name(), c.kind(), c.members().size(), bitfields, c.size());
        for (BtfType.Member m : c.members()) {
          u32(string(m.name()));
          u32(m.type());
          u32(bitfields ? m.bitfieldSize() << 24 | (int) m.bitOffset() : (int) m.bitOffset());
        }
      }
      case BtfType.Enum e -> {
        head(e.name(), BtfKind.ENUM, e.values().size(), e.signed(), e.size());
        for (BtfType.Enumerator v : e.values()) {
          u32(string(v.name()));
          u32((int) v.value());
        }
      }
      case BtfType.Enum64 e -> {
        head(e.name(), BtfKind.ENUM64, e.values().size(), e.signed(), e.size());
        for (BtfType.Enumerator v : e.values()) {
          u32(string(v.name()));
          u32((int) v.value());
          u32((int) (v.value() >>> 32));
        }
      }
      case BtfType.Fwd f -> head(f.name(), BtfKind.FWD, 0, f.union(), 0);
      case BtfType.Typedef t -> head(t.name(), BtfKind.TYPEDEF, 0, false, t.target());
      case BtfType.Volatile v -> head("", BtfKind.VOLATILE, 0, false, v.target());
      case BtfType.Const c -> head("", BtfKind.CONST, 0, false, c.target());
      case BtfType.Restrict r -> head("", BtfKind.RESTRICT, 0, false, r.target());
      case BtfType.TypeTag t -> head(t.name(), BtfKind.TYPE_TAG, 0, false, t.target());
      case BtfType.Func f -> head(f.name(), BtfKind.FUNC, f.linkage().ordinal(), false,
          f.proto());
      case BtfType.FuncProto f -> {
        head("", BtfKind.FUNC_PROTO, f.params().size() + (f.variadic() ? 1 : 0), false,
            f.returnType());
        for (BtfType.Param p : f.params()) {
          u32(string(p.name()));
          u32(p.type());
        }
        if (f.variadic()) {
          u32(0);
          u32(0);
        }
      }
      case BtfType.Var v -> {
        head(v.name(), BtfKind.VAR, 0, false, v.type());
        u32(v.linkage());
      }
      case BtfType.DataSec d -> {
        head(d.name(), BtfKind.DATASEC, d.vars().size(), false, d.size());
        for (BtfType.VarPlacement v : d.vars()) {
          u32(v.type());
          u32(v.offset());
          u32(v.size());
        }
      }
      case BtfType.Float f -> head(f.name(), BtfKind.FLOAT, 0, false, f.size());
      case BtfType.DeclTag d -> {
        head(d.name(), BtfKind.DECL_TAG, 0, false, d.target());
        u32(d.componentIndex());
      }
    }
    return ++count;
  }

  private void head(String name, BtfKind kind, int vlen, boolean kindFlag, int sizeOrType) {
    if (vlen > 0xffff) {
      throw new IllegalArgumentException("BTF allows at most 65535 members, values or params");
    }
    u32(string(name));
    u32((kindFlag ? 1 << 31 : 0) | kind.number() << 24 | vlen);
    u32(sizeOrType);
  }

  private int string(String s) {
    return stringOffsets.computeIfAbsent(s, k -> {
      int off = strings.size();
      strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
      strings.write(0);
      return off;
    });
  }

  private void u32(int v) {
    types.write(v);
    types.write(v >>> 8);
    types.write(v >>> 16);
    types.write(v >>> 24);
  }

  /** The blob: header, types, strings. */
  public byte[] toBytes() {
    var out = new ByteArrayOutputStream();
    int[] header = {0, 24, 0, types.size(), types.size(), strings.size()};
    out.write(0x9f); // BTF_MAGIC 0xEB9F, little-endian
    out.write(0xeb);
    out.write(1); // version
    out.write(0); // flags
    for (int i = 1; i < header.length; i++) {
      int v = header[i];
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
    }
    out.writeBytes(types.toByteArray());
    out.writeBytes(strings.toByteArray());
    return out.toByteArray();
  }
}
