package io.jstap.runtime.interp;

import io.jstap.codegen.Limits;
import io.jstap.lang.Span;
import io.jstap.lang.ast.AnyIndex;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.AssignOp;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.BinaryOp;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.BreakStmt;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.ConstOp;
import io.jstap.lang.ast.ContinueStmt;
import io.jstap.lang.ast.Crement;
import io.jstap.lang.ast.CrementOp;
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
import io.jstap.lang.ast.FunctionDecl;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.lang.ast.IfStmt;
import io.jstap.lang.ast.InArray;
import io.jstap.lang.ast.NextStmt;
import io.jstap.lang.ast.Node;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.PerfOp;
import io.jstap.lang.ast.ProbeWriteOp;
import io.jstap.lang.ast.RegexMatch;
import io.jstap.lang.ast.RegisterOp;
import io.jstap.lang.ast.ReturnStmt;
import io.jstap.lang.ast.SortOrder;
import io.jstap.lang.ast.StatKind;
import io.jstap.lang.ast.StatOp;
import io.jstap.lang.ast.Stmt;
import io.jstap.lang.ast.StringLit;
import io.jstap.lang.ast.TargetExpr;
import io.jstap.lang.ast.Ternary;
import io.jstap.lang.ast.TryStmt;
import io.jstap.lang.ast.Unary;
import io.jstap.lang.ast.Variable;
import io.jstap.lang.ast.WhileStmt;
import io.jstap.runtime.GlobalStore;
import io.jstap.format.FormatLimits;
import io.jstap.format.LongValue;
import io.jstap.format.ScriptValue;
import io.jstap.format.StatSummary;
import io.jstap.format.StringValue;
import io.jstap.sema.Builtin;
import io.jstap.sema.CheckedScript;
import io.jstap.sema.FunctionSymbol;
import io.jstap.sema.ResolvedProbe;
import io.jstap.sema.Type;
import io.jstap.sema.VariableSymbol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the handlers of user-space probes (begin, end, error, timers) and the functions they
 * call, over the globals of a {@link GlobalStore}, with SystemTap's semantics: 64-bit wrapping
 * arithmetic, strings of at most MAXSTRINGLEN - 1 bytes, MAXACTION statements per handler run,
 * MAXNESTING nested function calls, run-time errors as {@link ScriptError}s with SystemTap's
 * texts.
 *
 * <p>A handler runs in a fresh frame of locals (0 and ""), its probe's {@code if} conditions
 * first. {@code next} leaves it; {@code exit()} asks the session to end through the {@link
 * HandlerContext} and the handler goes on, as in SystemTap.
 *
 * <p>One handler at a time: {@link #run} must not be called while another run is under way
 * (SystemTap's handlers would take the globals' locks; jstap's session runs user-space handlers
 * one after the other).
 */
public final class Interpreter {
  static final byte[] EMPTY = new byte[0];

  final CheckedScript script;
  final GlobalStore globals;
  final HandlerContext context;
  final Limits limits;
  final FormatLimits formatLimits;
  /** Bytes a string may hold: MAXSTRINGLEN less its NUL. */
  final int maxString;

  private final IdentityHashMap<VariableSymbol, Integer> slots = new IdentityHashMap<>();
  private final Map<Integer, Integer> handlerFrameSizes = new java.util.HashMap<>();
  private final IdentityHashMap<FunctionSymbol, Integer> functionFrameSizes =
      new IdentityHashMap<>();
  private final IdentityHashMap<RegexMatch, Object> regexes = new IdentityHashMap<>();
  private final UserSpaceBuiltins builtins;

  // State of the run under way.
  private boolean running;
  private long actionsLeft;
  private int depth;
  ResolvedProbe probe;
  /** The last {@code =~} of this run, for matched(); null before the first. */
  LastMatch lastMatch;

  /** The outcome of the last regex match: the subject and spans, or null spans on failure. */
  record LastMatch(byte[] subject, int[] spans, int groups) {}

  public Interpreter(CheckedScript script, GlobalStore globals, HandlerContext context) {
    this.script = script;
    this.globals = globals;
    this.context = context;
    this.limits = context.limits();
    this.maxString = limits.maxStringLen() - 1;
    // STP_BUFFER_SIZE (runtime/transport/transport.h) bounds one printf.
    this.formatLimits = new FormatLimits(FormatLimits.DEFAULT.printBufferSize(),
        limits.maxStringLen());
    for (var e : script.handlerLocals().entrySet()) {
      handlerFrameSizes.put(e.getKey(), layOut(e.getValue().values()));
    }
    for (FunctionSymbol f : script.functions().values()) {
      functionFrameSizes.put(f, layOut(f.locals().values()));
    }
    this.builtins = new UserSpaceBuiltins(this);
  }

  private int layOut(java.util.Collection<VariableSymbol> locals) {
    int n = 0;
    for (VariableSymbol v : locals) slots.put(v, n++);
    return n;
  }

  /**
   * Writes the initial values of globals declared with one ({@code global x = 5}) to the store.
   * The session calls it once, before any handler runs.
   */
  public void initializeGlobals() {
    for (VariableSymbol g : script.globals().values()) {
      var decl = g.globalDecl();
      if (decl == null || decl.initializer() == null || g.isArray()) continue;
      switch (decl.initializer()) {
        case NumberLit n -> globals.write(g.name(), new LongValue(n.value()));
        case StringLit s -> globals.write(g.name(), new StringValue(clip(s.bytes())));
      }
    }
  }

  /**
   * Runs one probe's handler: its conditions, then the aliases' prologues, the handler and the
   * epilogues. Output written by the handler is flushed when it ends.
   *
   * @throws ScriptError on a run-time error; the handler stops there
   */
  public void run(ResolvedProbe probe) throws ScriptError {
    if (running) throw new IllegalStateException("a handler is already running");
    Integer size = handlerFrameSizes.get(probe.group());
    Frame frame = new Frame(size == null ? 0 : size);
    running = true;
    this.probe = probe;
    actionsLeft = actionBudget(limits);
    depth = 0;
    lastMatch = null;
    try {
      for (Expr condition : probe.conditions()) {
        if (evalLong(condition, frame) == 0) return;
      }
      for (Block b : probe.blocks()) {
        if (exec(b, frame) == Status.NEXT) break;
      }
    } catch (StackOverflowError e) {
      throw new ScriptError("MAXNESTING exceeded (" + limits.maxNesting() + " is more nested"
          + " calls than jstap's stack holds; lower MAXNESTING)", null, true);
    } finally {
      running = false;
      this.probe = null;
      if (context.output().pending() > 0) context.output().flush();
    }
  }

  // ---- frames ---------------------------------------------------------------------------------

  /** The locals of one handler run or function call. */
  static final class Frame {
    final long[] longs;
    final byte[][] strings;
    long returnLong;
    byte[] returnString = EMPTY;

    Frame(int size) {
      longs = new long[size];
      strings = new byte[size][];
      Arrays.fill(strings, EMPTY);
    }
  }

  private enum Status {
    NORMAL,
    BREAK,
    CONTINUE,
    RETURN,
    NEXT
  }

  private int slot(VariableSymbol s) {
    Integer i = slots.get(s);
    if (i == null) throw new IllegalStateException("no frame slot for local '" + s.name() + "'");
    return i;
  }

  VariableSymbol symbol(Variable v) {
    VariableSymbol s = script.symbolOf(v);
    if (s == null) throw new IllegalStateException("unresolved variable '" + v.name() + "'");
    return s;
  }

  // ---- statements -----------------------------------------------------------------------------

  /**
   * The statements one handler run may execute. SystemTap's runtime builds with INTERRUPTIBLE
   * (runtime_defines.h), so every handler starts with MAXACTION_INTERRUPTIBLE actions, which is
   * MAXACTION * 10 unless set (tapsets.cxx, common_probe_entryfn_prologue; stap(1): "such as
   * begin/end probes").
   */
  static long actionBudget(Limits limits) {
    return limits.maxAction() * 10L;
  }

  /** One action of MAXACTION's count (translate.cxx, record_actions). */
  private void action(Node at) {
    if (--actionsLeft < 0) {
      throw new ScriptError("MAXACTION exceeded", SourceTokens.at(at.span()), false);
    }
  }

  private Status exec(Stmt s, Frame f) {
    switch (s) {
      case Block b -> {
        for (Stmt st : b.statements()) {
          Status r = exec(st, f);
          if (r != Status.NORMAL) return r;
        }
        return Status.NORMAL;
      }
      case ExprStmt e -> {
        action(e);
        evalEffect(e.expr(), f);
        return Status.NORMAL;
      }
      case IfStmt i -> {
        action(i);
        if (evalLong(i.condition(), f) != 0) return exec(i.then(), f);
        return i.otherwise() == null ? Status.NORMAL : exec(i.otherwise(), f);
      }
      case WhileStmt w -> {
        action(w);
        while (true) {
          action(w);
          if (evalLong(w.condition(), f) == 0) return Status.NORMAL;
          Status r = exec(w.body(), f);
          if (r == Status.BREAK) return Status.NORMAL;
          if (r == Status.RETURN || r == Status.NEXT) return r;
        }
      }
      case ForStmt fs -> {
        if (fs.init() != null) evalEffect(fs.init(), f);
        action(fs);
        while (true) {
          action(fs);
          if (fs.condition() != null && evalLong(fs.condition(), f) == 0) return Status.NORMAL;
          Status r = exec(fs.body(), f);
          if (r == Status.BREAK) return Status.NORMAL;
          if (r == Status.RETURN || r == Status.NEXT) return r;
          if (fs.update() != null) evalEffect(fs.update(), f);
        }
      }
      case ForeachStmt fe -> {
        return foreach(fe, f);
      }
      case NextStmt n -> {
        action(n);
        return Status.NEXT;
      }
      case BreakStmt b -> {
        action(b);
        return Status.BREAK;
      }
      case ContinueStmt c -> {
        action(c);
        return Status.CONTINUE;
      }
      case ReturnStmt r -> {
        if (r.value() != null) {
          if (script.typeOf(r.value()) == Type.STRING) {
            f.returnString = clip(evalString(r.value(), f));
          } else {
            f.returnLong = evalLong(r.value(), f);
          }
        }
        action(r);
        return Status.RETURN;
      }
      case DeleteStmt d -> {
        delete(d, f);
        action(d);
        return Status.NORMAL;
      }
      case TryStmt t -> {
        try {
          return exec(t.body(), f);
        } catch (ScriptError e) {
          // MAXACTION is not catchable (translate.cxx, visit_try_block).
          if (!e.catchable()) throw e;
          if (t.messageVariable() != null) {
            writeVar(t.messageVariable(),
                new StringValue(clip(e.reason().getBytes(StandardCharsets.UTF_8))), f);
          }
          action(t); // the act of catching
          return exec(t.handler(), f);
        }
      }
      case EmptyStmt e -> {
        return Status.NORMAL;
      }
    }
  }

  private Status foreach(ForeachStmt fe, Frame f) {
    long limit = fe.limit() == null ? Long.MAX_VALUE : evalLong(fe.limit(), f);
    if (fe.array() instanceof HistogramOp h) {
      // Every bucket, empty ones too (translate.cxx, visit_foreach_loop).
      StatSummary stat = stat(h.operand(), f);
      action(fe);
      long visited = 0;
      for (int i = 0; i < stat.bucketCount() && visited < limit; i++, visited++) {
        action(fe);
        writeVar(fe.keys().getFirst(), new LongValue(i), f);
        if (fe.value() != null) writeVar(fe.value(), new LongValue(stat.bucket(i)), f);
        Status r = exec(fe.body(), f);
        if (r == Status.BREAK) break;
        if (r == Status.RETURN || r == Status.NEXT) return r;
      }
      return Status.NORMAL;
    }
    VariableSymbol array = symbol((Variable) fe.array());
    var entries = new ArrayList<>(globals.entries(array.name()));
    if (!fe.slice().isEmpty()) {
      ScriptValue[] slice = slice(fe.slice(), f);
      entries.removeIf(e -> !matches(e.getKey(), slice));
    }
    if (fe.sortOrder() != SortOrder.NONE) {
      Comparator<Map.Entry<List<ScriptValue>, ScriptValue>> order;
      if (fe.sortColumn() == 0) {
        StatKind by = fe.sortAggregate();
        order = (a, b) -> compare(a.getValue(), b.getValue(), by);
      } else {
        int k = fe.sortColumn() - 1;
        order = (a, b) -> compare(a.getKey().get(k), b.getKey().get(k), null);
      }
      entries.sort(fe.sortOrder() == SortOrder.DESCENDING ? order.reversed() : order);
    }
    action(fe);
    long visited = 0;
    for (var e : entries) {
      if (visited++ >= limit) break;
      action(fe);
      for (int i = 0; i < fe.keys().size(); i++) writeVar(fe.keys().get(i), e.getKey().get(i), f);
      if (fe.value() != null) writeVar(fe.value(), e.getValue(), f);
      Status r = exec(fe.body(), f);
      if (r == Status.BREAK) break;
      if (r == Status.RETURN || r == Status.NEXT) return r;
    }
    return Status.NORMAL;
  }

  /**
   * Orders values as SystemTap's map sort does (runtime/map.c): longs as signed numbers, strings
   * bytewise, statistics by the aggregate {@code @count} unless {@code by} names another
   * (translate.cxx maps only @sum, @min, @max and @avg to other orders).
   */
  private static int compare(ScriptValue a, ScriptValue b, StatKind by) {
    return switch (a) {
      case LongValue(long x) -> Long.compare(x, ((LongValue) b).value());
      case StringValue s -> Arrays.compareUnsigned(s.bytes(), ((StringValue) b).bytes());
      case StatSummary s -> Long.compare(aggregate(s, by), aggregate((StatSummary) b, by));
    };
  }

  private static long aggregate(StatSummary s, StatKind by) {
    if (s.isEmpty()) return 0;
    if (by == null) return s.count();
    return switch (by) {
      case SUM -> s.sum();
      case MIN -> s.min();
      case MAX -> s.max();
      case AVG -> s.avg();
      case COUNT, VARIANCE -> s.count();
    };
  }

  private ScriptValue[] slice(List<Expr> keys, Frame f) {
    var slice = new ScriptValue[keys.size()];
    for (int i = 0; i < slice.length; i++) {
      Expr k = keys.get(i);
      slice[i] = k instanceof AnyIndex ? null : keyValue(k, f);
    }
    return slice;
  }

  private static boolean matches(List<ScriptValue> key, ScriptValue[] slice) {
    for (int i = 0; i < slice.length; i++) {
      if (slice[i] != null && !slice[i].equals(key.get(i))) return false;
    }
    return true;
  }

  private static boolean hasWildcard(List<Expr> keys) {
    for (Expr k : keys) if (k instanceof AnyIndex) return true;
    return false;
  }

  private void delete(DeleteStmt d, Frame f) {
    switch (d.target()) {
      case Variable v -> {
        VariableSymbol s = symbol(v);
        if (s.scope() == VariableSymbol.Scope.GLOBAL) {
          globals.clear(s.name());
        } else {
          f.longs[slot(s)] = 0;
          f.strings[slot(s)] = EMPTY;
        }
      }
      case ArrayIndex a when a.base() instanceof Variable v -> {
        String name = symbol(v).name();
        if (hasWildcard(a.indexes())) {
          ScriptValue[] slice = slice(a.indexes(), f);
          for (var e : globals.entries(name)) {
            if (matches(e.getKey(), slice)) globals.delete(name, e.getKey());
          }
        } else {
          globals.delete(name, keys(a, f));
        }
      }
      default -> throw new IllegalStateException("cannot delete " + d.target().span().text());
    }
  }

  // ---- expressions ----------------------------------------------------------------------------

  /** Evaluates an expression for its effect (an expression statement, a for loop's parts). */
  private void evalEffect(Expr e, Frame f) {
    switch (e) {
      case Call c -> call(c, f);
      case Assign a when a.op() == AssignOp.AGGREGATE -> aggregateValue(a, f);
      default -> {
        if (script.typeOf(e) == Type.STRING) evalString(e, f);
        else evalLong(e, f);
      }
    }
  }

  long evalLong(Expr e, Frame f) {
    return switch (e) {
      case NumberLit n -> n.value();
      case Variable v -> readLong(symbol(v), f);
      case ArrayIndex a -> {
        if (a.base() instanceof HistogramOp h) yield bucket(h, evalLong(a.indexes().getFirst(), f),
            a, f);
        ScriptValue v = globals.get(symbol((Variable) a.base()).name(), keys(a, f));
        yield v == null ? 0 : ((LongValue) v).value();
      }
      case Call c -> {
        Object r = call(c, f);
        yield r == null ? 0 : (Long) r;
      }
      case Unary u -> {
        long v = evalLong(u.operand(), f);
        yield switch (u.op()) {
          case PLUS -> v;
          case MINUS -> -v;
          case NOT -> v == 0 ? 1 : 0;
          case BIT_NOT -> ~v;
        };
      }
      case Crement c -> crement(c, f);
      case Binary b -> binary(b, f);
      case RegexMatch r -> regex(r, f);
      case Ternary t -> evalLong(t.condition(), f) != 0 ? evalLong(t.ifTrue(), f)
          : evalLong(t.ifFalse(), f);
      case Assign a -> assignLong(a, f);
      case InArray i -> in(i, f) ? 1 : 0;
      case StatOp s -> statistic(s, f);
      case DefinedOp d -> d.operand() instanceof TargetExpr ? 0 : 1;
      case StringLit s -> throw wrongType(e);
      case AnyIndex a -> throw wrongType(e);
      case HistogramOp h -> throw wrongType(e);
      case TargetExpr t -> throw noContext(e, "target variables");
      case EntryOp en -> throw noContext(e, "@entry");
      case PerfOp p -> throw noContext(e, "perf counters");
      case RegisterOp r -> throw noContext(e, "registers");
      case DerefOp d -> throw noContext(e, "memory to dereference");
      case ProbeWriteOp p -> throw noContext(e, "@probewrite");
      case ConstOp c -> throw noContext(e, "embedded C");
      case EmbeddedExpr x -> throw noContext(e, "embedded C");
    };
  }

  byte[] evalString(Expr e, Frame f) {
    return switch (e) {
      case StringLit s -> s.bytes();
      case Variable v -> readString(symbol(v), f);
      case ArrayIndex a -> {
        ScriptValue v = globals.get(symbol((Variable) a.base()).name(), keys(a, f));
        yield v == null ? EMPTY : ((StringValue) v).bytes();
      }
      case Call c -> {
        Object r = call(c, f);
        yield r == null ? EMPTY : (byte[]) r;
      }
      case Binary b when b.op() == BinaryOp.CONCAT -> concat(evalString(b.left(), f),
          evalString(b.right(), f));
      case Ternary t -> evalLong(t.condition(), f) != 0 ? evalString(t.ifTrue(), f)
          : evalString(t.ifFalse(), f);
      case Assign a -> assignString(a, f);
      case TargetExpr t -> throw noContext(e, "target variables");
      case EntryOp en -> throw noContext(e, "@entry");
      case EmbeddedExpr x -> throw noContext(e, "embedded C");
      case Binary b -> throw wrongType(e);
      case NumberLit n -> throw wrongType(e);
      case AnyIndex a -> throw wrongType(e);
      case Unary u -> throw wrongType(e);
      case Crement c -> throw wrongType(e);
      case RegexMatch r -> throw wrongType(e);
      case InArray i -> throw wrongType(e);
      case StatOp s -> throw wrongType(e);
      case HistogramOp h -> throw wrongType(e);
      case DefinedOp d -> throw wrongType(e);
      case ProbeWriteOp p -> throw wrongType(e);
      case ConstOp c -> throw wrongType(e);
      case PerfOp p -> throw wrongType(e);
      case RegisterOp r -> throw wrongType(e);
      case DerefOp d -> throw wrongType(e);
    };
  }

  private static IllegalStateException wrongType(Expr e) {
    return new IllegalStateException("expression '" + e.span().text() + "' at " + e.span()
        + " has no value of the type used");
  }

  /** Constructs that only kernel-context or guru-mode code has; pass 2 rejects them. */
  private IllegalStateException noContext(Expr e, String what) {
    return new IllegalStateException(e.span() + ": " + what + " cannot be evaluated in a"
        + " user-space probe (" + e.span().text() + ")");
  }

  private long readLong(VariableSymbol s, Frame f) {
    if (s.scope() == VariableSymbol.Scope.GLOBAL) {
      return ((LongValue) globals.read(s.name())).value();
    }
    return f.longs[slot(s)];
  }

  private byte[] readString(VariableSymbol s, Frame f) {
    if (s.scope() == VariableSymbol.Scope.GLOBAL) {
      return ((StringValue) globals.read(s.name())).bytes();
    }
    return f.strings[slot(s)];
  }

  private void writeLong(VariableSymbol s, long v, Frame f) {
    if (s.scope() == VariableSymbol.Scope.GLOBAL) globals.write(s.name(), new LongValue(v));
    else f.longs[slot(s)] = v;
  }

  private void writeString(VariableSymbol s, byte[] v, Frame f) {
    byte[] clipped = clip(v);
    if (s.scope() == VariableSymbol.Scope.GLOBAL) globals.write(s.name(), new StringValue(clipped));
    else f.strings[slot(s)] = clipped;
  }

  private void writeVar(Variable v, ScriptValue value, Frame f) {
    VariableSymbol s = symbol(v);
    switch (value) {
      case LongValue(long l) -> writeLong(s, l, f);
      case StringValue str -> writeString(s, str.bytes(), f);
      case StatSummary st -> throw new IllegalStateException("a statistic is not a value");
    }
  }

  /** A string cut to MAXSTRINGLEN - 1 bytes, as every string variable holds it. */
  byte[] clip(byte[] b) {
    return b.length <= maxString ? b : Arrays.copyOf(b, maxString);
  }

  private byte[] concat(byte[] a, byte[] b) {
    int n = Math.min(a.length + b.length, maxString);
    if (n <= a.length) return Arrays.copyOf(a, n);
    byte[] r = Arrays.copyOf(a, n);
    System.arraycopy(b, 0, r, a.length, n - a.length);
    return r;
  }

  // ---- arrays and statistics ------------------------------------------------------------------

  ScriptValue keyValue(Expr k, Frame f) {
    return script.typeOf(k) == Type.STRING ? new StringValue(clip(evalString(k, f)))
        : new LongValue(evalLong(k, f));
  }

  private List<ScriptValue> keys(ArrayIndex a, Frame f) {
    List<Expr> indexes = a.indexes();
    if (indexes.size() == 1) return List.of(keyValue(indexes.getFirst(), f));
    var keys = new ScriptValue[indexes.size()];
    for (int i = 0; i < keys.length; i++) keys[i] = keyValue(indexes.get(i), f);
    return List.of(keys);
  }

  private void put(VariableSymbol array, List<ScriptValue> keys, ScriptValue value, Node at) {
    try {
      globals.put(array.name(), keys, value);
    } catch (GlobalStore.ArrayFullException e) {
      throw arrayOverflow(array, at);
    }
  }

  /** translate.cxx names the declared size, or MAXMAPENTRIES for arrays declared without. */
  private ScriptError arrayOverflow(VariableSymbol array, Node at) {
    int declared = array.globalDecl() == null ? 0 : array.globalDecl().maxEntries();
    return new ScriptError("Array overflow, check " + (declared > 0
        ? "size limit (" + declared + ")" : "MAXMAPENTRIES"), SourceTokens.at(at.span()), true);
  }

  StatSummary stat(Expr operand, Frame f) {
    return switch (operand) {
      case Variable v -> globals.stat(symbol(v).name(), List.of());
      case ArrayIndex a when a.base() instanceof Variable v ->
          globals.stat(symbol(v).name(), keys(a, f));
      default -> throw new IllegalStateException("not a statistic: " + operand.span().text());
    };
  }

  private long statistic(StatOp s, Frame f) {
    StatSummary stat = stat(s.operand(), f);
    // @count and @sum of an empty statistic are 0; the others are an error (translate.cxx,
    // visit_stat_op, "PR 2142+2610: empty aggregates").
    if (s.kind() == StatKind.COUNT) return stat.count();
    if (s.kind() == StatKind.SUM) return stat.sum();
    if (stat.isEmpty()) throw new ScriptError("empty aggregate", SourceTokens.at(s.span()), true);
    return switch (s.kind()) {
      case MIN -> stat.min();
      case MAX -> stat.max();
      case AVG -> stat.avg();
      case VARIANCE -> stat.variance();
      case COUNT, SUM -> throw new IllegalStateException("handled above");
    };
  }

  /** {@code @hist_*(s)[index]}: a bucket's count (translate.cxx, visit_arrayindex). */
  private long bucket(HistogramOp h, long index, Node at, Frame f) {
    StatSummary stat = stat(h.operand(), f);
    if (stat.isEmpty()) throw new ScriptError("empty aggregate", SourceTokens.at(at.span()), true);
    if (index < 0 || index >= stat.bucketCount()) {
      throw new ScriptError("histogram index out of range", SourceTokens.at(at.span()), true);
    }
    return stat.bucket((int) index);
  }

  private boolean in(InArray i, Frame f) {
    if (i.array() instanceof HistogramOp h) {
      // 'k in @hist(...)' is '@hist(...)[k] != 0' (translate.cxx, visit_array_in).
      return bucket(h, evalLong(i.keys().getFirst(), f), i, f) != 0;
    }
    String name = symbol((Variable) i.array()).name();
    if (hasWildcard(i.keys())) {
      ScriptValue[] slice = slice(i.keys(), f);
      for (var e : globals.entries(name)) if (matches(e.getKey(), slice)) return true;
      return false;
    }
    var keys = new ScriptValue[i.keys().size()];
    for (int k = 0; k < keys.length; k++) keys[k] = keyValue(i.keys().get(k), f);
    return globals.contains(name, List.of(keys));
  }

  private long aggregateValue(Assign a, Frame f) {
    switch (a.target()) {
      case Variable v -> {
        long value = evalLong(a.value(), f);
        globals.add(symbol(v).name(), List.of(), value);
        return value;
      }
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        VariableSymbol array = symbol(v);
        List<ScriptValue> keys = keys(ai, f);
        long value = evalLong(a.value(), f);
        try {
          globals.add(array.name(), keys, value);
        } catch (GlobalStore.ArrayFullException e) {
          throw arrayOverflow(array, ai);
        }
        return value;
      }
      default -> throw new IllegalStateException("<<< into " + a.target().span().text());
    }
  }

  // ---- operators ------------------------------------------------------------------------------

  private long binary(Binary b, Frame f) {
    switch (b.op()) {
      case AND -> {
        return evalLong(b.left(), f) != 0 && evalLong(b.right(), f) != 0 ? 1 : 0;
      }
      case OR -> {
        return evalLong(b.left(), f) != 0 || evalLong(b.right(), f) != 0 ? 1 : 0;
      }
      case LT, GT, LE, GE, EQ, NE -> {
        int c;
        if (script.typeOf(b.left()) == Type.STRING || script.typeOf(b.right()) == Type.STRING) {
          // strncmp: bytes compared as unsigned char
          c = Arrays.compareUnsigned(evalString(b.left(), f), evalString(b.right(), f));
        } else {
          c = Long.compare(evalLong(b.left(), f), evalLong(b.right(), f));
        }
        boolean r = switch (b.op()) {
          case LT -> c < 0;
          case GT -> c > 0;
          case LE -> c <= 0;
          case GE -> c >= 0;
          case EQ -> c == 0;
          default -> c != 0;
        };
        return r ? 1 : 0;
      }
      case CONCAT -> throw wrongType(b);
      default -> {
        long l = evalLong(b.left(), f);
        long r = evalLong(b.right(), f);
        return arithmetic(b.op(), l, r, b);
      }
    }
  }

  /**
   * 64-bit arithmetic as the C that SystemTap emits: wrapping, shift counts masked to 6 bits,
   * {@code >>} arithmetic and {@code >>>} logical, {@code /} and {@code %} by zero an error
   * (x / -1 and x % -1 give -x and 0 as _stp_div64/_stp_mod64 do, which Java also does).
   */
  private long arithmetic(BinaryOp op, long l, long r, Expr at) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> {
        if (r == 0) throw divisionByZero(at);
        yield l / r;
      }
      case MOD -> {
        if (r == 0) throw divisionByZero(at);
        yield l % r;
      }
      case SHL -> l << (r & 63);
      case SHR -> l >> (r & 63);
      case USHR -> l >>> (r & 63);
      case BIT_AND -> l & r;
      case BIT_OR -> l | r;
      case BIT_XOR -> l ^ r;
      default -> throw new IllegalStateException("not arithmetic: " + op);
    };
  }

  private ScriptError divisionByZero(Expr at) {
    return new ScriptError("division by 0", principalToken(at), true);
  }

  /**
   * The token SystemTap names for an expression: the operator of an operation, else its first
   * token.
   */
  static String principalToken(Expr e) {
    return switch (e) {
      case Binary b -> operatorToken(b.left(), b.op().symbol(), b);
      case RegexMatch r -> operatorToken(r.subject(), r.negated() ? "!~" : "=~", r);
      case Assign a -> operatorToken(a.target(), a.op().symbol(), a);
      case Ternary t -> operatorToken(t.condition(), "?", t);
      case Crement c when !c.op().isPrefix() -> operatorToken(c.operand(), c.op().symbol(), c);
      default -> SourceTokens.at(e.span());
    };
  }

  private static String operatorToken(Expr left, String symbol, Expr whole) {
    Span s = whole.span();
    int at = left.span().source() == s.source()
        ? SourceTokens.operatorAfter(s.source(), left.span().end(), symbol, s.start())
        : s.start();
    return SourceTokens.at(s.source(), at);
  }

  private long crement(Crement c, Frame f) {
    long delta = c.op() == CrementOp.PRE_INCREMENT || c.op() == CrementOp.POST_INCREMENT ? 1 : -1;
    switch (c.operand()) {
      case Variable v -> {
        VariableSymbol s = symbol(v);
        long old = readLong(s, f);
        writeLong(s, old + delta, f);
        return c.op().isPrefix() ? old + delta : old;
      }
      case ArrayIndex a when a.base() instanceof Variable v -> {
        VariableSymbol s = symbol(v);
        List<ScriptValue> keys = keys(a, f);
        ScriptValue cur = globals.get(s.name(), keys);
        long old = cur == null ? 0 : ((LongValue) cur).value();
        put(s, keys, new LongValue(old + delta), a);
        return c.op().isPrefix() ? old + delta : old;
      }
      default -> throw new IllegalStateException("cannot change " + c.operand().span().text());
    }
  }

  private long assignLong(Assign a, Frame f) {
    if (a.op() == AssignOp.AGGREGATE) return aggregateValue(a, f);
    switch (a.target()) {
      case Variable v -> {
        VariableSymbol s = symbol(v);
        long value = evalLong(a.value(), f);
        long result = a.op() == AssignOp.ASSIGN ? value
            : compound(a, readLong(s, f), value);
        writeLong(s, result, f);
        return result;
      }
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        VariableSymbol s = symbol(v);
        List<ScriptValue> keys = keys(ai, f); // SystemTap evaluates the keys before the value
        long value = evalLong(a.value(), f);
        long result;
        if (a.op() == AssignOp.ASSIGN) {
          result = value;
        } else {
          ScriptValue cur = globals.get(s.name(), keys);
          result = compound(a, cur == null ? 0 : ((LongValue) cur).value(), value);
        }
        put(s, keys, new LongValue(result), ai);
        return result;
      }
      default -> throw new IllegalStateException("cannot assign to " + a.target().span().text());
    }
  }

  private long compound(Assign a, long current, long value) {
    BinaryOp op = a.op().binary();
    if ((op == BinaryOp.DIV || op == BinaryOp.MOD) && value == 0) {
      // c_assignop names the right-hand side's token
      throw new ScriptError("division by 0", principalToken(a.value()), true);
    }
    return arithmetic(op, current, value, a);
  }

  private byte[] assignString(Assign a, Frame f) {
    switch (a.target()) {
      case Variable v -> {
        VariableSymbol s = symbol(v);
        byte[] value = evalString(a.value(), f);
        byte[] result = a.op() == AssignOp.CONCAT ? concat(readString(s, f), value) : clip(value);
        writeString(s, result, f);
        return result;
      }
      case ArrayIndex ai when ai.base() instanceof Variable v -> {
        VariableSymbol s = symbol(v);
        List<ScriptValue> keys = keys(ai, f);
        byte[] value = evalString(a.value(), f);
        byte[] result;
        if (a.op() == AssignOp.CONCAT) {
          ScriptValue cur = globals.get(s.name(), keys);
          result = concat(cur == null ? EMPTY : ((StringValue) cur).bytes(), value);
        } else {
          result = clip(value);
        }
        put(s, keys, new StringValue(result), ai);
        return result;
      }
      default -> throw new IllegalStateException("cannot assign to " + a.target().span().text());
    }
  }

  private long regex(RegexMatch r, Frame f) {
    byte[] subject = evalString(r.subject(), f);
    Object compiled = regexes.get(r);
    if (compiled == null) {
      try {
        compiled = PosixRegex.compile(r.pattern().bytes());
      } catch (PosixRegex.RegexException e) {
        compiled = e;
      }
      regexes.put(r, compiled);
    }
    if (compiled instanceof PosixRegex.RegexException e) {
      throw new ScriptError("regex \"" + r.pattern().text() + "\": " + e.getMessage(),
          principalToken(r), true);
    }
    PosixRegex rx = (PosixRegex) compiled;
    int[] spans = rx.match(subject);
    lastMatch = new LastMatch(subject, spans, rx.groups());
    return (spans != null) != r.negated() ? 1 : 0;
  }

  // ---- calls ----------------------------------------------------------------------------------

  /** A call's value: a Long, a byte[] string, or null for functions that return nothing. */
  Object call(Call c, Frame f) {
    FunctionSymbol fn = script.functionCalls().get(c);
    if (fn != null) return callFunction(c, fn, f);
    Builtin b = script.builtinCalls().get(c);
    if (b == null) throw new IllegalStateException("unresolved call to " + c.function());
    return builtins.call(c, b, f);
  }

  private Object callFunction(Call c, FunctionSymbol fn, Frame caller) {
    Block body = fn.body();
    if (body == null) {
      throw new IllegalStateException("function " + fn.name() + " is embedded C");
    }
    Integer size = functionFrameSizes.get(fn);
    Frame callee = new Frame(size == null ? fn.params().size() : size);
    // Parameters by value, evaluated in the caller.
    for (int i = 0; i < fn.params().size(); i++) {
      VariableSymbol p = fn.params().get(i);
      Expr arg = c.args().get(i);
      if (p.type() == Type.STRING) callee.strings[slot(p)] = clip(evalString(arg, caller));
      else callee.longs[slot(p)] = evalLong(arg, caller);
    }
    // The callee checks the depth on entry (translate.cxx, emit_function), naming itself.
    if (depth >= limits.maxNesting()) {
      throw new ScriptError("MAXNESTING exceeded", functionToken(fn.decl()), true);
    }
    depth++;
    Status r;
    try {
      r = exec(body, callee);
    } finally {
      depth--;
    }
    if (r == Status.NEXT) {
      // 'next' in a function asks for the next overload of it; jstap keeps one per arity.
      throw new ScriptError("all functions exhausted", SourceTokens.at(c.span()), true);
    }
    return switch (fn.returnType()) {
      case LONG -> callee.returnLong;
      case STRING -> callee.returnString;
      case UNKNOWN, STATS -> null;
    };
  }

  /** The function's name in its declaration, which SystemTap's function token is. */
  private static String functionToken(FunctionDecl d) {
    Span s = d.span();
    String text = s.source().text();
    int keyword = text.indexOf("function", s.start());
    if (keyword >= 0 && keyword < s.end()) {
      int at = keyword + "function".length();
      while (at < s.end() && Character.isWhitespace(text.charAt(at))) at++;
      if (text.startsWith(d.name(), at)) return SourceTokens.at(s.source(), at);
    }
    return SourceTokens.at(s);
  }

  /** The probe point being run, as pp() returns it. */
  ResolvedProbe currentProbe() {
    return probe;
  }

  /** The bytes of a format or delimiter argument, which the parser requires to be a literal. */
  static byte[] literalBytes(Expr e) {
    if (e instanceof StringLit s) return s.bytes();
    throw new IllegalStateException("expected a string literal at " + e.span());
  }
}
