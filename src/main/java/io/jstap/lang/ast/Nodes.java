package io.jstap.lang.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Generic walks over statements and expressions, for checks that look for one kind of node. */
public final class Nodes {
  private Nodes() {}

  /** Calls {@code visit} on every expression in {@code s}, outermost first. */
  public static void expressions(Stmt s, Consumer<Expr> visit) {
    switch (s) {
      case Block b -> b.statements().forEach(x -> expressions(x, visit));
      case ExprStmt e -> expressions(e.expr(), visit);
      case IfStmt i -> {
        expressions(i.condition(), visit);
        expressions(i.then(), visit);
        if (i.otherwise() != null) expressions(i.otherwise(), visit);
      }
      case WhileStmt w -> {
        expressions(w.condition(), visit);
        expressions(w.body(), visit);
      }
      case ForStmt f -> {
        for (Expr e : new Expr[] {f.init(), f.condition(), f.update()}) {
          if (e != null) expressions(e, visit);
        }
        expressions(f.body(), visit);
      }
      case ForeachStmt f -> {
        expressions(f.array(), visit);
        f.slice().forEach(e -> expressions(e, visit));
        if (f.limit() != null) expressions(f.limit(), visit);
        expressions(f.body(), visit);
      }
      case ReturnStmt r -> {
        if (r.value() != null) expressions(r.value(), visit);
      }
      case DeleteStmt d -> expressions(d.target(), visit);
      case TryStmt t -> {
        expressions(t.body(), visit);
        expressions(t.handler(), visit);
      }
      case NextStmt n -> {}
      case BreakStmt b -> {}
      case ContinueStmt c -> {}
      case EmptyStmt e -> {}
    }
  }

  /** Calls {@code visit} on {@code e} and every expression inside it, outermost first. */
  public static void expressions(Expr e, Consumer<Expr> visit) {
    visit.accept(e);
    for (Expr child : children(e)) expressions(child, visit);
  }

  /** The expressions directly inside {@code e}. */
  public static List<Expr> children(Expr e) {
    var out = new ArrayList<Expr>();
    switch (e) {
      case Literal l -> {}
      case Variable v -> {}
      case AnyIndex a -> {}
      case ArrayIndex a -> {
        out.add(a.base());
        out.addAll(a.indexes());
      }
      case Call c -> out.addAll(c.args());
      case Unary u -> out.add(u.operand());
      case Crement c -> out.add(c.operand());
      case Binary b -> {
        out.add(b.left());
        out.add(b.right());
      }
      case RegexMatch r -> out.add(r.subject());
      case Ternary t -> {
        out.add(t.condition());
        out.add(t.ifTrue());
        out.add(t.ifFalse());
      }
      case Assign a -> {
        out.add(a.target());
        out.add(a.value());
      }
      case InArray i -> {
        out.addAll(i.keys());
        out.add(i.array());
      }
      case StatOp s -> out.add(s.operand());
      case HistogramOp h -> out.add(h.operand());
      case TargetExpr t -> {
        if (t instanceof CastOp c) out.add(c.operand());
        if (t instanceof Autocast a) out.add(a.operand());
        for (TargetComponent c : t.components()) {
          if (c instanceof TargetComponent.Index i) out.add(i.index());
        }
      }
      case EntryOp en -> out.add(en.operand());
      case DefinedOp d -> {}
      case ProbeWriteOp p -> {}
      case ConstOp c -> {}
      case PerfOp p -> {}
      case RegisterOp r -> {}
      case DerefOp d -> out.add(d.address());
      case EmbeddedExpr x -> {}
    }
    return out;
  }
}
