package io.jstap.sema;

import io.jstap.lang.Diagnostic;
import io.jstap.lang.Diagnostics;
import io.jstap.lang.Span;
import io.jstap.lang.Suggestions;
import io.jstap.lang.ast.AnyIndex;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.AssignOp;
import io.jstap.lang.ast.Binary;
import io.jstap.lang.ast.Block;
import io.jstap.lang.ast.BreakStmt;
import io.jstap.lang.ast.Call;
import io.jstap.lang.ast.ConstOp;
import io.jstap.lang.ast.ContinueStmt;
import io.jstap.lang.ast.Crement;
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
import io.jstap.lang.ast.HistogramKind;
import io.jstap.lang.ast.HistogramOp;
import io.jstap.lang.ast.IfStmt;
import io.jstap.lang.ast.InArray;
import io.jstap.lang.ast.Literal;
import io.jstap.lang.ast.NextStmt;
import io.jstap.lang.ast.NumberLit;
import io.jstap.lang.ast.PerfOp;
import io.jstap.lang.ast.ProbeWriteOp;
import io.jstap.lang.ast.RegexMatch;
import io.jstap.lang.ast.RegisterOp;
import io.jstap.lang.ast.ReturnStmt;
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
import io.jstap.format.FormatParse;
import io.jstap.format.ScriptType;
import io.jstap.format.StapFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers the types of every variable, function and expression the probes reach, as SystemTap
 * does: types flow both ways through assignments, operators, calls, array keys and printf
 * formats, repeatedly until nothing changes; then one last pass reports conflicts (naming both
 * places) and whatever stayed unresolved.
 */
final class TypeChecker {
  private static final int MAX_ROUNDS = 50;

  private final Diagnostics diagnostics;
  private final Map<String, VariableSymbol> globals;
  private final Map<String, List<FunctionDecl>> functionDecls;
  private final boolean guru;
  /** Each {@code @entry} of a return probe and the local holding its value there. */
  private final Map<EntryOp, Expr> entryValues;
  /** The user's script, whose code alone gets warnings about its style. */
  private final io.jstap.lang.Source userScript;

  final Map<String, FunctionSymbol> functions = new LinkedHashMap<>();
  private final IdentityHashMap<FunctionDecl, FunctionSymbol> byDecl = new IdentityHashMap<>();
  final Map<Integer, Map<String, VariableSymbol>> handlerLocals = new LinkedHashMap<>();
  final IdentityHashMap<Expr, Type> types = new IdentityHashMap<>();
  final IdentityHashMap<Variable, VariableSymbol> variables = new IdentityHashMap<>();
  final IdentityHashMap<Call, FunctionSymbol> functionCalls = new IdentityHashMap<>();
  final IdentityHashMap<Call, Builtin> builtinCalls = new IdentityHashMap<>();
  private final Set<Object> reported = new HashSet<>();

  private boolean reporting;
  private boolean changed;
  /** Locals and parameters of the handler or function being checked. */
  private Map<String, VariableSymbol> scope;
  private FunctionSymbol function; // null in a probe handler
  private int loopDepth;

  TypeChecker(
      Diagnostics diagnostics,
      Map<String, VariableSymbol> globals,
      Map<String, List<FunctionDecl>> functionDecls,
      boolean guru,
      Map<EntryOp, Expr> entryValues,
      io.jstap.lang.Source userScript) {
    this.diagnostics = diagnostics;
    this.globals = globals;
    this.functionDecls = functionDecls;
    this.guru = guru;
    this.entryValues = entryValues;
    this.userScript = userScript;
  }

