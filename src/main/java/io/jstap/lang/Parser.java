package io.jstap.lang;

import io.jstap.lang.Token.Kind;
import io.jstap.lang.ast.AliasDecl;
import io.jstap.lang.ast.AnyIndex;
import io.jstap.lang.ast.ArrayIndex;
import io.jstap.lang.ast.Assign;
import io.jstap.lang.ast.AssignOp;
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
import io.jstap.lang.ast.CrementOp;
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
import io.jstap.lang.ast.FunctionBody;
import io.jstap.lang.ast.FunctionDecl;
import io.jstap.lang.ast.GlobalDecl;
import io.jstap.lang.ast.HistogramKind;
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
import io.jstap.lang.ast.StatKind;
import io.jstap.lang.ast.StatOp;
import io.jstap.lang.ast.Stmt;
import io.jstap.lang.ast.StringLit;
import io.jstap.lang.ast.TargetComponent;
import io.jstap.lang.ast.TargetExpr;
import io.jstap.lang.ast.TargetVar;
import io.jstap.lang.ast.Ternary;
import io.jstap.lang.ast.TryStmt;
import io.jstap.lang.ast.Unary;
import io.jstap.lang.ast.UnaryOp;
import io.jstap.lang.ast.Variable;
import io.jstap.lang.ast.WhileStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for SystemTap's language, one method per grammar rule, following
 * SystemTap's own parser (parse.cxx) for what is accepted and how operators bind. It reads
 * tokens from the {@link Preprocessor}, reports mistakes to {@link Diagnostics} and resumes
 * at the next statement or declaration, so one run shows several mistakes.
 */
final class Parser {
  /**
   * Deeper nesting than this is refused, so the parser (about 18 frames per parenthesis) and
   * every later pass stay well inside a default 1 MB thread stack.
   */
  private static final int MAX_DEPTH = 200;

  private static final int MAX_ERRORS = 50;

  private static final Set<String> TOP_LEVEL_KEYWORDS =
      Set.of("probe", "global", "private", "function");

  private static final Set<String> STATEMENT_KEYWORDS =
      Set.of("if", "for", "foreach", "while", "return", "delete", "next", "break", "continue",
          "try");

  private static final Set<String> PRINT_FAMILY =
      Set.of("print", "sprint", "printf", "sprintf", "printd", "sprintd", "println", "sprintln",
          "printdln", "sprintdln", "print_char");

  private static final Map<String, AssignOp> ASSIGN_OPS = new HashMap<>();

  static {
    for (AssignOp op : AssignOp.values()) ASSIGN_OPS.put(op.symbol(), op);
  }

  private final Preprocessor input;
  private final Diagnostics diagnostics;
  private final Source source;
  private final boolean privileged;

  private Token lookahead;
  private Token last;
  private int brackets; // ( and [ taken and not yet closed: how deep a broken statement was
  private int depth;
  private boolean inFunction;
  private final Map<String, Span> globalsDeclared = new HashMap<>();
  private int errors;
  private int lastErrorOffset = -1;

  /** A mistake: unwinds to the nearest statement or declaration, which reports it and resumes. */
  private static final class ParseFailure extends RuntimeException {
    final transient Diagnostic diagnostic; // null: already reported, just unwind

    ParseFailure(Diagnostic diagnostic) {
      super(null, null, false, false);
      this.diagnostic = diagnostic;
    }

    ParseFailure hint(String hint) {
      return diagnostic == null ? this : new ParseFailure(diagnostic.withHint(hint));
    }

    ParseFailure note(Span where, String text) {
      return diagnostic == null ? this : new ParseFailure(diagnostic.withNote(where, text));
    }
  }

  /** Too many mistakes: stop parsing. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  Parser(Preprocessor input, Diagnostics diagnostics, boolean privileged) {
    this.input = input;
    this.diagnostics = diagnostics;
    this.source = input.source();
    this.privileged = privileged;
  }

  // ======================= tokens =======================

  private Token peek() {
    if (lookahead == null) lookahead = input.next();
    return lookahead;
  }

  private Token advance() {
    Token t = peek();
    lookahead = null;
    last = t;
    if (t.kind() == Kind.OPERATOR && t.text().length() == 1) {
      char c = t.text().charAt(0);
      if (c == '(' || c == '[') brackets++;
      else if (c == ')' || c == ']') brackets--;
    }
    return t;
  }

  /** The span from {@code first} through the last token taken. */
  private Span span(Token first) {
    Span end = last == null ? first.site() : last.site();
    return first.site().to(end);
  }

  private boolean peekOp(String op) {
    return peek().is(op);
  }

  private boolean peekKeyword(String word) {
    return peek().isKeyword(word);
  }

  // ======================= diagnostics =======================

  private Diagnostic errorAt(Token t, String message) {
    return Preprocessor.withExpansionNotes(Diagnostic.error(t.span(), message), t);
  }

  /**
   * The lexer's or preprocessor's complaint about a junk token; null when the preprocessor
   * reported it already (a macro use it dropped).
   */
  private Diagnostic junkError(Token t) {
    if (t.problem() == null) return null;
    Diagnostic d = errorAt(t, t.problem());
    return t.hint() == null ? d : d.withHint(t.hint());
  }

  /** "expected X but found Y" at the next token (or the lexer's complaint if it is junk). */
  private ParseFailure expected(String what) {
    Token t = peek();
    if (t.kind() == Kind.JUNK) return new ParseFailure(junkError(t));
    return new ParseFailure(errorAt(t, "expected " + what + " but found " + t.describe()));
  }

  private ParseFailure failure(Diagnostic d) {
    return new ParseFailure(d);
  }

  private void report(Diagnostic d) {
    if (d.isError()) {
      // One mistake often trips a second check at the same place; say it once.
      if (d.span().start() == lastErrorOffset && d.span().source().equals(source)) return;
      if (d.span().source().equals(source)) lastErrorOffset = d.span().start();
      errors++;
    }
    diagnostics.report(d);
    if (errors >= MAX_ERRORS) {
      diagnostics.report(
          Diagnostic.error(d.span(), "too many errors; stopping here"));
      throw new GiveUp();
    }
  }

  private Token expectOp(String op) {
    if (!peekOp(op)) throw expected("'" + op + "'");
    return advance();
  }

