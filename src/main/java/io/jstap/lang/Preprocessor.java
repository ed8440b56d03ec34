package io.jstap.lang;

import io.jstap.lang.Token.Expansion;
import io.jstap.lang.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SystemTap's preprocessor, on tokens, in its two layers (parse.cxx): macros ({@code @define},
 * uses {@code @name} and {@code @name(args)}) below, and conditionals ({@code %( COND %? THEN
 * %: ELSE %)}) on top, so a condition may come from a macro and a macro may expand to a
 * conditional. Conditions are evaluated against a {@link PreprocessorContext}.
 *
 * <p>Mistakes are reported to the {@link Diagnostics} and skipped over; the parser sees the
 * remaining tokens.
 */
final class Preprocessor {
  /** Built-in {@code @} operators; a macro of the same name hides one (with a warning). */
  static final Set<String> AT_OPERATORS =
      Set.of(
          "cast", "defined", "probewrite", "entry", "perf", "var", "avg", "count", "sum", "min",
          "max", "hist_linear", "hist_log", "const", "variance", "kregister", "uregister",
          "kderef", "uderef");

  /** Deeper nesting of macro uses than this is a runaway (usually recursive) macro. */
  private static final int MAX_EXPANSION_DEPTH = 200;

  private final Lexer lexer;
  private final PreprocessorContext context;
  private final Diagnostics diagnostics;
  private final MacroLibrary library;
  private final boolean libraryFile;
  private final Map<String, MacroDefinition> fileMacros = new LinkedHashMap<>();

  private final ArrayList<Activation> activations = new ArrayList<>();
  private final ArrayDeque<Token> pushedBack = new ArrayDeque<>();
  private final ArrayList<Conditional> conditionals = new ArrayList<>();
  private int quiet; // > 0 while skipping a dropped branch: its mistakes do not matter

  Preprocessor(
      Source source,
      PreprocessorContext context,
      MacroLibrary library,
      Diagnostics diagnostics,
      boolean libraryFile) {
    this.lexer = new Lexer(source, context.arguments(), diagnostics);
    this.context = context;
    this.diagnostics = diagnostics;
    this.library = library;
    this.libraryFile = libraryFile;
  }

  /** Whether the file held any token before conditionals dropped some. */
  boolean sawToken() {
    return lexer.sawToken();
  }

  Source source() {
    return lexer.source();
  }

  /** The macros this file defined so far (for macro files). */
  Map<String, MacroDefinition> definedMacros() {
    return fileMacros;
  }

  /** Names of every macro visible at the top level (for "did you mean" hints). */
  List<String> visibleMacroNames() {
    var names = new ArrayList<>(fileMacros.keySet());
    names.addAll(library.names());
    return names;
  }

  private void report(Diagnostic d) {
    if (quiet == 0) diagnostics.report(d);
  }

  private Diagnostic error(Token at, String message) {
    return withExpansionNotes(Diagnostic.error(at.span(), message), at);
  }

  /**
   * Adds "in expansion of macro" notes, outermost last. A run of the same use is one note; a
   * long chain (a runaway macro) shows its innermost and outermost uses only.
   */
  static Diagnostic withExpansionNotes(Diagnostic d, Token at) {
    var notes = new ArrayList<Diagnostic>();
    Expansion e = at.expansion();
    while (e != null) {
      int times = 1;
      Expansion next = e.outer();
      while (next != null && next.use().equals(e.use()) && next.macro().equals(e.macro())) {
        times++;
        next = next.outer();
      }
      notes.add(Diagnostic.note(e.use(), "in expansion of macro '@" + e.macro() + "'"
          + (times > 1 ? " (nested " + times + " times)" : "")));
      e = next;
    }
    int inner = 3;
    int outer = 2;
    List<Diagnostic> shown = notes;
    if (notes.size() > inner + outer + 1) {
      shown = new ArrayList<>(notes.subList(0, inner));
      int skipped = notes.size() - inner - outer;
      shown.add(Diagnostic.note(notes.get(inner).span(),
          "... and " + skipped + " more nested macro expansions"));
      shown.addAll(notes.subList(notes.size() - outer, notes.size()));
    }
    for (Diagnostic n : shown) {
      d = d.withNote(n.span(), n.message());
    }
    return d;
  }

