package io.jstap.sema;

import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Span;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.AssignOp;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.BinaryOp;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.Crement;
import io.jstap.lang.ast.CrementOp;
import io.jstap.lang.ast.DeleteStmt;
import io.jstap.lang.ast.EntryOp;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ExprStmt;
import io.jstap.lang.ast.IfStmt;
import io.jstap.lang.ast.InArray;
import io.jstap.lang.ast.NextStmt;
import io.jstap.lang.ast.Nodes;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.ProbeDecl;
import io.jstap.lang.ast.Stmt;
import io.jstap.lang.ast.Unary;
import io.jstap.lang.ast.UnaryOp;
import io.jstap.lang.ast.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @entry(expr)} in return probes, done as SystemTap does it: a probe on the function's
 * entry evaluates each {@code expr} and saves it in a global array keyed by thread and call
 * depth; the return probe takes its values back (and deletes them) before its handler runs,
 * and each {@code @entry} reads a local holding its value. The depth keeps recursive and
 * nested calls apart.
 *
 * <p>For a return probe declared as
 * <pre>probe process("p").function("f").return { println(@entry(int_arg(1))) }</pre>
 * this adds, for declaration group G:
 * <pre>
 * probe process("p").function("f") {           // one per resolved return probe
 *   __entry_depth_G[tid()]++
 *   __entry_saved_G_0[tid(), __entry_depth_G[tid()]] = int_arg(1)
 * }
 * // prologue of the return probe:
 *   if (!([tid()] in __entry_depth_G)) next      // a call that began before jstap attached
 *   __entry_value_G_0 = __entry_saved_G_0[tid(), __entry_depth_G[tid()]]
 *   delete __entry_saved_G_0[tid(), __entry_depth_G[tid()]]
 *   if (--__entry_depth_G[tid()] &lt;= 0) delete __entry_depth_G[tid()]
 * </pre>
 */
final class EntryValues {
  private final Map<String, VariableSymbol> globals;
  private final Diagnostics diagnostics;
  /** Each {@code @entry} node and the local that holds its value in the return probe. */
  final Map<EntryOp, Expr> reads = new IdentityHashMap<>();

  EntryValues(Map<String, VariableSymbol> globals, Diagnostics diagnostics) {
    this.globals = globals;
    this.diagnostics = diagnostics;
  }

  /**
   * The probes with their return probes' prologues added, followed by the entry probes; an
   * {@code @entry} outside a return probe is reported.
   */
  List<ResolvedProbe> expand(List<ResolvedProbe> probes) {
    int nextGroup = probes.stream().mapToInt(ResolvedProbe::group).max().orElse(-1) + 1;
    var result = new ArrayList<ResolvedProbe>();
    var entries = new ArrayList<ResolvedProbe>();
    // one set of saved values per declaration group: the resolved probes of a wildcard share
    // their handler, and so its @entry nodes
    var synthesized = new LinkedHashMap<Integer, Synthesized>();
    for (ResolvedProbe p : probes) {
      List<EntryOp> ops = entryOps(p);
      if (ops.isEmpty()) {
        result.add(p);
        continue;
      }
      ProbeTarget entryTarget = entryOf(p.target());
      if (entryTarget == null) {
        for (EntryOp op : ops) {
          diagnostics.report(Diagnostic.error(op.span(), "@entry is available only in .return"
              + " probes of functions and system calls").withHint("it gives an expression's value from the"
              + " function's entry, for use when it returns"));
        }
        result.add(p);
        continue;
      }
      Synthesized made = synthesized.computeIfAbsent(p.group(), g -> synthesize(g, ops, p));
      var prologueList = new ArrayList<Block>();
      prologueList.add(made.prologue());
      prologueList.addAll(p.prologues());
      result.add(new ResolvedProbe(p.target(), p.point(), p.declaration(), prologueList,
          p.epilogues(), p.conditions(), p.optional(), p.group()));
      Span at = p.declaration().span();
      var decl = new ProbeDecl(at, p.declaration().points(), made.entryBody());
      String point = p.point().endsWith(".return")
          ? p.point().substring(0, p.point().length() - ".return".length()) : p.point();
      entries.add(new ResolvedProbe(entryTarget, point, decl, List.of(), List.of(),
          p.conditions(), p.optional(), nextGroup++));
    }
    result.addAll(entries);
    return result;
  }

