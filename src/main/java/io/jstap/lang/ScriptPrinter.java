package io.jstap.lang;

import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.AnyIndex;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.AtVar;
import io.jstap.lang.ast.Autocast;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.BinaryOp;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.BreakStmt;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.CastOp;
import io.jstap.lang.ast.ConstOp;
import io.jstap.lang.ast.ContinueStmt;
import io.jstap.lang.ast.Crement;
import io.jstap.lang.ast.Decl;
import io.jstap.lang.ast.DeclaredType;
import io.jstap.lang.ast.DefinedOp;
import io.jstap.lang.ast.DeleteStmt;
import io.jstap.lang.ast.DerefOp;
import io.jstap.lang.ast.EmbeddedCode;
import io.jstap.lang.ast.EmbeddedExpr;
import io.jstap.lang.ast.EmptyStmt;
import io.jstap.lang.ast.EntryOp;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ExprStmt;
import io.jstap.lang.ast.ForStmt;
import io.jstap.lang.ast.ForeachStmt;
import io.jstap.lang.ast.FunctionDecl;
import io.jstap.lang.ast.GlobalDecl;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.lang.ast.IfStmt;
import io.jstap.lang.ast.InArray;
import io.jstap.lang.ast.Literal;
import io.jstap.lang.ast.NextStmt;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.PerfOp;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.ProbePoint;
import io.jstap.lang.ast.ProbeWriteOp;
import io.jstap.lang.ast.RegexMatch;
import io.jstap.lang.ast.RegisterOp;
import io.jstap.lang.ast.ReturnStmt;
import io.jstap.lang.ast.Script;
import io.jstap.lang.ast.SortOrder;
import io.jstap.lang.ast.StatOp;
import io.jstap.lang.ast.Stmt;
import io.jstap.lang.ast.StringLit;
import io.jstap.lang.ast.TargetComponent;
import io.jstap.lang.ast.TargetExpr;
import io.jstap.lang.ast.TargetVar;
import io.jstap.lang.ast.Ternary;
import io.jstap.lang.ast.TryStmt;
import io.jstap.lang.ast.Unary;
import io.jstap.lang.ast.Variable;
import io.jstap.lang.ast.WhileStmt;
import java.util.List;

/**
 * Prints a syntax tree back as SystemTap source, in one canonical layout: what {@code jstap
 * -p1} shows. Parentheses appear only where precedence needs them, and the output parses back
 * to the same tree (spans aside). Comments are not kept; macros and conditionals appear
 * expanded, as the parser saw them.
 */
public final class ScriptPrinter {
  private static final String INDENT = "  ";

  // Binding strength, loosest first: where an operand needs parentheses.
  private static final int ASSIGN = 1;
  private static final int TERNARY = 2;
  private static final int OR = 3;
  private static final int AND = 4;
  private static final int BIT_OR = 5;
  private static final int BIT_XOR = 6;
  private static final int BIT_AND = 7;
  private static final int IN = 8;
  private static final int COMPARISON = 9;
  private static final int SHIFT = 10;
  private static final int CONCAT = 11;
  private static final int ADDITIVE = 12;
  private static final int MULTIPLICATIVE = 13;
  private static final int UNARY = 14;
  private static final int CREMENT = 15;
  private static final int PRIMARY = 16;

  private final StringBuilder out = new StringBuilder();

  private ScriptPrinter() {}

  /** The whole script, declarations separated by blank lines. */
  public static String print(Script script) {
    var p = new ScriptPrinter();
    boolean first = true;
    for (Decl d : script.decls()) {
      if (!first) p.out.append('\n');
      first = false;
      p.decl(d);
      p.out.append('\n');
    }
    return p.out.toString();
  }

  /** One expression, as it would appear in a statement. */
  public static String print(Expr e) {
    var p = new ScriptPrinter();
    p.expr(e, ASSIGN);
    return p.out.toString();
  }

  /** One probe point, as in a probe declaration. */
  public static String print(ProbePoint point) {
    var p = new ScriptPrinter();
    p.point(point);
    return p.out.toString();
  }

