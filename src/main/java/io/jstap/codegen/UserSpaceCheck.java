package io.jstap.codegen;

import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.DerefOp;
import io.jstap.lang.ast.EntryOp;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.Nodes;
import io.jstap.lang.ast.PerfOp;
import io.jstap.lang.ast.ProbeWriteOp;
import io.jstap.lang.ast.RegisterOp;
import io.jstap.lang.ast.TargetExpr;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.FunctionSymbol;
import io.jstap.sema.ResolvedProbe;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;

/**
 * begin, end, error and timer probes run in user space: they have no probed context, so
 * target variables ($var, @cast...), @entry, @perf and register reads are errors there, found
 * before anything runs (also inside the functions they call).
 */
final class UserSpaceCheck {
  private UserSpaceCheck() {}

  static void check(CheckedScript script, Diagnostics diagnostics) {
    var seen = new IdentityHashMap<FunctionSymbol, Boolean>();
    var reported = new IdentityHashMap<Expr, Boolean>();
    for (ResolvedProbe p : script.probes()) {
      if (!p.target().runsInUserSpace()) continue;
      var work = new ArrayDeque<Block>(p.blocks());
      while (!work.isEmpty()) {
        Block b = work.pop();
        // @defined($x) is 0 here, and @choose_defined($x, y) is y: what they guard never runs
        var guarded = new IdentityHashMap<Expr, Boolean>();
        Nodes.expressions(b, e -> {
          if (guarded.containsKey(e)) {
            for (Expr child : Nodes.children(e)) guarded.put(child, true);
            return;
          }
          if (e instanceof io.jstap.lang.ast.DefinedOp d) guarded.put(d.operand(), true);
          if (e instanceof io.jstap.lang.ast.Ternary t
              && t.condition() instanceof io.jstap.lang.ast.DefinedOp d
              && d.operand() instanceof TargetExpr) {
            guarded.put(t.ifTrue(), true);
          }
          String what = switch (e) {
            case TargetExpr t -> t.span().text();
            case EntryOp en -> "@entry";
            case PerfOp pe -> "@perf";
            case RegisterOp r -> "register reads";
            case DerefOp d -> "@kderef/@uderef";
            case ProbeWriteOp w -> null;
            default -> null;
          };
          if (what != null && reported.put(e, true) == null) {
            diagnostics.report(Diagnostic.error(e.span(), what + " is not available in "
                + p.point() + ": it runs in user space, where there is no probed context")
                .withHint("read context variables in kernel or process probes, and keep what"
                    + " you need in globals"));
          }
          if (e instanceof Call c) {
            FunctionSymbol f = script.functionCalls().get(c);
            if (f != null && f.body() != null && seen.put(f, true) == null) work.push(f.body());
          }
        });
      }
    }
  }
}