  // ======================= layer 1: macros =======================

  /** One macro (or macro argument) being expanded. */
  private static final class Activation {
    final Token use;
    final MacroDefinition macro;
    final Map<String, MacroDefinition> params;
    final Expansion expansion; // for body tokens
    final Span site;
    int cursor;

    Activation(Token use, MacroDefinition macro, Map<String, MacroDefinition> params,
        Expansion expansion, Span site) {
      this.use = use;
      this.macro = macro;
      this.params = params;
      this.expansion = expansion;
      this.site = site;
    }
  }

  /** The next raw token: pushed back, from the innermost expansion, or from the lexer; null at the end of an expansion. */
  private Token nextRaw() {
    if (!pushedBack.isEmpty()) return pushedBack.pop();
    if (activations.isEmpty()) return lexer.next();
    Activation act = activations.getLast();
    List<Token> body = act.macro.body();
    if (act.cursor >= body.size()) return null;
    Token t = body.get(act.cursor++);
    // An argument's tokens stand where the caller wrote them; a body's at the macro use.
    return act.macro.isArgument() ? t : t.expanded(act.expansion, act.site);
  }

  /** The next token with macros expanded ({@code @define}s are taken in unless {@code ignoreDefines}). */
  private Token scanMacros(boolean ignoreDefines) {
    while (true) {
      Token t = nextRaw();
      if (t == null) {
        activations.removeLast();
        continue;
      }
      if (t.kind() != Kind.OPERATOR || t.text().length() < 2 || t.text().charAt(0) != '@') {
        return t;
      }
      if (t.text().equals("@define")) {
        if (ignoreDefines) return t;
        define(t);
        continue;
      }
      String name = t.text().substring(1);
      MacroDefinition macro = lookup(name);
      if (macro == null) return t;
      if (activations.size() >= MAX_EXPANSION_DEPTH) {
        report(
            error(t, "macro '@" + name + "' expands too deeply")
                .withHint("a macro that uses itself never finishes expanding"));
        // Unwind the runaway expansion entirely.
        Token outermost = activations.getFirst().use;
        activations.clear();
        return reported(outermost);
      }
      if (!expand(t, macro)) return reported(t);
    }
  }

  /**
   * Stands in for a macro use that could not be expanded and was reported: the parser fails
   * on it quietly instead of reporting the gap it leaves.
   */
  private static Token reported(Token use) {
    return new Token(Kind.JUNK, use.text(), use.span(), use.site(), use.spaceBefore(),
        use.lineStart(), use.expansion(), null, null);
  }

  private MacroDefinition lookup(String name) {
    Activation act = activations.isEmpty() ? null : activations.getLast();
    if (act != null) {
      MacroDefinition param = act.params.get(name);
      if (param != null) return param;
    }
    if (act == null || !act.macro.library()) {
      MacroDefinition local = fileMacros.get(name);
      if (local != null) return local;
    }
    return library.get(name);
  }

