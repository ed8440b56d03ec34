package io.jstap.codegen;

import io.jstap.bpf.Alu;
import io.jstap.bpf.AluOp;
import io.jstap.bpf.AssembledProgram;
import io.jstap.bpf.Assembler;
import io.jstap.bpf.Atomic;
import io.jstap.bpf.AtomicOp;
import io.jstap.bpf.Call;
import io.jstap.bpf.Exit;
import io.jstap.bpf.Helpers;
import io.jstap.bpf.Instruction;
import io.jstap.bpf.Jump;
import io.jstap.bpf.JumpOp;
import io.jstap.bpf.Label;
import io.jstap.bpf.Load;
import io.jstap.bpf.LoadImm64;
import io.jstap.bpf.Reg;
import io.jstap.bpf.RingBufferOutput;
import io.jstap.bpf.Size;
import io.jstap.bpf.Store;
import io.jstap.bpf.StoreImm;
import io.jstap.lang.Diagnostic;
import io.jstap.lang.Span;
import io.jstap.lang.ast.AnyIndex;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.AssignOp;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.BinaryOp;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.BreakStmt;
import io.jstap.lang.ast.ConstOp;
import io.jstap.lang.ast.ContinueStmt;
import io.jstap.lang.ast.Crement;
import io.jstap.lang.ast.DefinedOp;
import io.jstap.lang.ast.DeleteStmt;
import io.jstap.lang.ast.DerefOp;
import io.jstap.lang.ast.EmbeddedExpr;
import io.jstap.lang.ast.EmptyStmt;
import io.jstap.lang.ast.EntryOp;
import io.jstap.lang.ast.Expr;
import io.jstap.lang.ast.ExprStmt;
import io.jstap.lang.ast.ForStmt;
import io.jstap.lang.ast.ForeachStmt;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.lang.ast.IfStmt;
import io.jstap.lang.ast.InArray;
import io.jstap.lang.ast.NextStmt;
import io.jstap.lang.ast.Nodes;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.PerfOp;
import io.jstap.lang.ast.ProbeWriteOp;
import io.jstap.lang.ast.RegexMatch;
import io.jstap.lang.ast.RegisterOp;
import io.jstap.lang.ast.ReturnStmt;
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
import io.jstap.format.FormatParse;
import io.jstap.format.Histogram;
import io.jstap.format.RecordKind;
import io.jstap.format.RecordLayout;
import io.jstap.format.ScriptType;
import io.jstap.format.StapFormat;
import io.jstap.format.StatShape;
import io.jstap.sema.Builtin;
import io.jstap.sema.FunctionSymbol;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.Type;
import io.jstap.sema.VariableSymbol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles the handler of one kernel-context probe into a BPF program.
 *
 * <p>Registers: {@link #CTX} holds the probe's context for the whole program, {@link #SCRATCH}
 * this CPU's scratch memory (locals, string temporaries, records being built); each loop
 * counts its iterations (MAXACTION) in a stack slot of its own. Expressions leave longs, and the
 * addresses of strings, in r0; r1-r5 are free between helper calls. Temporaries that must
 * survive a helper call live in stack slots.
 *
 * <p>Strings are NUL-terminated in buffers of MAXSTRINGLEN bytes. A string's address may be a
 * pointer the verifier knows (scratch, a map value) or not: it is only ever read through
 * bpf_probe_read_kernel_str, which accepts any address.
 */
final class HandlerCompiler {
  static final Reg CTX = Reg.R6;
  static final Reg SCRATCH = Reg.R7;
  static final Reg ACTIONS = Reg.R8;
  /** Stack slot holding a u32 zero key for array lookups. */
  private static final int ZERO_KEY = -8;
  private static final int STACK_LIMIT = 512;
  private static final int E2BIG = 7;
  /** bpf_get_stack (include/uapi/linux/bpf.h), and its flag for the user stack. */
  private static final int GET_STACK = 67;
  private static final int BPF_F_USER_STACK = 1 << 8;

  private final Shared shared;
  private final ResolvedProbe probe;
  private final ContextAccess context;
  /** The kernel's types, for $var->member; null where none are known. */
  private final io.jstap.kernel.btf.Btf btf;
  private final Assembler asm = new Assembler();
  private final int maxLen;
  private final Label exit = new Label("exit");

  private int stackUsed = 8; // ZERO_KEY
  private int scratchUsed;
  private int scratchPeak;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Deque<Loop> loops = new ArrayDeque<>();
  private final Deque<Catch> catches = new ArrayDeque<>();
  private final Map<String, Integer> errorRecords = new java.util.HashMap<>();

  /** Locals of the handler or of an inlined function call. */
  private record Frame(FunctionSymbol function, Map<VariableSymbol, Integer> offsets, Label done,
      int result, Type resultType, Map<VariableSymbol, Long> constants) {}

  private record Loop(Label next, Label done) {}

  /** A try block: where errors jump, and the catch variable's scratch offset (or -1). */
  private record Catch(Label handler, VariableSymbol messageVar) {}

  /** Whether the program is sleepable: user-memory reads may then fault pages in. */
  private final boolean sleepable;

  HandlerCompiler(Shared shared, ResolvedProbe probe, ContextAccess context,
      io.jstap.kernel.btf.Btf btf) {
    this(shared, probe, context, btf, false);
  }

  HandlerCompiler(Shared shared, ResolvedProbe probe, ContextAccess context,
      io.jstap.kernel.btf.Btf btf, boolean sleepable) {
    this.btf = btf;
    this.shared = shared;
    this.probe = probe;
    this.context = context;
    this.maxLen = shared.limits.maxStringLen();
    this.sleepable = sleepable;
  }

  /**
   * Reads user memory: r1 = destination, r2 = its size, r3 = the user address; r0 = the
   * helper's result (0, or for a string the bytes copied with the NUL; negative on a fault).
   * bpf_probe_read_user cannot fault a page in: a page the process has not touched yet (its
   * string constants, fresh from exec) reads as a fault. In a sleepable program a failed read
   * is retried after bpf_copy_from_user has faulted in the pages it covers: for a number the
   * copy is the read; for a string, one byte of the first page and of the next within the
   * size (a string of at most MAXSTRINGLEN bytes spans two pages at most).
   */
  void readUser(boolean string) {
    int helper = string ? Helpers.PROBE_READ_USER_STR : Helpers.PROBE_READ_USER;
    if (!sleepable) {
      emit(Call.helper(helper));
      return;
    }
    int dst = stackSlot();
    int size = stackSlot();
    int src = stackSlot();
    Label done = new Label("user_read_done");
    emit(Store.of(Size.DW, Reg.R10, dst, Reg.R1), Store.of(Size.DW, Reg.R10, size, Reg.R2),
        Store.of(Size.DW, Reg.R10, src, Reg.R3), Call.helper(helper));
    if (!string) {
      emit(Jump.ifEqual(Reg.R0, 0, done),
          Load.of(Size.DW, Reg.R1, Reg.R10, dst), Load.of(Size.DW, Reg.R2, Reg.R10, size),
          Load.of(Size.DW, Reg.R3, Reg.R10, src), Call.helper(Helpers.COPY_FROM_USER));
      asm.bind(done);
      return;
    }
    Label retry = new Label("user_string_retry");
    emit(Jump.ifSignedGreater(Reg.R0, 0, done),
        Load.of(Size.DW, Reg.R1, Reg.R10, dst), Alu.mov(Reg.R2, 1),
        Load.of(Size.DW, Reg.R3, Reg.R10, src), Call.helper(Helpers.COPY_FROM_USER),
        // the next page, when the string may reach it: next = (src | 4095) + 1
        Load.of(Size.DW, Reg.R3, Reg.R10, src), Alu.or(Reg.R3, 4095), Alu.add(Reg.R3, 1),
        Alu.mov(Reg.R1, Reg.R3), Load.of(Size.DW, Reg.R2, Reg.R10, src),
        Alu.sub(Reg.R1, Reg.R2), Load.of(Size.DW, Reg.R2, Reg.R10, size),
        Jump.ifGreaterOrEqual(Reg.R1, Reg.R2, retry),
        Load.of(Size.DW, Reg.R1, Reg.R10, dst), Alu.mov(Reg.R2, 1),
        Call.helper(Helpers.COPY_FROM_USER));
    asm.bind(retry);
    emit(Load.of(Size.DW, Reg.R1, Reg.R10, dst), Load.of(Size.DW, Reg.R2, Reg.R10, size),
        Load.of(Size.DW, Reg.R3, Reg.R10, src), Call.helper(helper));
    asm.bind(done);
  }

  /** Scratch bytes the program needs. */
  int scratchNeeded() {
    return scratchPeak;
  }

  AssembledProgram compile() {
    asm.at(probe.declaration().span());
    // r6 = ctx; r7 = this CPU's scratch; r8 = 0
    emit(Alu.mov(CTX, Reg.R1),
        // Once exit() was called, errors passed MAXERRORS, or the session ends, handlers no
        // longer run.
        LoadImm64.mapValue(Reg.R1, Shared.RUNTIME, Shared.RUNTIME_EXITING),
        Load.of(Size.DW, Reg.R1, Reg.R1, 0),
        Jump.ifNotEqual(Reg.R1, 0, exit),
        StoreImm.of(Size.W, Reg.R10, ZERO_KEY, 0),
        LoadImm64.map(Reg.R1, Shared.SCRATCH),
        Alu.mov(Reg.R2, Reg.R10),
        Alu.add(Reg.R2, ZERO_KEY),
        Call.helper(Helpers.MAP_LOOKUP_ELEM),
        Jump.ifEqual(Reg.R0, 0, exit),
        Alu.mov(SCRATCH, Reg.R0),
        Alu.mov(ACTIONS, 0));
    context.prologue(this, exit);
    var locals = new IdentityHashMap<VariableSymbol, Integer>();
    var groupLocals = shared.script.handlerLocals().getOrDefault(probe.group(), Map.of());
    // The locals of the whole declaration: with syscall.* they are every alias's arguments.
    // This program keeps those its own blocks name, and sets to 0 or "" those read somewhere.
    var named = java.util.Collections.newSetFromMap(new IdentityHashMap<VariableSymbol, Boolean>());
    for (Expr condition : probe.conditions()) {
      Nodes.expressions(condition, e -> addLocal(e, named));
    }
    for (Block b : probe.blocks()) {
      Nodes.expressions(b, e -> addLocal(e, named));
      catchVariables(b, named);
    }
    for (VariableSymbol v : groupLocals.values()) {
      if (!named.contains(v)) continue;
      int off = permanent(v.type() == Type.STRING ? maxLen : 8);
      locals.put(v, off);
      // SystemTap's locals start as 0 and "".
      if (!v.isRead()) continue;
      emit(v.type() == Type.STRING ? StoreImm.of(Size.B, SCRATCH, off, 0)
          : StoreImm.of(Size.DW, SCRATCH, off, 0));
    }
    frames.push(new Frame(null, locals, exit, -1, Type.UNKNOWN, Map.of()));
    for (Expr condition : probe.conditions()) {
      asm.at(condition.span());
      longExpr(condition);
      emit(Jump.ifEqual(Reg.R0, 0, exit));
    }
    for (Block b : probe.blocks()) block(b);
    asm.bind(exit);
    emit(Alu.mov(Reg.R0, 0), Exit.exit());
    return asm.assemble();
  }

  /** The catch variables of the try statements in {@code s}. */
  private void catchVariables(Stmt s, Set<VariableSymbol> out) {
    switch (s) {
      case Block b -> b.statements().forEach(x -> catchVariables(x, out));
      case IfStmt i -> {
        catchVariables(i.then(), out);
        if (i.otherwise() != null) catchVariables(i.otherwise(), out);
      }
      case WhileStmt w -> catchVariables(w.body(), out);
      case ForStmt f -> catchVariables(f.body(), out);
      case ForeachStmt f -> catchVariables(f.body(), out);
      case TryStmt t -> {
        if (t.messageVariable() != null) addLocal(t.messageVariable(), out);
        catchVariables(t.body(), out);
        catchVariables(t.handler(), out);
      }
      case ExprStmt e -> {}
      case ReturnStmt r -> {}
      case DeleteStmt d -> {}
      case NextStmt n -> {}
      case BreakStmt b -> {}
      case ContinueStmt c -> {}
      case EmptyStmt e -> {}
    }
  }

  private void addLocal(Expr e, Set<VariableSymbol> out) {
    if (e instanceof Variable v && shared.script.symbolOf(v) instanceof VariableSymbol s
        && s.scope() == VariableSymbol.Scope.LOCAL) {
      out.add(s);
    }
  }

  // ---- emission and memory ----------------------------------------------------------------

  void emit(Instruction... instructions) {
    asm.emit(instructions);
  }

  Assembler assembler() {
    return asm;
  }

  /** Scratch bytes kept for the whole program (locals). */
  private int permanent(int size) {
    int off = scratch(size);
    return off;
  }

  /** Scratch bytes, 8-aligned, released by {@link #releaseScratch}. */
  int scratch(int size) {
    int off = scratchUsed;
    scratchUsed += (size + 7) & ~7;
    scratchPeak = Math.max(scratchPeak, scratchUsed);
    return off;
  }

  private void releaseScratch(int mark) {
    scratchUsed = mark;
  }

  /** A stack slot (negative offset from r10), released by {@link #releaseStack}. */
  int stackSlot() {
    stackUsed += 8;
    if (stackUsed > STACK_LIMIT) {
      throw new CodegenLimitException("the handler needs more than the 512 bytes of BPF stack");
    }
    return -stackUsed;
  }

  private void releaseStack(int mark) {
    stackUsed = mark;
  }

  /** Thrown when a handler is too big for BPF; reported at the probe. */
  static final class CodegenLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CodegenLimitException(String message) {
      super(message);
    }
  }

  private void error(Span span, String message) {
    shared.diagnostics.error(span, message);
  }

  /** Reports something the probe's context cannot give, at the probe. */
  void unsupportedAt(String what) {
    unsupported(probe.declaration().span(), what);
  }

  void unsupported(Span span, String what) {
    shared.diagnostics.report(Diagnostic.error(span, what
        + " is not available in kernel-context probes (they run as BPF programs)")
        .withHint("do it in an end, begin or timer probe, which run in user space"));
  }

  // ---- statements ---------------------------------------------------------------------------

  private void block(Block b) {
    for (Stmt s : b.statements()) stmt(s);
  }

  private void stmt(Stmt s) {
    asm.at(s.span());
    int scratchMark = scratchUsed;
    int stackMark = stackUsed;
    switch (s) {
      case Block b -> block(b);
      case ExprStmt e -> exprStmt(e.expr());
      case IfStmt i when constant(i.condition()) != null -> {
        // A condition known while compiling (a literal, or a parameter an inlined call bound to
        // one): only the branch taken is compiled, so a tapset function's other branches need
        // not be expressible in BPF.
        if (constant(i.condition()) != 0) stmt(i.then());
        else if (i.otherwise() != null) stmt(i.otherwise());
      }
      case IfStmt i -> {
        Label otherwise = new Label("else");
        Label done = new Label("endif");
        longExpr(i.condition());
        emit(Jump.ifEqual(Reg.R0, 0, otherwise));
        releaseScratch(scratchMark);
        stmt(i.then());
        if (i.otherwise() != null) emit(Jump.to(done));
        asm.bind(otherwise);
        if (i.otherwise() != null) {
          stmt(i.otherwise());
          asm.bind(done);
        }
      }
      case WhileStmt w -> loop(w.condition(), null, w.body());
      case ForStmt f -> {
        if (f.init() != null) exprStmt(f.init());
        loop(f.condition(), f.update(), f.body());
      }
      case ForeachStmt f -> unsupported(f.span(), "foreach");
      case NextStmt n -> emit(Jump.to(exit));
      case BreakStmt b -> {
        if (!loops.isEmpty()) emit(Jump.to(loops.peek().done()));
      }
      case ContinueStmt c -> {
        if (!loops.isEmpty()) emit(Jump.to(loops.peek().next()));
      }
      case ReturnStmt r -> returnStmt(r);
      case DeleteStmt d -> delete(d);
      case TryStmt t -> tryStmt(t);
      case EmptyStmt e -> {}
    }
    releaseScratch(scratchMark);
    releaseStack(stackMark);
  }

  private void loop(Expr condition, Expr update, Stmt body) {
    Label top = new Label("loop");
    Label next = new Label("loop_next");
    Label done = new Label("loop_done");
    // Each loop counts its own iterations (MAXACTION bounds each), in a stack slot that nothing
    // reads once the loop is done. A count shared by all loops made the verifier carry every
    // way the first loop could end into the next one: two loops one after the other cost it
    // the product of their iterations and overflowed its budget; now they cost the sum.
    int iterations = stackSlot();
    emit(StoreImm.of(Size.DW, Reg.R10, iterations, 0));
    asm.bind(top);
    if (condition != null) {
      int mark = scratchUsed;
      longExpr(condition);
      releaseScratch(mark);
      emit(Jump.ifEqual(Reg.R0, 0, done));
    }
    loops.push(new Loop(next, done));
    stmt(body);
    loops.pop();
    asm.bind(next);
    if (update != null) exprStmt(update);
    // MAXACTION bounds every loop, which is also what lets the verifier accept it.
    emit(Load.of(Size.DW, Reg.R0, Reg.R10, iterations), Alu.add(Reg.R0, 1),
        Store.of(Size.DW, Reg.R10, iterations, Reg.R0));
    Label ok = new Label("actions_ok");
    emit(Jump.ifLessOrEqual(Reg.R0, shared.limits.maxAction(), ok));
    raise("MAXACTION exceeded", body.span(), null);
    asm.bind(ok);
    emit(Jump.to(top));
    asm.bind(done);
  }

  private void returnStmt(ReturnStmt r) {
    Frame f = frames.peek();
    if (f.function() == null) {
      emit(Jump.to(exit));
      return;
    }
    if (r.value() != null) {
      if (f.resultType() == Type.STRING) {
        stringExpr(r.value());
        copyString(f.result(), Reg.R0);
      } else {
        longExpr(r.value());
        emit(Store.of(Size.DW, SCRATCH, f.result(), Reg.R0));
      }
    }
    emit(Jump.to(f.done()));
  }

  private void tryStmt(TryStmt t) {
    Label handler = new Label("catch");
    Label done = new Label("try_done");
    VariableSymbol messageVar =
        t.messageVariable() == null ? null : shared.script.symbolOf(t.messageVariable());
    catches.push(new Catch(handler, messageVar));
    block(t.body());
    catches.pop();
    emit(Jump.to(done));
    asm.bind(handler);
    block(t.handler());
    asm.bind(done);
  }

  private void exprStmt(Expr e) {
    // Stores to locals nobody reads (the syscall tapset's argument locals, argstr...) cost
    // string copies on every event: skip them when the value has no effect of its own.
    if (!shared.keepUnreadStores && e instanceof Assign a && a.op() == AssignOp.ASSIGN
        && a.target() instanceof Variable v) {
      VariableSymbol s = shared.script.symbolOf(v);
      if (s != null && s.scope() == VariableSymbol.Scope.LOCAL && !s.isRead()
          && Purity.isPure(a.value(), shared.script) && contextVariablesExist(a.value())) {
        return;
      }
    }
    switch (e) {
      case Assign a -> assign(a, false);
      case Crement c -> crement(c, false);
      default -> {
        Type t = shared.script.typeOf(e);
        if (t == Type.STRING) stringExpr(e);
        else longExpr(e);
      }
    }
  }

  /** Whether every $variable in {@code e} exists here (a skipped store still reports one that does not). */
  private boolean contextVariablesExist(Expr e) {
    var ok = new boolean[] {true};
    io.jstap.lang.ast.Nodes.expressions(e, x -> {
      if (x instanceof TargetVar t && !t.name().startsWith("$$")) {
        String name = t.name().substring(1);
        if (context.variables().stream().noneMatch(v -> v.name().equals(name))) ok[0] = false;
      }
    });
    return ok[0];
  }

  // ---- long expressions ---------------------------------------------------------------------

  /** Evaluates a long expression into r0. */
  void longExpr(Expr e) {
    switch (e) {
      case NumberLit n -> loadConstant(Reg.R0, n.value());
      case StringLit s -> {
        error(s.span(), "a string where a number is needed");
        emit(Alu.mov(Reg.R0, 0));
      }
      case Variable v -> readVariable(v);
      case ArrayIndex a -> readElement(a);
      case AnyIndex a -> emit(Alu.mov(Reg.R0, 0));
      case io.jstap.lang.ast.Call c -> call(c);
      case Unary u -> {
        longExpr(u.operand());
        switch (u.op()) {
          case PLUS -> {}
          case MINUS -> emit(Alu.neg(Reg.R0));
          case BIT_NOT -> emit(Alu.xor(Reg.R0, -1));
          case NOT -> booleanOf(JumpOp.EQ, Reg.R0, 0);
        }
      }
      case Crement c -> crement(c, true);
      case Binary b -> binary(b);
      case RegexMatch r -> regexMatch(r);
      case Ternary t -> ternary(t, this::longExpr);
      case Assign a -> assign(a, true);
      case InArray i -> inArray(i);
      case StatOp s -> readStatistic(s);
      case HistogramOp h -> emit(Alu.mov(Reg.R0, 0));
      case TargetExpr t -> targetExpr(t, Reg.R0);
      case EntryOp en -> {
        // the value saved at the function's entry, in a local (sema's EntryValues)
        Expr saved = shared.script.entryValues().get(en);
        if (saved != null) {
          longExpr(saved);
        } else {
          unsupported(en.span(), "@entry outside a return probe");
          emit(Alu.mov(Reg.R0, 0));
        }
      }
      case DefinedOp d -> loadConstant(Reg.R0, defined(d.operand()) ? 1 : 0);
      case ProbeWriteOp p -> loadConstant(Reg.R0, 0);
      case ConstOp c -> emit(Alu.mov(Reg.R0, 0));
      case PerfOp p -> {
        unsupported(p.span(), "@perf");
        emit(Alu.mov(Reg.R0, 0));
      }
      case RegisterOp r -> {
        unsupported(r.span(), "@uregister/@kregister");
        emit(Alu.mov(Reg.R0, 0));
      }
      case DerefOp d -> {
        longExpr(d.address());
        readMemory(d.user(), (int) d.size(), true, d.span());
      }
      case EmbeddedExpr x -> emit(Alu.mov(Reg.R0, 0));
    }
  }

  /** {@code c ? a : b}, each branch evaluated by {@code branch} into r0. */
  private void ternary(Ternary t, java.util.function.Consumer<Expr> branch) {
    // Known while compiling (@defined, @choose_defined): only the chosen side is compiled.
    Long known = constant(t.condition());
    if (known != null) {
      branch.accept(known != 0 ? t.ifTrue() : t.ifFalse());
      return;
    }
    Label otherwise = new Label("ternary_else");
    Label done = new Label("ternary_done");
    longExpr(t.condition());
    emit(Jump.ifEqual(Reg.R0, 0, otherwise));
    branch.accept(t.ifTrue());
    emit(Jump.to(done));
    asm.bind(otherwise);
    branch.accept(t.ifFalse());
    asm.bind(done);
  }

  void loadConstant(Reg dst, long value) {
    if (value == (int) value) emit(Alu.mov(dst, (int) value));
    else emit(LoadImm64.constant(dst, value));
  }

  /** r0 = (left OP right) ? 1 : 0, for r0 compared with a constant. */
  private void booleanOf(JumpOp op, Reg reg, int imm) {
    Label yes = new Label("true");
    Label done = new Label("bool_done");
    emit(Jump.of(op, reg, io.jstap.bpf.Imm.of(imm), yes), Alu.mov(Reg.R0, 0), Jump.to(done));
    asm.bind(yes);
    emit(Alu.mov(Reg.R0, 1));
    asm.bind(done);
  }

  private void binary(Binary b) {
    switch (b.op()) {
      case AND, OR -> {
        Label shortCut = new Label("logic_short");
        Label done = new Label("logic_done");
        longExpr(b.left());
        if (b.op() == BinaryOp.AND) emit(Jump.ifEqual(Reg.R0, 0, shortCut));
        else emit(Jump.ifNotEqual(Reg.R0, 0, shortCut));
        longExpr(b.right());
        booleanOf(JumpOp.NE, Reg.R0, 0);
        emit(Jump.to(done));
        asm.bind(shortCut);
        emit(Alu.mov(Reg.R0, b.op() == BinaryOp.AND ? 0 : 1));
        asm.bind(done);
      }
      case LT, GT, LE, GE, EQ, NE -> {
        if (shared.script.typeOf(b.left()) == Type.STRING
            || shared.script.typeOf(b.right()) == Type.STRING) {
          compareStrings(b);
          return;
        }
        binaryOperands(b.left(), b.right());
        JumpOp op = switch (b.op()) {
          case LT -> JumpOp.SLT;
          case GT -> JumpOp.SGT;
          case LE -> JumpOp.SLE;
          case GE -> JumpOp.SGE;
          case EQ -> JumpOp.EQ;
          default -> JumpOp.NE;
        };
        Label yes = new Label("cmp_true");
        Label done = new Label("cmp_done");
        emit(Jump.of(op, Reg.R1, Reg.R0, yes), Alu.mov(Reg.R0, 0), Jump.to(done));
        asm.bind(yes);
        emit(Alu.mov(Reg.R0, 1));
        asm.bind(done);
      }
      case CONCAT -> {
        error(b.span(), "a string where a number is needed");
        emit(Alu.mov(Reg.R0, 0));
      }
      default -> {
        binaryOperands(b.left(), b.right());
        arithmetic(b.op(), operatorSpan(b));
        emit(Alu.mov(Reg.R0, Reg.R1));
      }
    }
  }

  /** Where a binary expression's operator is (SystemTap reports errors at the operator). */
  static Span operatorSpan(Binary b) {
    Span l = b.left().span();
    Span r = b.right().span();
    if (l.source() != r.source() || l.end() > r.start()) return b.span();
    String between = l.source().text().substring(l.end(), r.start());
    int at = between.indexOf(b.op().symbol());
    if (at < 0) return b.span();
    int start = l.end() + at;
    return new Span(l.source(), start, start + b.op().symbol().length());
  }

  /** Evaluates left into r1 and right into r0. */
  private void binaryOperands(Expr left, Expr right) {
    longExpr(left);
    if (isSimple(right)) {
      emit(Alu.mov(Reg.R1, Reg.R0));
      longExprSimple(right);
      return;
    }
    int slot = stackSlot();
    emit(Store.of(Size.DW, Reg.R10, slot, Reg.R0));
    longExpr(right);
    emit(Load.of(Size.DW, Reg.R1, Reg.R10, slot));
  }

  /** Numbers and locals: evaluated without touching r1. */
  private boolean isSimple(Expr e) {
    if (e instanceof NumberLit) return true;
    if (e instanceof Variable v) {
      VariableSymbol s = shared.script.symbolOf(v);
      return s != null && s.scope() != VariableSymbol.Scope.GLOBAL;
    }
    return false;
  }

  private void longExprSimple(Expr e) {
    longExpr(e);
  }

  /** r1 = r1 OP r0, with SystemTap's division-by-zero error. */
  private void arithmetic(BinaryOp op, Span span) {
    switch (op) {
      case ADD -> emit(Alu.add(Reg.R1, Reg.R0));
      case SUB -> emit(Alu.sub(Reg.R1, Reg.R0));
      case MUL -> emit(Alu.mul(Reg.R1, Reg.R0));
      case DIV, MOD -> {
        Label ok = new Label("divisor_ok");
        emit(Jump.ifNotEqual(Reg.R0, 0, ok));
        raise("division by 0", span, null);
        asm.bind(ok);
        emit(Alu.of(op == BinaryOp.DIV ? AluOp.SDIV : AluOp.SMOD, Reg.R1, Reg.R0));
      }
      case BIT_AND -> emit(Alu.and(Reg.R1, Reg.R0));
      case BIT_OR -> emit(Alu.or(Reg.R1, Reg.R0));
      case BIT_XOR -> emit(Alu.xor(Reg.R1, Reg.R0));
      case SHL -> emit(Alu.and(Reg.R0, 63), Alu.lsh(Reg.R1, Reg.R0));
      case SHR -> emit(Alu.and(Reg.R0, 63), Alu.arsh(Reg.R1, Reg.R0));
      case USHR -> emit(Alu.and(Reg.R0, 63), Alu.rsh(Reg.R1, Reg.R0));
      default -> throw new IllegalStateException("not arithmetic: " + op);
    }
  }

  // ---- variables ----------------------------------------------------------------------------

  private int localOffset(VariableSymbol s) {
    for (Frame f : frames) {
      Integer off = f.offsets().get(s);
      if (off != null) return off;
    }
    throw new IllegalStateException("local " + s.name() + " has no slot");
  }

  private void readVariable(Variable v) {
    VariableSymbol s = shared.script.symbolOf(v);
    if (s.scope() == VariableSymbol.Scope.GLOBAL) {
      var slot = shared.storage.slot(s.name());
      if (slot instanceof StorageLayout.Scalar sc) {
        emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, sc.offset()));
        if (sc.type() == Type.STRING) emit(Alu.mov(Reg.R0, Reg.R1));
        else emit(Load.of(Size.DW, Reg.R0, Reg.R1, 0));
      } else {
        error(v.span(), "'" + v.name() + "' is not a scalar");
        emit(Alu.mov(Reg.R0, 0));
      }
      return;
    }
    int off = localOffset(s);
    if (s.type() == Type.STRING) emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, off));
    else emit(Load.of(Size.DW, Reg.R0, SCRATCH, off));
  }

  private void assign(Assign a, boolean valueNeeded) {
    Type t = shared.script.typeOf(a.target());
    if (a.op() == AssignOp.AGGREGATE) {
      aggregate(a);
      return;
    }
    if (a.op() == AssignOp.CONCAT || (a.op() == AssignOp.ASSIGN && t == Type.STRING)) {
      assignString(a);
      return;
    }
    switch (a.target()) {
      case Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        if (a.op() == AssignOp.ASSIGN) {
          longExpr(a.value());
        } else if (s.scope() == VariableSymbol.Scope.GLOBAL && !valueNeeded
            && (a.op() == AssignOp.ADD || a.op() == AssignOp.SUB)) {
          // g += n on a global: one atomic add, so CPUs do not lose each other's updates.
          longExpr(a.value());
          if (a.op() == AssignOp.SUB) emit(Alu.neg(Reg.R0));
          var sc = (StorageLayout.Scalar) shared.storage.slot(s.name());
          emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, sc.offset()),
              Atomic.add64(Reg.R1, 0, Reg.R0));
          return;
        } else {
          binaryOperands(a.target(), a.value());
          arithmetic(a.op().binary(), a.span());
          emit(Alu.mov(Reg.R0, Reg.R1));
        }
        storeVariable(s);
      }
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        var arr = (StorageLayout.Array) shared.storage.slot(s.name());
        if (a.op() == AssignOp.ASSIGN) {
          longExpr(a.value());
          int value = scratch(8);
          emit(Store.of(Size.DW, SCRATCH, value, Reg.R0));
          int key = buildKey(arr.keyTypes(), ai.indexes());
          updateElement(arr, key, value, ai.span(), v.name());
          if (valueNeeded) emit(Load.of(Size.DW, Reg.R0, SCRATCH, value));
        } else if (a.op() == AssignOp.ADD || a.op() == AssignOp.SUB) {
          longExpr(a.value());
          if (a.op() == AssignOp.SUB) emit(Alu.neg(Reg.R0));
          int delta = stackSlot();
          emit(Store.of(Size.DW, Reg.R10, delta, Reg.R0));
          int key = buildKey(arr.keyTypes(), ai.indexes());
          elementPointer(arr, key, ai.span(), v.name());
          emit(Load.of(Size.DW, Reg.R1, Reg.R10, delta));
          if (valueNeeded) {
            emit(Alu.mov(Reg.R2, Reg.R1),
                new Atomic(Size.DW, AtomicOp.FETCH_ADD, Reg.R0, 0, Reg.R2),
                Alu.add(Reg.R2, Reg.R1), Alu.mov(Reg.R0, Reg.R2));
          } else {
            emit(Atomic.add64(Reg.R0, 0, Reg.R1));
          }
        } else {
          longExpr(a.value());
          int operand = stackSlot();
          emit(Store.of(Size.DW, Reg.R10, operand, Reg.R0));
          int key = buildKey(arr.keyTypes(), ai.indexes());
          elementPointer(arr, key, ai.span(), v.name());
          int pointer = stackSlot();
          emit(Store.of(Size.DW, Reg.R10, pointer, Reg.R0),
              Load.of(Size.DW, Reg.R1, Reg.R0, 0),
              Load.of(Size.DW, Reg.R0, Reg.R10, operand));
          arithmetic(a.op().binary(), a.span());
          emit(Load.of(Size.DW, Reg.R2, Reg.R10, pointer),
              Store.of(Size.DW, Reg.R2, 0, Reg.R1),
              Alu.mov(Reg.R0, Reg.R1));
        }
      }
      default -> {
        error(a.target().span(), "cannot assign to this in a kernel-context probe");
        emit(Alu.mov(Reg.R0, 0));
      }
    }
  }

  /** Stores r0 into a long variable (local or global scalar). Keeps r0. */
  private void storeVariable(VariableSymbol s) {
    if (s.scope() == VariableSymbol.Scope.GLOBAL) {
      var sc = (StorageLayout.Scalar) shared.storage.slot(s.name());
      emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, sc.offset()),
          Store.of(Size.DW, Reg.R1, 0, Reg.R0));
    } else {
      emit(Store.of(Size.DW, SCRATCH, localOffset(s), Reg.R0));
    }
  }

  private void assignString(Assign a) {
    switch (a.target()) {
      case Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        if (a.op() == AssignOp.CONCAT) {
          concat(a.target(), a.value());
        } else {
          stringExpr(a.value());
        }
        int src = stackSlot();
        emit(Store.of(Size.DW, Reg.R10, src, Reg.R0));
        if (s.scope() == VariableSymbol.Scope.GLOBAL) {
          var sc = (StorageLayout.Scalar) shared.storage.slot(s.name());
          emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, sc.offset()));
        } else {
          emit(Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, localOffset(s)));
        }
        emit(Load.of(Size.DW, Reg.R3, Reg.R10, src),
            Alu.mov(Reg.R2, maxLen),
            Call.helper(Helpers.PROBE_READ_KERNEL_STR));
        // the value of the assignment: the variable's own buffer
        if (s.scope() == VariableSymbol.Scope.GLOBAL) readVariable(v);
        else emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, localOffset(s)));
      }
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        var arr = (StorageLayout.Array) shared.storage.slot(s.name());
        if (a.op() == AssignOp.CONCAT) concat(a.target(), a.value());
        else stringExpr(a.value());
        int value = scratch(maxLen);
        copyString(value, Reg.R0);
        int key = buildKey(arr.keyTypes(), ai.indexes());
        updateElement(arr, key, value, ai.span(), v.name());
        emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, value));
      }
      default -> {
        error(a.target().span(), "cannot assign to this in a kernel-context probe");
        emit(Alu.mov(Reg.R0, 0));
      }
    }
  }

  private void crement(Crement c, boolean valueNeeded) {
    int delta = switch (c.op()) {
      case PRE_INCREMENT, POST_INCREMENT -> 1;
      case PRE_DECREMENT, POST_DECREMENT -> -1;
    };
    boolean prefix = c.op().isPrefix();
    switch (c.operand()) {
      case Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        if (s.scope() == VariableSymbol.Scope.GLOBAL) {
          var sc = (StorageLayout.Scalar) shared.storage.slot(s.name());
          emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, sc.offset()),
              Alu.mov(Reg.R0, delta));
          if (!valueNeeded) {
            emit(Atomic.add64(Reg.R1, 0, Reg.R0));
          } else {
            emit(new Atomic(Size.DW, AtomicOp.FETCH_ADD, Reg.R1, 0, Reg.R0));
            if (prefix) emit(Alu.add(Reg.R0, delta));
          }
        } else {
          int off = localOffset(s);
          emit(Load.of(Size.DW, Reg.R0, SCRATCH, off), Alu.mov(Reg.R1, Reg.R0),
              Alu.add(Reg.R1, delta), Store.of(Size.DW, SCRATCH, off, Reg.R1));
          if (prefix) emit(Alu.mov(Reg.R0, Reg.R1));
        }
      }
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        var arr = (StorageLayout.Array) shared.storage.slot(s.name());
        int key = buildKey(arr.keyTypes(), ai.indexes());
        elementPointer(arr, key, ai.span(), v.name());
        emit(Alu.mov(Reg.R1, delta));
        if (!valueNeeded) {
          emit(Atomic.add64(Reg.R0, 0, Reg.R1));
        } else {
          emit(new Atomic(Size.DW, AtomicOp.FETCH_ADD, Reg.R0, 0, Reg.R1),
              Alu.mov(Reg.R0, Reg.R1));
          if (prefix) emit(Alu.add(Reg.R0, delta));
        }
      }
      default -> {
        error(c.span(), "cannot increment this");
        emit(Alu.mov(Reg.R0, 0));
      }
    }
  }

  // ---- arrays -------------------------------------------------------------------------------

  /** Builds an array key in scratch from index expressions; returns its offset. */
  private int buildKey(List<Type> keyTypes, List<Expr> indexes) {
    int size = 0;
    for (Type t : keyTypes) size += shared.storage.sizeOf(t);
    int key = scratch(Math.max(size, 8));
    int[] offsets = shared.storage.keyOffsets(keyTypes);
    for (int i = 0; i < indexes.size(); i++) {
      Expr index = indexes.get(i);
      int at = key + offsets[i];
      if (keyTypes.get(i) == Type.STRING) {
        stringExpr(index);
        int src = stackSlot();
        emit(Store.of(Size.DW, Reg.R10, src, Reg.R0));
        // Keys compare as bytes: zero the whole slot before copying the string in.
        for (int b = 0; b < maxLen; b += 8) emit(StoreImm.of(Size.DW, SCRATCH, at + b, 0));
        emit(Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, at), Alu.mov(Reg.R2, maxLen),
            Load.of(Size.DW, Reg.R3, Reg.R10, src), Call.helper(Helpers.PROBE_READ_KERNEL_STR));
      } else {
        longExpr(index);
        emit(Store.of(Size.DW, SCRATCH, at, Reg.R0));
      }
    }
    return key;
  }

  /** r0 = bpf_map_lookup_elem(map, scratch + key). */
  private void lookup(String map, int key) {
    emit(LoadImm64.map(Reg.R1, map), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, key),
        Call.helper(Helpers.MAP_LOOKUP_ELEM));
  }

  private void readElement(ArrayIndex a) {
    if (a.base() instanceof HistogramOp h) {
      unsupported(a.span(), "reading a histogram bucket");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    Variable v = (Variable) a.base();
    var slot = shared.storage.slot(v.name());
    if (!(slot instanceof StorageLayout.Array arr)) {
      error(a.span(), "'" + v.name() + "' is not an array of values");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    int key = buildKey(arr.keyTypes(), a.indexes());
    lookup(arr.map(), key);
    Label missing = new Label("no_element");
    Label done = new Label("element_done");
    emit(Jump.ifEqual(Reg.R0, 0, missing));
    if (arr.valueType() == Type.LONG) emit(Load.of(Size.DW, Reg.R0, Reg.R0, 0));
    emit(Jump.to(done));
    asm.bind(missing);
    if (arr.valueType() == Type.STRING) {
      emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP, shared.strings.offsetOf("")));
    } else {
      emit(Alu.mov(Reg.R0, 0));
    }
    asm.bind(done);
  }

  /** bpf_map_update_elem(map, key, value, BPF_ANY), with SystemTap's array-full error. */
  private void updateElement(StorageLayout.Array arr, int key, int value, Span span, String name) {
    emit(LoadImm64.map(Reg.R1, arr.map()), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, key),
        Alu.mov(Reg.R3, SCRATCH), Alu.add(Reg.R3, value), Alu.mov(Reg.R4, 0),
        Call.helper(Helpers.MAP_UPDATE_ELEM));
    Label ok = new Label("update_ok");
    emit(Jump.ifEqual(Reg.R0, 0, ok));
    arrayOverflow(name, span);
    asm.bind(ok);
  }

  /** r0 = pointer to the element, created as 0 when missing (for ++, +=). */
  private void elementPointer(StorageLayout.Array arr, int key, Span span, String name) {
    lookup(arr.map(), key);
    Label found = new Label("element_found");
    emit(Jump.ifNotEqual(Reg.R0, 0, found));
    int zero = scratch(8);
    emit(StoreImm.of(Size.DW, SCRATCH, zero, 0),
        LoadImm64.map(Reg.R1, arr.map()), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, key),
        Alu.mov(Reg.R3, SCRATCH), Alu.add(Reg.R3, zero), Alu.mov(Reg.R4, 1 /* BPF_NOEXIST */),
        Call.helper(Helpers.MAP_UPDATE_ELEM));
    lookup(arr.map(), key);
    emit(Jump.ifNotEqual(Reg.R0, 0, found));
    arrayOverflow(name, span);
    asm.bind(found);
  }

  private void inArray(InArray i) {
    if (!(i.array() instanceof Variable v)) {
      unsupported(i.span(), "'in' on a histogram");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    for (Expr k : i.keys()) {
      if (k instanceof AnyIndex) {
        unsupported(k.span(), "'*' in an array key");
        emit(Alu.mov(Reg.R0, 0));
        return;
      }
    }
    var slot = shared.storage.slot(v.name());
    String map;
    List<Type> keyTypes;
    switch (slot) {
      case StorageLayout.Array a -> {
        map = a.map();
        keyTypes = a.keyTypes();
      }
      case StorageLayout.Stat s -> {
        map = s.map();
        keyTypes = s.keyTypes();
      }
      case StorageLayout.Scalar s -> {
        error(i.span(), "'" + v.name() + "' is not an array");
        emit(Alu.mov(Reg.R0, 0));
        return;
      }
    }
    int key = buildKey(keyTypes, i.keys());
    lookup(map, key);
    booleanOf(JumpOp.NE, Reg.R0, 0);
  }

  private void delete(DeleteStmt d) {
    switch (d.target()) {
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        for (Expr k : ai.indexes()) {
          if (k instanceof AnyIndex) {
            unsupported(k.span(), "delete with '*' keys");
            return;
          }
        }
        var slot = shared.storage.slot(v.name());
        String map;
        List<Type> keyTypes;
        if (slot instanceof StorageLayout.Array a) {
          map = a.map();
          keyTypes = a.keyTypes();
        } else if (slot instanceof StorageLayout.Stat s) {
          map = s.map();
          keyTypes = s.keyTypes();
        } else {
          error(d.span(), "'" + v.name() + "' is not an array");
          return;
        }
        int key = buildKey(keyTypes, ai.indexes());
        emit(LoadImm64.map(Reg.R1, map), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, key),
            Call.helper(Helpers.MAP_DELETE_ELEM));
      }
      case Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        if (s.scope() == VariableSymbol.Scope.GLOBAL
            && shared.storage.slot(v.name()) instanceof StorageLayout.Scalar sc) {
          emit(LoadImm64.mapValue(Reg.R1, StorageLayout.SCALARS_MAP, sc.offset()));
          emit(sc.type() == Type.STRING ? StoreImm.of(Size.B, Reg.R1, 0, 0)
              : StoreImm.of(Size.DW, Reg.R1, 0, 0));
        } else if (s.scope() != VariableSymbol.Scope.GLOBAL) {
          int off = localOffset(s);
          emit(s.type() == Type.STRING ? StoreImm.of(Size.B, SCRATCH, off, 0)
              : StoreImm.of(Size.DW, SCRATCH, off, 0));
        } else {
          unsupported(d.span(), "deleting a whole array or statistic");
        }
      }
      default -> error(d.span(), "cannot delete this");
    }
  }

  // ---- statistics ---------------------------------------------------------------------------

  /** A statistic, {@code s}, or one element of an array of them, {@code s[k1, k2]}. */
  private record StatElement(Variable variable, List<Expr> indexes) {
    /** The statistic {@code e} names, or null when it names none. */
    static StatElement of(Expr e) {
      return switch (e) {
        case Variable v -> new StatElement(v, List.of());
        case ArrayIndex ai when ai.base() instanceof Variable v ->
            new StatElement(v, ai.indexes());
        default -> null;
      };
    }
  }

  private void aggregate(Assign a) {
    longExpr(a.value());
    int sample = stackSlot();
    emit(Store.of(Size.DW, Reg.R10, sample, Reg.R0));
    StatElement target = StatElement.of(a.target());
    if (target == null) {
      error(a.target().span(), "<<< needs a statistic");
      return;
    }
    Variable v = target.variable();
    List<Expr> indexes = target.indexes();
    var stat = (StorageLayout.Stat) shared.storage.slot(v.name());
    StatShape shape = stat.shape();
    if (!stat.isArray()) {
      emit(LoadImm64.map(Reg.R1, stat.map()), Alu.mov(Reg.R2, Reg.R10), Alu.add(Reg.R2, ZERO_KEY),
          Call.helper(Helpers.MAP_LOOKUP_ELEM));
      emit(Jump.ifEqual(Reg.R0, 0, exit));
    } else {
      int key = buildKey(stat.keyTypes(), indexes);
      lookup(stat.map(), key);
      Label found = new Label("stat_found");
      emit(Jump.ifNotEqual(Reg.R0, 0, found));
      int zero = scratch(shape.valueSize());
      for (int b = 0; b < shape.valueSize(); b += 8) emit(StoreImm.of(Size.DW, SCRATCH, zero + b, 0));
      emit(LoadImm64.map(Reg.R1, stat.map()), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, key),
          Alu.mov(Reg.R3, SCRATCH), Alu.add(Reg.R3, zero), Alu.mov(Reg.R4, 1),
          Call.helper(Helpers.MAP_UPDATE_ELEM));
      lookup(stat.map(), key);
      emit(Jump.ifNotEqual(Reg.R0, 0, found));
      arrayOverflow(v.name(), a.span());
      asm.bind(found);
    }
    // r0 = this CPU's value; add the sample as StatPartial.add does.
    Reg p = Reg.R9;
    Reg x = Reg.R1;
    emit(Alu.mov(p, Reg.R0), Load.of(Size.DW, x, Reg.R10, sample),
        Load.of(Size.DW, Reg.R2, p, StatShape.COUNT));
    Label notFirst = new Label("stat_not_first");
    Label fieldsDone = new Label("stat_fields_done");
    emit(Jump.ifNotEqual(Reg.R2, 0, notFirst),
        StoreImm.of(Size.DW, p, StatShape.COUNT, 1),
        Store.of(Size.DW, p, StatShape.SUM, x),
        Store.of(Size.DW, p, StatShape.MIN, x),
        Store.of(Size.DW, p, StatShape.MAX, x));
    if (shape.variance()) {
      emit(Alu.mov(Reg.R3, x), Alu.lsh(Reg.R3, shape.varianceShift()),
          Store.of(Size.DW, p, StatShape.AVG_S, Reg.R3),
          StoreImm.of(Size.DW, p, StatShape.M2, 0));
    }
    emit(Jump.to(fieldsDone));
    asm.bind(notFirst);
    emit(Alu.add(Reg.R2, 1), Store.of(Size.DW, p, StatShape.COUNT, Reg.R2),
        Load.of(Size.DW, Reg.R3, p, StatShape.SUM), Alu.add(Reg.R3, x),
        Store.of(Size.DW, p, StatShape.SUM, Reg.R3));
    Label notMax = new Label("stat_not_max");
    Label notMin = new Label("stat_not_min");
    emit(Load.of(Size.DW, Reg.R3, p, StatShape.MAX), Jump.ifSignedLessOrEqual(x, Reg.R3, notMax),
        Store.of(Size.DW, p, StatShape.MAX, x));
    asm.bind(notMax);
    emit(Load.of(Size.DW, Reg.R3, p, StatShape.MIN), Jump.ifSignedGreaterOrEqual(x, Reg.R3, notMin),
        Store.of(Size.DW, p, StatShape.MIN, x));
    asm.bind(notMin);
    if (shape.variance()) {
      // delta = (int)((x << shift) - avg_s); avg_s += delta / count;
      // m2 += delta * ((x << shift) - avg_s); variance_s = m2 / (count - 1)
      int shift = shape.varianceShift();
      emit(Alu.mov(Reg.R4, x), Alu.lsh(Reg.R4, shift),            // r4 = x << shift
          Load.of(Size.DW, Reg.R3, p, StatShape.AVG_S),
          Alu.mov(Reg.R5, Reg.R4), Alu.sub(Reg.R5, Reg.R3),        // r5 = delta (64-bit)
          Alu.lsh(Reg.R5, 32), Alu.arsh(Reg.R5, 32),               // cut to a C int
          Alu.mov(Reg.R0, Reg.R5), Alu.of(AluOp.SDIV, Reg.R0, Reg.R2), // r2 = count (> 1 here)
          Alu.add(Reg.R3, Reg.R0), Store.of(Size.DW, p, StatShape.AVG_S, Reg.R3),
          Alu.sub(Reg.R4, Reg.R3), Alu.mul(Reg.R4, Reg.R5),
          Load.of(Size.DW, Reg.R3, p, StatShape.M2), Alu.add(Reg.R3, Reg.R4),
          Store.of(Size.DW, p, StatShape.M2, Reg.R3),
          Alu.mov(Reg.R4, Reg.R2), Alu.sub(Reg.R4, 1),
          Alu.of(AluOp.SDIV, Reg.R3, Reg.R4),
          Store.of(Size.DW, p, StatShape.VARIANCE_S, Reg.R3));
    }
    asm.bind(fieldsDone);
    Histogram h = shape.histogram();
    switch (h) {
      case Histogram.None n -> {}
      case Histogram.Log l -> {
        emit(Load.of(Size.DW, x, Reg.R10, sample));
        logBucket(x, Reg.R2);
        bumpBucket(p, Reg.R2, h.bucketCount());
      }
      case Histogram.Linear lin -> {
        emit(Load.of(Size.DW, x, Reg.R10, sample));
        linearBucket(x, Reg.R2, lin);
        bumpBucket(p, Reg.R2, h.bucketCount());
      }
    }
  }

  /**
   * {@code @count}, {@code @sum}, {@code @min}, {@code @max}, {@code @avg} in BPF: this
   * statistic's shares on every possible CPU, merged (bpf_map_lookup_percpu_elem, Linux 5.19).
   */
  private void readStatistic(StatOp s) {
    if (s.kind() == io.jstap.lang.ast.StatKind.VARIANCE) {
      unsupported(s.span(), "@variance");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    StatElement operand = StatElement.of(s.operand());
    if (operand == null) {
      error(s.span(), s.kind().symbol() + " needs a statistic");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    Variable v = operand.variable();
    List<Expr> indexes = operand.indexes();
    var stat = (StorageLayout.Stat) shared.storage.slot(v.name());
    int key;
    if (stat.isArray()) {
      key = buildKey(stat.keyTypes(), indexes);
    } else {
      key = scratch(8);
      emit(StoreImm.of(Size.DW, SCRATCH, key, 0));
    }
    // count, sum, min, max over the CPUs, in stack slots
    int count = stackSlot();
    int sum = stackSlot();
    int min = stackSlot();
    int max = stackSlot();
    int cpu = stackSlot();
    emit(StoreImm.of(Size.DW, Reg.R10, count, 0), StoreImm.of(Size.DW, Reg.R10, sum, 0),
        LoadImm64.constant(Reg.R1, Long.MAX_VALUE), Store.of(Size.DW, Reg.R10, min, Reg.R1),
        LoadImm64.constant(Reg.R1, Long.MIN_VALUE), Store.of(Size.DW, Reg.R10, max, Reg.R1),
        StoreImm.of(Size.DW, Reg.R10, cpu, 0));
    Label loop = new Label("stat_cpu");
    Label next = new Label("stat_next_cpu");
    Label done = new Label("stat_cpus_done");
    asm.bind(loop);
    emit(Load.of(Size.DW, Reg.R3, Reg.R10, cpu),
        Jump.ifGreaterOrEqual(Reg.R3, shared.possibleCpus, done),
        LoadImm64.map(Reg.R1, stat.map()), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, key),
        Call.helper(LOOKUP_PERCPU_ELEM),
        Jump.ifEqual(Reg.R0, 0, next),
        Load.of(Size.DW, Reg.R1, Reg.R0, StatShape.COUNT),
        Jump.ifEqual(Reg.R1, 0, next),
        Load.of(Size.DW, Reg.R2, Reg.R10, count), Alu.add(Reg.R2, Reg.R1),
        Store.of(Size.DW, Reg.R10, count, Reg.R2),
        Load.of(Size.DW, Reg.R1, Reg.R0, StatShape.SUM),
        Load.of(Size.DW, Reg.R2, Reg.R10, sum), Alu.add(Reg.R2, Reg.R1),
        Store.of(Size.DW, Reg.R10, sum, Reg.R2));
    Label notMin = new Label("stat_not_min");
    Label notMax = new Label("stat_not_max");
    emit(Load.of(Size.DW, Reg.R1, Reg.R0, StatShape.MIN), Load.of(Size.DW, Reg.R2, Reg.R10, min),
        Jump.ifSignedGreaterOrEqual(Reg.R1, Reg.R2, notMin), Store.of(Size.DW, Reg.R10, min, Reg.R1));
    asm.bind(notMin);
    emit(Load.of(Size.DW, Reg.R1, Reg.R0, StatShape.MAX), Load.of(Size.DW, Reg.R2, Reg.R10, max),
        Jump.ifSignedLessOrEqual(Reg.R1, Reg.R2, notMax), Store.of(Size.DW, Reg.R10, max, Reg.R1));
    asm.bind(notMax);
    asm.bind(next);
    emit(Load.of(Size.DW, Reg.R3, Reg.R10, cpu), Alu.add(Reg.R3, 1),
        Store.of(Size.DW, Reg.R10, cpu, Reg.R3), Jump.to(loop));
    asm.bind(done);
    switch (s.kind()) {
      case COUNT -> emit(Load.of(Size.DW, Reg.R0, Reg.R10, count));
      case SUM -> emit(Load.of(Size.DW, Reg.R0, Reg.R10, sum));
      case MIN, MAX, AVG -> {
        Label nonEmpty = new Label("stat_nonempty");
        emit(Load.of(Size.DW, Reg.R1, Reg.R10, count), Jump.ifNotEqual(Reg.R1, 0, nonEmpty));
        raise("empty aggregate", s.span(), null);
        asm.bind(nonEmpty);
        switch (s.kind()) {
          case MIN -> emit(Load.of(Size.DW, Reg.R0, Reg.R10, min));
          case MAX -> emit(Load.of(Size.DW, Reg.R0, Reg.R10, max));
          default -> emit(Load.of(Size.DW, Reg.R0, Reg.R10, sum),
              Alu.of(AluOp.SDIV, Reg.R0, Reg.R1));
        }
      }
      case VARIANCE -> emit(Alu.mov(Reg.R0, 0));
    }
  }

  /** bpf_map_lookup_percpu_elem (include/uapi/linux/bpf.h, Linux 5.19). */
  private static final int LOOKUP_PERCPU_ELEM = 195;

  /** bucket = v == 0 ? 64 : v > 0 ? 128 - clz(v) : clz(-v)   (Histogram.Log). */
  private void logBucket(Reg v, Reg bucket) {
    Label nonZero = new Label("log_nonzero");
    Label done = new Label("log_done");
    Label positive = new Label("log_positive");
    emit(Jump.ifNotEqual(v, 0, nonZero), Alu.mov(bucket, Histogram.Log.ZERO_BUCKET), Jump.to(done));
    asm.bind(nonZero);
    Reg u = Reg.R3;
    emit(Alu.mov(u, v), Jump.ifSignedGreater(v, 0, positive), Alu.neg(u));
    asm.bind(positive);
    // r4 = clz(u), u != 0 (u = MIN_VALUE stays negative: clz 0)
    Reg n = Reg.R4;
    emit(Alu.mov(n, 0));
    int[][] steps = {{32, 32}, {48, 16}, {56, 8}, {60, 4}, {62, 2}, {63, 1}};
    for (int[] s : steps) {
      Label skip = new Label("clz_skip");
      emit(Alu.mov(Reg.R5, u), Alu.rsh(Reg.R5, s[0]), Jump.ifNotEqual(Reg.R5, 0, skip),
          Alu.add(n, s[1]), Alu.lsh(u, s[1]));
      asm.bind(skip);
    }
    Label negative = new Label("log_negative");
    emit(Jump.ifSignedLess(v, 0, negative), Alu.mov(bucket, 128), Alu.sub(bucket, n),
        Jump.to(done));
    asm.bind(negative);
    emit(Alu.mov(bucket, n));
    asm.bind(done);
  }

  /** Histogram.Linear's bucketOf. */
  private void linearBucket(Reg v, Reg bucket, Histogram.Linear lin) {
    int buckets = lin.bucketCount();
    Label below = new Label("lin_below");
    Label done = new Label("lin_done");
    emit(Jump.ifSignedLess(v, lin.start(), below),
        Alu.mov(bucket, v), Alu.sub(bucket, lin.start()), Alu.div(bucket, lin.interval()),
        Alu.add(bucket, 1));
    Label inRange = new Label("lin_in_range");
    emit(Jump.ifLessOrEqual(bucket, buckets - 1, inRange), Alu.mov(bucket, buckets - 1));
    asm.bind(inRange);
    emit(Jump.to(done));
    asm.bind(below);
    emit(Alu.mov(bucket, 0));
    asm.bind(done);
  }

  private void bumpBucket(Reg p, Reg bucket, int count) {
    Label skip = new Label("bucket_out_of_range");
    emit(Jump.ifGreaterOrEqual(bucket, count, skip), Alu.lsh(bucket, 3),
        Alu.mov(Reg.R3, p), Alu.add(Reg.R3, bucket), Alu.mov(Reg.R4, 1),
        Atomic.add64(Reg.R3, StatShape.BUCKETS, Reg.R4));
    asm.bind(skip);
  }

  // ---- strings ------------------------------------------------------------------------------

  /** Evaluates a string expression; r0 = the address of its NUL-terminated bytes. */
  void stringExpr(Expr e) {
    switch (e) {
      case StringLit s -> emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP,
          shared.strings.offsetOf(s.bytes())));
      case Variable v -> readVariable(v);
      case ArrayIndex a -> readElement(a);
      case Binary b when b.op() == BinaryOp.CONCAT -> concat(b.left(), b.right());
      case io.jstap.lang.ast.Call c -> call(c);
      case Ternary t -> ternary(t, this::stringExpr);
      case Assign a -> assign(a, true);
      case TargetVar t when t.components().isEmpty() && !t.addressOf()
          && KernelBuiltins.PROBE_NAMES.contains(t.name()) ->
          new KernelBuiltins(this, shared, probe, context).probeName(t);
      case TargetExpr t -> prettyTarget(t);
      case EntryOp en when shared.script.entryValues().containsKey(en) ->
          stringExpr(shared.script.entryValues().get(en));
      default -> {
        error(e.span(), "a number where a string is needed");
        emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP, shared.strings.offsetOf("")));
      }
    }
  }

  /** Copies the string at r0 into scratch[dst] (MAXSTRINGLEN bytes at most). */
  private void copyString(int dst, Reg src) {
    emit(Alu.mov(Reg.R3, src), Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, dst),
        Alu.mov(Reg.R2, maxLen), Call.helper(Helpers.PROBE_READ_KERNEL_STR));
  }

  /** r0 = address of left . right, truncated to MAXSTRINGLEN - 1 bytes. */
  private void concat(Expr left, Expr right) {
    int buf = scratch(2 * maxLen);
    stringExpr(left);
    copyString(buf, Reg.R0);
    // r0 = bytes copied including the NUL; the right part starts over the NUL.
    Label ok = new Label("concat_len_ok");
    emit(Jump.ifSignedGreater(Reg.R0, 0, ok), Alu.mov(Reg.R0, 1));
    asm.bind(ok);
    emit(Alu.sub(Reg.R0, 1), Alu.and(Reg.R0, maxLen - 1));
    int length = stackSlot();
    emit(Store.of(Size.DW, Reg.R10, length, Reg.R0));
    stringExpr(right);
    emit(Alu.mov(Reg.R3, Reg.R0), Load.of(Size.DW, Reg.R4, Reg.R10, length),
        Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, buf), Alu.add(Reg.R1, Reg.R4),
        Alu.mov(Reg.R2, maxLen), Alu.sub(Reg.R2, Reg.R4),
        Call.helper(Helpers.PROBE_READ_KERNEL_STR),
        StoreImm.of(Size.B, SCRATCH, buf + maxLen - 1, 0),
        Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, buf));
  }

  /** r0 = (left OP right) for strings: bytewise, as strcmp. */
  private void compareStrings(Binary b) {
    int a = scratch(maxLen);
    int c = scratch(maxLen);
    stringExpr(b.left());
    copyString(a, Reg.R0);
    stringExpr(b.right());
    copyString(c, Reg.R0);
    // r0 = difference of the first differing bytes (0 when equal), bounded loop
    Reg i = Reg.R3;
    Label loop = new Label("strcmp_loop");
    Label differ = new Label("strcmp_differ");
    Label equal = new Label("strcmp_equal");
    Label decided = new Label("strcmp_decided");
    emit(Alu.mov(i, 0));
    asm.bind(loop);
    emit(Jump.ifGreaterOrEqual(i, maxLen, equal),
        Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, a), Alu.add(Reg.R1, i),
        Load.of(Size.B, Reg.R4, Reg.R1, 0),
        Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, c), Alu.add(Reg.R2, i),
        Load.of(Size.B, Reg.R5, Reg.R2, 0),
        Jump.ifNotEqual(Reg.R4, Reg.R5, differ),
        Jump.ifEqual(Reg.R4, 0, equal),
        Alu.add(i, 1),
        Jump.to(loop));
    asm.bind(differ);
    emit(Alu.mov(Reg.R0, Reg.R4), Alu.sub(Reg.R0, Reg.R5), Jump.to(decided));
    asm.bind(equal);
    emit(Alu.mov(Reg.R0, 0));
    asm.bind(decided);
    JumpOp op = switch (b.op()) {
      case LT -> JumpOp.SLT;
      case GT -> JumpOp.SGT;
      case LE -> JumpOp.SLE;
      case GE -> JumpOp.SGE;
      case EQ -> JumpOp.EQ;
      default -> JumpOp.NE;
    };
    booleanOf(op, Reg.R0, 0);
  }

  /**
   * {@code s =~ "text"} for literal patterns, optionally anchored with ^ and $: a bounded
   * search in BPF. Other regular expressions need user space.
   */
  private void regexMatch(RegexMatch r) {
    var literal = LiteralPattern.of(r.pattern().bytes());
    if (literal == null) {
      shared.diagnostics.report(Diagnostic.error(r.pattern().span(), "this regular expression"
          + " is not available in kernel-context probes: only literal text, optionally anchored"
          + " with ^ and $, is matched in BPF")
          .withHint("match it in an end or timer probe, or use a literal pattern"));
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    new KernelStrings(this).containsLiteral(r.subject(), literal, r.negated());
  }

  // ---- calls --------------------------------------------------------------------------------

  private void call(io.jstap.lang.ast.Call c) {
    FunctionSymbol f = shared.script.functionCalls().get(c);
    if (f != null) {
      inline(c, f);
      return;
    }
    Builtin b = shared.script.builtinCalls().get(c);
    if (b == null) {
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    new KernelBuiltins(this, shared, probe, context).call(c, b);
  }

  private void inline(io.jstap.lang.ast.Call c, FunctionSymbol f) {
    for (Frame fr : frames) {
      if (fr.function() == f) {
        shared.diagnostics.report(Diagnostic.error(c.span(), "function '" + f.name()
            + "' calls itself: recursion is not available in kernel-context probes")
            .withHint("BPF programs cannot recurse; call it from an end, begin or timer probe"));
        emit(Alu.mov(Reg.R0, 0));
        return;
      }
    }
    if (frames.size() > shared.limits.maxNesting()) {
      error(c.span(), "function calls nest deeper than MAXNESTING");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    if (f.body() == null) {
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    var offsets = new IdentityHashMap<VariableSymbol, Integer>();
    for (VariableSymbol local : f.locals().values()) {
      int off = permanent(local.type() == Type.STRING ? maxLen : 8);
      offsets.put(local, off);
    }
    // Arguments are evaluated in the caller's frame, then stored into the parameters.
    for (int i = 0; i < c.args().size(); i++) {
      VariableSymbol p = f.params().get(i);
      int off = offsets.get(p);
      if (p.type() == Type.STRING) {
        stringExpr(c.args().get(i));
        copyString(off, Reg.R0);
      } else {
        longExpr(c.args().get(i));
        emit(Store.of(Size.DW, SCRATCH, off, Reg.R0));
      }
    }
    for (VariableSymbol local : f.locals().values()) {
      if (local.scope() == VariableSymbol.Scope.PARAM) continue;
      int off = offsets.get(local);
      emit(local.type() == Type.STRING ? StoreImm.of(Size.B, SCRATCH, off, 0)
          : StoreImm.of(Size.DW, SCRATCH, off, 0));
    }
    Type resultType = f.returnType();
    int result = permanent(resultType == Type.STRING ? maxLen : 8);
    emit(resultType == Type.STRING ? StoreImm.of(Size.B, SCRATCH, result, 0)
        : StoreImm.of(Size.DW, SCRATCH, result, 0));
    Label done = new Label("return_" + f.name());
    frames.push(new Frame(f, offsets, done, result, resultType, constantParams(c, f)));
    Object position = c.span();
    block(f.body());
    frames.pop();
    asm.at(position);
    asm.bind(done);
    if (resultType == Type.STRING) emit(Alu.mov(Reg.R0, SCRATCH), Alu.add(Reg.R0, result));
    else emit(Load.of(Size.DW, Reg.R0, SCRATCH, result));
  }

  /** Parameters bound to number literals and never assigned in the function. */
  private Map<VariableSymbol, Long> constantParams(io.jstap.lang.ast.Call c, FunctionSymbol f) {
    var constants = new IdentityHashMap<VariableSymbol, Long>();
    for (int i = 0; i < c.args().size(); i++) {
      VariableSymbol p = f.params().get(i);
      Long v = constant(c.args().get(i));
      if (v != null && !Assignments.assigns(f.body(), p, shared.script)) constants.put(p, v);
    }
    return constants;
  }

  /** The value of an expression known while compiling, or null. */
  private Long constant(Expr e) {
    return switch (e) {
      case NumberLit n -> n.value();
      case Variable v -> {
        VariableSymbol s = shared.script.symbolOf(v);
        Frame f = frames.peek();
        yield s == null || f == null ? null : f.constants().get(s);
      }
      case Unary u -> {
        Long x = constant(u.operand());
        if (x == null) yield null;
        yield switch (u.op()) {
          case PLUS -> x;
          case MINUS -> -x;
          case NOT -> x == 0 ? 1L : 0L;
          case BIT_NOT -> ~x;
        };
      }
      case DefinedOp d -> defined(d.operand()) ? 1L : 0L;
      case Binary b -> {
        if (shared.script.typeOf(b.left()) == Type.STRING) yield null;
        Long l = constant(b.left());
        // @defined(x) && x->y: a false left side decides, whatever the right side is
        if (l != null && b.op() == BinaryOp.AND && l == 0) yield 0L;
        if (l != null && b.op() == BinaryOp.OR && l != 0) yield 1L;
        Long r = constant(b.right());
        if (l == null || r == null) yield null;
        yield switch (b.op()) {
          case EQ -> l.equals(r) ? 1L : 0L;
          case NE -> !l.equals(r) ? 1L : 0L;
          case LT -> l < r ? 1L : 0L;
          case GT -> l > r ? 1L : 0L;
          case LE -> l <= r ? 1L : 0L;
          case GE -> l >= r ? 1L : 0L;
          case AND -> l != 0 && r != 0 ? 1L : 0L;
          case OR -> l != 0 || r != 0 ? 1L : 0L;
          case ADD -> l + r;
          case SUB -> l - r;
          case MUL -> l * r;
          default -> null;
        };
      }
      default -> null;
    };
  }

  // ---- target variables ---------------------------------------------------------------------

  /**
   * {@code @defined(x)}, decided while compiling: a context variable this probe has, with
   * every {@code ->member} and {@code [index]} after it found in BTF; a {@code @cast} to a type
   * the kernel has, likewise. The macros that choose between kernel versions rest on it.
   */
  private boolean defined(Expr operand) {
    return switch (operand) {
      case TargetVar t -> {
        if (t.name().startsWith("$$")) yield !context.variables().isEmpty();
        var found = context.variables().stream()
            .filter(v -> ("$" + v.name()).equals(t.name())).findFirst();
        yield found.isPresent() && (t.components().isEmpty()
            || TargetMembers.resolves(btf, found.get().type(), t.components()));
      }
      case io.jstap.lang.ast.CastOp cast -> {
        if (btf == null) yield false;
        var id = castType(cast.type());
        yield id.isPresent() && TargetMembers.resolves(btf,
            new CType.Pointer(id.get(), cast.type() + " *"), cast.components());
      }
      case io.jstap.lang.ast.AtVar v -> false; // @var is not available in BPF
      default -> true;
    };
  }

  /** The BTF id of a type {@code @cast} names ("task_struct", "struct bio", "union x"). */
  private java.util.Optional<Integer> castType(String type) {
    String name = type.strip();
    boolean union = name.startsWith("union ");
    String bare = name.replaceFirst("^(struct|union)\\s+", "").strip();
    var id = union ? btf.union(bare).map(u -> u.id()) : btf.struct(bare).map(x -> x.id());
    if (id.isEmpty()) id = btf.typedef(bare).map(x -> x.id());
    return id;
  }

  /** Member access reads user memory in process probes, kernel memory elsewhere. */
  private boolean userMemory() {
    return switch (probe.target()) {
      case io.jstap.sema.ProbeTarget.ProcessFunction f -> true;
      case io.jstap.sema.ProbeTarget.ProcessStatement s -> true;
      case io.jstap.sema.ProbeTarget.ProcessMark m -> true;
      default -> false;
    };
  }

  /**
   * {@code @cast(pointer, "type")->member...}: the kernel's type from BTF ({@code "task_struct"}
   * or {@code "struct task_struct"}; the module argument may only name the kernel).
   */
  private void castExpr(io.jstap.lang.ast.CastOp cast) {
    if (btf == null) {
      unsupported(cast.span(), "@cast without the kernel's BTF");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    // "kernel<linux/sched.h>" names the kernel too (the header says where SystemTap looks).
    if (cast.module() != null && !cast.module().equals("kernel") && !cast.module().startsWith("<")
        && !cast.module().startsWith("kernel<")) {
      unsupported(cast.span(), "@cast with types of " + cast.module() + " (only the kernel's"
          + " types are known, from BTF)");
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    String name = cast.type().strip();
    var id = castType(name);
    if (id.isEmpty()) {
      shared.diagnostics.report(Diagnostic.error(cast.span(), "the kernel has no type '" + name
          + "' (looked up in its BTF)"));
      emit(Alu.mov(Reg.R0, 0));
      return;
    }
    longExpr(cast.operand());
    if (cast.components().isEmpty()) return;
    new TargetMembers(this, btf, userMemory()).follow(new CType.Pointer(id.get(), name + " *"),
        cast.components(), cast.addressOf(), cast.span());
  }

  /**
   * {@code $$parms}, {@code $$vars} ("name=0x... name=0x..."), {@code $$locals} (empty: no
   * debuginfo), and {@code $var$} of a number or pointer, formatted in BPF.
   */
  private void prettyTarget(TargetExpr t) {
    var builtins = new KernelBuiltins(this, shared, probe, context);
    if (t instanceof TargetVar tv && tv.name().startsWith("$$")) {
      String which = tv.name().replaceAll("\\$+$", "").substring(2);
      if (tv.name().length() > 2 && tv.name().substring(2).matches("[a-z]+\\$+")) {
        which = tv.name().substring(2).replaceAll("\\$+", "");
      }
      var vars = switch (which) {
        case "parms", "vars" -> context.variables().stream()
            .filter(v -> !v.name().equals("return")).toList();
        case "return" -> context.variables().stream()
            .filter(v -> v.name().equals("return")).toList();
        default -> List.<ContextAccess.Variable>of();
      };
      if (vars.isEmpty() || vars.size() > 12) {
        emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP, shared.strings.offsetOf("")));
        return;
      }
      var format = new StringBuilder();
      var loaders = new ArrayList<Runnable>();
      for (var v : vars) {
        if (!format.isEmpty()) format.append(' ');
        format.append(v.name()).append("=0x%llx");
        loaders.add(() -> context.load(this, v));
      }
      builtins.snprintf(format.toString(), loaders);
      return;
    }
    boolean pretty = !t.components().isEmpty()
        && t.components().getLast() instanceof TargetComponent.PrettyPrint;
    if (pretty && t instanceof TargetVar tv) {
      var plain = new TargetVar(tv.span(), tv.name(),
          tv.components().subList(0, tv.components().size() - 1), tv.addressOf());
      builtins.snprintf("%lld", List.of(() -> targetExpr(plain, Reg.R0)));
      return;
    }
    unsupported(t.span(), "pretty-printing " + t.span().text());
    emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP, shared.strings.offsetOf("")));
  }

  private void targetExpr(TargetExpr t, Reg dst) {
    if (t instanceof io.jstap.lang.ast.CastOp cast) {
      castExpr(cast);
      return;
    }
    if (!(t instanceof TargetVar tv)) {
      unsupported(t.span(), "@var and members of untyped values");
      emit(Alu.mov(dst, 0));
      return;
    }
    String name = tv.name().substring(1);
    if (name.startsWith("$")) {
      unsupported(t.span(), tv.name());
      emit(Alu.mov(dst, 0));
      return;
    }
    ContextAccess.Variable found = null;
    for (var v : context.variables()) {
      if (v.name().equals(name)) found = v;
    }
    if (found == null) {
      var d = Diagnostic.error(t.span(), "no variable " + tv.name() + " in "
          + context.describe());
      var names = context.variables().stream().map(v -> "$" + v.name()).toList();
      String near = io.jstap.lang.Suggestions.closest(tv.name(), names);
      if (near != null) d = d.withHint("did you mean " + near + "?");
      else if (!names.isEmpty()) d = d.withHint("it has " + String.join(", ", names));
      else d = d.withHint("it has no context variables");
      shared.diagnostics.report(d);
      emit(Alu.mov(dst, 0));
      return;
    }
    context.load(this, found);
    if (!t.components().isEmpty()) {
      new TargetMembers(this, btf, userMemory()).follow(found.type(), t.components(),
          t.addressOf(), t.span());
    } else if (t.addressOf()) {
      unsupported(t.span(), "taking the address of a context variable");
    }
  }

  // ---- memory -------------------------------------------------------------------------------

  /**
   * r0 = the {@code size}-byte integer at address r0 in user or kernel memory, sign-extended if
   * {@code signed}; a fault is SystemTap's run-time error.
   */
  void readMemory(boolean user, int size, boolean signed, Span span) {
    readMemory(user, size, signed, span, true);
  }

  /**
   * Same; without {@code faultIsError} a fault gives 0 (the helpers zero the destination when
   * they fail).
   */
  void readMemory(boolean user, int size, boolean signed, Span span, boolean faultIsError) {
    if (span == null) span = probe.declaration().span();
    int buf = stackSlot();
    emit(StoreImm.of(Size.DW, Reg.R10, buf, 0),
        Alu.mov(Reg.R3, Reg.R0), Alu.mov(Reg.R1, Reg.R10), Alu.add(Reg.R1, buf),
        Alu.mov(Reg.R2, size));
    if (user) readUser(false);
    else emit(Call.helper(Helpers.PROBE_READ_KERNEL));
    if (faultIsError) {
      Label ok = new Label("read_ok");
      emit(Jump.ifEqual(Reg.R0, 0, ok));
      raise((user ? "user" : "kernel") + " memory read fault", span, null);
      asm.bind(ok);
    }
    Size s = switch (size) {
      case 1 -> Size.B;
      case 2 -> Size.H;
      case 4 -> Size.W;
      default -> Size.DW;
    };
    emit(Load.of(s, Reg.R0, Reg.R10, buf));
    if (signed && size < 8) {
      int bits = 64 - 8 * size;
      emit(Alu.lsh(Reg.R0, bits), Alu.arsh(Reg.R0, bits));
    }
  }

  // ---- records and errors -------------------------------------------------------------------

  /** Writes one record: its header, then each argument (longs and strings) at its field. */
  void record(OutputRecord r, List<Expr> args, List<ScriptType> argTypes) {
    record(r, args, argTypes, false);
  }

  /**
   * Writes one record; with {@code withPid}, the header's second word holds the process id
   * (for user-space symbols). Deferred operands carry their argument as a long.
   */
  void record(OutputRecord r, List<Expr> args, List<ScriptType> argTypes, boolean withPid) {
    int size = r.size();
    int buf = scratch(size);
    emit(StoreImm.of(Size.W, SCRATCH, buf, r.id()), StoreImm.of(Size.W, SCRATCH, buf + 4, 0));
    if (withPid) {
      emit(Call.helper(Helpers.GET_CURRENT_PID_TGID), Alu.rsh(Reg.R0, 32),
          Store.of(Size.W, SCRATCH, buf + 4, Reg.R0));
    }
    if (r.layout() != null) {
      var fields = r.layout().fields();
      for (int i = 0; i < args.size() && i < fields.size(); i++) {
        var field = fields.get(i);
        int at = buf + OutputRecord.HEADER_SIZE + field.offset();
        Expr arg = args.get(i);
        OutputRecord.Deferred d = r.deferred() != null && i < r.deferred().size()
            ? r.deferred().get(i) : null;
        boolean deferred = d != null;
        if (d != null && d.isStack()) {
          // bpf_get_stack(ctx, buf, size, flags): the frames after a u64 byte count
          int frames = d.isUser() ? OutputRecord.Deferred.CALLER_SLOT
              : OutputRecord.Deferred.MAX_FRAMES;
          emit(Alu.mov(Reg.R1, CTX), Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, at + 8),
              Alu.mov(Reg.R3, 8 * frames),
              Alu.mov(Reg.R4, d.isUser() ? BPF_F_USER_STACK : 0),
              Call.helper(GET_STACK));
          Label got = new Label("stack_ok");
          emit(Jump.ifSignedGreaterOrEqual(Reg.R0, 0, got), Alu.mov(Reg.R0, 0));
          asm.bind(got);
          emit(Store.of(Size.DW, SCRATCH, at, Reg.R0));
          if (d.isUser()) {
            int caller = at + 8 + 8 * OutputRecord.Deferred.CALLER_SLOT;
            emit(StoreImm.of(Size.DW, SCRATCH, caller, 0));
            if (probe.target() instanceof io.jstap.sema.ProbeTarget.ProcessFunction f
                && !f.isReturn()) {
              // the return address at [rsp] on entry (a failed read leaves 0)
              emit(Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, caller), Alu.mov(Reg.R2, 8),
                  Load.of(Size.DW, Reg.R3, CTX, (int) Registers.indexOf("rsp") * 8),
                  Call.helper(Helpers.PROBE_READ_USER));
            }
          }
          continue;
        }
        if (field.kind() == RecordKind.STRING && !deferred) {
          stringIntoRecord(arg, at, field.capacity());
        } else {
          longExpr(arg);
          emit(Store.of(Size.DW, SCRATCH, at, Reg.R0));
        }
      }
    }
    emit(Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, buf));
    RingBufferOutput.emitOutput(asm, Shared.RING, Shared.LOST, Reg.R2, size, ZERO_KEY);
  }

  /** Evaluates a string argument straight into a record field. */
  private void stringIntoRecord(Expr arg, int at, int capacity) {
    stringExpr(arg);
    emit(Alu.mov(Reg.R3, Reg.R0), Alu.mov(Reg.R1, SCRATCH), Alu.add(Reg.R1, at),
        Alu.mov(Reg.R2, capacity), Call.helper(Helpers.PROBE_READ_KERNEL_STR));
    // A failed copy leaves garbage: make it an empty string.
    Label ok = new Label("field_ok");
    emit(Jump.ifSignedGreater(Reg.R0, 0, ok), StoreImm.of(Size.B, SCRATCH, at, 0));
    asm.bind(ok);
  }

  /**
   * {@code error(message)} inside a try block: the catch variable, if any, gets the message and
   * the catch block runs. False outside try blocks (the caller then reports the error).
   */
  boolean catchError(Expr message) {
    if (catches.isEmpty()) return false;
    Catch c = catches.peek();
    stringExpr(message);
    if (c.messageVar() != null) copyString(localOffset(c.messageVar()), Reg.R0);
    emit(Jump.to(c.handler()));
    return true;
  }

  /**
   * A full array, as SystemTap words it: the declared size, or MAXMAPENTRIES for arrays
   * declared without one, near the array's name.
   */
  private void arrayOverflow(String name, Span span) {
    var global = shared.script.globals().get(name);
    int declared = global == null || global.globalDecl() == null ? 0
        : global.globalDecl().maxEntries();
    raise("Array overflow, check " + (declared > 0 ? "size limit (" + declared + ")"
        : "MAXMAPENTRIES"), "identifier '" + name + "'", span);
  }

  /**
   * A run-time error at {@code span}: inside try, jump to the catch block; otherwise send an
   * ERROR record ("message near ... at file:line:col") and leave the handler.
   */
  void raise(String message, Span span, Expr detail) {
    raise(message, near(span), span);
  }

  /** Raises {@code message}, reported "near" {@code nearText} at {@code span}. */
  private void raise(String message, String nearText, Span span) {
    String text = message + " near " + nearText + " at " + shared.location(span);
    if (!catches.isEmpty()) {
      Catch c = catches.peek();
      if (c.messageVar() != null) {
        // The catch variable gets the error alone; "near ... at ..." is for the ERROR line.
        emit(LoadImm64.mapValue(Reg.R0, StringTable.MAP, shared.strings.offsetOf(message)));
        int off = localOffset(c.messageVar());
        copyString(off, Reg.R0);
      }
      emit(Jump.to(c.handler()));
      return;
    }
    OutputRecord r = errorRecord(text);
    int buf = scratch(r.size());
    emit(StoreImm.of(Size.W, SCRATCH, buf, r.id()), StoreImm.of(Size.W, SCRATCH, buf + 4, 0),
        Alu.mov(Reg.R2, SCRATCH), Alu.add(Reg.R2, buf));
    RingBufferOutput.emitOutput(asm, Shared.RING, Shared.LOST, Reg.R2, r.size(), ZERO_KEY);
    countError();
    emit(Jump.to(exit));
  }

  /**
   * Counts an uncaught run-time error; the one past MAXERRORS stops every handler at once
   * (the session then ends, running error probes rather than end probes).
   */
  void countError() {
    Label below = new Label("errors_below_max");
    emit(LoadImm64.mapValue(Reg.R1, Shared.RUNTIME, Shared.RUNTIME_ERRORS),
        Alu.mov(Reg.R2, 1),
        new Atomic(Size.DW, AtomicOp.FETCH_ADD, Reg.R1, 0, Reg.R2),
        Jump.ifLess(Reg.R2, shared.limits.maxErrors(), below),
        LoadImm64.mapValue(Reg.R1, Shared.RUNTIME, Shared.RUNTIME_EXITING),
        StoreImm.of(Size.DW, Reg.R1, 0, 1));
    asm.bind(below);
  }

  private OutputRecord errorRecord(String text) {
    Integer id = errorRecords.get(text);
    if (id != null) return shared.records.get(id);
    String escaped = text.replace("%", "%%");
    StapFormat format = ((FormatParse.Parsed) StapFormat.parse(escaped)).format();
    var r = shared.record(OutputRecord.Channel.ERROR, format, RecordLayout.pack(format, maxLen, 0));
    errorRecords.put(text, r.id());
    return r;
  }

  /** SystemTap's "near" part: the token at the error. */
  private static String near(Span span) {
    String t = span.text();
    if (t.matches("[-+*/%<>=!&|^.]+")) return "operator '" + t + "'";
    int newline = t.indexOf('\n');
    if (newline >= 0) t = t.substring(0, newline);
    if (t.length() > 40) t = t.substring(0, 40);
    return "'" + t + "'";
  }

  /** Bytes of a string literal (chars 0..255). */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The current frame's locals (for builtins that write a local). */
  int maxStringLen() {
    return maxLen;
  }

  Shared shared() {
    return shared;
  }

  /** The kernel's types, or null when this probe compiled without them. */
  io.jstap.kernel.btf.Btf btf() {
    return btf;
  }

  Label exitLabel() {
    return exit;
  }

  int zeroKeySlot() {
    return ZERO_KEY;
  }

  /** Runs {@code body} with a fresh list used for string arguments. */
  List<Expr> list(List<Expr> l) {
    return new ArrayList<>(l);
  }

  void copyStringTo(int dst, Reg src) {
    copyString(dst, src);
  }
}
