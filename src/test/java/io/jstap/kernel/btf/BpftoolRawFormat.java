package io.jstap.kernel.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints types the way {@code bpftool btf dump file F} (raw format) does, so a test can compare
 * this reader with bpftool line by line.
 */
final class BpftoolRawFormat {
  private BpftoolRawFormat() {}

  static List<String> lines(Btf btf, int id) {
    var out = new ArrayList<String>();
    BtfType t = btf.type(id);
    String head = "[" + id + "] " + t.kind() + " '" + anon(t.name()) + "'";
    switch (t) {
      case BtfType.Void v -> throw new IllegalArgumentException("void has no line");
      case BtfType.Int i -> out.add(head + " size=" + i.size() + " bits_offset=" + i.bitOffset()
          + " nr_bits=" + i.bits() + " encoding=" + intEncoding(i));
      case BtfType.Ptr p -> out.add(head + " type_id=" + p.target());
      case BtfType.Array a -> out.add(head + " type_id=" + a.element() + " index_type_id="
          + a.index() + " nr_elems=" + Integer.toUnsignedString(a.count()));
      case BtfType.Composite c -> {
        out.add(head + " size=" + Integer.toUnsignedString(c.size()) + " vlen="
            + c.members().size());
        for (BtfType.Member m : c.members()) {
          out.add("\t'" + anon(m.name()) + "' type_id=" + m.type() + " bits_offset="
              + m.bitOffset() + (m.isBitfield() ? " bitfield_size=" + m.bitfieldSize() : ""));
        }
      }
      case BtfType.Enumeration e -> {
        out.add(head + " encoding=" + (e.signed() ? "SIGNED" : "UNSIGNED") + " size=" + e.size()
            + " vlen=" + e.values().size());
        boolean wide = e instanceof BtfType.Enum64;
        for (BtfType.Enumerator v : e.values()) {
          String value;
          if (wide) {
            value = e.signed() ? v.value() + "LL" : Long.toUnsignedString(v.value()) + "ULL";
          } else {
            value = Long.toString(v.value());
          }
          out.add("\t'" + v.name() + "' val=" + value);
        }
      }
      case BtfType.Fwd f -> out.add(head + " fwd_kind=" + (f.union() ? "union" : "struct"));
      case BtfType.Alias a -> out.add(head + " type_id=" + a.target());
      case BtfType.Func f -> out.add(head + " type_id=" + f.proto() + " linkage="
          + f.linkage().name().toLowerCase(java.util.Locale.ROOT));
      case BtfType.FuncProto f -> {
        out.add(head + " ret_type_id=" + f.returnType() + " vlen="
            + (f.params().size() + (f.variadic() ? 1 : 0)));
        for (BtfType.Param p : f.params()) {
          out.add("\t'" + anon(p.name()) + "' type_id=" + p.type());
        }
        if (f.variadic()) {
          out.add("\t'(anon)' type_id=0");
        }
      }
      case BtfType.Var v -> out.add(head + " type_id=" + v.type() + ", linkage="
          + switch (v.linkage()) {
            case 0 -> "static";
            case 1 -> "global";
            case 2 -> "extern";
            default -> "(unknown)";
          });
      case BtfType.DataSec d -> {
        out.add(head + " size=" + Integer.toUnsignedString(d.size()) + " vlen="
            + d.vars().size());
        for (BtfType.VarPlacement v : d.vars()) {
          out.add("\ttype_id=" + v.type() + " offset=" + v.offset() + " size=" + v.size()
              + " (VAR '" + btf.name(v.type()) + "')");
        }
      }
      case BtfType.Float f -> out.add(head + " size=" + f.size());
      case BtfType.DeclTag d -> out.add(head + " type_id=" + d.target() + " component_idx="
          + d.componentIndex());
    }
    return out;
  }

  private static String intEncoding(BtfType.Int i) {
    if (i.signed()) {
      return "SIGNED";
    }
    if (i.isChar()) {
      return "CHAR";
    }
    if (i.isBool()) {
      return "BOOL";
    }
    return "(none)";
  }

  private static String anon(String name) {
    return name.isEmpty() ? "(anon)" : name;
  }
}
