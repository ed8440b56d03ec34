package io.jstap.kernel.btf;

import java.util.StringJoiner;

/**
 * Spells BTF types as C declarations. C declarators read inside out ({@code int (*)[4]} is a
 * pointer to an array), so the declarator is built up while walking from the outer type to the
 * base type, which is written last.
 */
final class CDeclarations {
  private static final int MAX_DEPTH = 64;

  private CDeclarations() {}

  static String declare(Btf btf, int id, String declarator) {
    return declare(btf, id, declarator, 0);
  }

  private static String declare(Btf btf, int id, String inner, int depth) {
    if (depth > MAX_DEPTH) {
      throw new BtfException("BTF type " + id + " nests more than " + MAX_DEPTH + " deep");
    }
    return switch (btf.type(id)) {
      case BtfType.Void v -> join("void", inner);
      case BtfType.Int i -> join(i.name(), inner);
      case BtfType.Float f -> join(f.name(), inner);
      case BtfType.Struct s -> join("struct " + orAnon(s.name()), inner);
      case BtfType.Union u -> join("union " + orAnon(u.name()), inner);
      case BtfType.Enum e -> join("enum " + orAnon(e.name()), inner);
      case BtfType.Enum64 e -> join("enum " + orAnon(e.name()), inner);
      case BtfType.Fwd f -> join((f.union() ? "union " : "struct ") + f.name(), inner);
      case BtfType.Typedef t -> join(t.name(), inner);
      case BtfType.Ptr p -> {
        BtfKind target = btf.kind(btf.stripQualifiers(p.target()));
        String d = "*" + inner;
        if (target == BtfKind.ARRAY || target == BtfKind.FUNC_PROTO) {
          d = "(" + d + ")";
        }
        yield declare(btf, p.target(), d, depth + 1);
      }
      case BtfType.Const c -> qualify(btf, "const", c.target(), inner, depth);
      case BtfType.Volatile v -> qualify(btf, "volatile", v.target(), inner, depth);
      case BtfType.Restrict r -> qualify(btf, "restrict", r.target(), inner, depth);
      // Type tags (__user, __rcu) are attributes, not part of the C spelling.
      case BtfType.TypeTag t -> declare(btf, t.target(), inner, depth + 1);
      case BtfType.Array a ->
          declare(btf, a.element(), inner + "[" + Integer.toUnsignedString(a.count()) + "]",
              depth + 1);
      case BtfType.FuncProto f -> {
        var params = new StringJoiner(", ", "(", ")");
        for (BtfType.Param p : f.params()) {
          params.add(declare(btf, p.type(), "", depth + 1));
        }
        if (f.variadic()) {
          params.add("...");
        } else if (f.params().isEmpty()) {
          params.add("void");
        }
        yield declare(btf, f.returnType(), inner + params, depth + 1);
      }
      case BtfType.Func f -> declare(btf, f.proto(), inner.isEmpty() ? f.name() : inner,
          depth + 1);
      case BtfType.Var v -> declare(btf, v.type(), inner.isEmpty() ? v.name() : inner,
          depth + 1);
      case BtfType.DataSec d -> d.name();
      case BtfType.DeclTag d -> "__attribute__((btf_decl_tag(\"" + d.name() + "\")))";
    };
  }

  /** {@code const char *} puts the qualifier first; {@code char *const} after the star. */
  private static String qualify(Btf btf, String qualifier, int target, String inner,
      int depth) {
    if (btf.kind(target) == BtfKind.PTR) {
      return declare(btf, target, inner.isEmpty() ? qualifier : qualifier + " " + inner,
          depth + 1);
    }
    return qualifier + " " + declare(btf, target, inner, depth + 1);
  }

  private static String orAnon(String name) {
    return name.isEmpty() ? "(anon)" : name;
  }

  private static String join(String base, String inner) {
    if (inner.isEmpty()) {
      return base;
    }
    if (inner.startsWith("[")) {
      return base + inner;
    }
    return base + " " + inner;
  }
}