  // ======================= declarations =======================

  private void decl(Decl d) {
    switch (d) {
      case ProbeDecl p -> {
        out.append("probe ");
        points(p.points());
        out.append(' ');
        block(p.body(), 0);
      }
      case AliasDecl a -> {
        out.append("probe ");
        String op = a.prologue() == null ? " += " : " = ";
        for (ProbePoint name : a.names()) {
          point(name);
          out.append(op);
        }
        points(a.points());
        out.append(' ');
        if (a.prologue() != null) {
          block(a.prologue(), 0);
          if (a.epilogue() != null) {
            out.append(", ");
            block(a.epilogue(), 0);
          }
        } else {
          block(a.epilogue(), 0);
        }
      }
      case GlobalDecl g -> {
        if (g.isPrivate()) out.append("private ");
        out.append("global ");
        boolean first = true;
        for (GlobalDecl.Variable v : g.variables()) {
          if (!first) out.append(", ");
          first = false;
          out.append(v.name());
          if (v.wrap()) out.append('%');
          if (v.maxEntries() > 0) out.append('[').append(v.maxEntries()).append(']');
          if (v.initializer() != null) {
            out.append(" = ");
            literal(v.initializer(), true);
          }
        }
      }
      case FunctionDecl f -> {
        if (f.isPrivate()) out.append("private ");
        out.append("function ").append(f.name()).append(type(f.returnType())).append(" (");
        boolean first = true;
        for (FunctionDecl.Param param : f.params()) {
          if (!first) out.append(", ");
          first = false;
          out.append(param.name()).append(type(param.type()));
        }
        out.append(')');
        if (f.priority() != 0) out.append(" : ").append(f.priority());
        out.append(' ');
        switch (f.body()) {
          case Block b -> block(b, 0);
          case EmbeddedCode c -> embedded(c.code());
        }
      }
      case EmbeddedCode c -> embedded(c.code());
    }
  }

  private static String type(DeclaredType t) {
    return switch (t) {
      case UNSPECIFIED -> "";
      case LONG -> ":long";
      case STRING -> ":string";
    };
  }

  private void embedded(String code) {
    out.append("%{").append(code).append("%}");
  }

  private void points(List<ProbePoint> points) {
    boolean first = true;
    for (ProbePoint p : points) {
      if (!first) out.append(", ");
      first = false;
      point(p);
    }
  }

  private void point(ProbePoint p) {
    boolean first = true;
    for (ProbePoint.Component c : p.components()) {
      if (!first) out.append('.');
      first = false;
      out.append(c.name());
      if (c.argument() != null) {
        out.append('(');
        literal(c.argument(), true);
        out.append(')');
      }
    }
    if (p.sufficient()) {
      out.append('!');
    } else if (p.optional()) {
      out.append('?');
    }
    if (p.condition() != null) {
      out.append(" if (");
      expr(p.condition(), ASSIGN);
      out.append(')');
    }
  }

  // ======================= statements =======================

  private void newline(int indent) {
    out.append('\n');
    out.append(INDENT.repeat(indent));
  }

  private void block(Block b, int indent) {
    out.append('{');
    for (Stmt s : b.statements()) {
      newline(indent + 1);
      stmt(s, indent + 1);
    }
    newline(indent);
    out.append('}');
  }

  /** The statement after {@code if (...)}, {@code while (...)} etc.: a block on the same line. */
  private void body(Stmt s, int indent) {
    if (s instanceof Block b) {
      out.append(' ');
      block(b, indent);
    } else {
      newline(indent + 1);
      stmt(s, indent + 1);
    }
  }

