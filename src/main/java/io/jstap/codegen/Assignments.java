package io.jstap.codegen;

import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.Crement;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ExprStmt;
import io.jstap.lang.ast.ForStmt;
import io.jstap.lang.ast.ForeachStmt;
import io.jstap.lang.ast.IfStmt;
import io.jstap.lang.ast.Stmt;
import io.jstap.lang.ast.TryStmt;
import io.jstap.lang.ast.Variable;
import io.jstap.lang.ast.WhileStmt;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.VariableSymbol;

/** Whether a function body may change a variable (then it is not a constant there). */
final class Assignments {
  private Assignments() {}

  static boolean assigns(Block body, VariableSymbol v, CheckedScript script) {
    return body.statements().stream().anyMatch(s -> assigns(s, v, script));
  }

  private static boolean assigns(Stmt s, VariableSymbol v, CheckedScript script) {
    return switch (s) {
      case Block b -> assigns(b, v, script);
      case ExprStmt e -> writes(e.expr(), v, script);
      case IfStmt i -> assigns(i.then(), v, script)
          || (i.otherwise() != null && assigns(i.otherwise(), v, script));
      case WhileStmt w -> assigns(w.body(), v, script);
      case ForStmt f -> (f.init() != null && writes(f.init(), v, script))
          || (f.update() != null && writes(f.update(), v, script)) || assigns(f.body(), v, script);
      case ForeachStmt f -> true;
      case TryStmt t -> true;
      default -> false;
    };
  }

  private static boolean writes(Expr e, VariableSymbol v, CheckedScript script) {
    return switch (e) {
      case Assign a -> a.target() instanceof Variable t && script.symbolOf(t) == v;
      case Crement c -> c.operand() instanceof Variable t && script.symbolOf(t) == v;
      default -> false;
    };
  }
}