  /** What one declaration group gets: a prologue for its return probes, a body for entries. */
  private record Synthesized(Block prologue, Block entryBody) {}

  private Synthesized synthesize(int group, List<EntryOp> ops, ResolvedProbe p) {
    Span at = p.declaration().span();
    String depth = global("__entry_depth_" + group, at);
    var save = new ArrayList<Stmt>();
    var restore = new ArrayList<Stmt>();
    // A return whose entry was not seen (the call began before the probes were attached) is
    // skipped, as SystemTap's return probes only fire for calls they saw begin.
    restore.add(new IfStmt(at, new Unary(at, UnaryOp.NOT, new InArray(at, List.of(tid(at)),
        new Variable(at, depth))), new NextStmt(at), null));
    save.add(new ExprStmt(at, new Crement(at, CrementOp.POST_INCREMENT, element(at, depth))));
    for (int k = 0; k < ops.size(); k++) {
      EntryOp op = ops.get(k);
      Span s = op.span();
      String saved = global("__entry_saved_" + group + "_" + k, s);
      save.add(new ExprStmt(s, new Assign(s, AssignOp.ASSIGN, saved(s, saved, depth),
          op.operand())));
      var value = new Variable(s, "__entry_value_" + group + "_" + k);
      restore.add(new ExprStmt(s, new Assign(s, AssignOp.ASSIGN, value, saved(s, saved, depth))));
      restore.add(new DeleteStmt(s, saved(s, saved, depth)));
      reads.put(op, new Variable(s, value.name()));
    }
    restore.add(new IfStmt(at, new Binary(at, BinaryOp.LE,
        new Crement(at, CrementOp.PRE_DECREMENT, element(at, depth)),
        new NumberLit(at, 0, NumberLit.Radix.DECIMAL)),
        new DeleteStmt(at, element(at, depth)), null));
    return new Synthesized(new Block(at, restore), new Block(at, save));
  }

  private String global(String name, Span at) {
    globals.computeIfAbsent(name, n -> new VariableSymbol(n, VariableSymbol.Scope.GLOBAL, at,
        null));
    return name;
  }

  /** {@code name[tid()]} */
  private static Expr element(Span at, String name) {
    return new ArrayIndex(at, new Variable(at, name), List.of(tid(at)));
  }

  /** {@code name[tid(), depth[tid()]]} */
  private static Expr saved(Span at, String name, String depth) {
    return new ArrayIndex(at, new Variable(at, name), List.of(tid(at), element(at, depth)));
  }

  private static Expr tid(Span at) {
    return new Call(at, "tid", List.of());
  }

  /**
   * The same function's or system call's entry, or null when {@code target} is not a return.
   */
  private static ProbeTarget entryOf(ProbeTarget target) {
    return switch (target) {
      case ProbeTarget.ProcessFunction f when f.isReturn() -> f.atEntry();
      case ProbeTarget.KernelFunction f when f.isReturn() -> new ProbeTarget.KernelFunction(
          f.function(), false);
      // a system call's return (syscall.NAME.return, syscall.*.return): its entry event
      case ProbeTarget.Tracepoint t when t.subsystem().equals("syscalls")
          && t.event().startsWith("sys_exit_") ->
          new ProbeTarget.Tracepoint("syscalls", "sys_enter_" + t.event().substring(9));
      case ProbeTarget.Tracepoint t when t.subsystem().equals("raw_syscalls")
          && t.event().equals("sys_exit") -> new ProbeTarget.Tracepoint("raw_syscalls",
          "sys_enter");
      default -> null;
    };
  }

  /** The {@code @entry} nodes of a probe's blocks, in source order, each once. */
  private static List<EntryOp> entryOps(ResolvedProbe p) {
    var ops = new ArrayList<EntryOp>();
    for (Block b : p.blocks()) {
      Nodes.expressions(b, e -> {
        if (e instanceof EntryOp op && !ops.contains(op)) ops.add(op);
      });
    }
    return ops;
  }
}