  private void stmt(Stmt s, int indent) {
    switch (s) {
      case Block b -> block(b, indent);
      case ExprStmt e -> {
        expr(e.expr(), ASSIGN);
        out.append(';');
      }
      case IfStmt i -> {
        out.append("if (");
        expr(i.condition(), ASSIGN);
        out.append(')');
        body(i.then(), indent);
        if (i.otherwise() != null) {
          if (i.then() instanceof Block) {
            out.append(' ');
          } else {
            newline(indent);
          }
          out.append("else");
          if (i.otherwise() instanceof IfStmt) {
            out.append(' ');
            stmt(i.otherwise(), indent);
          } else {
            body(i.otherwise(), indent);
          }
        }
      }
      case WhileStmt w -> {
        out.append("while (");
        expr(w.condition(), ASSIGN);
        out.append(')');
        body(w.body(), indent);
      }
      case ForStmt f -> {
        out.append("for (");
        if (f.init() != null) expr(f.init(), ASSIGN);
        out.append(';');
        if (f.condition() != null) {
          out.append(' ');
          expr(f.condition(), ASSIGN);
        }
        out.append(';');
        if (f.update() != null) {
          out.append(' ');
          expr(f.update(), ASSIGN);
        }
        out.append(')');
        body(f.body(), indent);
      }
      case ForeachStmt f -> foreach(f, indent);
      case NextStmt n -> out.append("next;");
      case BreakStmt b -> out.append("break;");
      case ContinueStmt c -> out.append("continue;");
      case ReturnStmt r -> {
        out.append("return");
        if (r.value() != null) {
          out.append(' ');
          expr(r.value(), ASSIGN);
        }
        out.append(';');
      }
      case DeleteStmt d -> {
        out.append("delete ");
        expr(d.target(), ASSIGN);
        out.append(';');
      }
      case TryStmt t -> {
        out.append("try ");
        block(t.body(), indent);
        out.append(" catch ");
        if (t.messageVariable() != null) {
          out.append('(').append(t.messageVariable().name()).append(") ");
        }
        block(t.handler(), indent);
      }
      case EmptyStmt e -> out.append(';');
    }
  }

  private void foreach(ForeachStmt f, int indent) {
    boolean sorted = f.sortOrder() != SortOrder.NONE;
    String marker = f.sortOrder() == SortOrder.ASCENDING ? "+" : "-";
    // A value sort marker goes after the aggregate, else after the value variable, else after
    // the array: all three read back as column 0.
    boolean valueMarkerOnAggregate = sorted && f.sortColumn() == 0 && f.sortAggregate() != null;
    boolean valueMarkerOnValue = sorted && f.sortColumn() == 0 && !valueMarkerOnAggregate && f.value() != null;
    boolean valueMarkerOnArray = sorted && f.sortColumn() == 0 && !valueMarkerOnAggregate && !valueMarkerOnValue;
    out.append("foreach (");
    if (f.value() != null) {
      out.append(f.value().name());
      if (valueMarkerOnValue) out.append(marker);
      out.append(" = ");
    }
    boolean bracket = f.keys().size() > 1;
    if (bracket) out.append('[');
    for (int i = 0; i < f.keys().size(); i++) {
      if (i > 0) out.append(", ");
      out.append(f.keys().get(i).name());
      if (sorted && f.sortColumn() == i + 1) out.append(marker);
    }
    if (bracket) out.append(']');
    out.append(" in ");
    expr(f.array(), PRIMARY);
    if (!f.slice().isEmpty()) {
      out.append('[');
      exprList(f.slice());
      out.append(']');
    }
    if (f.sortAggregate() != null) {
      out.append(' ').append(f.sortAggregate().symbol());
      if (valueMarkerOnAggregate) out.append(marker);
    }
    if (valueMarkerOnArray) out.append(marker);
    if (f.limit() != null) {
      out.append(" limit ");
      expr(f.limit(), ASSIGN);
    }
    out.append(')');
    body(f.body(), indent);
  }

  // ======================= expressions =======================

  private static int level(Expr e) {
    return switch (e) {
      case Assign a -> ASSIGN;
      case Ternary t -> TERNARY;
      case Binary b -> level(b.op());
      case InArray i -> IN;
      case RegexMatch r -> COMPARISON;
      case Unary u -> UNARY;
      case Crement c -> CREMENT;
      default -> PRIMARY;
    };
  }