  /** Checks the handlers of every probe (each group once), and the functions they reach. */
  void check(List<ResolvedProbe> probes) {
    var groups = new LinkedHashMap<Integer, ResolvedProbe>();
    for (ResolvedProbe p : probes) groups.putIfAbsent(p.group(), p);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      changed = false;
      pass(groups);
      if (!changed) break;
    }
    reporting = true;
    pass(groups);
    reportUnresolved();
  }

  private void pass(Map<Integer, ResolvedProbe> groups) {
    for (var g : groups.entrySet()) {
      scope = handlerLocals.computeIfAbsent(g.getKey(), k -> new LinkedHashMap<>());
      function = null;
      // Conditions of every probe of the group (alias conditions differ between probes).
      for (ResolvedProbe p : allOfGroup(g.getKey())) {
        for (Expr c : p.conditions()) expr(c, Type.LONG);
      }
      // Probes of one declaration share the handler, but their aliases' prologues and
      // epilogues differ (syscall.open and syscall.read): check every distinct block once.
      var seen = java.util.Collections.newSetFromMap(new IdentityHashMap<Block, Boolean>());
      for (ResolvedProbe p : allOfGroup(g.getKey())) {
        for (Block b : p.blocks()) {
          if (seen.add(b)) block(b);
        }
      }
    }
    // Functions reached so far (the list grows while we check).
    for (int i = 0; i < functions.size(); i++) {
      FunctionSymbol f = new ArrayList<>(functions.values()).get(i);
      if (f.body() == null) continue;
      scope = f.locals;
      function = f;
      block(f.body());
    }
    function = null;
  }

  private Map<Integer, List<ResolvedProbe>> byGroup = Map.of();

  void setProbes(List<ResolvedProbe> probes) {
    var groups = new LinkedHashMap<Integer, List<ResolvedProbe>>();
    for (ResolvedProbe p : probes) groups.computeIfAbsent(p.group(), k -> new ArrayList<>()).add(p);
    this.byGroup = groups;
  }

  private List<ResolvedProbe> allOfGroup(int group) {
    return byGroup.getOrDefault(group, List.of());
  }

  private void reportUnresolved() {
    for (VariableSymbol g : globals.values()) {
      if (g.type == Type.UNKNOWN && (g.read || g.written)) unresolved(g);
    }
    for (var locals : handlerLocals.values()) {
      for (VariableSymbol v : locals.values()) {
        if (v.type == Type.UNKNOWN) unresolved(v);
        else neverAssigned(v, locals);
      }
    }
    for (FunctionSymbol f : functions.values()) {
      for (VariableSymbol v : f.locals.values()) {
        if (v.type == Type.UNKNOWN) unresolved(v);
        else neverAssigned(v, f.locals);
      }
      if (f.returnsValue && f.returnType == Type.UNKNOWN) {
        diagnostics.report(Diagnostic.error(f.decl().span(),
            "cannot tell what type function '" + f.name() + "' returns")
            .withHint("declare it: function " + f.name() + ":long (...) or :string"));
      }
    }
  }

  /**
   * SystemTap's warning for a local the script reads but never assigns (its value is 0 or ""),
   * usually a misspelt name; not for the tapset's own code.
   */
  private void neverAssigned(VariableSymbol v, Map<String, VariableSymbol> scope) {
    if (v.scope() != VariableSymbol.Scope.LOCAL || !v.read || v.written) return;
    if (!v.declaredAt().source().equals(userScript)) return; // a tapset's own code
    var names = new java.util.ArrayList<String>();
    scope.forEach((n, s) -> {
      if (s.written && !n.equals(v.name())) names.add(n);
    });
    names.addAll(globals.keySet());
    String near = Suggestions.closest(v.name(), names);
    var d = Diagnostic.warning(v.declaredAt(), "never-assigned local variable '" + v.name()
        + "'");
    diagnostics.report(near != null ? d.withHint("did you mean '" + near + "'?") : d);
  }

  private void unresolved(VariableSymbol v) {
    String what = switch (v.scope()) {
      case GLOBAL -> "global";
      case LOCAL -> "local variable";
      case PARAM -> "parameter";
    };
    var d = Diagnostic.error(v.declaredAt(), "cannot tell the type of " + what + " '"
        + v.name() + "'");
    d = v.scope() == VariableSymbol.Scope.LOCAL && !v.written
        ? d.withHint("it is read but never assigned; did you misspell a name or forget"
            + " a 'global' declaration?")
        : d.withHint("assign it a number or a string somewhere, or give it a type"
            + " (param:long)");
    diagnostics.report(d);
  }

  // ---- statements --------------------------------------------------------------------------

  private void block(Block b) {
    for (Stmt s : b.statements()) stmt(s);
  }

  private void stmt(Stmt s) {
    switch (s) {
      case Block b -> block(b);
      case ExprStmt e -> expr(e.expr(), Type.UNKNOWN);
      case IfStmt i -> {
        condition(i.condition());
        stmt(i.then());
        if (i.otherwise() != null) stmt(i.otherwise());
      }
      case WhileStmt w -> {
        condition(w.condition());
        loop(w.body());
      }
      case ForStmt f -> {
        if (f.init() != null) expr(f.init(), Type.UNKNOWN);
        if (f.condition() != null) condition(f.condition());
        if (f.update() != null) expr(f.update(), Type.UNKNOWN);
        loop(f.body());
      }
      case ForeachStmt f -> foreach(f);
      case NextStmt n -> {}
      case BreakStmt b -> outsideLoop(b.span(), "break");
      case ContinueStmt c -> outsideLoop(c.span(), "continue");
      case ReturnStmt r -> returnStmt(r);
      case DeleteStmt d -> delete(d);
      case TryStmt t -> {
        block(t.body());
        if (t.messageVariable() != null) {
          VariableSymbol v = variable(t.messageVariable());
          assign(v, Type.STRING, t.messageVariable().span());
          scalar(v, t.messageVariable().span());
          v.written = true;
        }
        block(t.handler());
      }
      case EmptyStmt e -> {}
    }
  }

  private void condition(Expr e) {
    expect(e, expr(e, Type.LONG), Type.LONG, "a condition");
  }

  private void loop(Stmt body) {
    loopDepth++;
    stmt(body);
    loopDepth--;
  }

  private void outsideLoop(Span span, String what) {
    if (loopDepth == 0) error(span, "'" + what + "' outside a loop", null);
  }

  private void returnStmt(ReturnStmt r) {
    if (function == null) {
      if (reporting) {
        report(r, Diagnostic.error(r.span(), "'return' outside a function")
            .withHint("use 'next' to leave a probe handler early"));
      }
      return;
    }
    if (r.value() == null) return;
    function.returnsValue = true;
    Type t = expr(r.value(), function.returnType);
    if (t == Type.STATS) {
      error(r.value().span(), "a function cannot return a statistic", null);
    } else if (function.returnType == Type.UNKNOWN && t != Type.UNKNOWN) {
      function.returnType = t;
      function.returnTypedAt = r.value().span();
      changed = true;
    } else if (t != Type.UNKNOWN && t != function.returnType) {
      mismatch(r.value().span(), "function '" + function.name() + "' returns a "
          + function.returnType.word() + " elsewhere, but a " + t.word() + " here",
          function.returnTypedAt);
    }
  }

  private void foreach(ForeachStmt f) {
    int arity = f.keys().size();
    if (f.array() instanceof HistogramOp h) {
      histogram(h);
      if (arity != 1) error(f.span(), "a histogram's buckets have one key", null);
      for (Variable k : f.keys()) bindLoopVariable(k, Type.LONG);
      if (f.value() != null) bindLoopVariable(f.value(), Type.LONG);
    } else if (f.array() instanceof Variable a) {
      VariableSymbol arr = variable(a);
      arr.read = true;
      array(arr, arity, a.span());
      for (int i = 0; i < arity; i++) {
        Variable k = f.keys().get(i);
        VariableSymbol ks = variable(k);
        scalar(ks, k.span());
        ks.written = true;
        if (i < arr.keyTypes.size()) {
          Type kt = arr.keyTypes.get(i);
          if (kt != Type.UNKNOWN) assign(ks, kt, k.span());
          else if (ks.type != Type.UNKNOWN) keyType(arr, i, ks.type, k.span());
        }
      }
      if (f.value() != null) {
        VariableSymbol v = variable(f.value());
        scalar(v, f.value().span());
        v.written = true;
        if (arr.type == Type.STATS) {
          error(f.value().span(), "the elements of '" + arr.name()
              + "' are statistics: read them with @count(" + arr.name() + "[...]) and the like",
              null);
        } else if (arr.type != Type.UNKNOWN) {
          assign(v, arr.type, f.value().span());
        } else if (v.type != Type.UNKNOWN) {
          assign(arr, v.type, a.span());
        }
      }
      for (int i = 0; i < f.slice().size(); i++) {
        Expr s = f.slice().get(i);
        if (s instanceof AnyIndex) continue;
        Type want = i < arr.keyTypes.size() ? arr.keyTypes.get(i) : Type.UNKNOWN;
        Type t = expr(s, want);
        if (i < arity) keyType(arr, i, t, s.span());
      }
      if (f.slice().size() > 0 && f.slice().size() != arity) {
        error(f.span(), "the slice gives " + f.slice().size() + " keys, '" + arr.name()
            + "' has " + arity, null);
      }
      if (f.sortOrder() != SortOrder.NONE && f.sortColumn() > arity) {
        error(f.span(), "cannot sort by key " + f.sortColumn() + ": '" + arr.name() + "' has "
            + arity + " keys", null);
      }
      if (f.sortAggregate() != null && arr.type != Type.STATS && arr.type != Type.UNKNOWN) {
        error(f.span(), "'" + f.sortAggregate().symbol() + "' sorts arrays of statistics; '"
            + arr.name() + "' holds " + arr.type.word() + "s", null);
      }
    } else {
      error(f.array().span(), "foreach iterates over a global array or a histogram", null);
    }
    if (f.limit() != null) expect(f.limit(), expr(f.limit(), Type.LONG), Type.LONG, "a limit");
    loop(f.body());
  }

  private void bindLoopVariable(Variable k, Type t) {
    VariableSymbol ks = variable(k);
    scalar(ks, k.span());
    assign(ks, t, k.span());
    ks.written = true;
  }

  private void delete(DeleteStmt d) {
    switch (d.target()) {
      case Variable v -> {
        VariableSymbol s = variable(v);
        s.written = true;
      }
      case ArrayIndex a when a.base() instanceof Variable v -> {
        VariableSymbol s = variable(v);
        s.written = true;
        indexArray(s, a, v);
      }
      default -> error(d.target().span(),
          "delete takes a variable, an array, or an array element", null);
    }
  }

  // ---- expressions -------------------------------------------------------------------------

  /** Checks an expression and returns its type; {@code expected} guides inference. */
  private Type expr(Expr e, Type expected) {
    Type t = exprType(e, expected);
    types.put(e, t);
    return t;
  }

  private Type exprType(Expr e, Type expected) {
    return switch (e) {
      case NumberLit n -> Type.LONG;
      case StringLit s -> Type.STRING;
      case Variable v -> readVariable(v, expected);
      case ArrayIndex a -> readIndex(a, expected);
      case AnyIndex a -> {
        error(a.span(), "'*' is only allowed among the keys of delete, in and foreach", null);
        yield Type.UNKNOWN;
      }
      case Call c -> call(c, expected);
      case Unary u -> {
        expect(u.operand(), expr(u.operand(), Type.LONG), Type.LONG, "'" + u.op().symbol() + "'");
        yield Type.LONG;
      }
      case Crement c -> {
        // SystemTap counts x++ as a pure write (PR6954): a global only incremented is
        // printed at the end.
        lvalue(c.operand(), Type.LONG, false);
        yield Type.LONG;
      }
      case Binary b -> binary(b, expected);
      case RegexMatch r -> {
        expect(r.subject(), expr(r.subject(), Type.STRING), Type.STRING, "'=~'");
        yield Type.LONG;
      }
      case Ternary t -> {
        condition(t.condition());
        Type a = expr(t.ifTrue(), expected);
        Type b = expr(t.ifFalse(), a != Type.UNKNOWN ? a : expected);
        if (a == Type.UNKNOWN && b != Type.UNKNOWN) a = expr(t.ifTrue(), b);
        if (a != Type.UNKNOWN && b != Type.UNKNOWN && a != b) {
          error(t.span(), "the branches of '?:' differ: " + a.word() + " and " + b.word(), null);
        }
        yield a != Type.UNKNOWN ? a : b;
      }
      case Assign a -> assignment(a, expected);
      case InArray i -> inArray(i);
      case StatOp s -> {
        statistic(s.operand(), s.kind().symbol());
        yield Type.LONG;
      }
      case HistogramOp h -> {
        histogram(h);
        error(h.span(), h.kind().symbol() + " is printed (print(" + h.kind().symbol()
            + "(...))) or iterated, not used as a value", null);
        yield Type.UNKNOWN;
      }
      case TargetExpr t -> target(t);
      case EntryOp en -> {
        Expr value = entryValues.get(en);
        if (value != null) yield expr(value, expected);
        if (reporting && function != null) {
          report(en.span(), Diagnostic.error(en.span(), "@entry is available only in .return"
              + " probes of functions and system calls, not in a function's body"));
        }
        yield expr(en.operand(), expected);
      }
      case DefinedOp d -> {
        // Evaluated per probe by the code generator; the operand need not resolve.
        if (!(d.operand() instanceof TargetExpr)) expr(d.operand(), Type.UNKNOWN);
        yield Type.LONG;
      }
      case ProbeWriteOp p -> Type.LONG;
      case ConstOp c -> {
        embedded(c.span(), "@const");
        yield Type.LONG;
      }
      case PerfOp p -> Type.LONG;
      case RegisterOp r -> Type.LONG;
      case DerefOp d -> {
        expect(d.address(), expr(d.address(), Type.LONG), Type.LONG, "an address");
        yield Type.LONG;
      }
      case EmbeddedExpr x -> {
        embedded(x.span(), "embedded C");
        yield expected;
      }
    };
  }

  private Type readVariable(Variable v, Type expected) {
    VariableSymbol s = variable(v);
    s.read = true;
    if (s.arity > 0) {
      error(v.span(), "'" + v.name() + "' is an array; index it: " + v.name() + "[...]",
          s.arityAt);
      return s.type;
    }
    scalar(s, v.span());
    if (s.type == Type.STATS) {
      error(v.span(), "'" + v.name() + "' is a statistic; read it with @count(" + v.name()
          + "), @sum, @min, @max, @avg or a histogram", s.typedAt);
      return Type.UNKNOWN;
    }
    if (s.type == Type.UNKNOWN && expected != Type.UNKNOWN && expected != Type.STATS) {
      assign(s, expected, v.span());
    }
    return s.type;
  }

  private Type readIndex(ArrayIndex a, Type expected) {
    if (a.base() instanceof HistogramOp h) {
      histogram(h);
      if (a.indexes().size() != 1) error(a.span(), "a histogram bucket has one index", null);
      for (Expr i : a.indexes()) expect(i, expr(i, Type.LONG), Type.LONG, "a bucket index");
      return Type.LONG;
    }
    if (!(a.base() instanceof Variable v)) {
      error(a.base().span(), "only global arrays can be indexed", null);
      return Type.UNKNOWN;
    }
    VariableSymbol s = variable(v);
    s.read = true;
    indexArray(s, a, v);
    if (s.type == Type.STATS) {
      error(a.span(), "the elements of '" + v.name() + "' are statistics; read them with @count("
          + v.name() + "[...]) and the like", s.typedAt);
      return Type.UNKNOWN;
    }
    if (s.type == Type.UNKNOWN && expected != Type.UNKNOWN && expected != Type.STATS) {
      assign(s, expected, a.span());
    }
    return s.type;
  }

  private void indexArray(VariableSymbol s, ArrayIndex a, Variable v) {
    if (s.scope() != VariableSymbol.Scope.GLOBAL) {
      error(v.span(), "'" + v.name() + "' is indexed like an array, but arrays must be"
          + " global", null);
      return;
    }
    array(s, a.indexes().size(), v.span());
    for (int i = 0; i < a.indexes().size(); i++) {
      Expr k = a.indexes().get(i);
      if (k instanceof AnyIndex) continue;
      Type want = i < s.keyTypes.size() ? s.keyTypes.get(i) : Type.UNKNOWN;
      Type t = expr(k, want);
      if (t == Type.STATS) error(k.span(), "a statistic cannot be an array key", null);
      else keyType(s, i, t, k.span());
    }
  }

  private Type binary(Binary b, Type expected) {
    switch (b.op()) {
      case CONCAT -> {
        expect(b.left(), expr(b.left(), Type.STRING), Type.STRING, "'.'");
        expect(b.right(), expr(b.right(), Type.STRING), Type.STRING, "'.'");
        return Type.STRING;
      }
      case LT, GT, LE, GE, EQ, NE -> {
        Type l = expr(b.left(), Type.UNKNOWN);
        Type r = expr(b.right(), l);
        if (l == Type.UNKNOWN && r != Type.UNKNOWN) l = expr(b.left(), r);
        if (l != Type.UNKNOWN && r != Type.UNKNOWN && l != r) {
          error(b.span(), "cannot compare a " + l.word() + " with a " + r.word(),
              null);
        }
        return Type.LONG;
      }
      default -> {
        String what = "'" + b.op().symbol() + "'";
        expect(b.left(), expr(b.left(), Type.LONG), Type.LONG, what);
        expect(b.right(), expr(b.right(), Type.LONG), Type.LONG, what);
        return Type.LONG;
      }
    }
  }

  private Type assignment(Assign a, Type expected) {
    AssignOp op = a.op();
    if (op == AssignOp.AGGREGATE) {
      expect(a.value(), expr(a.value(), Type.LONG), Type.LONG, "'<<<'");
      lvalue(a.target(), Type.STATS, false);
      return Type.UNKNOWN;
    }
    if (op == AssignOp.ASSIGN) {
      Type current = lvalueType(a.target());
      Type v = expr(a.value(), current != Type.UNKNOWN ? current : expected);
      if (v == Type.STATS) {
        error(a.value().span(), "a statistic cannot be assigned", null);
        v = Type.UNKNOWN;
      }
      Type t = lvalue(a.target(), v, false);
      return t != Type.UNKNOWN ? t : v;
    }
    Type want = op == AssignOp.CONCAT ? Type.STRING : Type.LONG;
    expect(a.value(), expr(a.value(), want), want, "'" + op.symbol() + "'");
    lvalue(a.target(), want, true);
    return want;
  }

  /** The type the target of an assignment already has, without marking it written. */
  private Type lvalueType(Expr target) {
    return switch (target) {
      case Variable v -> variable(v).type;
      case ArrayIndex a when a.base() instanceof Variable v -> variable(v).type;
      default -> Type.UNKNOWN;
    };
  }

  /**
   * Checks an assignment target and gives it {@code t}; {@code alsoRead} for compound
   * assignments and ++/--.
   */
  private Type lvalue(Expr target, Type t, boolean alsoRead) {
    switch (target) {
      case Variable v -> {
        VariableSymbol s = variable(v);
        s.written = true;
        if (alsoRead) s.read = true;
        if (s.arity > 0) {
          error(v.span(), "'" + v.name() + "' is an array; assign its elements: " + v.name()
              + "[...] = ...", s.arityAt);
          return s.type;
        }
        scalar(s, v.span());
        assign(s, t, v.span());
        types.put(v, s.type);
        return s.type;
      }
      case ArrayIndex a when a.base() instanceof Variable v -> {
        VariableSymbol s = variable(v);
        s.written = true;
        if (alsoRead) s.read = true;
        indexArray(s, a, v);
        assign(s, t, a.span());
        types.put(a, s.type);
        return s.type;
      }
      case TargetExpr te -> {
        error(te.span(), "cannot write to " + te.span().text() + ": jstap does not modify the"
            + " traced program or the kernel", null);
        return Type.LONG;
      }
      default -> {
        error(target.span(), "cannot assign to this expression", null);
        expr(target, Type.UNKNOWN);
        return Type.UNKNOWN;
      }
    }
  }

  private Type inArray(InArray i) {
    if (i.array() instanceof HistogramOp h) {
      histogram(h);
      for (Expr k : i.keys()) expect(k, expr(k, Type.LONG), Type.LONG, "a bucket index");
      return Type.LONG;
    }
    if (!(i.array() instanceof Variable v)) {
      error(i.array().span(), "'in' tests a global array", null);
      return Type.LONG;
    }
    VariableSymbol s = variable(v);
    s.read = true;
    if (s.scope() != VariableSymbol.Scope.GLOBAL) {
      error(v.span(), "'" + v.name() + "' is used as an array, but arrays must be global", null);
      return Type.LONG;
    }
    array(s, i.keys().size(), v.span());
    for (int k = 0; k < i.keys().size(); k++) {
      Expr key = i.keys().get(k);
      if (key instanceof AnyIndex) continue;
      Type want = k < s.keyTypes.size() ? s.keyTypes.get(k) : Type.UNKNOWN;
      keyType(s, k, expr(key, want), key.span());
    }
    return Type.LONG;
  }

  private void statistic(Expr operand, String what) {
    switch (operand) {
      case Variable v -> {
        VariableSymbol s = variable(v);
        s.read = true;
        if (s.arity > 0) {
          error(v.span(), what + " reads one statistic: " + what + "(" + v.name() + "[...])",
              s.arityAt);
          return;
        }
        scalar(s, v.span());
        assign(s, Type.STATS, v.span());
      }
      case ArrayIndex a when a.base() instanceof Variable v -> {
        VariableSymbol s = variable(v);
        s.read = true;
        indexArray(s, a, v);
        assign(s, Type.STATS, a.span());
      }
      default -> error(operand.span(), what + " takes a statistic (a variable fed with <<<)",
          null);
    }
  }

  /** The first histogram of each statistic: SystemTap keeps one histogram per statistic. */
  private final IdentityHashMap<VariableSymbol, HistogramOp> histograms = new IdentityHashMap<>();

  private void histogram(HistogramOp h) {
    types.putIfAbsent(h, Type.UNKNOWN); // so later passes find every histogram
    statistic(h.operand(), h.kind().symbol());
    Expr operand = h.operand() instanceof ArrayIndex a ? a.base() : h.operand();
    if (operand instanceof Variable v && variables.get(v) instanceof VariableSymbol s) {
      HistogramOp first = histograms.putIfAbsent(s, h);
      if (first != null && (first.kind() != h.kind() || !first.params().equals(h.params()))) {
        error(h.span(), "multiple histogram types declared on '" + s.name() + "'", first.span());
      }
    }
    if (h.kind() == HistogramKind.LINEAR) {
      if (h.params().size() != 3) {
        error(h.span(), "@hist_linear takes a statistic, a start, a stop and an interval", null);
      } else if (h.params().get(2) <= 0 || h.params().get(1) <= h.params().get(0)) {
        error(h.span(), "@hist_linear needs start < stop and an interval above 0", null);
      }
    }
  }

  private Type target(TargetExpr t) {
    for (TargetComponent c : t.components()) {
      if (c instanceof TargetComponent.Index i) {
        expect(i.index(), expr(i.index(), Type.LONG), Type.LONG, "an index");
      }
    }
    if (t instanceof io.jstap.lang.ast.CastOp c) expr(c.operand(), Type.LONG);
    if (t instanceof io.jstap.lang.ast.Autocast a) expr(a.operand(), Type.LONG);
    boolean pretty = !t.components().isEmpty()
        && t.components().getLast() instanceof TargetComponent.PrettyPrint;
    if (pretty) return Type.STRING;
    if (t instanceof TargetVar v && v.name().startsWith("$$")) return Type.STRING;
    return Type.LONG;
  }

  // ---- calls -------------------------------------------------------------------------------

  private Type call(Call c, Type expected) {
    var decls = functionDecls.get(c.function());
    if (decls != null) {
      FunctionDecl decl = null;
      for (FunctionDecl d : decls) {
        if (d.params().size() == c.args().size()) {
          decl = d;
          break;
        }
      }
      if (decl == null) {
        error(c.span(), "function '" + c.function() + "' takes "
            + decls.getFirst().params().size() + " arguments, not " + c.args().size(),
            decls.getFirst().span());
        for (Expr a : c.args()) expr(a, Type.UNKNOWN);
        return Type.UNKNOWN;
      }
      FunctionSymbol f = functionSymbol(decl);
      functionCalls.put(c, f);
      if (decl.body() instanceof EmbeddedCode) embedded(c.span(), "function '" + c.function()
          + "' is written in embedded C");
      for (int i = 0; i < c.args().size(); i++) {
        VariableSymbol p = f.params().get(i);
        Type t = expr(c.args().get(i), p.type);
        if (t == Type.STATS) {
          error(c.args().get(i).span(), "a statistic cannot be passed to a function", null);
        } else {
          assign(p, t, c.args().get(i).span());
        }
      }
      if (f.returnType == Type.UNKNOWN && expected != Type.UNKNOWN && expected != Type.STATS
          && f.returnsValue) {
        f.returnType = expected;
        f.returnTypedAt = c.span();
        changed = true;
      }
      return f.returnType;
    }
    var builtin = Builtin.named(c.function());
    if (builtin.isEmpty()) {
      var d = Diagnostic.error(c.span(), "unknown function '" + c.function() + "'");
      var names = new HashSet<>(Builtin.names());
      names.addAll(functionDecls.keySet());
      String near = Suggestions.closest(c.function(), names);
      if (near != null) d = d.withHint("did you mean '" + near + "'?");
      report(c, d);
      for (Expr a : c.args()) expr(a, Type.UNKNOWN);
      return Type.UNKNOWN;
    }
    Builtin b = builtin.get();
    builtinCalls.put(c, b);
    if (!b.accepts(c.args().size())) {
      String count = b.variadic() ? "at least " + b.required()
          : b.required() == b.params().size() ? String.valueOf(b.required())
          : b.required() + " to " + b.params().size();
      error(c.span(), "'" + b.name() + "' takes " + count + " argument"
          + (count.equals("1") ? "" : "s") + ", not " + c.args().size(), null);
    }
    List<Type> formatTypes = b.takesFormat() ? formatArguments(c) : null;
    for (int i = 0; i < c.args().size(); i++) {
      Expr a = c.args().get(i);
      Type want;
      if (i < b.params().size()) want = b.params().get(i);
      else if (formatTypes != null && i - 1 < formatTypes.size()) want = formatTypes.get(i - 1);
      else want = Type.UNKNOWN;
      if (a instanceof HistogramOp h && (b.name().startsWith("print")
          || b.name().startsWith("sprint"))) {
        histogram(h);
        types.put(a, Type.UNKNOWN);
        continue;
      }
      Type t = expr(a, want);
      if (t == Type.STATS) {
        error(a.span(), "a statistic cannot be printed as a value; print @count(...),"
            + " @sum(...) or a histogram", null);
      } else if (want != Type.UNKNOWN) {
        expect(a, t, want, "argument " + (i + 1) + " of '" + b.name() + "'");
      }
    }
    return b.returns();
  }

  /** The types a printf/sprintf format asks of its arguments, or null when it is broken. */
  private List<Type> formatArguments(Call c) {
    if (c.args().isEmpty() || !(c.args().getFirst() instanceof StringLit format)) return null;
    switch (StapFormat.parse(format.bytes())) {
      case FormatParse.Invalid(var err) -> {
        int start = Math.min(format.span().start() + 1 + err.offset(), format.span().end());
        int end = Math.min(start + err.length(), format.span().end());
        error(new Span(format.span().source(), start, Math.max(start, end)),
            "bad format: " + err.message(), null);
        return null;
      }
      case FormatParse.Parsed(var parsed) -> {
        var wanted = parsed.argumentTypes();
        if (wanted.size() != c.args().size() - 1) {
          error(c.span(), "the format takes " + wanted.size() + " argument"
              + (wanted.size() == 1 ? "" : "s") + ", but " + (c.args().size() - 1)
              + (c.args().size() == 2 ? " is" : " are") + " given", null);
        }
        return wanted.stream().map(t -> t == ScriptType.LONG ? Type.LONG : Type.STRING).toList();
      }
    }
  }

  private FunctionSymbol functionSymbol(FunctionDecl decl) {
    FunctionSymbol f = byDecl.get(decl);
    if (f != null) return f;
    var params = new ArrayList<VariableSymbol>();
    for (FunctionDecl.Param p : decl.params()) {
      var s = new VariableSymbol(p.name(), VariableSymbol.Scope.PARAM, p.span(), null);
      s.arity = 0;
      s.written = true;
      switch (p.type()) {
        case LONG -> s.type = Type.LONG;
        case STRING -> s.type = Type.STRING;
        case UNSPECIFIED -> {}
      }
      if (s.type != Type.UNKNOWN) s.typedAt = p.span();
      params.add(s);
    }
    f = new FunctionSymbol(decl, params);
    switch (decl.returnType()) {
      case LONG -> f.returnType = Type.LONG;
      case STRING -> f.returnType = Type.STRING;
      case UNSPECIFIED -> {}
    }
    if (f.returnType != Type.UNKNOWN) {
      f.returnTypedAt = decl.span();
      f.returnsValue = true;
    }
    byDecl.put(decl, f);
    String key = decl.name() + "/" + decl.params().size();
    functions.put(key, f);
    changed = true;
    return f;
  }

  private void embedded(Span span, String what) {
    error(span, what + ": jstap runs scripts on eBPF and cannot run embedded C"
        + (guru ? "" : " (SystemTap allows it only in guru mode, -g)"),
        null);
  }

  // ---- symbols and inference ---------------------------------------------------------------

  private VariableSymbol variable(Variable v) {
    VariableSymbol s = variables.get(v);
    if (s != null) return s;
    s = scope.get(v.name());
    if (s == null) s = globals.get(v.name());
    if (s == null) {
      s = new VariableSymbol(v.name(), VariableSymbol.Scope.LOCAL, v.span(), null);
      scope.put(v.name(), s);
    }
    variables.put(v, s);
    return s;
  }

  private void assign(VariableSymbol s, Type t, Span where) {
    if (t == Type.UNKNOWN) return;
    if (s.type == Type.UNKNOWN) {
      s.type = t;
      s.typedAt = where;
      changed = true;
    } else if (s.type != t && (s.scope() != VariableSymbol.Scope.LOCAL || s.read)) {
      // A local nobody reads has no use for a type: the probes of one declaration may come
      // from different aliases that give it different ones (syscall.read sets 'buf' to a
      // string, syscall.fstatfs to an address), and SystemTap types each alias's copy apart.
      mismatch(where, "'" + s.name() + "' is a " + s.type.word() + ", but is used as a "
          + t.word() + " here", s.typedAt);
    }
  }

  private void scalar(VariableSymbol s, Span where) {
    if (s.arity == -1) {
      s.arity = 0;
      s.arityAt = where;
      changed = true;
    } else if (s.arity > 0) {
      mismatch(where, "'" + s.name() + "' is an array, but is used as a scalar here", s.arityAt);
    }
  }

  private void array(VariableSymbol s, int arity, Span where) {
    if (s.arity == -1) {
      s.arity = arity;
      s.arityAt = where;
      changed = true;
      for (int i = 0; i < arity; i++) {
        s.keyTypes.add(Type.UNKNOWN);
        s.keyTypedAt.add(null);
      }
    } else if (s.arity == 0) {
      mismatch(where, "'" + s.name() + "' is a scalar, but is indexed like an array here",
          s.arityAt);
    } else if (s.arity != arity) {
      mismatch(where, "'" + s.name() + "' has " + s.arity + " key" + (s.arity == 1 ? "" : "s")
          + ", but " + arity + (arity == 1 ? " is" : " are") + " given here", s.arityAt);
    }
  }

  private void keyType(VariableSymbol s, int i, Type t, Span where) {
    if (t == Type.UNKNOWN || i >= s.keyTypes.size()) return;
    Type have = s.keyTypes.get(i);
    if (have == Type.UNKNOWN) {
      s.keyTypes.set(i, t);
      s.keyTypedAt.set(i, where);
      changed = true;
    } else if (have != t) {
      mismatch(where, "key " + (i + 1) + " of '" + s.name() + "' is a " + have.word()
          + ", but a " + t.word() + " is given here", s.keyTypedAt.get(i));
    }
  }

  private void expect(Expr e, Type got, Type want, String where) {
    if (got == Type.UNKNOWN || got == want) {
      if (got == Type.UNKNOWN) retype(e, want);
      return;
    }
    error(e.span(), where + " needs a " + want.word() + ", but this is a " + got.word(), null);
  }

  /** Pushes a type into an expression whose type is still open (a variable, a call). */
  private void retype(Expr e, Type want) {
    if (want == Type.UNKNOWN) return;
    expr(e, want);
  }

  private void mismatch(Span where, String message, Span other) {
    if (!reporting) return;
    var d = Diagnostic.error(where, message);
    if (other != null && !other.equals(where)) d = d.withNote(other, "it got its type here");
    report(where, d);
  }

  private void error(Span where, String message, Span other) {
    if (!reporting) return;
    var d = Diagnostic.error(where, message);
    if (other != null && !other.equals(where)) d = d.withNote(other, "see here");
    report(where, d);
  }

  private void report(Object where, Diagnostic d) {
    if (!reporting) return;
    if (reported.add(d.span() + "|" + d.message())) diagnostics.report(d);
  }
}
