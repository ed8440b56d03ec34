package io.jstap.codegen;

import io.jstap.lang.ast.AnyIndex;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.DefinedOp;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.StringLit;
import io.jstap.lang.ast.TargetComponent;
import io.jstap.lang.ast.TargetVar;
import io.jstap.lang.ast.Ternary;
import io.jstap.lang.ast.Unary;
import io.jstap.lang.ast.Variable;
import io.jstap.sema.CheckedScript;
import java.util.Set;

/**
 * Which expressions only compute a value: no assignment, no output, no call of a script
 * function. Storing such a value in a local nobody reads can be skipped. (A memory read that
 * would fault is skipped with it; SystemTap's optimizer also drops such unused reads.)
 */
final class Purity {
  private static final Set<String> PURE_BUILTINS = Set.of(
      "pid", "tid", "uid", "gid", "cpu", "execname", "pp", "ppfunc", "probefunc",
      "errno_str", "errno_p", "strerror", "strlen", "substr", "isinstr", "strtol", "user_string", "user_string_n",
      "user_string_quoted", "kernel_string", "kernel_string_n", "sprintf", "sprint",
      "gettimeofday_ns", "gettimeofday_us", "gettimeofday_ms", "gettimeofday_s",
      "ktime_get_ns", "local_clock_ns", "target", "user_long", "user_int", "user_short",
      "user_char", "kernel_long", "kernel_int", "kernel_short", "kernel_char", "abs",
      "task_current", "ppid", "pexecname", "euid", "egid", "syscall_name", "local_clock_us",
      "local_clock_ms", "local_clock_s", "jiffies", "get_cycles", "kernel_pointer",
      "user_mode", "registers_valid");

  private Purity() {}

  static boolean isPure(Expr e, CheckedScript script) {
    return switch (e) {
      case NumberLit n -> true;
      case StringLit s -> true;
      case Variable v -> true;
      case AnyIndex a -> true;
      case ArrayIndex a -> a.indexes().stream().allMatch(i -> isPure(i, script));
      case Unary u -> isPure(u.operand(), script);
      case Binary b -> isPure(b.left(), script) && isPure(b.right(), script);
      case Ternary t -> isPure(t.condition(), script) && isPure(t.ifTrue(), script)
          && isPure(t.ifFalse(), script);
      case TargetVar t -> t.components().stream().allMatch(c ->
          !(c instanceof TargetComponent.Index i) || isPure(i.index(), script));
      case DefinedOp d -> true;
      // A tapset alias's variables read kernel structures through @cast (task_execname($prev)):
      // a script that uses none of them should not pay for the reads.
      case io.jstap.lang.ast.CastOp c -> isPure(c.operand(), script)
          && c.components().stream().allMatch(x ->
              !(x instanceof TargetComponent.Index i) || isPure(i.index(), script));
      case Call c -> (script.functionCalls().get(c) != null
          ? isPureFunction(script, c) : PURE_BUILTINS.contains(c.function()))
          && c.args().stream().allMatch(a -> isPure(a, script));
      default -> false;
    };
  }

  /**
   * Tapset functions such as return_str and task_execname compute only: they return, branch,
   * loop and set their own locals, and call only functions that compute only. Any function
   * with output, or that writes a global, does not.
   */
  private static boolean isPureFunction(CheckedScript script, Call c) {
    var f = script.functionCalls().get(c);
    var visiting = VISITING.get();
    if (f.body() == null || !visiting.add(f)) return false; // recursion: not inlined anyway
    try {
      return f.body().statements().stream().allMatch(s -> pureStatement(s, script));
    } finally {
      visiting.remove(f);
    }
  }

  private static final ThreadLocal<Set<Object>> VISITING = ThreadLocal.withInitial(
      () -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

  private static boolean pureStatement(io.jstap.lang.ast.Stmt s, CheckedScript script) {
    return switch (s) {
      case io.jstap.lang.ast.ReturnStmt r -> r.value() == null || isPure(r.value(), script);
      case io.jstap.lang.ast.Block b -> b.statements().stream().allMatch(x -> pureStatement(x, script));
      case io.jstap.lang.ast.IfStmt i -> isPure(i.condition(), script)
          && pureStatement(i.then(), script)
          && (i.otherwise() == null || pureStatement(i.otherwise(), script));
      case io.jstap.lang.ast.ExprStmt e -> localWrite(e.expr(), script);
      case io.jstap.lang.ast.ForStmt f -> (f.init() == null || localWrite(f.init(), script))
          && (f.condition() == null || isPure(f.condition(), script))
          && (f.update() == null || localWrite(f.update(), script))
          && pureStatement(f.body(), script);
      case io.jstap.lang.ast.WhileStmt w -> isPure(w.condition(), script)
          && pureStatement(w.body(), script);
      case io.jstap.lang.ast.BreakStmt b -> true;
      case io.jstap.lang.ast.ContinueStmt c -> true;
      case io.jstap.lang.ast.EmptyStmt e -> true;
      default -> false;
    };
  }

  /** {@code x = pure}, {@code x += pure}, {@code x++}: a function's own local changes. */
  private static boolean localWrite(Expr e, CheckedScript script) {
    return switch (e) {
      case io.jstap.lang.ast.Assign a -> isLocal(a.target(), script) && isPure(a.value(), script);
      case io.jstap.lang.ast.Crement c -> isLocal(c.operand(), script);
      default -> isPure(e, script);
    };
  }

  private static boolean isLocal(Expr e, CheckedScript script) {
    if (!(e instanceof Variable v)) return false;
    var symbol = script.symbolOf(v);
    return symbol != null && symbol.scope() != io.jstap.sema.VariableSymbol.Scope.GLOBAL;
  }
}