  private static int level(BinaryOp op) {
    return switch (op) {
      case OR -> OR;
      case AND -> AND;
      case BIT_OR -> BIT_OR;
      case BIT_XOR -> BIT_XOR;
      case BIT_AND -> BIT_AND;
      case LT, GT, LE, GE, EQ, NE -> COMPARISON;
      case SHL, SHR, USHR -> SHIFT;
      case CONCAT -> CONCAT;
      case ADD, SUB -> ADDITIVE;
      case MUL, DIV, MOD -> MULTIPLICATIVE;
    };
  }

  /** Prints {@code e}, in parentheses if it binds looser than {@code min}. */
  private void expr(Expr e, int min) {
    if (level(e) < min) {
      out.append('(');
      bare(e);
      out.append(')');
    } else {
      bare(e);
    }
  }

  private void exprList(List<Expr> list) {
    boolean first = true;
    for (Expr e : list) {
      if (!first) out.append(", ");
      first = false;
      expr(e, ASSIGN);
    }
  }

  private void bare(Expr e) {
    switch (e) {
      case NumberLit n -> literal(n, false);
      case StringLit s -> literal(s, false);
      case Variable v -> out.append(v.name());
      case ArrayIndex a -> {
        expr(a.base(), PRIMARY);
        out.append('[');
        exprList(a.indexes());
        out.append(']');
      }
      case AnyIndex a -> out.append('*');
      case Call c -> {
        out.append(c.function()).append('(');
        exprList(c.args());
        out.append(')');
      }
      case Unary u -> {
        out.append(u.op().symbol());
        int mark = out.length();
        expr(u.operand(), UNARY);
        // "- -x", "+ ++x" and "! ~x" must not lex as "--x", "+++x" and "!~x".
        if (mark < out.length() && fuses(out.charAt(mark - 1), out.charAt(mark))) {
          out.insert(mark, ' ');
        }
      }
      case Crement c -> {
        if (c.op().isPrefix()) {
          out.append(c.op().symbol());
          expr(c.operand(), PRIMARY);
        } else {
          expr(c.operand(), PRIMARY);
          out.append(c.op().symbol());
        }
      }
      case Binary b -> {
        int lvl = level(b.op());
        operand(b.left(), lvl);
        out.append(' ').append(b.op().symbol()).append(' ');
        operand(b.right(), lvl + 1);
      }
      case RegexMatch r -> {
        operand(r.subject(), SHIFT);
        out.append(r.negated() ? " !~ " : " =~ ");
        literal(r.pattern(), false);
      }
      case Ternary t -> {
        expr(t.condition(), OR);
        out.append(" ? ");
        expr(t.ifTrue(), ASSIGN);
        out.append(" : ");
        expr(t.ifFalse(), TERNARY);
      }
      case Assign a -> {
        expr(a.target(), OR);
        out.append(' ').append(a.op().symbol()).append(' ');
        expr(a.value(), ASSIGN);
      }
      case InArray i -> {
        if (i.keys().size() == 1 && !(i.keys().getFirst() instanceof AnyIndex)) {
          operand(i.keys().getFirst(), COMPARISON);
        } else {
          out.append('[');
          boolean first = true;
          for (Expr k : i.keys()) {
            if (!first) out.append(", ");
            first = false;
            operand(k, COMPARISON);
          }
          out.append(']');
        }
        out.append(" in ");
        expr(i.array(), PRIMARY);
      }
      case StatOp s -> {
        out.append(s.kind().symbol()).append('(');
        expr(s.operand(), ASSIGN);
        for (Long p : s.params()) out.append(", ").append(p);
        out.append(')');
      }
      case HistogramOp h -> {
        out.append(h.kind().symbol()).append('(');
        expr(h.operand(), ASSIGN);
        for (Long p : h.params()) out.append(", ").append(p);
        out.append(')');
      }
      case TargetVar t -> {
        if (t.addressOf()) out.append('&');
        out.append(t.name());
        components(t.components());
      }
      case CastOp c -> {
        if (c.addressOf()) out.append('&');
        out.append("@cast(");
        expr(c.operand(), ASSIGN);
        out.append(", ").append(StringLiterals.quote(c.type()));
        if (c.module() != null) out.append(", ").append(StringLiterals.quote(c.module()));
        out.append(')');
        components(c.components());
      }
      case AtVar a -> {
        if (a.addressOf()) out.append('&');
        out.append("@var(").append(StringLiterals.quote(a.name()));
        if (a.module() != null) out.append(", ").append(StringLiterals.quote(a.module()));
        out.append(')');
        components(a.components());
      }
      case Autocast a -> {
        if (a.addressOf()) out.append('&');
        // A target value inside would take the components as its own, and a variable its
        // first [index] (or glue a '$' onto its name): keep them apart.
        boolean separate =
            a.operand() instanceof TargetExpr
                || level(a.operand()) < PRIMARY
                || (a.operand() instanceof Variable && !a.components().isEmpty()
                    && !(a.components().getFirst() instanceof TargetComponent.Member));
        if (separate) {
          out.append('(');
          bare(a.operand());
          out.append(')');
        } else {
          bare(a.operand());
        }
        components(a.components());
      }
      case EntryOp x -> {
        out.append("@entry(");
        expr(x.operand(), ASSIGN);
        out.append(')');
      }
      case DefinedOp x -> {
        out.append("@defined(");
        expr(x.operand(), ASSIGN);
        out.append(')');
      }
      case ProbeWriteOp x -> out.append("@probewrite(").append(x.variable()).append(')');
      case ConstOp x -> out.append("@const(").append(StringLiterals.quote(x.expression())).append(')');
      case PerfOp x -> out.append("@perf(").append(StringLiterals.quote(x.counter())).append(')');
      case RegisterOp x ->
          out.append(x.user() ? "@uregister(" : "@kregister(").append(x.register()).append(')');
      case DerefOp x -> {
        out.append(x.user() ? "@uderef(" : "@kderef(").append(x.size()).append(", ");
        expr(x.address(), ASSIGN);
        out.append(')');
      }
      case EmbeddedExpr x -> embedded(x.code());
    }
  }