  /** Starts expanding a macro use; false (after reporting why) when it cannot be expanded. */
  private boolean expand(Token use, MacroDefinition macro) {
    Activation caller = activations.isEmpty() ? null : activations.getLast();
    if (macro.isArgument()) {
      activations.add(new Activation(use, macro, macro.argumentOf(), null, use.site()));
      return true;
    }
    Expansion expansion = new Expansion(macro.name(), use.span(), use.expansion());
    int n = macro.params().size();
    if (n == 0) {
      activations.add(new Activation(use, macro, Map.of(), expansion, use.site()));
      return true;
    }
    Token open = nextRaw();
    if (open == null || !open.is("(")) {
      report(
          error(use, "macro '@" + macro.name() + "' takes " + plural(n, "parameter")
                  + " but is used without '(...)'")
              .withNote(macro.where(), "'@" + macro.name() + "' is defined here"));
      if (open != null) pushedBack.push(open);
      return false;
    }
    Map<String, MacroDefinition> callerParams = caller == null ? Map.of() : caller.params;
    var args = new HashMap<String, MacroDefinition>();
    int given = 0;
    Token sep;
    do {
      var tokens = new ArrayList<Token>();
      sep = slurpArgument(tokens);
      if (sep == null) {
        report(error(use, "macro use '@" + macro.name() + "(' is not closed with ')'"));
        return false;
      }
      if (given < n) {
        String param = macro.params().get(given);
        args.put(param, new MacroDefinition(param, use.span(), List.of(), tokens, false, callerParams));
      }
      given++;
    } while (sep.is(","));
    if (given != n) {
      report(
          error(use, "macro '@" + macro.name() + "' takes " + plural(n, "parameter") + ", "
                  + given + " given")
              .withNote(macro.where(), "'@" + macro.name() + "' is defined here"));
      return false;
    }
    Span site = use.site().to(sep.site());
    activations.add(new Activation(use, macro, args, expansion, site));
    return true;
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  /**
   * Collects one macro argument, minding nested brackets; returns the {@code ,} or {@code )}
   * that ends it, or null if the input (or the enclosing expansion) ends first.
   */
  private Token slurpArgument(List<Token> into) {
    int nesting = 0;
    while (true) {
      Token t = nextRaw();
      if (t == null) {
        return null;
      }
      if (t.isEof()) {
        pushedBack.push(t);
        return null;
      }
      if (t.is("(") || t.is("[")) {
        nesting++;
      } else if (nesting > 0 && (t.is(")") || t.is("]"))) {
        nesting--;
      } else if (nesting == 0 && (t.is(")") || t.is(","))) {
        return t;
      }
      into.add(t);
    }
  }

  /** {@code @define NAME[(PARAMS)] %( BODY %)}: records the macro. */
  private void define(Token defineToken) {
    if (!activations.isEmpty()) {
      report(error(defineToken, "'@define' cannot appear inside a macro body"));
      return;
    }
    Token nameToken = nextRaw();
    if (nameToken.kind() != Kind.IDENTIFIER) {
      report(
          error(nameToken, "expected a macro name after '@define' but found " + nameToken.describe()));
      pushedBack.push(nameToken);
      return;
    }
    String name = nameToken.text();
    boolean keep = true;
    if (name.equals("define")) {
      report(error(nameToken, "'@define' cannot be redefined"));
      keep = false;
    }
    MacroDefinition earlier = fileMacros.get(name);
    if (earlier != null) {
      report(
          error(nameToken, "macro '@" + name + "' is already defined in this file")
              .withNote(earlier.where(), "first defined here"));
      keep = false;
    }
    if (AT_OPERATORS.contains(name)) {
      report(
          withExpansionNotes(
              Diagnostic.warning(nameToken.span(), "macro '@" + name + "' hides the built-in operator '@" + name + "'"),
              nameToken));
    }

    var params = new ArrayList<String>();
    Token t = nextRaw();
    boolean sawParams = false;
    if (t.is("(")) {
      sawParams = true;
      while (true) {
        Token p = nextRaw();
        if (p.kind() != Kind.IDENTIFIER) {
          report(error(p, "expected a parameter name but found " + p.describe()));
          t = skipToBodyStart(p);
          keep = false;
          break;
        }
        if (params.contains(p.text())) {
          report(error(p, "parameter '" + p.text() + "' appears twice"));
          keep = false;
        }
        params.add(p.text());
        Token sep = nextRaw();
        if (sep.is(",")) continue;
        if (sep.is(")")) {
          t = nextRaw();
          break;
        }
        report(error(sep, "expected ',' or ')' after a macro parameter but found " + sep.describe()));
        t = skipToBodyStart(sep);
        keep = false;
        break;
      }
    }
    if (!t.is("%(")) {
      if (!t.isEof() || keep) {
        report(
            error(t, "expected '%(' to start the body of macro '@" + name + "' but found " + t.describe())
                .withHint(sawParams
                    ? "write @define " + name + "(...) %( body %)"
                    : "write @define " + name + " %( body %) or @define " + name + "(params) %( body %)"));
      }
      pushedBack.push(t);
      return;
    }
    var body = new ArrayList<Token>();
    int nesting = 0;
    while (true) {
      Token b = nextRaw();
      if (b.isEof()) {
        report(error(defineToken, "the body of macro '@" + name + "' has no closing '%)'"));
        pushedBack.push(b);
        return;
      }
      if (b.is("%(")) {
        nesting++;
      } else if (b.is("%)")) {
        if (nesting == 0) break;
        nesting--;
      }
      body.add(b);
    }
    if (keep) {
      fileMacros.put(name, new MacroDefinition(name, nameToken.span(), List.copyOf(params), List.copyOf(body), libraryFile, null));
    }
  }

  private Token skipToBodyStart(Token from) {
    Token t = from;
    while (!t.isEof() && !t.is("%(")) t = nextRaw();
    return t;
  }

  // ======================= layer 2: conditionals =======================

  private enum Branch {
    KEEP_THEN,
    SKIP_THEN,
    KEEP_ELSE,
    SKIP_ELSE
  }

  private static final class Conditional {
    final Token open;
    Branch branch;

    Conditional(Token open, Branch branch) {
      this.open = open;
      this.branch = branch;
    }
  }

  /** The next token for the parser: macros expanded, conditionals resolved. */
  Token next() {
    while (true) {
      Conditional top = conditionals.isEmpty() ? null : conditionals.getLast();
      boolean skipping = top != null && (top.branch == Branch.SKIP_THEN || top.branch == Branch.SKIP_ELSE);
      Token t = skipping ? skipBranch() : scanMacros(false);
      if (t.isEof()) {
        while (!conditionals.isEmpty()) {
          Conditional open = conditionals.removeLast();
          report(
              error(open.open, "conditional '%(' is not closed: no '%)' before the end of the file"));
        }
        return t;
      }
      if (t.kind() != Kind.OPERATOR || t.text().length() != 2 || t.text().charAt(0) != '%') {
        return t;
      }
      switch (t.text()) {
        case "%?" -> {
          if (top == null) {
            report(error(t, "'%?' without a conditional '%(' before it"));
          } else {
            report(error(t, "a second '%?' in one conditional: expected '%:' or '%)'")
                .withNote(top.open.span(), "the conditional starts here"));
          }
        }
        case "%:" -> {
          if (top == null) {
            report(error(t, "'%:' without a conditional '%(' before it"));
          } else if (top.branch == Branch.KEEP_ELSE || top.branch == Branch.SKIP_ELSE) {
            report(error(t, "a second '%:' in one conditional").withNote(top.open.span(), "the conditional starts here"));
            top.branch = Branch.SKIP_ELSE;
          } else {
            top.branch = top.branch == Branch.KEEP_THEN ? Branch.SKIP_ELSE : Branch.KEEP_ELSE;
          }
        }
        case "%)" -> {
          if (top == null) {
            report(error(t, "'%)' without a conditional '%(' before it"));
          } else {
            conditionals.removeLast();
          }
        }
        case "%(" -> {
          Boolean result = condition(t);
          if (result == null) return lexerEof();
          conditionals.add(new Conditional(t, result ? Branch.KEEP_THEN : Branch.SKIP_THEN));
        }
        default -> {
          return t;
        }
      }
    }
  }

  private Token lexerEof() {
    Token t;
    do {
      t = scanMacros(true);
    } while (!t.isEof());
    return t;
  }

  /** Skips a dropped branch up to its {@code %:}, {@code %?} or {@code %)} (or the end). */
  private Token skipBranch() {
    quiet++;
    try {
      int nesting = 0;
      while (true) {
        Token t = scanMacros(true);
        if (t.isEof()) return t;
        if (t.is("%(")) {
          nesting++;
        } else if (t.is("%)") && nesting > 0) {
          nesting--;
        } else if (nesting == 0 && (t.is("%:") || t.is("%?") || t.is("%)"))) {
          return t;
        }
      }
    } finally {
      quiet--;
    }
  }

  /** Thrown while evaluating a condition; the caller reports it and skips to {@code %?}. */
  private static final class BadCondition extends RuntimeException {
    final transient Diagnostic diagnostic;

    /** {@code diagnostic} may be null when the problem was reported already. */
    BadCondition(Diagnostic diagnostic) {
      super(null, null, false, false);
      this.diagnostic = diagnostic;
    }
  }

  /**
   * Reads and evaluates the condition after {@code %(} through its {@code %?}: comparisons
   * joined by {@code &&} and {@code ||} ({@code &&} binds tighter). A bad condition is reported
   * and counts as false. Null when the input ends first.
   */
  private Boolean condition(Token open) {
    boolean result = false;
    boolean all = true;
    try {
      while (true) {
        Token l = conditionToken(open);
        Token op = conditionToken(open);
        Token r = conditionToken(open);
        all &= compare(l, op, r);
        Token n = scanMacros(false);
        if (n.is("&&")) continue;
        result |= all;
        all = true;
        if (n.is("||")) continue;
        if (n.is("%?")) return result;
        if (n.isEof() || n.is("%:") || n.is("%)")) pushedBack.push(n);
        throw new BadCondition(
            error(n, "expected '%?' after the condition but found " + n.describe())
                .withNote(open.span(), "the conditional starts here"));
      }
    } catch (BadCondition bad) {
      if (bad.diagnostic != null) report(bad.diagnostic);
      // Resume at the '%?' (or at a conditional token that shows it is missing).
      while (true) {
        Token t = scanMacros(false);
        if (t.isEof()) {
          pushedBack.push(t);
          return null;
        }
        if (t.is("%?")) return false;
        if (t.is("%:") || t.is("%)")) {
          pushedBack.push(t);
          return false;
        }
      }
    }
  }

  private Token conditionToken(Token open) {
    Token t = scanMacros(false);
    if (t.isEof() || t.is("%?") || t.is("%:") || t.is("%)")) {
      if (!t.isEof()) pushedBack.push(t);
      throw new BadCondition(
          error(t.isEof() ? open : t, "incomplete condition after '%('")
              .withHint("a condition compares two things, e.g. %( kernel_v >= \"5.4\" %? ... %)"));
    }
    if (t.kind() == Kind.JUNK) {
      if (t.problem() == null) throw new BadCondition(null); // a macro use, reported already
      Diagnostic d = error(t, t.problem());
      throw new BadCondition(t.hint() == null ? d : d.withHint(t.hint()));
    }
    return t;
  }

  private static final List<String> CONDITION_NAMES =
      List.of("arch", "kernel_v", "kernel_vr", "systemtap_v", "runtime", "systemtap_privilege",
          "guru_mode");

  /** One comparison, with SystemTap's rules for each left-hand side (parse.cxx eval_pp_conditional). */
  private boolean compare(Token l, Token op, Token r) {
    String lhs = l.text();
    if (l.kind() == Kind.IDENTIFIER
        && (lhs.equals("kernel_v") || lhs.equals("kernel_vr") || lhs.equals("systemtap_v"))) {
      String query = versionOperand(l, r);
      String target =
          switch (lhs) {
            case "kernel_v" -> context.kernelVersion();
            case "kernel_vr" -> context.kernelRelease();
            default -> context.systemtapVersion();
          };
      if (GlobPattern.hasWildcards(query)) {
        if (!op.is("==") && !op.is("!=")) {
          throw new BadCondition(
              error(op, "a version with wildcards can only be compared with '==' or '!='"));
        }
        return GlobPattern.matches(query, target) == op.is("==");
      }
      return ordered(op, VersionOrder.compare(target, query));
    }
    if (l.kind() == Kind.IDENTIFIER && lhs.equals("systemtap_privilege")) {
      return equality(op, stringOperand(r).equals(context.privilege()));
    }
    if (l.kind() == Kind.IDENTIFIER && lhs.equals("guru_mode")) {
      long v = numberOperand(r);
      if (v != 0 && v != 1) throw new BadCondition(error(r, "guru_mode is 0 or 1"));
      return equality(op, (context.guruMode() ? 1 : 0) == v);
    }
    if (l.kind() == Kind.IDENTIFIER && (lhs.equals("arch") || lhs.equals("runtime"))) {
      String target = lhs.equals("arch") ? context.arch() : context.runtime();
      return equality(op, GlobPattern.matches(stringOperand(r), target));
    }
    if (l.kind() == Kind.IDENTIFIER && lhs.startsWith("CONFIG_")) {
      String value = config(lhs);
      if (r.kind() == Kind.STRING) {
        return equality(op, GlobPattern.matches(r.text(), value));
      }
      if (r.kind() == Kind.NUMBER) {
        Long left = NumberSyntax.parseSigned(value);
        if (left == null) {
          throw new BadCondition(
              error(l, lhs + " is \"" + value + "\", not a number")
                  .withHint("compare it with a string instead, e.g. " + lhs + " == \"" + value + "\""));
        }
        return ordered(op, Long.compare(left, numberOperand(r)));
      }
      if (r.kind() == Kind.IDENTIFIER && r.text().startsWith("CONFIG_")) {
        String other = config(r.text());
        Long a = NumberSyntax.parseSigned(value);
        Long b = NumberSyntax.parseSigned(other);
        if (a != null && b != null) return ordered(op, Long.compare(a, b));
        return ordered(op, value.compareTo(other));
      }
      throw new BadCondition(
          error(r, "expected a string, a number or another CONFIG_ option after " + lhs
              + " but found " + r.describe()));
    }
    if (l.kind() == Kind.STRING && r.kind() == Kind.STRING) {
      return ordered(op, l.text().compareTo(r.text()));
    }
    if (l.kind() == Kind.NUMBER && r.kind() == Kind.NUMBER) {
      return ordered(op, Long.compare(numberOperand(l), numberOperand(r)));
    }
    if (l.kind() == Kind.STRING && r.kind() == Kind.NUMBER) {
      throw new BadCondition(error(r, "a string can only be compared with a string"));
    }
    if (l.kind() == Kind.NUMBER && r.kind() == Kind.STRING) {
      throw new BadCondition(error(r, "a number can only be compared with a number"));
    }
    Diagnostic d =
        error(l, "unknown condition " + l.describe() + ": expected 'arch', 'kernel_v', 'kernel_vr',"
            + " 'systemtap_v', 'runtime', 'systemtap_privilege', 'guru_mode', 'CONFIG_...',"
            + " or a comparison of two strings or two numbers");
    String guess = l.kind() == Kind.IDENTIFIER ? Suggestions.closest(lhs, CONDITION_NAMES) : null;
    if (guess != null) d = d.withHint("did you mean '" + guess + "'?");
    throw new BadCondition(d);
  }

  private String config(String name) {
    String v = context.kernelConfig().apply(name);
    return v == null ? "" : v;
  }

  private String versionOperand(Token l, Token r) {
    if (r.kind() == Kind.STRING) return r.text();
    Diagnostic d = error(r, "expected a version string after " + l.text() + " but found " + r.describe());
    if (r.kind() == Kind.NUMBER) {
      d = d.withHint("versions are strings in quotes, e.g. " + l.text() + " >= \"5.4\"");
    }
    throw new BadCondition(d);
  }

  private String stringOperand(Token r) {
    if (r.kind() == Kind.STRING) return r.text();
    throw new BadCondition(error(r, "expected a string but found " + r.describe()));
  }

  private long numberOperand(Token r) {
    if (r.kind() != Kind.NUMBER) {
      throw new BadCondition(error(r, "expected a number but found " + r.describe()));
    }
    Long v = NumberSyntax.parseSigned(r.text());
    if (v == null) throw new BadCondition(error(r, "invalid number '" + r.text() + "'"));
    return v;
  }

  private boolean equality(Token op, boolean equal) {
    if (op.is("==")) return equal;
    if (op.is("!=")) return !equal;
    throw new BadCondition(error(op, "expected '==' or '!=' but found " + op.describe()));
  }

  private boolean ordered(Token op, int cmp) {
    if (op.kind() == Kind.OPERATOR) {
      switch (op.text()) {
        case "==" -> {
          return cmp == 0;
        }
        case "!=" -> {
          return cmp != 0;
        }
        case "<" -> {
          return cmp < 0;
        }
        case "<=" -> {
          return cmp <= 0;
        }
        case ">" -> {
          return cmp > 0;
        }
        case ">=" -> {
          return cmp >= 0;
        }
        default -> {}
      }
    }
    throw new BadCondition(error(op, "expected a comparison operator (== != < <= > >=) but found " + op.describe()));
  }
}