  /** Expects the {@code closer} of a bracket opened at {@code opener}, pointing back at it if missing. */
  private Token expectCloser(String closer, Token opener) {
    if (peekOp(closer)) return advance();
    Token t = peek();
    if (t.kind() == Kind.JUNK) throw new ParseFailure(junkError(t));
    throw failure(
        errorAt(t, "expected '" + closer + "' but found " + t.describe())
            .withNote(opener.span(), "to match this '" + opener.text() + "'"));
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      depth = 0; // let the reporting and recovery run with a fresh count
      Token t = peek();
      throw failure(
          errorAt(t, "nesting is too deep here (more than " + MAX_DEPTH + " levels)")
              .withHint("split the expression or statement into smaller pieces"));
    }
  }

  private void leave() {
    if (depth > 0) depth--;
  }

  // ======================= declarations =======================

  Script parseScript() {
    var decls = new ArrayList<Decl>();
    try {
      while (!peek().isEof()) {
        Token before = peek();
        brackets = 0;
        try {
          parseDecl(decls);
        } catch (ParseFailure f) {
          if (f.diagnostic != null) report(f.diagnostic);
          depth = 0;
          skipToDeclaration(before);
        }
      }
    } catch (GiveUp stop) {
      // reported
    }
    return new Script(Span.all(source), decls);
  }

  /**
   * Skips to the next declaration: a declaration keyword that starts a line or follows a '}'
   * or ';' (not {@code function} in {@code kernel.function}), embedded code, or a misspelt
   * declaration keyword starting a line outside braces (to report it too).
   */
  private void skipToDeclaration(Token failedAt) {
    int braces = 0;
    while (true) {
      Token t = peek();
      if (t.isEof()) return;
      if (t != failedAt) {
        boolean boundary = t.lineStart() || (last != null && (last.is("}") || last.is(";")));
        if (t.kind() == Kind.EMBEDDED && boundary) return;
        if (t.kind() == Kind.KEYWORD && TOP_LEVEL_KEYWORDS.contains(t.text()) && boundary) return;
        if (braces == 0 && t.lineStart() && t.kind() == Kind.IDENTIFIER
            && Suggestions.closest(t.text(), TOP_LEVEL_KEYWORDS) != null) {
          return;
        }
      }
      if (t.is("{")) braces++;
      if (t.is("}") && braces > 0) braces--;
      advance();
    }
  }

  private void parseDecl(List<Decl> decls) {
    Token t = peek();
    if (t.isKeyword("probe")) {
      decls.add(parseProbe());
    } else if (t.isKeyword("global")) {
      advance();
      decls.add(parseGlobal(t, false));
    } else if (t.isKeyword("function")) {
      advance();
      decls.add(parseFunction(t, false));
    } else if (t.isKeyword("private")) {
      advance();
      decls.add(parsePrivate(t));
    } else if (t.kind() == Kind.EMBEDDED) {
      advance();
      checkPrivileged(t, "embedded C code");
      decls.add(new EmbeddedCode(t.site(), t.text()));
    } else {
      ParseFailure f = expected("'probe', 'global', 'function', 'private' or '%{'");
      if (t.kind() == Kind.IDENTIFIER) {
        String guess = Suggestions.closest(t.text(), TOP_LEVEL_KEYWORDS);
        if (guess != null) f = f.hint("did you mean '" + guess + "'?");
      } else if (t.is("}")) {
        f = f.hint("this '}' closes nothing; is there an extra one?");
      } else if (t.kind() == Kind.OPERATOR && t.text().startsWith("@") && t.text().length() > 1) {
        f = new ParseFailure(unknownAtWord(t, f.diagnostic));
      }
      throw f;
    }
  }

  private void checkPrivileged(Token t, String what) {
    if (!privileged) {
      report(
          errorAt(t, what + " is only allowed in guru mode")
              .withHint("run with -g to accept it (jstap keeps embedded C as text: it cannot run it)"));
    }
  }

  private Decl parsePrivate(Token privateToken) {
    Token t = peek();
    if (t.isKeyword("function")) {
      advance();
      return parseFunction(privateToken, true);
    }
    if (t.isKeyword("global")) {
      advance();
      return parseGlobal(privateToken, true);
    }
    if (t.kind() == Kind.IDENTIFIER) {
      return parseGlobal(privateToken, true);
    }
    throw expected("'function', 'global' or a variable name after 'private'");
  }

  private ProbeDecl parseProbeBody(Token probeToken, List<ProbePoint> points) {
    boolean wasInFunction = inFunction;
    inFunction = false;
    try {
      Block body = parseBlock();
      return new ProbeDecl(span(probeToken), points, body);
    } finally {
      inFunction = wasInFunction;
    }
  }

  private Decl parseProbe() {
    Token probeToken = advance();
    var aliasNames = new ArrayList<ProbePoint>();
    boolean epilogue = false;
    List<ProbePoint> points;
    while (true) {
      List<ProbePoint> pps = parseProbePoints();
      Token t = peek();
      if ((t.is("=") || t.is("+=")) && pps.size() == 1) {
        ProbePoint name = pps.getFirst();
        if (name.optional()) {
          report(
              Diagnostic.error(name.span(), "an alias name cannot be optional ('?') or sufficient ('!')"));
        }
        aliasNames.add(name);
        epilogue |= t.is("+=");
        advance();
        continue;
      }
      if (t.is("=") || t.is("+=")) {
        throw failure(
            errorAt(t, "an alias defines one name at a time, not a list of probe points")
                .withHint("write one 'probe NAME " + t.text() + " ...' per alias name"));
      }
      if (t.is("{")) {
        points = pps;
        break;
      }
      throw expected("'{' to start the probe body");
    }
    if (aliasNames.isEmpty()) {
      return parseProbeBody(probeToken, points);
    }
    boolean wasInFunction = inFunction;
    inFunction = false;
    try {
      Block first = parseBlock();
      if (epilogue) {
        if (peekOp(",")) {
          throw failure(
              errorAt(peek(), "an alias defined with '+=' has only an epilogue")
                  .withHint("use 'probe NAME = POINTS { prologue }, { epilogue }' for both"));
        }
        return new AliasDecl(span(probeToken), aliasNames, points, null, first);
      }
      Block second = null;
      if (peekOp(",")) {
        advance();
        second = parseBlock();
      }
      return new AliasDecl(span(probeToken), aliasNames, points, first, second);
    } finally {
      inFunction = wasInFunction;
    }
  }

  /** {@code point, point, ...} up to {@code { = += }}. */
  private List<ProbePoint> parseProbePoints() {
    var points = new ArrayList<ProbePoint>();
    while (true) {
      points.addAll(parseComponents());
      Token t = peek();
      if (t.is(",")) {
        advance();
        continue;
      }
      if (t.is("{") || t.is("=") || t.is("+=") || t.is("}")) return points;
      if (t.is("-=")) {
        throw failure(
            errorAt(t, "'-=' does not define a probe alias")
                .withHint("use '=' (prologue alias), '+=' (epilogue alias), or "
                    + "'= POINTS { prologue }, { epilogue }' for both"));
      }
      ParseFailure f = expected("',' or '{' after the probe point");
      if (t.is("?") || t.is("!")) {
        throw f.hint("'?' and '!' go right after the probe point, before 'if (...)'");
      }
      throw f;
    }
  }

  /** A mutable probe point while its components and suffixes are read. */
  private static final class PointBuilder {
    final List<ProbePoint.Component> components;
    boolean optional;
    boolean sufficient;
    Expr condition;

    PointBuilder(List<ProbePoint.Component> components) {
      this.components = components;
    }
  }

  /** {@code a.b("x").c?} and brace groups {@code {a,b}.c}, expanded into one point each. */
  private List<ProbePoint> parseComponents() {
    Token start = peek();
    List<PointBuilder> points = null;
    while (true) {
      List<PointBuilder> suffix = parseComponent();
      if (points == null) {
        points = suffix;
      } else {
        var product = new ArrayList<PointBuilder>();
        for (PointBuilder p : points) {
          if (p.optional || p.condition != null) {
            throw failure(
                Diagnostic.error(p.components.getFirst().span(),
                    "'?', '!' and 'if (...)' can only end a probe point"));
          }
          for (PointBuilder s : suffix) {
            var joined = new ArrayList<>(p.components);
            joined.addAll(s.components);
            var b = new PointBuilder(joined);
            b.optional = s.optional;
            b.sufficient = s.sufficient;
            b.condition = s.condition;
            product.add(b);
          }
        }
        points = product;
      }
      Token t = peek();
      if (t.is(".")) {
        advance();
        continue;
      }
      if (t.is("?") || t.is("!")) {
        for (PointBuilder p : points) {
          if (p.optional) throw failure(errorAt(t, "'?' or '!' given twice"));
          p.optional = true;
          p.sufficient = t.is("!");
        }
        advance();
        t = peek();
      }
      if (t.isKeyword("if")) {
        advance();
        Token open = expectOp("(");
        Expr condition = parseExpression();
        expectCloser(")", open);
        for (PointBuilder p : points) {
          if (p.condition != null) throw failure(errorAt(t, "a probe point has one condition"));
          p.condition = condition;
        }
      }
      break;
    }
    Span span = span(start);
    var result = new ArrayList<ProbePoint>(points.size());
    for (PointBuilder p : points) {
      result.add(new ProbePoint(span, p.components, p.optional, p.sufficient, p.condition));
    }
    return result;
  }

  private List<PointBuilder> parseComponent() {
    Token t = peek();
    if (t.is("{")) {
      Token before = last;
      advance();
      Token first = peek();
      boolean startsPoint =
          first.kind() == Kind.IDENTIFIER || first.kind() == Kind.KEYWORD || first.is("*") || first.is("{");
      if (!startsPoint && before != null && (before.is(",") || before.is("."))) {
        // "probe a, {" and "probe a. {": the '{' was meant as the body.
        throw failure(
            errorAt(t, "expected a probe point after '" + before.text() + "' but found '{'")
                .withHint("remove the '" + before.text() + "' before the probe body"));
      }
      var inner = parseProbePoints();
      expectCloser("}", t);
      var builders = new ArrayList<PointBuilder>();
      for (ProbePoint p : inner) {
        var b = new PointBuilder(new ArrayList<>(p.components()));
        b.optional = p.optional();
        b.sufficient = p.sufficient();
        b.condition = p.condition();
        builders.add(b);
      }
      return builders;
    }
    if (!(t.kind() == Kind.IDENTIFIER || t.kind() == Kind.KEYWORD || t.is("*"))) {
      throw expected("a probe point");
    }
    advance();
    // A name is glued from adjacent words and '*'s: sys_*, *_return, foo**.
    var name = new StringBuilder(t.text());
    while (true) {
      Token u = peek();
      if (u.spaceBefore()) break;
      if (!(u.kind() == Kind.IDENTIFIER || u.kind() == Kind.KEYWORD || u.is("*"))) break;
      name.append(u.text());
      advance();
    }
    Literal argument = null;
    if (peekOp("(")) {
      Token open = advance();
      argument = parseLiteral("a string or number parameter");
      expectCloser(")", open);
    }
    var component = new ProbePoint.Component(span(t), name.toString(), argument);
    var components = new ArrayList<ProbePoint.Component>();
    components.add(component);
    return List.of(new PointBuilder(components));
  }

  private GlobalDecl parseGlobal(Token start, boolean isPrivate) {
    var variables = new ArrayList<GlobalDecl.Variable>();
    while (true) {
      Token nameToken = peek();
      if (nameToken.kind() != Kind.IDENTIFIER) {
        ParseFailure f = expected("a variable name");
        if (nameToken.kind() == Kind.KEYWORD) {
          throw f.hint("'" + nameToken.text() + "' is a reserved word");
        }
        throw f;
      }
      advance();
      String name = nameToken.text();
      Span earlier = globalsDeclared.putIfAbsent(name, nameToken.site());
      if (earlier != null) {
        report(
            errorAt(nameToken, "global '" + name + "' is already declared in this file")
                .withNote(earlier, "first declared here"));
      }
      boolean wrap = false;
      int size = 0;
      Literal init = null;
      if (peekOp("%")) {
        advance();
        wrap = true;
      }
      if (peekOp("[")) {
        Token open = advance();
        Token numberToken = peek();
        long n = parseSignedNumber();
        if (n <= 0 || n > Integer.MAX_VALUE) {
          report(
              errorAt(numberToken, "array size must be between 1 and " + Integer.MAX_VALUE));
        } else {
          size = (int) n;
        }
        expectCloser("]", open);
      }
      if (peekOp("=")) {
        Token eq = advance();
        if (size > 0 || wrap) {
          report(errorAt(eq, "only scalar globals can have an initial value"));
        }
        init = parseLiteral("a string or number as the initial value");
      }
      variables.add(new GlobalDecl.Variable(span(nameToken), name, wrap, size, init));
      if (peekOp(";")) {
        advance();
        break;
      }
      if (peekOp(",")) {
        advance();
        continue;
      }
      break;
    }
    return new GlobalDecl(span(start), isPrivate, variables);
  }

  private FunctionDecl parseFunction(Token start, boolean isPrivate) {
    Token nameToken = peek();
    if (!(nameToken.kind() == Kind.IDENTIFIER
        || nameToken.isKeyword("string") || nameToken.isKeyword("long"))) {
      throw expected("a function name");
    }
    advance();
    DeclaredType returnType = DeclaredType.UNSPECIFIED;
    if (peekOp(":")) {
      advance();
      returnType = parseType();
    }
    if (!peekOp("(")) throw expected("'(' after the function name");
    Token open = advance();
    var params = new ArrayList<FunctionDecl.Param>();
    if (peekOp(")")) {
      advance();
    } else {
      while (true) {
        Token p = peek();
        if (p.kind() != Kind.IDENTIFIER) throw expected("a parameter name");
        advance();
        for (FunctionDecl.Param q : params) {
          if (q.name().equals(p.text())) {
            report(errorAt(p, "parameter '" + p.text() + "' appears twice").withNote(q.span(), "first here"));
          }
        }
        DeclaredType type = DeclaredType.UNSPECIFIED;
        if (peekOp(":")) {
          advance();
          type = parseType();
        }
        params.add(new FunctionDecl.Param(span(p), p.text(), type));
        if (peekOp(",")) {
          advance();
          continue;
        }
        if (peekOp(")")) {
          advance();
          break;
        }
        throw expected("',' or ')' after the parameter")
            .note(open.span(), "to match this '('");
      }
    }
    long priority = 0;
    if (peekOp(":")) {
      advance();
      Token at = peek();
      Literal lit = parseLiteral("a priority number");
      if (!(lit instanceof NumberLit n)) {
        throw failure(errorAt(at, "expected a priority number but found " + at.describe()));
      }
      if (n.value() < 1) report(errorAt(at, "priority must be at least 1"));
      priority = n.value();
    }
    FunctionBody body;
    if (peek().kind() == Kind.EMBEDDED) {
      Token code = advance();
      checkPrivileged(code, "embedded C code");
      body = new EmbeddedCode(code.site(), code.text());
    } else {
      boolean wasInFunction = inFunction;
      inFunction = true;
      try {
        body = parseBlock();
      } finally {
        inFunction = wasInFunction;
      }
    }
    return new FunctionDecl(span(start), isPrivate, nameToken.text(), returnType, params, priority, body);
  }

  private DeclaredType parseType() {
    Token t = peek();
    if (t.isKeyword("long")) {
      advance();
      return DeclaredType.LONG;
    }
    if (t.isKeyword("string")) {
      advance();
      return DeclaredType.STRING;
    }
    throw expected("'long' or 'string'");
  }

  // ======================= literals =======================

  /** A string (adjacent strings joined) or a number with an optional '-'. */
  private Literal parseLiteral(String what) {
    Token t = peek();
    if (t.kind() == Kind.STRING) return parseString();
    boolean negative = false;
    if (t.is("-")) {
      advance();
      negative = true;
    }
    Token n = peek();
    if (n.kind() != Kind.NUMBER) throw expected(what);
    advance();
    Long value = NumberSyntax.parseUnsigned(n.text());
    if (value == null) throw failure(badNumber(n));
    if (negative) {
      if (Long.compareUnsigned(value, Long.MIN_VALUE) > 0) {
        throw failure(errorAt(n, "number '-" + n.text() + "' is out of range"));
      }
      value = -value;
    }
    return new NumberLit(span(t), value, NumberSyntax.radix(n.text()));
  }

  private Diagnostic badNumber(Token n) {
    String digits = n.text();
    String hint = null;
    boolean allDigits = digits.chars().allMatch(Lexer::isDigit);
    if (allDigits && digits.length() > 1 && digits.charAt(0) == '0') {
      hint = "a leading 0 makes an octal number, which has no digits 8 or 9";
    } else if (allDigits) {
      hint = "numbers are 64-bit: at most 18446744073709551615";
    } else if (digits.length() > 1 && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X')) {
      hint = "hex numbers are 0x followed by 0-9 and a-f";
    }
    Diagnostic d = errorAt(n, "invalid number '" + digits + "'");
    return hint == null ? d : d.withHint(hint);
  }

  private StringLit parseString() {
    Token first = peek();
    if (first.kind() != Kind.STRING) throw expected("a string literal");
    advance();
    if (peek().kind() != Kind.STRING) return new StringLit(first.site(), first.text());
    var value = new StringBuilder(first.text());
    while (peek().kind() == Kind.STRING) value.append(advance().text());
    return new StringLit(span(first), value.toString());
  }

  /** A number with an optional '-' (histogram and statistic parameters, array sizes). */
  private long parseSignedNumber() {
    Token t = peek();
    boolean negative = false;
    if (t.is("-")) {
      advance();
      negative = true;
    }
    Token n = peek();
    if (n.kind() != Kind.NUMBER) throw expected("a number");
    advance();
    Long value = NumberSyntax.parseUnsigned(n.text());
    if (value == null) throw failure(badNumber(n));
    if (negative) {
      if (Long.compareUnsigned(value, Long.MIN_VALUE) > 0) {
        throw failure(errorAt(n, "number '-" + n.text() + "' is out of range"));
      }
      return -value;
    }
    return value;
  }

  // ======================= statements =======================

  private Block parseBlock() {
    Token open = peek();
    if (!open.is("{")) throw expected("'{'");
    advance();
    var statements = new ArrayList<Stmt>();
    while (true) {
      Token t = peek();
      if (t.is("}")) {
        advance();
        break;
      }
      if (t.isEof() || (t.kind() == Kind.KEYWORD && TOP_LEVEL_KEYWORDS.contains(t.text()))) {
        throw failure(
            errorAt(t, "expected '}' to close the block but found " + t.describe())
                .withNote(open.span(), "the block starts here"));
      }
      int bracketsBefore = brackets;
      try {
        statements.add(parseStatement());
      } catch (ParseFailure f) {
        if (f.diagnostic != null) report(f.diagnostic);
        depth = 0;
        skipToStatement(t, brackets - bracketsBefore);
        brackets = bracketsBefore;
      }
    }
    return new Block(span(open), statements);
  }

  /**
   * Skips the rest of a broken statement. Statements usually end at a line's end, so: if the
   * mistake was found at the start of a line, the next statement starts there; else skip
   * through a ';' or a balanced '{...}', or up to the enclosing '}' or the next line that
   * starts outside the brackets the statement left open.
   */
  private void skipToStatement(Token failedAt, int openBrackets) {
    Token at = peek();
    if (at != failedAt && at.lineStart()) return;
    int braces = 0;
    int open = Math.max(openBrackets, 0);
    while (true) {
      Token t = peek();
      if (t.isEof()) return;
      if (t.kind() == Kind.KEYWORD && TOP_LEVEL_KEYWORDS.contains(t.text())) return;
      if (braces == 0) {
        if (t.is("}")) return;
        if (open == 0 && t.is(";")) {
          advance();
          return;
        }
        if (open == 0 && t != failedAt && t.lineStart()) return;
      }
      if (t.is("{")) braces++;
      if (t.is("(") || t.is("[")) open++;
      if ((t.is(")") || t.is("]")) && open > 0) open--;
      if (t.is("}")) {
        braces--;
        if (braces == 0) {
          advance();
          return;
        }
      }
      advance();
    }
  }

  private Stmt parseStatement() {
    enter();
    try {
      Token t = peek();
      if (t.is(";")) {
        advance();
        return new EmptyStmt(t.site());
      }
      if (t.is("{")) return parseBlock();
      if (t.kind() == Kind.KEYWORD) {
        switch (t.text()) {
          case "try" -> {
            return parseTry();
          }
          case "if" -> {
            return parseIf();
          }
          case "for" -> {
            return parseFor();
          }
          case "foreach" -> {
            return parseForeach();
          }
          case "while" -> {
            return parseWhile();
          }
          default -> {}
        }
      }
      Stmt s = parseSimpleStatement(t);
      if (peekOp(";")) advance(); // a ';' right after a statement belongs to it
      return s;
    } finally {
      leave();
    }
  }

  private Stmt parseSimpleStatement(Token t) {
    if (t.kind() == Kind.KEYWORD) {
      switch (t.text()) {
        case "return" -> {
          return parseReturn();
        }
        case "delete" -> {
          advance();
          Expr target = parseExpression();
          return new DeleteStmt(span(t), target);
        }
        case "next" -> {
          advance();
          return new NextStmt(t.site());
        }
        case "break" -> {
          advance();
          return new BreakStmt(t.site());
        }
        case "continue" -> {
          advance();
          return new ContinueStmt(t.site());
        }
        case "else" ->
            throw failure(errorAt(t, "'else' without an 'if' before it")
                .withHint("an 'else' must directly follow the statement or block of an 'if': check the braces before it"));
        case "catch" -> throw failure(errorAt(t, "'catch' without a 'try' block before it"));
        default -> throw expected("a statement");
      }
    }
    switch (t.kind()) {
      case OPERATOR, IDENTIFIER, NUMBER, STRING, EMBEDDED -> {
        Expr e = parseExpression();
        if (e instanceof Variable v) warnIfMisspeltKeyword(t, v);
        return new ExprStmt(e.span(), e);
      }
      default -> throw expected("a statement");
    }
  }

  /**
   * {@code retrun x} parses (as two statements, {@code retrun} and {@code x}) but is almost
   * surely a misspelt keyword: say so, as a warning, since it is valid syntax.
   */
  private void warnIfMisspeltKeyword(Token word, Variable v) {
    String guess = Suggestions.closest(v.name(), STATEMENT_KEYWORDS);
    if (guess == null) return;
    diagnostics.report(
        Preprocessor.withExpansionNotes(
                Diagnostic.warning(word.span(), "'" + v.name() + "' is read as a variable, on its own: a statement that does nothing"),
                word)
            .withHint("did you mean '" + guess + "'?"));
  }

  private Stmt parseReturn() {
    Token t = advance();
    if (!inFunction) {
      report(
          errorAt(t, "'return' outside a function")
              .withHint("use 'next' to leave a probe handler early"));
    }
    Token n = peek();
    if (n.isEof()) throw expected("a value, ';' or '}'");
    Expr value = null;
    if (!n.is(";") && !n.is("}")) value = parseExpression();
    return new ReturnStmt(span(t), value);
  }

  private Stmt parseIf() {
    Token t = advance();
    Token open = expectOp("(");
    Expr condition = parseExpression();
    expectCloser(")", open);
    Stmt then = parseStatement();
    Stmt otherwise = null;
    if (peekKeyword("else")) {
      advance();
      otherwise = parseStatement();
    }
    return new IfStmt(span(t), condition, then, otherwise);
  }

  private Stmt parseWhile() {
    Token t = advance();
    Token open = expectOp("(");
    Expr condition = parseExpression();
    expectCloser(")", open);
    Stmt body = parseStatement();
    return new WhileStmt(span(t), condition, body);
  }

  private Stmt parseFor() {
    Token t = advance();
    Token open = expectOp("(");
    Expr init = null;
    if (peekOp(";")) {
      advance();
    } else {
      init = parseExpression();
      expectOp(";");
    }
    Expr condition = null;
    if (peekOp(";")) {
      advance();
    } else {
      condition = parseExpression();
      expectOp(";");
    }
    Expr update = null;
    if (peekOp(")")) {
      advance();
    } else {
      update = parseExpression();
      expectCloser(")", open);
    }
    Stmt body = parseStatement();
    return new ForStmt(span(t), init, condition, update, body);
  }

  private Stmt parseForeach() {
    Token t = advance();
    Token open = expectOp("(");
    Variable value = null;
    Variable single = null;
    SortOrder order = SortOrder.NONE;
    int column = 0;
    SortOrder singleOrder = SortOrder.NONE;
    if (peek().kind() == Kind.IDENTIFIER) {
      Token v = advance();
      single = new Variable(v.site(), v.text());
      singleOrder = sortMarker();
      if (peekOp("=")) {
        advance();
        value = single;
        single = null;
        if (singleOrder != SortOrder.NONE) {
          order = singleOrder;
          column = 0;
        }
      }
    }
    var keys = new ArrayList<Variable>();
    if (single != null) {
      keys.add(single);
      if (singleOrder != SortOrder.NONE) {
        order = singleOrder;
        column = 1;
      }
    } else {
      boolean bracketed = false;
      Token bracket = peek();
      if (bracket.is("[")) {
        advance();
        bracketed = true;
      }
      while (true) {
        Token k = peek();
        if (k.kind() != Kind.IDENTIFIER) throw expected("a key variable");
        advance();
        keys.add(new Variable(k.site(), k.text()));
        Token marker = peek();
        SortOrder o = sortMarker();
        if (o != SortOrder.NONE) {
          if (order != SortOrder.NONE) throw failure(errorAt(marker, "foreach takes one sort marker ('+' or '-')"));
          order = o;
          column = keys.size();
        }
        if (!bracketed) break;
        if (peekOp(",")) {
          advance();
          continue;
        }
        if (peekOp("]")) {
          advance();
          break;
        }
        throw expected("',' or ']'").note(bracket.span(), "to match this '['");
      }
    }
    if (!peekKeyword("in")) {
      ParseFailure f = expected("'in'");
      throw f.hint("foreach reads: foreach (key in array) or foreach ([k1, k2] in array)");
    }
    advance();
    Expr array = parseIndexable();
    var slice = new ArrayList<Expr>();
    if (peekOp("[")) {
      Token sliceOpen = advance();
      while (true) {
        if (peekOp("*")) {
          slice.add(new AnyIndex(advance().site()));
        } else {
          slice.add(parseExpression());
        }
        if (peekOp(",")) {
          advance();
          continue;
        }
        expectCloser("]", sliceOpen);
        break;
      }
    }
    StatKind aggregate = null;
    Token agg = peek();
    if (agg.kind() == Kind.OPERATOR && agg.text().startsWith("@")) {
      aggregate = statKind(agg.text());
      if (aggregate == null) {
        throw failure(errorAt(agg, "expected a statistic to sort by (@count, @sum, @min, @max, @avg,"
            + " @variance) but found " + agg.describe()));
      }
      advance();
      if (!peekOp("+") && !peekOp("-")) throw expected("'+' or '-' after " + agg.text());
    }
    Token marker = peek();
    SortOrder o = sortMarker();
    if (o != SortOrder.NONE) {
      if (order != SortOrder.NONE) throw failure(errorAt(marker, "foreach takes one sort marker ('+' or '-')"));
      order = o;
      column = 0;
    }
    Expr limit = null;
    if (peekKeyword("limit")) {
      advance();
      limit = parseExpression();
    } else if (peek().kind() == Kind.NUMBER || peek().kind() == Kind.IDENTIFIER) {
      throw expected("')'").hint("to visit only some elements, write 'limit " + peek().text() + "'");
    }
    expectCloser(")", open);
    Stmt body = parseStatement();
    return new ForeachStmt(span(t), value, keys, array, slice, order, column, aggregate, limit, body);
  }

  private SortOrder sortMarker() {
    if (peekOp("+")) {
      advance();
      return SortOrder.ASCENDING;
    }
    if (peekOp("-")) {
      advance();
      return SortOrder.DESCENDING;
    }
    return SortOrder.NONE;
  }

  private static StatKind statKind(String word) {
    return switch (word) {
      case "@count" -> StatKind.COUNT;
      case "@sum" -> StatKind.SUM;
      case "@min" -> StatKind.MIN;
      case "@max" -> StatKind.MAX;
      case "@avg" -> StatKind.AVG;
      case "@variance" -> StatKind.VARIANCE;
      default -> null;
    };
  }

  private Stmt parseTry() {
    Token t = advance();
    Block body = parseBlock();
    if (!peekKeyword("catch")) throw expected("'catch' after the try block");
    advance();
    Variable message = null;
    if (peekOp("(")) {
      Token open = advance();
      Token v = peek();
      if (v.kind() != Kind.IDENTIFIER) throw expected("a variable for the error message");
      advance();
      message = new Variable(v.site(), v.text());
      expectCloser(")", open);
    }
    Block handler = parseBlock();
    return new TryStmt(span(t), body, message, handler);
  }

  // ======================= expressions =======================

  Expr parseExpression() {
    enter();
    try {
      return parseAssignment();
    } finally {
      leave();
    }
  }

  private Expr parseAssignment() {
    Expr target = parseTernary();
    Token t = peek();
    if (t.kind() == Kind.OPERATOR) {
      AssignOp op = ASSIGN_OPS.get(t.text());
      if (op != null) {
        advance();
        Expr value = parseExpression();
        return new Assign(target.span().to(t.site()).to(value.span()), op, target, value);
      }
    }
    return target;
  }

  private Expr parseTernary() {
    Expr condition = parseLogicalOr();
    if (!peekOp("?")) return condition;
    Token q = advance();
    Expr ifTrue = parseExpression();
    if (!peekOp(":")) {
      throw expected("':'").note(q.span(), "to complete this '?'");
    }
    advance();
    enter();
    try {
      Expr ifFalse = parseTernary();
      return new Ternary(condition.span().to(q.site()).to(ifFalse.span()), condition, ifTrue, ifFalse);
    } finally {
      leave();
    }
  }

  /** A binary node spans its operands and operator (which may come from a macro body). */
  private Expr binary(BinaryOp op, Token opToken, Expr left, Expr right) {
    return new Binary(left.span().to(opToken.site()).to(right.span()), op, left, right);
  }

  private Expr parseLogicalOr() {
    Expr e = parseLogicalAnd();
    while (peekOp("||")) {
      Token opToken = advance();
      e = binary(BinaryOp.OR, opToken, e, parseLogicalAnd());
    }
    return e;
  }

  private Expr parseLogicalAnd() {
    Expr e = parseBitOr();
    while (peekOp("&&")) {
      Token opToken = advance();
      e = binary(BinaryOp.AND, opToken, e, parseBitOr());
    }
    return e;
  }

  private Expr parseBitOr() {
    Expr e = parseBitXor();
    while (peekOp("|")) {
      Token opToken = advance();
      e = binary(BinaryOp.BIT_OR, opToken, e, parseBitXor());
    }
    return e;
  }

  private Expr parseBitXor() {
    Expr e = parseBitAnd();
    while (peekOp("^")) {
      Token opToken = advance();
      e = binary(BinaryOp.BIT_XOR, opToken, e, parseBitAnd());
    }
    return e;
  }

  private Expr parseBitAnd() {
    Expr e = parseArrayIn();
    while (peekOp("&")) {
      Token opToken = advance();
      e = binary(BinaryOp.BIT_AND, opToken, e, parseArrayIn());
    }
    return e;
  }

  /** {@code a in b}, {@code [a, b] in c}, or just a comparison. */
  private Expr parseArrayIn() {
    Token start = peek();
    var keys = new ArrayList<Expr>();
    boolean bracketed = start.is("[");
    if (bracketed) advance();
    while (true) {
      if (bracketed && peekOp("*")) {
        keys.add(new AnyIndex(advance().site()));
      } else {
        keys.add(parseComparison());
      }
      if (!bracketed) break;
      if (peekOp(",")) {
        advance();
        continue;
      }
      expectCloser("]", start);
      break;
    }
    if (peekKeyword("in")) {
      advance();
      Expr array = parseIndexable();
      return new InArray(span(start), keys, array);
    }
    if (keys.size() == 1 && !(keys.getFirst() instanceof AnyIndex)) return keys.getFirst();
    throw failure(
        errorAt(peek(), "expected 'in' after the key list but found " + peek().describe())
            .withNote(start.span(), "the key list starts here"));
  }

  private Expr parseComparison() {
    Expr e = parseShift();
    Token t = peek();
    if (t.is("=~") || t.is("!~")) {
      advance();
      if (peek().kind() != Kind.STRING) {
        throw expected("a regular expression in a string literal after '" + t.text() + "'")
                .hint("the pattern of " + t.text() + " must be a literal string");
      }
      StringLit pattern = parseString();
      return new RegexMatch(e.span().to(t.site()).to(pattern.span()), e, t.is("!~"), pattern);
    }
    while (true) {
      t = peek();
      BinaryOp op = comparisonOp(t);
      if (op == null) return e;
      Token opToken = advance();
      e = binary(op, opToken, e, parseShift());
    }
  }

  private static BinaryOp comparisonOp(Token t) {
    if (t.kind() != Kind.OPERATOR) return null;
    return switch (t.text()) {
      case "<" -> BinaryOp.LT;
      case ">" -> BinaryOp.GT;
      case "<=" -> BinaryOp.LE;
      case ">=" -> BinaryOp.GE;
      case "==" -> BinaryOp.EQ;
      case "!=" -> BinaryOp.NE;
      default -> null;
    };
  }

  private Expr parseShift() {
    Expr e = parseConcatenation();
    while (true) {
      Token t = peek();
      BinaryOp op =
          t.is("<<") ? BinaryOp.SHL : t.is(">>") ? BinaryOp.SHR : t.is(">>>") ? BinaryOp.USHR : null;
      if (op == null) return e;
      Token opToken = advance();
      e = binary(op, opToken, e, parseConcatenation());
    }
  }

  private Expr parseConcatenation() {
    Expr e = parseAdditive();
    while (peekOp(".")) {
      Token opToken = advance();
      e = binary(BinaryOp.CONCAT, opToken, e, parseAdditive());
    }
    return e;
  }

  private Expr parseAdditive() {
    Expr e = parseMultiplicative();
    while (true) {
      Token t = peek();
      BinaryOp op = t.is("+") ? BinaryOp.ADD : t.is("-") ? BinaryOp.SUB : null;
      if (op == null) return e;
      Token opToken = advance();
      e = binary(op, opToken, e, parseMultiplicative());
    }
  }

  private Expr parseMultiplicative() {
    Expr e = parseUnary();
    while (true) {
      Token t = peek();
      BinaryOp op =
          t.is("*") ? BinaryOp.MUL : t.is("/") ? BinaryOp.DIV : t.is("%") ? BinaryOp.MOD : null;
      if (op == null) return e;
      Token opToken = advance();
      e = binary(op, opToken, e, parseUnary());
    }
  }

  private Expr parseUnary() {
    Token t = peek();
    UnaryOp op =
        t.is("+") ? UnaryOp.PLUS
            : t.is("-") ? UnaryOp.MINUS
            : t.is("!") ? UnaryOp.NOT
            : t.is("~") ? UnaryOp.BIT_NOT
            : null;
    if (op == null) return parseCrement();
    advance();
    enter();
    try {
      Expr operand = parseUnary();
      return new Unary(t.site().to(operand.span()), op, operand);
    } finally {
      leave();
    }
  }

  private Expr parseCrement() {
    Token t = peek();
    if (t.is("++") || t.is("--")) {
      advance();
      Expr operand = parseTargetValue();
      CrementOp op = t.is("++") ? CrementOp.PRE_INCREMENT : CrementOp.PRE_DECREMENT;
      return new Crement(t.site().to(operand.span()), op, operand);
    }
    Expr operand = parseTargetValue();
    Token after = peek();
    if (after.is("++") || after.is("--")) {
      advance();
      CrementOp op = after.is("++") ? CrementOp.POST_INCREMENT : CrementOp.POST_DECREMENT;
      return new Crement(operand.span().to(after.site()), op, operand);
    }
    return operand;
  }

  /**
   * A value, or a target value: {@code $var}, {@code @cast(...)}, {@code @var(...)}, or a plain
   * value followed by {@code ->}, {@code [} or a pretty-print {@code $} (or preceded by {@code &}).
   */
  private Expr parseTargetValue() {
    Token start = peek();
    boolean addressOf = false;
    if (start.is("&")) {
      advance();
      addressOf = true;
    }
    Token t = peek();
    if (t.kind() == Kind.IDENTIFIER && t.text().startsWith("$")) {
      advance();
      String name = t.text();
      var components = new ArrayList<TargetComponent>();
      boolean pretty = false;
      int cut = lastNotDollar(name);
      if (cut > 0 && cut < name.length() - 1) {
        components.add(new TargetComponent.PrettyPrint(t.site(), name.substring(cut + 1)));
        name = name.substring(0, cut + 1);
        pretty = true;
      }
      parseTargetComponents(components, pretty);
      return new TargetVar(span(start), name, components, addressOf);
    }
    if (t.is("@cast")) {
      advance();
      Token open = expectOp("(");
      Expr operand = parseExpression();
      expectOp(",");
      Token typeToken = peek();
      String type = parseString().text();
      if (type.isEmpty()) report(errorAt(typeToken, "@cast needs a type name"));
      String module = null;
      if (peekOp(",")) {
        advance();
        module = parseString().text();
      }
      expectCloser(")", open);
      var components = new ArrayList<TargetComponent>();
      parseTargetComponents(components, false);
      return new CastOp(span(start), operand, type, module, components, addressOf);
    }
    if (t.is("@var")) {
      advance();
      Token open = expectOp("(");
      String name = parseString().text();
      String module = null;
      if (peekOp(",")) {
        advance();
        module = parseString().text();
      }
      expectCloser(")", open);
      var components = new ArrayList<TargetComponent>();
      parseTargetComponents(components, false);
      return new AtVar(span(start), name, module, components, addressOf);
    }
    Expr value = parseValue();
    if (addressOf && value instanceof TargetExpr target) {
      // '&(...)' around a target value applies to it (SystemTap's parse_dwarf_value does so).
      if (target.addressOf()) {
        throw failure(errorAt(start, "cannot take the address of an address"));
      }
      var components = new ArrayList<>(target.components());
      boolean pretty = !components.isEmpty() && components.getLast() instanceof TargetComponent.PrettyPrint;
      parseTargetComponents(components, pretty);
      Span s = span(start);
      return switch (target) {
        case TargetVar v -> new TargetVar(s, v.name(), components, true);
        case CastOp c -> new CastOp(s, c.operand(), c.type(), c.module(), components, true);
        case AtVar a -> new AtVar(s, a.name(), a.module(), components, true);
        case Autocast a -> new Autocast(s, a.operand(), components, true);
      };
    }
    if (addressOf || startsTargetComponent(peek())) {
      var components = new ArrayList<TargetComponent>();
      parseTargetComponents(components, false);
      return new Autocast(span(start), value, components, addressOf);
    }
    return value;
  }

  private static int lastNotDollar(String s) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (s.charAt(i) != '$') return i;
    }
    return -1;
  }

  private static boolean allDollars(String s) {
    return !s.isEmpty() && lastNotDollar(s) < 0;
  }

  private static boolean startsTargetComponent(Token t) {
    return t.is("->") || t.is("[") || (t.kind() == Kind.IDENTIFIER && allDollars(t.text()));
  }

  private void parseTargetComponents(List<TargetComponent> components, boolean pretty) {
    while (!pretty) {
      Token t = peek();
      if (t.is("->")) {
        advance();
        Token m = peek();
        if (m.kind() != Kind.IDENTIFIER && m.kind() != Kind.KEYWORD) {
          throw expected("a member name after '->'");
        }
        advance();
        String member = m.text();
        int cut = lastNotDollar(member);
        String dollars = null;
        if (cut < member.length() - 1) {
          dollars = member.substring(cut + 1);
          member = member.substring(0, cut + 1);
          pretty = true;
        }
        if (!member.isEmpty()) components.add(new TargetComponent.Member(span(t), member));
        if (dollars != null) components.add(new TargetComponent.PrettyPrint(m.site(), dollars));
      } else if (t.is("[")) {
        advance();
        Expr index = parseExpression();
        expectCloser("]", t);
        components.add(new TargetComponent.Index(span(t), index));
      } else {
        break;
      }
    }
    if (!pretty) {
      Token t = peek();
      if (t.kind() == Kind.IDENTIFIER && allDollars(t.text())) {
        advance();
        components.add(new TargetComponent.PrettyPrint(t.site(), t.text()));
        pretty = true;
      }
    }
    if (pretty && (peekOp("->") || peekOp("["))) {
      throw failure(errorAt(peek(), "nothing can follow a pretty-printing '$'"));
    }
  }

  private Expr parseValue() {
    Token t = peek();
    if (t.kind() == Kind.EMBEDDED) {
      advance();
      checkPrivileged(t, "embedded C code");
      return new EmbeddedExpr(t.site(), t.text());
    }
    if (t.is("(")) {
      advance();
      Expr e = parseExpression();
      expectCloser(")", t);
      return e;
    }
    if (t.kind() == Kind.IDENTIFIER || (t.kind() == Kind.OPERATOR && t.text().startsWith("@"))) {
      return parseSymbol();
    }
    if (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.is("-")) {
      return parseLiteral("an expression");
    }
    ParseFailure f = expected("an expression");
    if (t.kind() == Kind.KEYWORD) {
      return throwWithKeywordHint(f, t);
    }
    throw f;
  }

  private Expr throwWithKeywordHint(ParseFailure f, Token t) {
    String hint =
        switch (t.text()) {
          case "string", "long" -> "types are not written in expressions; variables take the type of what they hold";
          default -> "'" + t.text() + "' is a reserved word";
        };
    throw f.hint(hint);
  }

  private Diagnostic unknownAtWord(Token t, Diagnostic d) {
    var names = new ArrayList<String>();
    for (String op : Preprocessor.AT_OPERATORS) names.add("@" + op);
    for (String m : input.visibleMacroNames()) names.add("@" + m);
    String guess = Suggestions.closest(t.text(), names);
    return guess != null ? d.withHint("did you mean '" + guess + "'?") : d;
  }

  /** An identifier or {@code @word}: variable, array element, call, or one of the {@code @} operators. */
  private Expr parseSymbol() {
    Token t = advance();
    String name = t.text();
    if (t.kind() == Kind.OPERATOR) {
      switch (name) {
        case "@hist_linear", "@hist_log" -> {
          HistogramOp hist = parseHistogramRest(t);
          if (peekOp("[")) return parseArrayIndex(t, hist);
          throw failure(
              Diagnostic.error(hist.span(), "a histogram is not a value")
                  .withHint("print it with print(" + name + "(...)), or read one bucket with "
                      + name + "(...)[bucket]"));
        }
        case "@defined" -> {
          Token open = expectOp("(");
          Expr operand = parseExpression();
          expectCloser(")", open);
          return new DefinedOp(span(t), operand);
        }
        case "@entry" -> {
          Token open = expectOp("(");
          Expr operand = parseExpression();
          expectCloser(")", open);
          return new EntryOp(span(t), operand);
        }
        case "@probewrite" -> {
          Token open = expectOp("(");
          Token v = peek();
          if (v.kind() != Kind.IDENTIFIER) throw expected("a variable name");
          advance();
          expectCloser(")", open);
          return new ProbeWriteOp(span(t), v.text());
        }
        case "@const" -> {
          checkPrivileged(t, "@const");
          Token open = expectOp("(");
          Token s = peek();
          String c = parseString().text();
          if (c.isEmpty()) report(errorAt(s, "@const needs a C expression"));
          expectCloser(")", open);
          return new ConstOp(span(t), c);
        }
        case "@perf" -> {
          Token open = expectOp("(");
          Token s = peek();
          String counter = parseString().text();
          if (counter.isEmpty()) report(errorAt(s, "@perf needs a counter name"));
          expectCloser(")", open);
          return new PerfOp(span(t), counter);
        }
        case "@kregister", "@uregister" -> {
          boolean user = name.equals("@uregister");
          if (!user) checkPrivileged(t, "@kregister");
          Token open = expectOp("(");
          long register = parseSignedNumber();
          expectCloser(")", open);
          return new RegisterOp(span(t), user, register);
        }
        case "@kderef", "@uderef" -> {
          boolean user = name.equals("@uderef");
          if (!user) checkPrivileged(t, "@kderef");
          Token open = expectOp("(");
          long size = parseSignedNumber();
          expectOp(",");
          Expr address = parseExpression();
          expectCloser(")", open);
          return new DerefOp(span(t), user, size, address);
        }
        default -> {
          StatKind kind = statKind(name);
          if (kind == null) {
            Diagnostic d = errorAt(t, "unknown operator or undefined macro '" + name + "'");
            throw failure(unknownAtWord(t, d));
          }
          return parseStatOp(t, kind);
        }
      }
    }
    if (PRINT_FAMILY.contains(name)) return parsePrint(t);
    if (peekOp("(")) {
      Token open = advance();
      var args = new ArrayList<Expr>();
      if (peekOp(")")) {
        advance();
      } else {
        while (true) {
          args.add(parseExpression());
          if (peekOp(",")) {
            advance();
            continue;
          }
          if (peekOp(")")) {
            advance();
            break;
          }
          throw expected("',' or ')' in the argument list")
              .note(open.span(), "to match this '('");
        }
      }
      return new Call(span(t), name, args);
    }
    Variable v = new Variable(t.site(), name);
    if (peekOp("[")) return parseArrayIndex(t, v);
    return v;
  }

  private Expr parseArrayIndex(Token start, Expr base) {
    Token open = advance();
    var indexes = new ArrayList<Expr>();
    while (true) {
      if (peekOp("*")) {
        indexes.add(new AnyIndex(advance().site()));
      } else {
        indexes.add(parseExpression());
      }
      if (peekOp(",")) {
        advance();
        continue;
      }
      if (peekOp("]")) {
        advance();
        break;
      }
      throw expected("',' or ']'").note(open.span(), "to match this '['");
    }
    return new ArrayIndex(span(start), base, indexes);
  }

  private Expr parseStatOp(Token t, StatKind kind) {
    Token open = expectOp("(");
    Expr operand = parseExpression();
    var params = new ArrayList<Long>();
    int maxParams = kind == StatKind.VARIANCE ? 1 : 0;
    while (true) {
      if (peekOp(")")) {
        advance();
        break;
      }
      if (peekOp(",")) {
        Token comma = advance();
        if (params.size() >= maxParams) {
          throw failure(
              errorAt(comma, t.text() + " takes " + (maxParams == 0 ? "no parameters" : "at most "
                  + maxParams + " parameter") + " after the statistic"));
        }
        params.add(parseSignedNumber());
        continue;
      }
      throw expected("')'").note(open.span(), "to match this '('");
    }
    return new StatOp(span(t), kind, operand, params);
  }

  private HistogramOp parseHistogramRest(Token t) {
    HistogramKind kind = t.is("@hist_linear") ? HistogramKind.LINEAR : HistogramKind.LOG;
    Token open = expectOp("(");
    Expr operand = parseExpression();
    var params = new ArrayList<Long>();
    if (kind == HistogramKind.LINEAR) {
      for (int i = 0; i < 3; i++) {
        if (!peekOp(",")) {
          throw expected("','").hint("@hist_linear takes a statistic, a low value,"
                  + " a high value and a bucket width");
        }
        advance();
        params.add(parseSignedNumber());
      }
    }
    expectCloser(")", open);
    return new HistogramOp(span(t), kind, operand, params);
  }

  /** What {@code foreach} and {@code in} iterate: an array name or a histogram. */
  private Expr parseIndexable() {
    Token t = peek();
    if (t.is("@hist_linear") || t.is("@hist_log")) {
      advance();
      return parseHistogramRest(t);
    }
    if (t.kind() == Kind.IDENTIFIER) {
      advance();
      return new Variable(t.site(), t.text());
    }
    throw expected("an array name");
  }

  /** The print family: checks the format/delimiter and argument counts SystemTap's parser checks. */
  private Expr parsePrint(Token t) {
    String name = t.text();
    if (!peekOp("(")) throw expected("'(' after " + name);
    Token open = advance();
    var args = new ArrayList<Expr>();
    boolean histogramPrint =
        (name.equals("print") || name.equals("println") || name.equals("sprint") || name.equals("sprintln"))
            && (peekOp("@hist_linear") || peekOp("@hist_log"));
    if (histogramPrint) {
      Token h = advance();
      HistogramOp hist = parseHistogramRest(h);
      if (peekOp("[")) {
        Token bracket = advance();
        Expr index = parseExpression();
        expectCloser("]", bracket);
        args.add(new ArrayIndex(span(h), hist, List.of(index)));
        while (!peekOp(")")) {
          if (!peekOp(",")) throw expected("',' or ')'");
          advance();
          args.add(parseExpression());
        }
      } else {
        args.add(hist);
      }
      expectCloser(")", open);
      return new Call(span(t), name, args);
    }
    boolean format = name.endsWith("printf");
    boolean delimited = name.endsWith("printd") || name.endsWith("printdln");
    boolean newline = name.endsWith("ln");
    int minValues = 0;
    if (format) {
      if (peek().kind() != Kind.STRING) {
        throw expected("a format string")
                .hint(name + "'s format must be a literal string; to print a computed string use "
                    + name + "(\"%s\", value)");
      }
      args.add(parseString());
    } else if (delimited) {
      if (peek().kind() != Kind.STRING) {
        throw expected("a delimiter string")
            .hint(name + " takes a literal delimiter string first, then the values");
      }
      args.add(parseString());
      minValues = 2;
    } else if (!newline) {
      minValues = 1;
    }
    int values = 0;
    while (values < minValues || !peekOp(")")) {
      if (!args.isEmpty()) {
        if (peekOp(")")) {
          throw failure(errorAt(peek(), name + " needs " + (delimited ? "a delimiter and at least two values" : "at least one value")));
        }
        if (!peekOp(",")) {
          throw expected("',' or ')'").note(open.span(), "to match this '('");
        }
        advance();
      } else if (peekOp(")")) {
        throw failure(errorAt(peek(), name + " needs at least one value"));
      }
      args.add(parseExpression());
      values++;
    }
    expectCloser(")", open);
    return new Call(span(t), name, args);
  }
}
