package io.jstap.codegen;

import io.jstap.bpf.Alu;
import io.jstap.bpf.Load;
import io.jstap.bpf.Reg;
import io.jstap.bpf.Size;
import io.jstap.bpf.Store;
import io.jstap.kernel.btf.Btf;
import io.jstap.kernel.btf.BtfType;
import io.jstap.kernel.btf.Field;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.Span;
import io.jstap.lang.Suggestions;
import io.jstap.lang.ast.TargetComponent;
import java.util.List;

/**
 * Follows {@code ->member} and {@code [index]} after a target variable, through BTF: each step
 * reads the member from memory (bpf_probe_read), so {@code $skb->dev->name} works without
 * kernel headers. Structs and arrays stay as addresses until a scalar member is reached.
 * Expects the variable's value in r0 and leaves the result there.
 */
final class TargetMembers {
  private final HandlerCompiler c;
  private final Btf btf;
  private final boolean user;

  TargetMembers(HandlerCompiler c, Btf btf, boolean user) {
    this.c = c;
    this.btf = btf;
    this.user = user;
  }

  void follow(CType start, List<TargetComponent> components, boolean addressOf, Span span) {
    if (btf == null) {
      c.unsupported(span, "following members without the kernel's BTF");
      c.emit(Alu.mov(Reg.R0, 0));
      return;
    }
    CType current = start;
    for (int i = 0; i < components.size(); i++) {
      boolean last = i == components.size() - 1;
      TargetComponent comp = components.get(i);
      switch (comp) {
        case TargetComponent.Member m -> {
          int composite = compositeOf(current, m, span);
          if (composite == 0) return;
          var field = btf.field(composite, m.name());
          if (field.isEmpty()) {
            noMember(composite, m);
            return;
          }
          Field f = field.get();
          c.emit(Alu.add(Reg.R0, (int) f.byteOffset()));
          CType type = CType.of(btf, f.type());
          current = read(type, f, last && addressOf, span);
        }
        case TargetComponent.Index ix -> {
          int elementSize;
          CType element;
          switch (current) {
            case CType.Pointer p -> {
              elementSize = p.target() == 0 ? 1 : (int) btf.sizeOf(p.target());
              element = p.target() == 0 ? new CType.Int(1, false, "char") : CType.of(btf, p.target());
            }
            case CType.Array a -> {
              elementSize = a.elementSize();
              element = a.element();
            }
            default -> {
              c.shared().diagnostics.error(ix.span(), "cannot index " + current.name());
              c.emit(Alu.mov(Reg.R0, 0));
              return;
            }
          }
          int base = c.stackSlot();
          c.emit(Store.of(Size.DW, Reg.R10, base, Reg.R0));
          c.longExpr(ix.index());
          c.emit(Alu.mul(Reg.R0, elementSize), Load.of(Size.DW, Reg.R1, Reg.R10, base),
              Alu.add(Reg.R0, Reg.R1));
          current = read(element, null, last && addressOf, span);
        }
        case TargetComponent.PrettyPrint p -> {
          c.unsupported(p.span(), "pretty-printing target values ($ and $$ suffixes)");
          c.emit(Alu.mov(Reg.R0, 0));
          return;
        }
      }
    }
  }

  /**
   * Whether {@code components} lead somewhere from a value of type {@code start}: each member
   * exists in its struct or union, each index follows a pointer or array (for {@code
   * @defined}, which compiles nothing).
   */
  static boolean resolves(Btf btf, CType start, List<TargetComponent> components) {
    if (components.isEmpty()) return true;
    if (btf == null) return false;
    CType current = start;
    for (TargetComponent comp : components) {
      switch (comp) {
        case TargetComponent.Member m -> {
          int id = switch (current) {
            case CType.Pointer p -> p.target() == 0 ? 0 : btf.resolve(p.target());
            case CType.Aggregate a -> a.btfId();
            default -> 0;
          };
          if (id == 0 || !(btf.type(id) instanceof BtfType.Composite)) return false;
          var field = btf.field(id, m.name());
          if (field.isEmpty()) return false;
          current = CType.of(btf, field.get().type());
        }
        case TargetComponent.Index ix -> {
          switch (current) {
            case CType.Pointer p -> current = p.target() == 0
                ? new CType.Int(1, false, "char") : CType.of(btf, p.target());
            case CType.Array a -> current = a.element();
            default -> {
              return false;
            }
          }
        }
        case TargetComponent.PrettyPrint p -> {}
      }
    }
    return true;
  }

  /** The struct/union r0 points to (a pointer's value, or an aggregate's address). */
  private int compositeOf(CType current, TargetComponent.Member m, Span span) {
    int id = switch (current) {
      case CType.Pointer p -> p.target() == 0 ? 0 : btf.resolve(p.target());
      case CType.Aggregate a -> a.btfId();
      default -> 0;
    };
    if (id == 0 || !(btf.type(id) instanceof BtfType.Composite)) {
      c.shared().diagnostics.report(Diagnostic.error(m.span(), "'->" + m.name()
          + "' needs a pointer to a struct or union, but this is " + current.name()));
      c.emit(Alu.mov(Reg.R0, 0));
      return 0;
    }
    return id;
  }

  private void noMember(int composite, TargetComponent.Member m) {
    var names = btf.fields(composite).stream().map(Field::name).toList();
    var d = Diagnostic.error(m.span(), "no member '" + m.name() + "' in "
        + btf.typeName(composite));
    String near = Suggestions.closest(m.name(), names);
    if (near != null) d = d.withHint("did you mean '" + near + "'?");
    c.shared().diagnostics.report(d);
    c.emit(Alu.mov(Reg.R0, 0));
  }

  /** r0 holds an address: read the value there (or keep the address). */
  private CType read(CType type, Field field, boolean addressOnly, Span span) {
    if (addressOnly) return new CType.Pointer(0, type.name() + " *");
    switch (type) {
      case CType.Aggregate a -> {
        return a;
      }
      case CType.Array a -> {
        return a;
      }
      case CType.Int i -> {
        if (field != null && field.isBitfield()) {
          int bitInByte = (int) (field.bitOffset() & 7);
          int bytes = (bitInByte + field.bitfieldSize() + 7) / 8;
          int size = bytes <= 1 ? 1 : bytes <= 2 ? 2 : bytes <= 4 ? 4 : 8;
          c.readMemory(user, size, false, span);
          c.emit(Alu.rsh(Reg.R0, bitInByte));
          int keep = 64 - field.bitfieldSize();
          c.emit(Alu.lsh(Reg.R0, keep), i.signed() ? Alu.arsh(Reg.R0, keep) : Alu.rsh(Reg.R0, keep));
          return i;
        }
        c.readMemory(user, i.size(), i.signed(), span);
        return i;
      }
      case CType.Pointer p -> {
        c.readMemory(user, 8, false, span);
        return p;
      }
    }
  }
}