  /** Whether two adjacent characters would lex as one two-character operator. */
  private static boolean fuses(char first, char second) {
    return switch (first) {
      case '-' -> second == '-' || second == '=' || second == '>';
      case '+' -> second == '+' || second == '=';
      case '!' -> second == '~' || second == '=';
      default -> false;
    };
  }

  /** A comparison operand: a regex match cannot be one without parentheses. */
  private void operand(Expr e, int min) {
    if (e instanceof RegexMatch && min >= COMPARISON) {
      out.append('(');
      bare(e);
      out.append(')');
    } else {
      expr(e, min);
    }
  }

  private void components(List<TargetComponent> components) {
    for (TargetComponent c : components) {
      switch (c) {
        case TargetComponent.Member m -> out.append("->").append(m.name());
        case TargetComponent.Index i -> {
          out.append('[');
          expr(i.index(), ASSIGN);
          out.append(']');
        }
        case TargetComponent.PrettyPrint p -> out.append(p.dollars());
      }
    }
  }

  /**
   * A literal; {@code signed} where the grammar reads a '-' as part of it (probe point
   * parameters, initializers), else negative values print as the unsigned number they wrap.
   */
  private void literal(Literal l, boolean signed) {
    switch (l) {
      case StringLit s -> out.append('"').append(StringLiterals.escape(s.value())).append('"');
      case NumberLit n -> {
        // Hex and octal print as the unsigned bit pattern (0xffffffff81000000), which reads
        // back as the same value; a decimal can carry its sign where the grammar allows one.
        long v = n.value();
        switch (n.radix()) {
          case DECIMAL -> out.append(signed ? Long.toString(v) : Long.toUnsignedString(v));
          case HEX -> out.append("0x").append(Long.toHexString(v));
          case OCTAL -> out.append('0').append(Long.toOctalString(v));
        }
      }
    }
  }
}
